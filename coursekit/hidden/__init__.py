"""What stays secret: the hidden checks, one module per assignment, and the course's references.

Nothing here is released or reaches a student's kernel: the grading process imports these
modules and runs them against values the student's kernel hands back
(:mod:`coursekit.grading`). Each module defines ``checks``, a
:class:`coursekit.grading.verdicts.checks.Checks` keyed by the grade ids of the notebook's
graded cells. A check fails through :mod:`coursekit.grading.verdicts.messages` (``fail`` and
the ``expect_*`` value checks), so its message reads like a public check's.
"""
