"""The grading service: each submission graded as it arrives, its feedback to its author only.

``python -m coursekit.classroom.service`` (started and watched by ``make server``, as
root) loops over four steps:

1. **Receive.** Each complete submission in the exchange's ``inbound/`` (nbgrader's submit
   makes its folder mode 0777 last) is checked (its folder owned by the student its name
   gives, a student of the roster, a released assignment) and moved, one rename, into the
   course's private ``.classroom/received/``: out of other students' reach, kept for good.
2. **Grade.** Per assignment, each student's latest received submission is copied into
   ``submitted/<student>/<assignment>/`` (links set aside by the course's intake, never
   followed) and graded by ``coursekit grade``'s engine on a pool of workers kept between
   rounds; earlier ones of the same round are kept but not graded (the latest counts).
3. **Feedback.** nbgrader's ``generate_feedback`` writes the page; it is released under the
   name nbgrader's ``fetch_feedback`` looks for (the hash of the submission's secret) and
   handed to the student alone (owner, mode 0400).
4. **Record.** The outcome goes to the ledger (:mod:`coursekit.classroom.ledger`).

A submission received but not yet in the ledger when the service stops is graded at its next
start; one in the ledger is never graded again.
"""

import argparse
import json
import logging
import os
import pwd
import shutil
import signal
import sys
import time
from pathlib import Path

from coursekit.classroom.exchange import hand_feedback_to
from coursekit.classroom.ledger import Ledger, Outcome
from coursekit.classroom.policy import read_policies
from coursekit.classroom.reveal import WithholdAnswers
from coursekit.classroom.roster import read_roster

PRIVATE = ".classroom"
SECRET = "submission_secret.txt"
TIMESTAMP = "timestamp.txt"
POLL_SECONDS = 0.5

log = logging.getLogger("coursekit.classroom.service")


def parse_name(name: str) -> tuple[str, str, str] | None:
    """Return (student, assignment, timestamp) of an exchange entry's name, or None."""
    parts = name.split("+")
    if len(parts) != 4 or not all(parts[:3]):
        return None
    return parts[0], parts[1], parts[2]


def is_complete(folder: Path) -> bool:
    """Return whether nbgrader's submit has finished writing ``folder``.

    Its last step makes the folder mode 0777, after writing the timestamp and the secret.
    """
    info = folder.lstat()
    return (
        not folder.is_symlink()
        and folder.is_dir()
        and info.st_mode & 0o777 == 0o777
        and (folder / SECRET).is_file()
    )


def read_small(path: Path) -> str:
    """Read a short text file of a submission, refusing a link (never followed)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor) as stream:
        return stream.read(4096).strip()


_APIS: dict = {}


def nbgrader_api(course: str, exchange_root: str):
    """Return nbgrader's API on ``course`` (its configuration loaded once per process).

    The exchange is the class's, whatever ``nbgrader_config.py`` says, and the feedback
    converter gets :class:`~coursekit.classroom.reveal.WithholdAnswers` as a last step.
    """
    if (course, exchange_root) not in _APIS:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        config = PyFileConfigLoader("nbgrader_config.py", path=course).load_config()
        config.CourseDirectory.root = course
        config.Exchange.root = exchange_root
        steps = config.GenerateFeedback.get("preprocessors")
        if isinstance(steps, list):
            config.GenerateFeedback.preprocessors = [*steps, WithholdAnswers]
        coursedir = CourseDirectory(config=config)
        _APIS[(course, exchange_root)] = NbGraderAPI(coursedir=coursedir, config=config)
    return _APIS[(course, exchange_root)]


def write_feedback(
    course: str, exchange_root: str, assignment: str, student: str, withheld_until: str
) -> str | None:
    """Write one student's feedback page with nbgrader (in a grading worker).

    ``withheld_until`` is the deadline shown in place of what gives the answer away, or ""
    for the full page. Returns why it failed, or None.
    """
    api = nbgrader_api(course, exchange_root)
    api.config.WithholdAnswers.withhold = bool(withheld_until)
    api.config.WithholdAnswers.deadline = withheld_until
    result = api.generate_feedback(assignment, student)
    if result["success"]:
        return None
    return "feedback: " + (result.get("error") or result.get("log") or "")[-300:]


def warm(course: str, exchange_root: str) -> int:
    """Load nbgrader's API and feedback converter in this process; return its id."""
    from nbgrader.converters import GenerateFeedback  # noqa: F401 -- imported ahead of need

    nbgrader_api(course, exchange_root)
    return os.getpid()


