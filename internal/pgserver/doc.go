// Package pgserver runs PostgreSQL server processes from the locally installed server binaries:
// it finds the binaries, initialises a cluster with initdb, starts it either as a detached daemon
// (pg_ctl, for the long-lived development database) or as a child process that dies with its parent
// (for throwaway test clusters), reads the server's postmaster.pid, and stops it.
//
// PostgreSQL refuses to run as root. When the calling process is root, every server program is run
// as the "postgres" system account (see [ServerAccount]) and the folders it must own are chowned to
// it; such folders must also be reachable by that account, so they must not live under /root.
//
// The package knows nothing about Rhythm's databases or schema: it only manages server processes.
package pgserver
