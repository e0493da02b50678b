package builtins

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rhythmflow/rhythm/engine/value"
)

// upperSpecial holds the unconditional upper-case mappings of Unicode's SpecialCasing that
// map one code point to several (JavaScript's toUpperCase applies them; Go's simple mapping
// does not).
var upperSpecial = map[rune]string{
	'ß': "SS", 'ŉ': "ʼN", 'ǰ': "J̌", 'ΐ': "Ϊ́", 'ΰ': "Ϋ́", 'և': "ԵՒ",
	'ẖ': "H̱", 'ẗ': "T̈", 'ẘ': "W̊", 'ẙ': "Y̊", 'ẚ': "Aʾ",
	'ﬀ': "FF", 'ﬁ': "FI", 'ﬂ': "FL", 'ﬃ': "FFI", 'ﬄ': "FFL", 'ﬅ': "ST", 'ﬆ': "ST",
	'ﬓ': "ՄՆ", 'ﬔ': "ՄԵ", 'ﬕ': "ՄԻ", 'ﬖ': "ՎՆ", 'ﬗ': "ՄԽ",
}

// ToUpper is JavaScript's toUpperCase: the Unicode upper-case mapping of every code point,
// including the one-to-many mappings (ß → SS). Lone surrogates are kept.
func ToUpper(s string) string {
	if value.IsASCII(s) {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := value.DecodeCodePoint(s, i)
		switch {
		case r >= 0xD800 && r <= 0xDFFF, r == utf8.RuneError:
			b.WriteString(s[i : i+size])
		case upperSpecial[r] != "":
			b.WriteString(upperSpecial[r])
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
		i += size
	}
	return b.String()
}

// ToLower is JavaScript's toLowerCase: the Unicode lower-case mapping of every code point, with
// İ (U+0130) as "i̇" and a capital sigma at the end of a word as the final form ς. Lone
// surrogates are kept.
func ToLower(s string) string {
	if value.IsASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := value.DecodeCodePoint(s, i)
		switch {
		case r >= 0xD800 && r <= 0xDFFF, r == utf8.RuneError:
			b.WriteString(s[i : i+size])
		case r == 'İ':
			b.WriteString("i\u0307")
		case r == 'Σ' && finalSigma(s, i, i+size):
			b.WriteRune('ς')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
		i += size
	}
	return b.String()
}

// finalSigma reports whether the sigma at s[start:end] ends a word: a cased letter precedes it
// and none follows it (case-ignorable characters skipped on both sides).
func finalSigma(s string, start, end int) bool {
	before := false
	for j := start; j > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		j -= size
		if caseIgnorable(r) {
			continue
		}
		before = cased(r)
		break
	}
	if !before {
		return false
	}
	for j := end; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		j += size
		if caseIgnorable(r) {
			continue
		}
		return !cased(r)
	}
	return true
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r)
}

func caseIgnorable(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk) ||
		r == '\'' || r == '.' || r == ':' || r == '^' || r == '`' || r == 0xB7 || r == 0x2019
}
