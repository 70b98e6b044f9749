# cell: softmax
# Loop forever in one answer, ignoring interrupts.
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass
