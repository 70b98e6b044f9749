"""nbgrader configuration for the "Neural Network Basics" course (run nbgrader from this folder)."""

import os

# One BLAS thread per kernel: grading runs several notebooks at once on few cores, and
# oversubscribed BLAS threads made training cells 3-6 times slower.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

c = get_config()  # noqa: F821 -- injected by nbgrader when it loads this file

c.CourseDirectory.course_id = "nn-basics-week2"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# Stubs students see in answer cells: running one before filling it in fails loudly.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A student's infinite loop must cost that cell only: interrupt it and grade the rest.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
