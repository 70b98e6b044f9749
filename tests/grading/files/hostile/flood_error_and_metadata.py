# cell: L2
# After a right L2: 10 MB of display metadata, 40 copies of a display updated with 2 MB each,
# and an error whose message (and so traceback) is 10 MB.
from IPython.display import display as _display

_display({"text/plain": "metadata"}, metadata={"junk": "m" * 10_000_000}, raw=True)
for _ in range(40):
    _display({"text/plain": "copy"}, display_id="flood", raw=True)
_display({"text/plain": "u" * 2_000_000}, display_id="flood", update=True, raw=True)
raise RuntimeError("e" * 10_000_000)
