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
   handed to the student alone (owner, mode 0600). A submission beyond the assignment's
   attempts (:mod:`coursekit.classroom.policy`) is not graded; its page says so instead. One
   whose notebooks could not be read is graded (0 points, a note saying what to do) but not
   counted as an attempt. One whose grading failed on our side gets a page saying so and is
   graded again (:data:`RETRY_SECONDS`).
4. **Record.** The outcome goes to the ledger (:mod:`coursekit.classroom.ledger`).

A submission received but not yet in the ledger when the service stops is graded at its next
start; so is one whose grading failed on our side; one graded is never graded again.
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
from coursekit.classroom.pages import not_graded_page, over_limit_page
from coursekit.classroom.policy import PolicyFile
from coursekit.classroom.reveal import WithholdAnswers
from coursekit.classroom.roster import read_roster

PRIVATE = ".classroom"
SECRET = "submission_secret.txt"
TIMESTAMP = "timestamp.txt"
POLL_SECONDS = 0.5
# A submission whose grading failed on our side is graded again at the service's next start,
# or once this long after the failure while the service runs.
RETRY_SECONDS = 300.0
# The gradebook's URL may hold a password: passed in the environment, which only root reads,
# never on a command line, which every account sees with ps.
DB_URL_VARIABLE = "COURSEKIT_DB_URL"

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


def nbgrader_api(course: str, exchange_root: str, db_url: str | None = None):
    """Return nbgrader's API on ``course`` (its configuration loaded once per process).

    The exchange is the class's, whatever ``nbgrader_config.py`` says, the gradebook
    ``db_url`` when given, and the feedback converter gets
    :class:`~coursekit.classroom.reveal.WithholdAnswers` as a last step.
    """
    if (course, exchange_root, db_url) not in _APIS:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        config = PyFileConfigLoader("nbgrader_config.py", path=course).load_config()
        config.CourseDirectory.root = course
        config.Exchange.root = exchange_root
        if db_url:
            config.CourseDirectory.db_url = db_url
        steps = config.GenerateFeedback.get("preprocessors")
        if isinstance(steps, list):
            config.GenerateFeedback.preprocessors = [*steps, WithholdAnswers]
        coursedir = CourseDirectory(config=config)
        _APIS[(course, exchange_root, db_url)] = NbGraderAPI(coursedir=coursedir, config=config)
    return _APIS[(course, exchange_root, db_url)]


def write_feedback(
    course: str,
    exchange_root: str,
    db_url: str | None,
    assignment: str,
    student: str,
    withheld_until: str,
) -> str | None:
    """Write one student's feedback page with nbgrader (in a feedback worker).

    ``withheld_until`` is the deadline shown in place of what gives the answer away, or ""
    for the full page. Returns why it failed, or None.
    """
    api = nbgrader_api(course, exchange_root, db_url)
    api.config.WithholdAnswers.withhold = bool(withheld_until)
    api.config.WithholdAnswers.deadline = withheld_until
    result = api.generate_feedback(assignment, student)
    if result["success"]:
        return None
    return "feedback: " + (result.get("error") or result.get("log") or "")[-300:]


def warm(course: str, exchange_root: str, db_url: str | None) -> int:
    """Load nbgrader's API and feedback converter in this process; return its id."""
    from nbgrader.converters import GenerateFeedback  # noqa: F401 -- imported ahead of need

    nbgrader_api(course, exchange_root, db_url)
    return os.getpid()


def grading_pool(scheduler: str | None, workers: int | None):
    """Return the pool ``coursekit grade``'s engine grades on: a Dask cluster, or local.

    Parameters
    ----------
    scheduler : str or None
        A Dask scheduler's address (``tcp://host:8786``): grade on its workers.
    workers : int or None
        Local worker processes without a scheduler (default one per CPU).
    """
    from coursekit.grading.class_runner.pools import DaskPool, LocalPool

    return DaskPool(scheduler) if scheduler else LocalPool(workers)


