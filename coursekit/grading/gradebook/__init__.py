"""The gradebook: scores read back, stale regrades cleared, feedback and grades published."""
