# cell: L2
# Quit the kernel at the end of the last answer.
import os

os._exit(1)
