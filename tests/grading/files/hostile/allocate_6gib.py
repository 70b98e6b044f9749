# Allocate and touch 6 GiB.
try:
    block = bytearray(6 * 2**30)
    print("ALLOCATED", len(block))
    del block
except MemoryError:
    pass
