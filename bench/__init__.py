"""On-demand benchmarks: they print figures; they are never run as tests."""
