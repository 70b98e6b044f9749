# Send signals to the parent and to every process the kernel may reach.
import os
import signal

for pid in (os.getppid(), 1):
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        try:
            os.kill(pid, sig)
        except OSError:
            pass
