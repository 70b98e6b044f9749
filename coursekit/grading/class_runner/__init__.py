"""Grade a whole class with real nbgrader on a pool of worker processes, safely and resumably.

The story of one run of ``coursekit grade``, one module per step:

1. :mod:`~.runner` (:func:`~.runner.grade_class`) reads the course's nbgrader configuration
   (:func:`coursekit.grading.nbgrader_cli.autograde_app`) and, per assignment, packs a
   :class:`~.bundle.CourseBundle` (:mod:`~.bundle`): ``nbgrader_config.py``, the assignment's
   ``source/`` folder and a private SQLite gradebook holding only the assignment definitions.
2. Each submission is taken in as plain nbgrader's intake does (links, devices and unlisted
   extra files set aside, :func:`coursekit.grading.intake.files.refuse_links`) and becomes a
   :class:`~.bundle.Task` (its files and a content hash). A submission whose hash, and whose
   assignment's bundle hash, match the ledger of an earlier run is skipped unless ``force``:
   an interrupted run, rerun, grades only what is missing or changed. A folder holding no
   notebook fails at once, with the fix.
3. Worker processes (a local pool or a Dask cluster, :mod:`~.pools`) grade each task with
   nbgrader's own ``AutogradeApp`` and ``Autograde`` converter, in process, inside a private
   copy of the course (:mod:`~.worker`): whatever ``nbgrader_config.py`` configures
   (preprocessors, sandbox, timeouts) is in force. A worker stays alive across submissions, so
   it pays nbgrader's imports and configuration once, and state a preprocessor keeps at module
   level (a pool of kernels started ahead of need, say) lives on between submissions.
4. Workers never touch the course's gradebook. They send back the autograded files and the
   autograder's fields (scores, comments, late penalties); the command, the only writer
   (:mod:`~.recorder`), records them in the course gradebook, SQLite or PostgreSQL
   (``db_url``). That is what keeps SQLite consistent: one writer, one transaction per
   submission. A submission that could not be graded takes back its earlier grades and
   feedback page (:mod:`coursekit.grading.gradebook.stale`).
5. A failure is an exception of :mod:`coursekit.grading.errors`, typed where the worker catches
   it: a kernel that did not start is graded once more; a failure through the student's own
   code (an endless loop that cannot be interrupted, a kernel the student's code killed) is
   not. A progress bar shows counts and time left; a summary closes the run
   (:mod:`~.progress`).
"""
