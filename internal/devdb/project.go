package devdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rhythmflow/rhythm/internal/pgserver"
)

const (
	stateFile = "devdb.json"
	lockFile  = "devdb.lock"
)

// state is what .rhythm/devdb.json remembers between runs.
type state struct {
	Port     int    `json:"port"`
	Password string `json:"password"`
}

// project is one project's development-database locations, with its lock held once opened.
type project struct {
	rhythmDir string // <project>/.rhythm
	dataDir   string
	socketDir string
	outside   bool // dataDir is in the per-project folder outside the project
	acct      *pgserver.Account
	st        state
	lock      *os.File
}

// locate works out the project's folders without creating anything.
func (c Config) locate() (*project, error) {
	dir := c.ProjectDir
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("development database: %w", err)
	}
	acct, err := pgserver.ServerAccount()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(abs))
	key := "rhythm-" + hex.EncodeToString(sum[:])[:12]
	p := &project{rhythmDir: filepath.Join(abs, ".rhythm"), acct: acct}
	p.dataDir = filepath.Join(p.rhythmDir, "postgres")
	if _, err := os.Stat(p.rhythmDir); err == nil && !acct.CanReach(p.rhythmDir) {
		p.dataDir = filepath.Join(outsideBase(acct), key, "postgres")
		p.outside = true
	}
	tmp := "/tmp"
	if fi, err := os.Stat(tmp); err != nil || !fi.IsDir() {
		tmp = os.TempDir()
	}
	p.socketDir = filepath.Join(tmp, key)
	return p, nil
}

// outsideBase is where data goes when the project is closed to the server's account: /var/tmp
// survives reboots; the temporary folder is the fallback.
func outsideBase(acct *pgserver.Account) string {
	if fi, err := os.Stat("/var/tmp"); err == nil && fi.IsDir() && acct.CanReach("/var/tmp") {
		return "/var/tmp"
	}
	if acct.CanReach(os.TempDir()) {
		return os.TempDir()
	}
	return "/tmp"
}

// open creates the bookkeeping folder, takes the project's lock (waiting for other processes) and
// loads the remembered state.
func (c Config) open(ctx context.Context) (*project, error) {
	p, err := c.locate()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(p.rhythmDir, 0o755); err != nil {
		return nil, fmt.Errorf("development database: %w", err)
	}
	ignore := filepath.Join(p.rhythmDir, ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(ignore, []byte("# Rhythm's local state (development database); not for version control.\n*\n"), 0o644); err != nil {
			return nil, fmt.Errorf("development database: %w", err)
		}
	}
	if p, err = c.locate(); err != nil { // .rhythm exists now: decide where the data goes
		return nil, err
	}
	if p.outside {
		parent := filepath.Dir(p.dataDir)
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return nil, fmt.Errorf("development database: %w", err)
		}
		if err := checkOwner(parent); err != nil {
			return nil, err
		}
	}
	if p.lock, err = c.acquire(ctx, filepath.Join(p.rhythmDir, lockFile)); err != nil {
		return nil, err
	}
	if err := p.load(); err != nil {
		p.unlock()
		return nil, err
	}
	return p, nil
}

// acquire takes an exclusive lock on path, polling so that ctx can end the wait.
func (c Config) acquire(ctx context.Context, path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("development database lock: %w", err)
	}
	start, told := time.Now(), false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("development database lock: %w", err)
		}
		if ok {
			return f, nil
		}
		if !told && time.Since(start) > time.Second {
			c.logf("rhythm: waiting for another process that is starting the development database")
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("development database lock: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (p *project) unlock() {
	if p.lock != nil {
		p.lock.Close() // closing the file releases the lock
		p.lock = nil
	}
}

// load reads the remembered state, generating a password the first time.
func (p *project) load() error {
	b, err := os.ReadFile(filepath.Join(p.rhythmDir, stateFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("development database state: %w", err)
	default:
		if err := json.Unmarshal(b, &p.st); err != nil {
			return fmt.Errorf("development database state %s: %w", filepath.Join(p.rhythmDir, stateFile), err)
		}
	}
	if p.st.Password == "" {
		buf := make([]byte, 16)
		if _, err := rand.Read(buf); err != nil {
			return fmt.Errorf("development database password: %w", err)
		}
		p.st.Password = hex.EncodeToString(buf)
	}
	return nil
}

// save writes the state, readable only by its owner (it holds the password).
func (p *project) save() error {
	b, _ := json.MarshalIndent(p.st, "", "  ")
	path := filepath.Join(p.rhythmDir, stateFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("development database state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("development database state: %w", err)
	}
	return nil
}

// cluster finds binaries able to serve the data folder (the version that created it, if any).
func (p *project) cluster(ctx context.Context, searchPath []string) (*pgserver.Cluster, error) {
	bin, err := pgserver.FindBinaries(ctx, searchPath, pgserver.DataMajor(p.dataDir))
	if err != nil {
		return nil, err
	}
	return &pgserver.Cluster{Bin: bin, DataDir: p.dataDir, Account: p.acct}, nil
}

func (p *project) logFile() string { return filepath.Join(p.dataDir, "server.log") }

func (p *project) info(port int, socketDir string) *Info {
	return &Info{
		URL:       socketURL(Name, socketDir, port, Name),
		TCPURL:    fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/%s?sslmode=disable", Name, p.st.Password, port, Name),
		Port:      port,
		SocketDir: socketDir,
		DataDir:   p.dataDir,
		LogFile:   p.logFile(),
		User:      Name,
		Password:  p.st.Password,
		Database:  Name,
		Major:     pgserver.DataMajor(p.dataDir),
	}
}

// socketURL is the URL of database db over the unix socket in socketDir. The host query parameter
// (understood by pgx and libpq) names the socket folder; localhost:port documents the port.
func socketURL(user, socketDir string, port int, db string) string {
	return "postgres://" + user + "@localhost:" + strconv.Itoa(port) + "/" + db + "?host=" + url.QueryEscape(socketDir)
}

// checkOwner refuses a shared-folder entry that another user created (it could be a trap).
func checkOwner(dir string) error {
	if !ownedBySelf(dir) {
		return fmt.Errorf("development database: %s belongs to another user; remove it or set %s", dir, EnvURL)
	}
	return nil
}

// portFree reports whether a loopback TCP port can be bound now.
func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// freePort asks the kernel for a free loopback TCP port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("development database: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
