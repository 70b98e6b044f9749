"""Feedback that would hand over the answer waits for the deadline.

A student who may still resubmit sees, on the feedback page, each exercise's points and what
was wrong, but not what gives the answer away: the quiz's explanation after its verdict
(``wrong: <the idea tested>``) and a hidden check's expected value (``...; expected <value>``).
:class:`WithholdAnswers`, a feedback preprocessor the grading service adds, cuts those out of
the graded cells' outputs while ``withhold`` is on (before the assignment's deadline,
:mod:`coursekit.classroom.policy`); after the deadline the service writes the full page again.
"""

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

# The quiz's verdict and the idea behind the right answer (also after an answer it could not
# read: "...; the idea: ..."); a check's expected value.
VERDICT = re.compile(r"\b(right|partly right|wrong|the idea): [^\n]*")
EXPECTED = re.compile(r"\b(expected)\b[^\n]*")


class WithholdAnswers(Preprocessor):
    """Remove answer-revealing explanations from graded cells' outputs, until the deadline."""

    withhold = Bool(False, help="withhold the explanations (before the deadline)").tag(config=True)
    deadline = Unicode("", help="the deadline, as shown to the student").tag(config=True)
    enabled = Bool(True, help="nbconvert runs only enabled preprocessors").tag(config=True)

    def _cut(self, text: str) -> str:
        note = f"(explained after the deadline, {self.deadline})"
        text = VERDICT.sub(lambda m: f"{m.group(1)}: {note}", text)
        return EXPECTED.sub(lambda m: f"{m.group(1)} value {note}", text)

    def preprocess_cell(self, cell, resources, index):
        """Cut the explanations out of a graded cell's outputs while ``withhold`` is on."""
        if not self.withhold or not cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            return cell, resources
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.evalue = self._cut(output.evalue)
                output.traceback = [self._cut(line) for line in output.traceback]
            elif output.output_type == "stream":
                output.text = self._cut(output.text)
            elif "text/plain" in output.get("data", {}):
                output.data["text/plain"] = self._cut(output.data["text/plain"])
        return cell, resources
