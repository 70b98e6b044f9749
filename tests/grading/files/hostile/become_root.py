# Try to become root or change user.
import os

for attempt in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.chroot("/")):
    try:
        attempt()
        print("FOUND: privileged call worked")
    except (OSError, PermissionError):
        pass
