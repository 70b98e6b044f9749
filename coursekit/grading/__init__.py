"""The grading engine: nbgrader's autograde, with sandboxed kernels and verdicts it can trust.

It knows nothing of this week's course (its demo class, variant catalogue or benchmarks live in
:mod:`coursekit.demo`, :mod:`coursekit.accuracy` and :mod:`coursekit.benchmarks`, above it). One
submission goes through these stages, each a package named for its job:

1. :mod:`~coursekit.grading.intake`: the submitted files and cells made safe to grade (links
   refused, extra files set aside, copy-paste accidents repaired, deleted graded cells put back).
2. :mod:`~coursekit.grading.sandbox`: the student's cells run in a bubblewrap sandbox with
   cgroup and process limits; :mod:`~coursekit.grading.execute` drives it as nbgrader's
   ``Execute`` preprocessor.
3. :mod:`~coursekit.grading.values`: at a graded cell only plain values cross from the kernel,
   through a bounded wire.
4. :mod:`~coursekit.grading.verdicts`: the assignment's hidden checks (:mod:`coursekit.hidden`)
   judge those values in the grading process; the verdict becomes the cell's output, which
   nbgrader scores.
5. :mod:`~coursekit.grading.gradebook`: scores read from nbgrader's gradebook, stale regrades
   cleared.
6. :mod:`~coursekit.grading.class_runner`: a class graded on every core or a Dask cluster
   (``coursekit grade``, :mod:`~coursekit.grading.cli`); :mod:`coursekit.classroom` serves it.

Every limit and timeout is one trait in :mod:`~coursekit.grading.settings`; failures are the
exceptions of :mod:`~coursekit.grading.errors`.
"""
