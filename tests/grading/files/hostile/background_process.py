# Leave a process running after grading, in its own session.
import subprocess

subprocess.Popen(["sleep", "987"], start_new_session=True)
