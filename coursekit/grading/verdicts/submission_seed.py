"""The seed of a submission's hidden inputs: its content under a secret only the grader reads.

Hidden checks draw their inputs from ``numpy.random.default_rng`` seeded with
:func:`submission_seed`, an HMAC-SHA256, under the course secret, of the assignment, the student
and the notebook's cells. A message may then show a hidden input and the value expected for it:
the next submission differs in content, so its inputs are new and unpredictable, and no student
can pick the seed without the secret. Grading the same submission again draws the same inputs.

The secret is 32 random bytes in a file of the grading user's Jupyter data folder
(``~/.local/share/jupyter/coursekit/grading_secret`` by default, see
``SandboxedExecute.secret_file``), made on first use with mode 0600. It lies outside the course
folder, so no copy of the course or commit carries it, and outside every folder mounted into the
sandbox. Deleting it gives every later grading new hidden inputs.
"""

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

SECRET_BYTES = 32


def course_secret(path: Path, mounted=()) -> bytes:
    """Return the grading secret stored at ``path``, creating it on first use.

    Parameters
    ----------
    path : Path
        The secret's file; its folder is made when missing.
    mounted : iterable of Path, default=()
        Folders the sandbox can read: the secret may not lie in any of them.

    Raises
    ------
    ValueError
        If the file lies in a folder of ``mounted``, or exists but does not hold exactly
        ``SECRET_BYTES`` bytes.
    """
    path = Path(path).resolve()
    for folder in mounted:
        if path.is_relative_to(Path(folder).resolve()):
            raise ValueError(
                f"{path}: the grading secret lies in {folder}, which the sandbox can read; "
                "set c.SandboxedExecute.secret_file to a file outside it"
            )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # O_EXCL: two grading processes starting at once never both write a secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "wb") as file:
            file.write(secrets.token_bytes(SECRET_BYTES))
    secret = path.read_bytes()
    if len(secret) != SECRET_BYTES:
        raise ValueError(
            f"{path}: the grading secret should hold {SECRET_BYTES} bytes, it holds "
            f"{len(secret)}; delete the file and a new one is made (hidden inputs change)"
        )
    return secret


def submission_seed(secret: bytes, assignment: str, student: str, cells) -> tuple[int, ...]:
    """Return the seed of one submission's hidden inputs, as eight 32-bit words.

    Parameters
    ----------
    secret : bytes
        The course's grading secret (:func:`course_secret`).
    assignment, student : str
        Whose submission it is.
    cells : iterable of notebook cells
        The notebook's cells; their types and sources are what the seed depends on.

    Returns
    -------
    tuple of int
        Words for ``numpy.random.default_rng([stream, *seed])``.
    """
    content = json.dumps(
        [assignment, student, [[cell.get("cell_type"), cell.get("source", "")] for cell in cells]]
    ).encode()
    digest = hmac.new(secret, content, hashlib.sha256).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, len(digest), 4))
