"""Values crossing from the student's kernel to the grading process, and nothing else."""
