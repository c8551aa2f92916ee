"""her2-cds benchmarks: `make bench` (benchmarks/report.py) writes RESULTS.md; `make bench-engine` compares."""
