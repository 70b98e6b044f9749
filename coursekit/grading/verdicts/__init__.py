"""Verdicts: the hidden checks, run in the grading process on values from the kernel."""
