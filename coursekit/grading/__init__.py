"""The grading engine: sandboxed kernels, trusted verdicts and grading a class with nbgrader.

How one submission is graded: nbgrader's ``autograde`` runs its preprocessors (configured in
``nbgrader_config.py``). :class:`~coursekit.grading.restore_cells.RestoreGradedCells` puts back
graded cells a student deleted; :class:`~coursekit.grading.execute.SandboxedExecute` runs the
student's cells in a bubblewrap sandbox (:mod:`~coursekit.grading.sandbox`, limits in
:mod:`~coursekit.grading.limits`) and, at each graded cell, the assignment's hidden checks
(:mod:`coursekit.hidden`) in the grading process; the student's kernel only hands back values
(:mod:`~coursekit.grading.student`, :mod:`~coursekit.grading.kernel_side`), and the verdicts
(:mod:`~coursekit.grading.checks`) become the cells' outputs that nbgrader scores.
"""
