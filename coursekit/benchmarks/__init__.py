"""Benchmarks (`make bench`): timing the grading engine and the class server."""
