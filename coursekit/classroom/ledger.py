"""The grading service's memory: what became of each submission, kept across restarts.

With the exchange it is the truth of what was graded. Each submission (its exchange name,
``student+assignment+timestamp+random``) has one entry; an entry is written, with the whole
file replaced atomically, only once its outcome is final (feedback released, or the reason it
was not graded). A submission received but without an entry is graded at the next start: none
is lost, and none graded is graded again (one whose grading failed on the grading side,
``retry``, is graded again until it is).
"""

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

FINAL = ("graded", "superseded", "rejected", "failed", "over_limit")


@dataclass(frozen=True)
class Outcome:
    """What became of one submission.

    Attributes
    ----------
    student, assignment, timestamp : str
        From the submission's name.
    status : {"graded", "superseded", "rejected", "failed", "over_limit"}
        Graded and released; kept but not graded because a later one of the same student and
        assignment came in; refused (not the submitter's, unknown student or assignment);
        grading failed (a page says so); beyond the assignment's attempts.
    score, max_score : float
        Points (0 when not graded).
    reason : str
        Why, for any status but graded.
    finished : float
        Unix time when the outcome became final.
    releases : int
        How many times its feedback was released (1 for a graded submission).
    counted : bool
        Whether a graded submission counts as an attempt (not when its notebooks could not
        be read: the student gets 0, a note and another try).
    retry : bool
        Whether a failed submission is graded again (the grading side failed, not it).
    """

    student: str
    assignment: str
    timestamp: str
    status: str
    score: float = 0.0
    max_score: float = 0.0
    reason: str = ""
    finished: float = 0.0
    releases: int = 0
    counted: bool = True
    retry: bool = False


class Ledger:
    """The JSON file of outcomes, by submission name."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.outcomes: dict[str, Outcome] = {}
        if self.path.is_file():
            data = json.loads(self.path.read_text())
            self.outcomes = {name: Outcome(**entry) for name, entry in data.items()}

    def __contains__(self, name: str) -> bool:
        return name in self.outcomes

    def record(self, name: str, outcome: Outcome) -> None:
        """Record the final ``outcome`` of submission ``name``, durably, before returning."""
        if outcome.status not in FINAL:
            raise ValueError(f"unknown status {outcome.status!r}; one of {FINAL}")
        self.outcomes[name] = outcome
        text = json.dumps({n: asdict(o) for n, o in self.outcomes.items()}, indent=1)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".ledger-")
        with os.fdopen(handle, "w") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.path)

    def attempts(self, student: str, assignment: str) -> int:
        """Return how many submissions of ``student`` for ``assignment`` count as attempts.

        Those graded, but not those whose notebooks could not be read.
        """
        return sum(
            1
            for o in self.outcomes.values()
            if (o.student, o.assignment, o.status) == (student, assignment, "graded") and o.counted
        )

    def latest_graded(self, student: str, assignment: str) -> Outcome | None:
        """Return the outcome of the latest graded submission (the grade that stands), or None."""
        graded = [
            o
            for o in self.outcomes.values()
            if (o.student, o.assignment, o.status) == (student, assignment, "graded")
        ]
        return max(graded, key=lambda o: o.timestamp, default=None)
