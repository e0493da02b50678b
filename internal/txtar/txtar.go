// Package txtar reads and writes the plain-text archives the project's table tests keep their
// cases in: a free comment, then files, each introduced by a line `-- NAME --` and holding the
// lines up to the next such line. File contents are kept byte for byte (CRLF included); a header
// line may end in CRLF and its name is trimmed of spaces.
package txtar

import "strings"

// Archive is a parsed archive.
type Archive struct {
	Comment string
	Files   []File
}

// File is one named file of an archive.
type File struct {
	Name string
	Data string
}

// Parse splits text into its comment and files, in order. Any text parses.
func Parse(text string) *Archive {
	a := &Archive{}
	cur := -1
	var b strings.Builder
	flush := func() {
		if cur < 0 {
			a.Comment = b.String()
		} else {
			a.Files[cur].Data = b.String()
		}
		b.Reset()
	}
	for _, l := range strings.SplitAfter(text, "\n") {
		if name, ok := header(l); ok {
			flush()
			a.Files = append(a.Files, File{Name: name})
			cur = len(a.Files) - 1
			continue
		}
		b.WriteString(l)
	}
	flush()
	return a
}

// header reports whether line introduces a file, and the file's name.
func header(line string) (string, bool) {
	t := strings.TrimRight(line, "\r\n")
	if len(t) > 6 && strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") {
		return strings.TrimSpace(t[3 : len(t)-3]), true
	}
	return "", false
}

// Get returns the data of the first file called name.
func (a *Archive) Get(name string) (string, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return "", false
}

// Format writes the archive back as text; a file whose data does not end in a newline gets
// one, so that the next header starts a line. Parse(a.Format()) gives a back.
func (a *Archive) Format() string {
	var b strings.Builder
	b.WriteString(a.Comment)
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.WriteString(f.Data)
		if f.Data != "" && !strings.HasSuffix(f.Data, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}
