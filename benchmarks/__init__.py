"""her2-cds benchmarks: `python -m benchmarks.run` (or `make bench`)."""
