package cli

import (
	"testing"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
