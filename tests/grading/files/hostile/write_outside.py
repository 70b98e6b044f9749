# Write outside the graded copy: host /tmp, the Python environment, the course folder.
import os
import sys

import numpy

targets = ["/tmp/coursekit-hostile-marker", "/var/tmp/coursekit-hostile-marker",
           os.path.join(os.path.dirname(numpy.__file__), "coursekit-hostile-marker"),
           os.path.join(sys.prefix, "coursekit-hostile-marker"), "../coursekit-hostile-marker",
           "/work/main/coursekit-hostile-marker"]
for path in targets:
    try:
        with open(path, "w") as f:
            f.write("x")
    except OSError:
        pass
