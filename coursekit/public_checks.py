"""Cut the course's ``public_tests.py`` down to one assignment's checkers for its release.

The top-level ``public_tests.py`` is the one source of every checker. Its ``PUBLIC`` table
names each assignment's public surface; :func:`slice_checkers` writes, for one assignment,
only the top-level definitions those names reach (following name references in the syntax
tree), the imports they use and ``__all__``, so that a student's ``from public_tests import *``
brings in that assignment's checkers alone, and nothing unused or meant for another assignment
ships with the release.
"""

import ast
import hashlib
from dataclasses import dataclass
from pathlib import Path

CHECKERS = "public_tests.py"
TABLE = "PUBLIC"
# Defined by the top-level file for itself: each copy gets its own literal __all__ instead.
_NOT_SLICED = {TABLE, "__all__"}


@dataclass(frozen=True)
class Definition:
    """One top-level statement of the checkers' module.

    Attributes
    ----------
    source : str
        Its text, with the comment lines directly above it.
    binds : frozenset of str
        The module-level names it defines.
    uses : frozenset of str
        Every name it reads (in its body, decorators and defaults).
    is_import : bool
        Whether it is an ``import`` statement.
    index : int
        Its place among the module's statements.
    blank_lines : int
        The lines between it (with its comments) and the statement before it, when all of
        them are blank; else 2, as where a statement was cut out.
    """

    source: str
    binds: frozenset
    uses: frozenset
    is_import: bool
    index: int
    blank_lines: int


def surfaces(text: str) -> dict[str, tuple[str, ...]]:
    """Return the ``PUBLIC`` table of the checkers' module ``text``: assignment to its names.

    Raises
    ------
    ValueError
        If ``text`` has no literal ``PUBLIC = {...}`` at the top level.
    """
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and _bound(node) == {TABLE}:
            return {name: tuple(names) for name, names in ast.literal_eval(node.value).items()}
    raise ValueError(f"{CHECKERS} has no {TABLE} table naming each assignment's checkers")


def definitions(text: str) -> tuple[str | None, list[Definition]]:
    """Split the checkers' module ``text`` into its docstring and its top-level definitions.

    Returns
    -------
    docstring : str or None
        The module docstring's source text.
    definitions : list of Definition
        Every other top-level statement but the ``PUBLIC`` table and ``__all__``, in order.
    """
    tree = ast.parse(text)
    lines = text.splitlines()
    docstring = None
    found = []
    ends = [0, *(node.end_lineno for node in tree.body)]
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstring = ast.get_source_segment(text, node)
            continue
        binds = _bound(node)
        if binds & _NOT_SLICED:
            continue
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        while first > 1 and lines[first - 2].startswith("#"):
            first -= 1  # the comments right above a definition belong to it
        between = lines[ends[index] : first - 1]
        blank_lines = 2 if any(line.strip() for line in between) else len(between)
        uses = {
            n.id
            for n in ast.walk(node)
            if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store)
        }
        found.append(
            Definition(
                source="\n".join(lines[first - 1 : node.end_lineno]),
                binds=frozenset(binds),
                uses=frozenset(uses),
                is_import=isinstance(node, ast.Import | ast.ImportFrom),
                index=index,
                blank_lines=blank_lines,
            )
        )
    return docstring, found


def reached(found: list[Definition], names) -> list[Definition]:
    """Return the definitions of ``names`` and of every module-level name they use, in order.

    Raises
    ------
    ValueError
        If one of ``names`` is defined nowhere in the module.
    """
    defined = {name for definition in found for name in definition.binds}
    missing = sorted(set(names) - defined)
    if missing:
        raise ValueError(f"{CHECKERS}: {TABLE} names {missing}, which it does not define")
    wanted, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        for definition in found:
            if name in definition.binds:
                todo.extend(definition.uses & defined)
    return [d for d in found if d.binds & wanted]


def slice_checkers(text: str, assignment: str) -> str:
    """Return ``assignment``'s own ``public_tests.py``, cut from the course's ``text``.

    Parameters
    ----------
    text : str
        The top-level ``public_tests.py``.
    assignment : str
        A key of its ``PUBLIC`` table.

    Returns
    -------
    str
        A header naming where it comes from (with the source's SHA-256, so that any change to
        the top-level file makes every copy stale), the docstring, the imports used, a literal
        ``__all__`` and the definitions the assignment's public names reach, in source order.

    Raises
    ------
    KeyError
        If ``assignment`` is not in the ``PUBLIC`` table.
    """
    table = surfaces(text)
    if assignment not in table:
        raise KeyError(f"{CHECKERS}: {TABLE} has no entry for the assignment {assignment!r}")
    public = table[assignment]
    docstring, found = definitions(text)
    kept = reached(found, public)
    imports = _joined([d for d in kept if d.is_import])
    names = "".join(f'    "{name}",\n' for name in public)
    body = (docstring or "") + "\n\n" + (imports + "\n\n" if imports else "")
    body += f"__all__ = [\n{names}]\n\n\n{_joined([d for d in kept if not d.is_import])}\n"
    return _header(assignment, _digest(text), _digest(body)) + body


def _digest(text: str) -> str:
    """Return the first 16 hex digits of the SHA-256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _header(assignment: str, source: str, body: str) -> str:
    """Return the three comment lines that open the slice: its origin and both digests."""
    return (
        f"# The checkers of {assignment}, generated by `make release` from the course's\n"
        f"# top-level {CHECKERS} (sha256 {source}...). Do not edit: edit that file instead.\n"
        f"# sha256 of the rest of this file: {body}...\n"
    )


def _joined(kept: list[Definition]) -> str:
    """Return the text of ``kept``, each with the spacing it has in the module.

    Where a definition was cut out in between, two blank lines (an import keeps its own: none
    within a group, one before the next group).
    """
    text, previous = "", None
    for definition in kept:
        if previous is not None:
            adjacent = definition.index == previous.index + 1 or definition.is_import
            text += "\n" * (1 + (definition.blank_lines if adjacent else 2))
        text += definition.source
        previous = definition
    return text


def is_fresh(original: Path, copy: Path, assignment: str) -> bool:
    """Return True when ``copy`` is what slicing ``original`` gave for ``assignment``, unedited.

    Read from the digests in the copy's header, never by slicing again: the sandbox asks this
    at every kernel start, in a grading process whose threads must not parse Python (CPython
    3.11's parser can fail with "AST constructor recursion depth mismatch" when threads
    compile at once, seen failing a submission in CI).
    """
    copy = Path(copy)
    if not copy.is_file():
        return False
    lines = copy.read_text(encoding="utf-8").split("\n", 3)
    if len(lines) < 4:
        return False
    source = _digest(Path(original).read_text(encoding="utf-8"))
    return "\n".join(lines[:3]) + "\n" == _header(assignment, source, _digest(lines[3]))


def _bound(node: ast.stmt) -> set[str]:
    """Return the module-level names the top-level statement ``node`` defines.

    Raises
    ------
    ValueError
        If ``node`` is not a definition, an import or an assignment: a statement that names
        nothing (a call, an ``if`` block) could be neither reached nor safely left out.
    """
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}
    raise ValueError(
        f"{CHECKERS} line {node.lineno}: a top-level {type(node).__name__} statement defines "
        "no name, so no assignment's checkers can be cut around it; define it in a function"
    )
