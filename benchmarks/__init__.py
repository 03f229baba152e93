"""City-scale data generator and the benchmark (``python -m benchmarks.run``)."""
