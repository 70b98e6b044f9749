# Fork three children that each fill and hold 1.2 GiB at once (3.6 GiB, over the 2 GiB cap).
import os
import select
import signal
import time

ready, told = os.pipe()
children = []
for _ in range(3):
    pid = os.fork()
    if pid == 0:
        os.close(ready)
        block = b"x" * (1200 * 2**20)  # filled, so every page is really in use
        os.write(told, b"1")
        signal.pause()
        os._exit(0)
    children.append(pid)
os.close(told)
held, ended, deadline = 0, set(), time.monotonic() + 8
while held + len(ended) < 3 and time.monotonic() < deadline:
    if select.select([ready], [], [], 0.2)[0]:
        held += len(os.read(ready, 3))
    ended |= {pid for pid in children if pid not in ended and os.waitpid(pid, os.WNOHANG)[0]}
if held == 3:
    print("ALLOCATED ALL", held)
for pid in children:
    if pid not in ended:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
os.close(ready)
