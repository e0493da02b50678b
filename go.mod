module github.com/rhythmflow/rhythm

go 1.26.8
