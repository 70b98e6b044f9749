# cell: L2
# At the end of the last answer, fill 160 memfds with 16 MiB each: 2.5 GiB, over the cap,
# held by no process's address space.
import os

chunk = b"x" * 2**24
held = []
for _ in range(160):
    try:
        fd = os.memfd_create("flood")
        os.write(fd, chunk)
    except OSError:
        break
    held.append(fd)
if len(held) == 160:
    print("FILLED memfds", len(held) * 16, "MiB")
for fd in held:
    os.close(fd)