def unreadable_notebooks(folder: Path, expected: list[str]) -> list[str]:
    """Return why each notebook of the staged submission ``folder`` cannot be read.

    Only the assignment's notebooks, ``expected`` (by name, or a near name such as
    ``name (1).ipynb`` that the intake grades under it), count; so does one the intake set
    aside as a link (links are set aside before this, so none is followed here).
    """
    from coursekit.grading.intake.files import NEAR_NAME, SET_ASIDE, unreadable_reason

    def graded(path: Path) -> bool:
        near = NEAR_NAME.match(path.stem)
        return path.name in expected or bool(near and f"{near['stem']}.ipynb" in expected)

    reasons = [unreadable_reason(p) for p in sorted(folder.glob("*.ipynb")) if graded(p)]
    aside = folder / SET_ASIDE
    if aside.is_dir():
        links = [p for p in aside.glob("*.ipynb") if p.is_symlink() and graded(p)]
        reasons += [f"{p.name} was a link" for p in links]
    return [reason for reason in reasons if reason]


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
        Local grading processes (default one per CPU); with ``scheduler``, the processes
        writing feedback pages.
    scheduler : str, optional
        A Dask scheduler's address: grade on its cluster, as ``coursekit grade --scheduler``.
        Feedback pages are written here (the course folder is this machine's).
    db_url : str, optional
        The gradebook's URL (e.g. PostgreSQL), as ``coursekit grade --db-url``; default
        the course's.
    retry_seconds : float, default=RETRY_SECONDS
        How long after a failure on the grading side the submission is graded again (once
        per run of the service; at each start too).
    """

    def __init__(
        self,
        course: Path,
        exchange: Path,
        course_id: str,
        roster: Path,
        workers: int | None = None,
        scheduler: str | None = None,
        db_url: str | None = None,
        retry_seconds: float = RETRY_SECONDS,
    ):
        from coursekit.grading.class_runner.pools import LocalPool

        self.started = time.time()
        self.retry_seconds = retry_seconds
        self._retried: set[str] = set()

        self.course = Path(course).resolve()
        self.exchange = Path(exchange) / course_id
        self.roster = read_roster(roster)
        self.private = self.course / PRIVATE
        self.received = self.private / "received"
        self.received.mkdir(parents=True, exist_ok=True)
        self.private.chmod(0o700)
        self.ledger = Ledger(self.private / "ledger.json")
        self.policies = PolicyFile(self.course, self.private / "classroom.last-valid.toml", log)
        self.db_url = db_url
        self.pool = grading_pool(scheduler, workers)
        self.feedback_pool = LocalPool(workers) if scheduler else self.pool
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
        """Return the received submissions to grade now, oldest first.

        Those without an outcome, and those whose grading failed on our side, once per run:
        at once if it failed before this run started, else ``retry_seconds`` after.
        """
        now = time.time()
        names = []
        for path in self.received.iterdir():
            outcome = self.ledger.outcomes.get(path.name)
            if outcome is None or (
                outcome.status == "failed"
                and outcome.retry
                and path.name not in self._retried
                and (
                    outcome.finished < self.started or now - outcome.finished >= self.retry_seconds
                )
            ):
                names.append(path.name)
        return sorted(names, key=lambda name: parse_name(name)[2])

    # -- 2-4. grade, release, record ------------------------------------------------------

    def process(self, names: list[str]) -> None:
        """Grade ``names`` (received, pending): the latest per student and assignment."""
        policies = self.policies.current()
        self._retried.update(name for name in names if name in self.ledger)
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
        unreadable: set[str] = set()
        for (student, assignment), name in latest.items():
            stands = self.ledger.latest_graded(student, assignment)
            if stands and stands.timestamp > parse_name(name)[2]:
                # A retried failure handed in before the grade that stands: that one counts.
                later = f"a later one, of {stands.timestamp}, counts"
                self._final(name, "superseded", reason=later)
                continue
            policy = policies.get(assignment)
            if (
                policy
                and policy.attempts
                and self.ledger.attempts(student, assignment) >= policy.attempts
            ):
                self._refuse_over_limit(name, policy.attempts)
                continue
            reasons = self._stage(name)
            if reasons:
                unreadable.add(name)
                log.warning(
                    "%s: not counted as an attempt, its notebooks could not be read: %s",
                    name, "; ".join(reasons),
                )  # fmt: skip
            by_assignment.setdefault(assignment, []).append(name)
        if by_assignment:
            self._grade(by_assignment, unreadable)

    def _final(self, name: str, status: str, **fields) -> None:
        student, assignment, stamp = parse_name(name)
        self.ledger.record(
            name, Outcome(student, assignment, stamp, status, finished=time.time(), **fields)
        )

    def _refuse_over_limit(self, name: str, attempts: int) -> None:
        """Record ``name`` as beyond ``attempts``; release a page saying so to its student."""
        student, assignment, stamp = parse_name(name)
        counted = self.ledger.latest_graded(student, assignment)
        page = over_limit_page(assignment, stamp, attempts, counted).encode()
        for notebook in sorted((self.received / name).glob("*.ipynb")):
            self._hand_over(name, notebook.stem, page)
        self._final(name, "over_limit", reason=f"all {attempts} attempts used")

    def _submitted(self, name: str) -> Path:
        student, assignment, _ = parse_name(name)
        return self.course / "submitted" / student / assignment

    def _stage(self, name: str) -> list[str]:
        """Copy received ``name`` into ``submitted/``, links copied as links, then set aside.

        Returns why each of its notebooks cannot be read (empty when all can).
        """
        from coursekit.grading.intake.files import refuse_links

        target = self._submitted(name)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.received / name, target, symlinks=True)
        refuse_links(target)
        source = self.course / "source" / parse_name(name)[1]
        return unreadable_notebooks(target, sorted(p.name for p in source.glob("*.ipynb")))

    def grade_options(self) -> dict:
        """Return the options of every ``grade_class`` call: the pool, the gradebook."""
        return {
            "force": True,
            "db_url": self.db_url,
            "backend": self.pool,
            "log": log.info,
            "stream": self._quiet,
        }

    def _grade(self, by_assignment: dict[str, list[str]], unreadable: set[str]) -> None:
        """Grade the submissions ``by_assignment`` lists with the engine; release, record each.

        One engine run takes the whole batch, every assignment at once, so its workers stay
        busy until the last submission (a run per assignment waited for each one's slowest).
        """
        from coursekit.grading.class_runner import runner

        names = [name for batch in by_assignment.values() for name in batch]
        students = {
            assignment: [parse_name(name)[0] for name in batch]
            for assignment, batch in by_assignment.items()
        }
        try:
            summary = runner.grade_class(
                self.course, list(by_assignment), students=students, **self.grade_options()
            )
        except Exception as error:  # noqa: BLE001 -- the engine's failure: every one retried
            log.exception("grading %s failed", ", ".join(names))
            for name in names:
                self._failed(name, f"{type(error).__name__}: {error}", ours=True)
            return
        failed = {(r.task.assignment, r.task.student): r for r in summary.failed}
        graded = []
        for name in names:
            student, assignment, _ = parse_name(name)
            result = failed.get((assignment, student))
            if result is None:
                graded.append(name)
                continue
            failure = result.failure
            self._failed(name, result.reason, ours=failure is None or failure.infrastructure)
        self._release(graded, unreadable)

    def _failed(self, name: str, reason: str, ours: bool) -> None:
        """Release a page saying ``name`` could not be graded; log and record why.

        ``ours``: the grading side failed, and it is graded again (:meth:`pending`).
        """
        student, assignment, stamp = parse_name(name)
        log.error(
            "NOT GRADED %s of %s (%s): %s; %s",
            assignment, student, stamp, reason,
            "it is graded again" if ours else "the student is asked to hand it in again",
        )  # fmt: skip
        page = not_graded_page(assignment, stamp, ours).encode()
        for notebook in sorted((self.received / name).glob("*.ipynb")):
            self._hand_over(name, notebook.stem, page)
        self._final(name, "failed", reason=reason, retry=ours)

    def api(self):
        """Return nbgrader's API on the course (see :func:`nbgrader_api`)."""
        return nbgrader_api(str(self.course), str(self.exchange.parent), self.db_url)

    def _withheld_until(self, assignment: str) -> str:
        """Return the deadline to show while answers are withheld, or "" (full feedback)."""
        policy = self.policies.current().get(assignment)
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
            futures[name] = self.feedback_pool.submit(
                write_feedback, str(self.course), str(self.exchange.parent), self.db_url,
                assignment, student, self._withheld_until(assignment),
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
        student, assignment, _ = parse_name(name)
        for page in sorted((self.course / "feedback" / student / assignment).glob("*.html")):
            self._hand_over(name, page.stem, page.read_bytes())

    def _hand_over(self, name: str, notebook_id: str, page: bytes) -> None:
        """Release ``page`` as the feedback of notebook ``notebook_id`` of submission ``name``.

        Under the name nbgrader's ``fetch_feedback`` looks for, owned by the student alone.
        """
        from nbgrader.utils import notebook_hash

        secret = read_small(self.received / name / SECRET)
        outbox = self.exchange / "feedback"
        released = outbox / f"{notebook_hash(secret=secret, notebook_id=notebook_id)}.html"
        temporary = outbox / f".{released.name}.tmp"
        temporary.write_bytes(page)
        hand_feedback_to(temporary, parse_name(name)[0])
        os.replace(temporary, released)

    def _release(self, names: list[str], unreadable: set[str]) -> None:
        """Release the feedback of graded ``names`` and record their grades.

        Those in ``unreadable`` are not counted as attempts.
        """
        for name, error in self._feedback(names).items():
            if error:
                self._failed(name, error, ours=True)
                continue
            student, assignment, _ = parse_name(name)
            score, max_score = self._score(assignment, student)
            counted = name not in unreadable
            self._final(
                name, "graded", score=score, max_score=max_score, releases=1, counted=counted
            )
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
        for assignment, policy in self.policies.current().items():
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
        arguments = (str(self.course), str(self.exchange.parent), self.db_url)
        pool = self.feedback_pool
        for future in [pool.submit(warm, *arguments) for _ in range(pool.workers)]:
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
        """Stop the grading workers (and disconnect from the Dask cluster)."""
        if self.feedback_pool is not self.pool:
            self.feedback_pool.close()
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
    parser.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    parser.add_argument(
        "--db-url",
        default=os.environ.get(DB_URL_VARIABLE),
        help=f"gradebook URL (default: ${DB_URL_VARIABLE}, else the course's)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s grading %(message)s")
    # What grading writes stays the instructor group's (the course folders are set-group-id).
    os.umask(0o007)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    service = GradingService(
        args.course,
        args.exchange,
        args.course_id,
        args.roster,
        args.workers,
        scheduler=args.scheduler,
        db_url=args.db_url,
    )
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
