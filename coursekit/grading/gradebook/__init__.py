"""The gradebook: scores read from nbgrader's database, stale regrades cleared."""
