# Start more processes than the cap allows, in a bounded loop (400), then end them.
import os
import signal

children = []
for _ in range(400):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        signal.pause()
        os._exit(0)
    children.append(pid)
if len(children) >= 400:
    print("STARTED ALL", len(children))
for pid in children:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
