# cell: L2
# Crash the kernel with a segmentation fault at the end of the last answer.
import ctypes

ctypes.string_at(0)
