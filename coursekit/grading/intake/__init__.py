"""Intake: a submission's files and cells made safe for nbgrader to grade."""
