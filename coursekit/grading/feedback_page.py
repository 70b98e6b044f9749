"""How a student's feedback page looks: exercise names, formulas offline, no grader paths.

nbgrader writes feedback pages with nbconvert. :func:`configure` (called from
``nbgrader_config.py``) points nbconvert at the course's own ``feedback`` template, which
names each graded cell by its exercise and loads nothing from the network, gives it a
``markdown2html`` that turns formulas into MathML (rendered by the browser itself, offline),
and adds :class:`FeedbackPresentation` to nbgrader's feedback pipeline.
"""

import re
from pathlib import Path

import nbgrader
from latex2mathml.converter import convert as latex_to_mathml
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbgrader.preprocessors import GetGrades
from traitlets import Bool

try:  # Jinja 3 name first, the older one as nbconvert itself does
    from jinja2 import pass_context
except ImportError:  # pragma: no cover
    from jinja2 import contextfilter as pass_context

TEMPLATES = Path(__file__).parent / "templates"
_FORMGRADER = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
_NBGRADER_TEMPLATES = _FORMGRADER / "templates"
_BOOTSTRAP_CSS = _FORMGRADER / "static" / "node_modules" / "bootstrap" / "dist" / "css"
# An absolute file path (POSIX, or under ~) as tracebacks print it, maybe right after a colour
# code (ESC[0;32m); group 1 is the file name.
_ABSOLUTE_PATH = re.compile(r"(?:(?<=\dm)|(?<![\w.~/-]))(?:~|/[\w.+-]+)(?:/[\w.+-]+)*/([\w.+-]+)")


def graded_cell_title(cell):
    """Return how the feedback page names a graded cell, e.g. ``softmax: values``.

    Test cells are named ``<exercise>: <aspect>`` after their ``grade_id``
    (``softmax-values``), followed by their docstring's summary line (its first line), when
    they have one: the quiz's cells say there what they are graded on, and below it what they
    check when the student runs them.
    """
    grade_id = cell.metadata.nbgrader.grade_id
    exercise, _, aspect = grade_id.partition("-")
    if cell.metadata.nbgrader.get("solution"):
        return f"{exercise}: your answer"
    title = f"{exercise}: {aspect.replace('_', ' ')}" if aspect else exercise
    first = cell.source.strip().splitlines()[0].strip() if cell.source.strip() else ""
    quotes = first[:3]
    if quotes in ('"""', "'''"):
        summary = first[3:].removesuffix(quotes).strip().rstrip(".")
        if summary:
            title += f" ({summary})"
    return title


class _MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer with formulas as MathML instead of TeX for MathJax."""

    @staticmethod
    def _mathml(tex, display):
        try:
            return latex_to_mathml(tex.strip(), display=display)
        except Exception:  # a formula latex2mathml cannot read stays readable as TeX
            return f"<code>{tex}</code>"

    def block_math(self, body):
        """Render ``$$...$$`` as a MathML block."""
        return self._mathml(body, "block")

    def inline_math(self, body):
        """Render ``$...$`` as inline MathML."""
        return self._mathml(body, "inline")

    def latex_environment(self, name, body):
        """Render a LaTeX environment (``begin`` ... ``end``) as a MathML block."""
        return self._mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", "block")


@pass_context
def markdown2html(context, source):
    """Render a markdown cell to HTML, formulas as MathML (nbconvert's filter otherwise)."""
    cell = context.get("cell", {})
    renderer = _MathMLRenderer(
        escape=False,
        attachments=cell.get("attachments", {}),
        path=context.get("resources", {}).get("metadata", {}).get("path", ""),
    )
    return MarkdownWithMath(renderer=renderer).render(source)


def _is_score_marker(cell, output):
    """Return whether ``output`` is the bare number a test cell's partial credit is read from.

    The grader writes partial credit as an ``execute_result`` holding only the points earned
    (nbgrader reads the score from it), after a line that already says "(0.5 of 1 points)"; on
    the page it would show as a stray ``Out[ ]: 0.5``.
    """
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if not meta.get("grade") or meta.get("solution") or output.output_type != "execute_result":
        return False
    data = output.get("data", {})
    if set(data) != {"text/plain"}:
        return False
    try:
        float(data["text/plain"])
    except (TypeError, ValueError):
        return False
    return True


class FeedbackPresentation(Preprocessor):
    """Make outputs fit to show a student: no grader paths, no stray score, alt text on figures."""

    enabled = Bool(True, help="nbconvert runs only enabled preprocessors").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        """Strip directories from paths, drop partial-credit score markers, give figures alt text.

        The page takes each cell's score from the gradebook (nbgrader's ``GetGrades``), not
        from the outputs, so dropping the marker changes no points shown.
        """
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not _is_score_marker(cell, o)]
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [_ABSOLUTE_PATH.sub(r"\1", line) for line in output.traceback]
                output.evalue = _ABSOLUTE_PATH.sub(r"\1", output.evalue)
            elif output.output_type == "stream":
                output.text = _ABSOLUTE_PATH.sub(r"\1", output.text)
            for mimetype in ("image/png", "image/jpeg", "image/svg+xml"):
                if mimetype in output.get("data", {}):
                    metadata = output.setdefault("metadata", {}).setdefault(mimetype, {})
                    metadata.setdefault("alt", f"Figure drawn by the code cell above ({index + 1})")
        return cell, resources


def configure(c):
    """Set up nbgrader's feedback pages for the course in the nbgrader config ``c``."""
    # Listed first, the course's template named "feedback" stands in for nbgrader's, also when
    # the formgrader asks for "feedback" by name; nbgrader's own stay reachable after it.
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(_NBGRADER_TEMPLATES)]
    # Where the page's inlined bootstrap.min.css comes from (nbgrader sets the same).
    c.HTMLExporter.extra_template_paths = [str(_BOOTSTRAP_CSS)]
    c.HTMLExporter.filters = {
        "markdown2html": markdown2html,
        "graded_cell_title": graded_cell_title,
    }
    c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, FeedbackPresentation]


__all__ = ["FeedbackPresentation", "configure", "graded_cell_title", "markdown2html"]
