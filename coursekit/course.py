"""The course's assignments and the shared files each one needs (the single source of truth)."""

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "source"
RELEASE = "release"


@dataclass(frozen=True)
class Assignment:
    """One nbgrader assignment.

    Attributes
    ----------
    name : str
        nbgrader assignment id, also the folder name under ``source/`` and ``release/``.
    notebook : str
        File name of the assignment's notebook.
    shared : tuple of str
        Top-level files or folders copied into the assignment before release;
        ``public_tests.py`` is cut down to the assignment's own checkers (its ``PUBLIC`` table).
    graded : bool, default=True
        Whether nbgrader grades it; an ungraded one (the theory notebook) is only released.
    """

    name: str
    notebook: str
    shared: tuple[str, ...]
    graded: bool = True

    def source_notebook(self, root: Path = ROOT) -> Path:
        """Path of the instructor notebook under ``root``."""
        return root / SOURCE / self.name / self.notebook

    def release_notebook(self, root: Path = ROOT) -> Path:
        """Path of the generated student notebook under ``root``."""
        return root / RELEASE / self.name / self.notebook


ASSIGNMENTS = (
    Assignment("nn_theory", "Neural_Network_Basics_Theory.ipynb", ("images",), graded=False),
    Assignment("python_basics", "Python_Basics_with_Numpy.ipynb", ("public_tests.py", "images")),
    Assignment(
        "logistic_regression",
        "Logistic_Regression_with_a_Neural_Network_mindset.ipynb",
        ("public_tests.py", "lr_utils.py", "images", "datasets"),
    ),
    Assignment(
        "neurons_and_layers", "Neurons_and_Layers_with_NumPy.ipynb", ("public_tests.py", "images")
    ),
    Assignment("quiz", "Neural_Network_Basics_Quiz.ipynb", ("public_tests.py",)),
)

# What grading, the demo class and the grader-accuracy report go through.
GRADED = tuple(a for a in ASSIGNMENTS if a.graded)


def get_assignment(name: str) -> Assignment:
    """Return the assignment called ``name``; raise ``KeyError`` listing the valid names."""
    for assignment in ASSIGNMENTS:
        if assignment.name == name:
            return assignment
    valid = ", ".join(a.name for a in ASSIGNMENTS)
    raise KeyError(f"unknown assignment {name!r}; the course has: {valid}")
