"""The course served to a class on one machine: JupyterHub, the exchange, grading on submit.

``make server ROSTER=roster.csv`` (``python -m coursekit.classroom.serve``, as root) runs
the pieces:

- :mod:`~coursekit.classroom.roster` reads the class list (one instructor, the students);
- :mod:`~coursekit.classroom.accounts` makes one Unix account per person;
- :mod:`~coursekit.classroom.environment` builds the venv students' servers run on and installs
  JupyterHub's proxy;
- :mod:`~coursekit.classroom.exchange` lays out nbgrader's exchange and locks the course folder;
- :mod:`~coursekit.classroom.hub` writes JupyterHub's configuration (PAM login,
  LocalProcessSpawner, per-role JupyterLab);
- :mod:`~coursekit.classroom.service` grades each submission as it arrives and releases the
  feedback to its author only, with :mod:`~coursekit.classroom.ledger` as its memory;
- :mod:`~coursekit.classroom.lms` exports grades for Canvas and Moodle.
"""