class GradingService:
    """Grade the submissions of the exchange of ``course_id`` for the course at ``course``.

    Parameters
    ----------
    course : Path
        The course folder (``nbgrader_config.py``, ``source/``, the gradebook).
    exchange : Path
        nbgrader's exchange root.
    course_id : str
        nbgrader's course id.
    roster : Path
        The roster CSV (:mod:`coursekit.classroom.roster`).
    workers : int, optional
        Grading processes (default one per CPU).
    """

    def __init__(
        self, course: Path, exchange: Path, course_id: str, roster: Path, workers: int | None = None
    ):
        from coursekit.grading.dask_backend import LocalPool

        self.course = Path(course).resolve()
        self.exchange = Path(exchange) / course_id
        self.roster = read_roster(roster)
        self.private = self.course / PRIVATE
        self.received = self.private / "received"
        self.received.mkdir(parents=True, exist_ok=True)
        self.private.chmod(0o700)
        self.ledger = Ledger(self.private / "ledger.json")
        self.pool = LocalPool(workers)
        self._api = None
        # grade_class draws a progress bar; the service's log has the summary instead.
        self._quiet = open(os.devnull, "w")

    # -- 1. receive ---------------------------------------------------------------------

    def _refusal(self, folder: Path) -> str | None:
        """Return why the inbound entry ``folder`` is not taken, or None when it is."""
        parsed = parse_name(folder.name)
        if parsed is None:
            return "not named student+assignment+timestamp+random by nbgrader's submit"
        student, assignment, _ = parsed
        person = self.roster.student(student)
        if person is None:
            return f"{student} is not a student of the roster"
        if folder.lstat().st_uid != pwd.getpwnam(student).pw_uid:
            return f"submitted in the name of {student} by another account"
        if not (self.exchange / "outbound" / assignment).is_dir():
            return f"assignment {assignment} is not released"
        return None

    def receive(self) -> list[str]:
        """Move the complete inbound submissions into the private store; return their names."""
        names = []
        inbound = self.exchange / "inbound"
        for folder in sorted(inbound.iterdir()):
            if folder.name in self.ledger or not is_complete(folder):
                continue
            target = self.received / folder.name
            os.rename(folder, target)
            # Only root reads what is kept; the student's own copy is in their cache.
            target.chmod(0o700)
            refusal = self._refusal(target)
            if refusal:
                student, assignment, stamp = parse_name(folder.name) or ("?", "?", "?")
                log.warning("refused %s: %s", folder.name, refusal)
                self.ledger.record(
                    folder.name,
                    Outcome(
                        student, assignment, stamp, "rejected", reason=refusal, finished=time.time()
                    ),
                )
                continue
            names.append(folder.name)
        return names

    def pending(self) -> list[str]:
        """Return the received submissions without an outcome, oldest first."""
        names = [p.name for p in self.received.iterdir() if p.name not in self.ledger]
        return sorted(names, key=lambda name: parse_name(name)[2])

    # -- 2-4. grade, release, record ------------------------------------------------------

    def process(self, names: list[str]) -> None:
        """Grade ``names`` (received, pending): the latest per student and assignment."""
        policies = read_policies(self.course)
        latest: dict[tuple[str, str], str] = {}
        for name in names:
            student, assignment, _ = parse_name(name)
            latest[(student, assignment)] = name  # names are oldest first
        for name in names:
            student, assignment, stamp = parse_name(name)
            if latest[(student, assignment)] != name:
                self._final(
                    name,
                    "superseded",
                    reason=f"a later one, {latest[(student, assignment)]}, counts",
                )
        by_assignment: dict[str, list[str]] = {}
        for (student, assignment), name in latest.items():
            policy = policies.get(assignment)
            if (
                policy
                and policy.attempts
                and self.ledger.attempts(student, assignment) >= policy.attempts
            ):
                self._final(name, "over_limit", reason=f"all {policy.attempts} attempts used")
                continue
            self._stage(name)
            by_assignment.setdefault(assignment, []).append(name)
        for assignment, batch in by_assignment.items():
            self._grade(assignment, batch)

    def _final(self, name: str, status: str, **fields) -> None:
        student, assignment, stamp = parse_name(name)
        self.ledger.record(
            name, Outcome(student, assignment, stamp, status, finished=time.time(), **fields)
        )

    def _submitted(self, name: str) -> Path:
        student, assignment, _ = parse_name(name)
        return self.course / "submitted" / student / assignment

    def _stage(self, name: str) -> None:
        """Copy received ``name`` into ``submitted/``, links copied as links, then set aside."""
        from coursekit.grading.intake.files import refuse_links

        target = self._submitted(name)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.received / name, target, symlinks=True)
        refuse_links(target)

    def _grade(self, assignment: str, names: list[str]) -> None:
        from coursekit.grading.class_runner import grade_class

        students = [parse_name(name)[0] for name in names]
        summary = grade_class(
            self.course,
            [assignment],
            students=students,
            force=True,
            backend=self.pool,
            log=log.info,
            stream=self._quiet,
        )
        failed = {result.task.student: result.reason for result in summary.failed}
        graded = []
        for name, student in zip(names, students, strict=True):
            if student in failed:
                self._final(name, "failed", reason=failed[student])
            else:
                graded.append(name)
        self._release(graded)

    def api(self):
        """Return nbgrader's API on the course (see :func:`nbgrader_api`)."""
        return nbgrader_api(str(self.course), str(self.exchange.parent))

    def _withheld_until(self, assignment: str) -> str:
        """Return the deadline to show while answers are withheld, or "" (full feedback)."""
        policy = read_policies(self.course).get(assignment)
        if policy and policy.deadline and not policy.past_deadline():
            return policy.deadline.isoformat()
        return ""

    def _feedback(self, names: list[str]) -> dict[str, str | None]:
        """Write the feedback of received ``names`` on the workers, then release each.

        Before an assignment's deadline the page withholds what gives the answer away
        (:mod:`coursekit.classroom.reveal`). Returns, per name, why it failed, or None.
        """
        futures = {}
        for name in names:
            student, assignment, _ = parse_name(name)
            futures[name] = self.pool.submit(
                write_feedback, str(self.course), str(self.exchange.parent), assignment,
                student, self._withheld_until(assignment),
            )  # fmt: skip
        errors = {}
        for name, future in futures.items():
            try:
                errors[name] = future.result()
            except Exception as error:  # noqa: BLE001 -- a lost worker: this page fails only
                errors[name] = f"feedback: {type(error).__name__}: {error}"
            if errors[name] is None:
                self._publish(name)
        return errors

    def _publish(self, name: str) -> None:
        """Release the written feedback of ``name`` to its student alone."""
        from nbgrader.utils import notebook_hash

        student, assignment, _ = parse_name(name)
        secret = read_small(self.received / name / SECRET)
        pages = sorted((self.course / "feedback" / student / assignment).glob("*.html"))
        outbox = self.exchange / "feedback"
        for page in pages:
            released = outbox / f"{notebook_hash(secret=secret, notebook_id=page.stem)}.html"
            temporary = outbox / f".{released.name}.tmp"
            shutil.copyfile(page, temporary)
            hand_feedback_to(temporary, student)
            os.replace(temporary, released)

    def _release(self, names: list[str]) -> None:
        """Release the feedback of graded ``names`` and record their grades."""
        for name, error in self._feedback(names).items():
            if error:
                self._final(name, "failed", reason=error)
                continue
            student, assignment, _ = parse_name(name)
            score, max_score = self._score(assignment, student)
            self._final(name, "graded", score=score, max_score=max_score, releases=1)
            log.info("graded %s: %s / %s", name, score, max_score)

    def reveal(self) -> list[str]:
        """Once an assignment's deadline has passed, release its latest feedback in full.

        Returns
        -------
        list of str
            The assignments revealed now (each is revealed once, recorded in the course's
            ``.classroom/revealed.json``).
        """
        path = self.private / "revealed.json"
        revealed = set(json.loads(path.read_text())) if path.is_file() else set()
        now = []
        for assignment, policy in read_policies(self.course).items():
            if assignment in revealed or not policy.past_deadline():
                continue
            latest: dict[str, str] = {}
            for name, outcome in self.ledger.outcomes.items():
                if (outcome.assignment, outcome.status) != (assignment, "graded"):
                    continue
                best = latest.get(outcome.student)
                if best is None or outcome.timestamp > self.ledger.outcomes[best].timestamp:
                    latest[outcome.student] = name
            for name, error in self._feedback(sorted(latest.values())).items():
                if error:
                    log.warning("full feedback of %s not released: %s", name, error)
            revealed.add(assignment)
            path.write_text(json.dumps(sorted(revealed)))
            now.append(assignment)
        return now

    def _score(self, assignment: str, student: str) -> tuple[float, float]:
        from nbgrader.api import Gradebook

        coursedir = self.api().coursedir
        with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
            submission = gradebook.find_submission(assignment, student)
            return float(submission.score), float(submission.max_score)

    # -- the loop -------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Start the grading workers and load nbgrader now, not at the first submission."""
        arguments = (str(self.course), str(self.exchange.parent))
        for future in [self.pool.submit(warm, *arguments) for _ in range(self.pool.workers)]:
            future.result()
        self.api()

    def run(self, stop=lambda: False) -> None:
        """Receive and grade until ``stop()`` is true: what is pending first, then as it comes."""
        while not stop():
            self.reveal()
            self.receive()
            names = self.pending()
            if names:
                self.process(names)
            else:
                time.sleep(POLL_SECONDS)

    def close(self) -> None:
        """Stop the grading workers."""
        self.pool.close()
        self._quiet.close()


def main(argv=None) -> int:
    """Run the service until SIGTERM or SIGINT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, required=True)
    parser.add_argument("--exchange", type=Path, required=True)
    parser.add_argument("--course-id", required=True)
    parser.add_argument("--roster", type=Path, required=True)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s grading %(message)s")
    # What grading writes stays the instructor group's (the course folders are set-group-id).
    os.umask(0o007)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    service = GradingService(args.course, args.exchange, args.course_id, args.roster, args.workers)
    try:
        service.warm_up()
        service.run(stop=lambda: bool(stopping))
    except KeyboardInterrupt:
        pass
    finally:
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
