"""What a run shows: a progress bar while it grades, and a summary when it ends."""

import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from coursekit.grading.class_runner.bundle import Result, Task


class Progress:
    """A one-line progress bar: counts, elapsed time and time left.

    On a terminal the line is redrawn in place; elsewhere (CI logs) one line per submission.

    Parameters
    ----------
    total : int
        Submissions to grade in this run (skipped ones excluded).
    stream : file, default=sys.stderr
        Where to draw.
    """

    WIDTH = 24

    def __init__(self, total: int, stream=None):
        self.total = total
        self.stream = stream or sys.stderr
        self.counts = Counter()
        self.start = time.perf_counter()
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, outcome: str, label: str) -> None:
        """Count one finished submission (``graded``, ``failed`` or ``retrying``) and redraw."""
        self.counts[outcome] += 1
        done = self.counts["graded"] + self.counts["failed"]
        elapsed = time.perf_counter() - self.start
        left = elapsed / done * (self.total - done) if done else float("nan")
        filled = round(self.WIDTH * done / self.total) if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        text = (
            f"[{bar}] {done}/{self.total} graded {self.counts['graded']} "
            f"failed {self.counts['failed']} retried {self.counts['retrying']} "
            f"elapsed {_clock(elapsed)} left {_clock(left)}"
        )
        if self.live:
            self.stream.write("\r" + text + " " * 4)
            if done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"{text}  {outcome}: {label}\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    """Format seconds as ``m:ss`` (``-:--`` when unknown)."""
    if seconds != seconds:  # NaN: nothing finished yet
        return "-:--"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


@dataclass
class Summary:
    """What a run did.

    Attributes
    ----------
    graded : list of Result
        Submissions graded and recorded.
    failed : list of Result
        Submissions nbgrader could not grade, with the reason.
    skipped : list of Task
        Submissions unchanged since they were last graded.
    retried : int
        Infrastructure failures graded again.
    seconds : float
        Wall-clock time of the run.
    """

    graded: list[Result] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    skipped: list[Task] = field(default_factory=list)
    retried: int = 0
    seconds: float = 0.0

    def text(self) -> str:
        """Return the closing report: counts, time and each failure with its reason."""
        count = len(self.graded) + len(self.failed)
        rate = f", {self.seconds / count:.1f} s per submission" if count else ""
        lines = [
            f"graded {len(self.graded)}, failed {len(self.failed)}, skipped {len(self.skipped)} "
            f"(unchanged), retried {self.retried}, in {self.seconds:.1f} s{rate}"
        ]
        for result in self.failed:
            kind = "infrastructure" if result.infrastructure else "submission"
            lines.append(
                f"  FAILED {result.task.key} ({kind}, {result.attempts} "
                f"attempt{'s' * (result.attempts > 1)}): {result.reason}"
            )
        return "\n".join(lines)
