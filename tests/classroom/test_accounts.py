"""The Unix accounts of the roster, without touching the machine's real accounts.

``subprocess.run`` and the password database are replaced by fakes, so the tests see the
commands the module would run (the class-server tests make real accounts, as root).
"""

import pwd
import subprocess

import pytest

from coursekit.classroom import accounts


class FakeSystem:
    """A password database and a command log standing in for the machine's."""

    def __init__(self, home_root, existing=(), passwd_status=""):
        self.home_root = home_root
        self.users = {}
        self.commands = []
        self.inputs = []
        self.passwd_status = passwd_status
        for name in existing:
            self.add(name)

    def add(self, name):
        """Enter ``name`` in the database with a home folder readable by everyone."""
        home = self.home_root / name
        home.mkdir(mode=0o755, exist_ok=True)
        home.chmod(0o755)
        fields = (name, "x", 1000 + len(self.users), 1000, "", str(home), "/bin/bash")
        self.users[name] = pwd.struct_passwd(fields)

    def getpwnam(self, name):
        """Look ``name`` up as :func:`pwd.getpwnam` does."""
        if name not in self.users:
            raise KeyError(f"getpwnam(): name not found: {name!r}")
        return self.users[name]

    def run(self, command, **options):
        """Record ``command``; ``useradd`` adds the account, ``passwd --status`` answers."""
        self.commands.append(command)
        self.inputs.append(options.get("input"))
        if command[0] == "useradd":
            self.add(command[-1])
        stdout = self.passwd_status if command[:2] == ["passwd", "--status"] else ""
        return subprocess.CompletedProcess(command, 0, stdout=stdout, stderr="")


@pytest.fixture
def system(tmp_path, monkeypatch):
    """Return a fake system that already has the account ``existing``."""
    fake = FakeSystem(tmp_path, existing=["existing"])
    monkeypatch.setattr(accounts.pwd, "getpwnam", fake.getpwnam)
    monkeypatch.setattr(accounts.subprocess, "run", fake.run)
    return fake


def test_a_new_account_is_made_with_useradd_and_a_private_home(system):
    """Does a roster name without an account get useradd (home, bash, own group), home 0700?"""
    account = accounts.ensure_account("ada")
    assert system.commands == [
        ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group", "ada"]
    ]
    assert account.pw_name == "ada"
    assert (system.home_root / "ada").stat().st_mode & 0o777 == 0o700


def test_an_existing_account_is_not_recreated_but_its_home_made_private(system):
    """Does an existing account run no command and still get a home only it can read?"""
    account = accounts.ensure_account("existing")
    assert system.commands == []
    assert account.pw_dir == str(system.home_root / "existing")
    assert (system.home_root / "existing").stat().st_mode & 0o777 == 0o700


def test_a_roster_makes_only_the_missing_accounts(system):
    """Does ensuring a whole roster run useradd once per missing name and never twice?"""
    for name in ["ada", "existing", "grace", "ada"]:
        accounts.ensure_account(name)
    assert [command[-1] for command in system.commands] == ["ada", "grace"]
    assert all(command[0] == "useradd" for command in system.commands)


def test_the_password_goes_to_chpasswd_on_stdin(system):
    """Is the password given to chpasswd on its input, never on the command line?"""
    accounts.set_password("ada", "s3cret pass")
    assert system.commands == [["chpasswd"]]
    assert system.inputs == ["ada:s3cret pass\n"]


@pytest.mark.parametrize(
    ("status", "usable"),
    [
        ("ada P 2026-01-01 0 99999 7 -1\n", True),
        ("ada L 2026-01-01 0 99999 7 -1\n", False),
        ("ada NP 2026-01-01 0 99999 7 -1\n", False),
        ("", False),
    ],
    ids=["P", "L", "NP", "no-output"],
)
def test_has_password_reads_the_status_letter(system, status, usable):
    """Is a password usable only when `passwd --status` reports P (not L, NP or nothing)?"""
    system.passwd_status = status
    assert accounts.has_password("ada") is usable
    assert system.commands == [["passwd", "--status", "ada"]]


def test_removing_an_account_stops_its_processes_then_deletes_it(system):
    """Does removal kill the account's processes, then userdel it with its home?"""
    accounts.remove_account("existing")
    assert system.commands == [
        ["pkill", "-KILL", "-u", "existing"],
        ["userdel", "--remove", "--force", "existing"],
    ]


def test_removing_an_absent_account_runs_nothing(system):
    """Does removing a name with no account run no command at all?"""
    accounts.remove_account("nobody_here")
    assert system.commands == []
    assert accounts.exists("existing") and not accounts.exists("nobody_here")
