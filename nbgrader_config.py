"""nbgrader configuration for the "Neural Network Basics" course (run nbgrader from this folder)."""

import os

from coursekit.grading.settings import SandboxLimits, blas_environment

c = get_config()  # noqa: F821 -- injected by nbgrader when it loads this file

# Every limit and timeout of grading, with its default and why: coursekit/grading/settings.py.
# The BLAS threads of the grading process are set here, before numpy loads (the sandbox sets
# each kernel's): grading runs several notebooks at once.
for name, value in blas_environment(SandboxLimits(config=c).blas_threads).items():
    os.environ.setdefault(name, value)

c.CourseDirectory.course_id = "nn-basics-week2"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# Stubs students see in answer cells: running one before filling it in fails loudly, and the
# error says what to do.
c.ClearSolutions.code_stub = {
    "python": '# YOUR CODE HERE\nraise NotImplementedError("replace this line with your code")'
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Without a shared exchange (one machine, no JupyterHub) the course keeps its own, which
# `make instructor` creates: the Assignment List then works instead of failing on the default
# /srv/nbgrader/exchange. Point this at the shared folder where there is one.
# The class server (coursekit/classroom) names its shared exchange in COURSEKIT_EXCHANGE_ROOT
# for the instructor's JupyterLab, so formgrader releases and collects there.
c.Exchange.root = os.environ.get(
    "COURSEKIT_EXCHANGE_ROOT", os.path.join(c.CourseDirectory.root, "exchange")
)

# Seconds one cell may run while grading (nbgrader's own trait; the engine's limits are in
# coursekit/grading/settings.py): a student's infinite loop costs that cell only, interrupted,
# and the rest is graded.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# Grading runs students' code in a bubblewrap sandbox and judges graded cells outside it, with
# the hidden checks of coursekit/hidden (see coursekit/grading/__init__.py). Limits:
# coursekit/grading/settings.py, e.g. c.SandboxLimits.memory_mb = 2048. The sandbox holds
# copies of the course files each notebook reads, as coursekit/course.py lists them.
from coursekit.course import ASSIGNMENTS  # noqa: E402

c.SandboxedKernelManager.shared_files = {a.name: list(a.shared) for a in ASSIGNMENTS}
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.coursedir import CourseDirectory  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from coursekit.grading.execute import SandboxedExecute  # noqa: E402
from coursekit.grading.intake.cell_metadata import CheckCellMetadataOnce  # noqa: E402
from coursekit.grading.intake.files import IGNORED, Intake  # noqa: E402
from coursekit.grading.intake.restore_cells import RestoreGradedCells  # noqa: E402
from coursekit.grading.intake.sanitize import SanitizeCells  # noqa: E402

# Only the notebook is taken in, never through a link: links, devices and unlisted extra files
# are set aside inside the submission (ignored below, so never copied), with a note for the
# student. A notebook that cannot be read (bad JSON, nbformat 5) or is misnamed
# ("... (1).ipynb") gets a note and a line for the instructor, not a silent zero. Extra files an
# assignment takes in: c.Intake.extra_files = {"<assignment>": ["<glob>"]}, set above this line.
c.CourseDirectory.ignore = [*CourseDirectory.ignore.default(), *IGNORED]
c.Autograde.pre_convert_hook = Intake(config=c).take_in
# The release's cells are the truth: copied, twinned, moved, retyped cells and damaged grading
# metadata are repaired before nbgrader's own checks, which would stop the whole run.
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    SanitizeCells,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    RestoreGradedCells,
    CheckCellMetadataOnce,
]
c.Autograde.autograde_preprocessors = [
    SandboxedExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadataOnce,
]

# Feedback pages: graded cells named by exercise, formulas drawn offline, no grader paths.
from coursekit.grading.feedback_page import configure as configure_feedback  # noqa: E402

configure_feedback(c)
