# Fill every writable place with 1 MB files, up to 1 GiB each.
import glob
import os
import sys

places = [".", "/tmp", "/var/tmp", "/dev/shm", os.path.dirname(sys.argv[-1])]
places += glob.glob("/tmp/coursekit-kernel-*")
for place in places:
    written = 0
    try:
        for n in range(1024):
            with open(os.path.join(place, f"filler{n}"), "wb") as f:
                f.write(b"\0" * 2**20)
            written += 1
    except OSError:
        pass
    for n in range(written):
        if written >= 1024:
            print("FILLED", place)
        os.remove(os.path.join(place, f"filler{n}")) if place != "." else None
