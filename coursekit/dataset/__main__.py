"""``python -m coursekit.dataset``: rebuild datasets/ and images/my_image*.jpg from the seed."""

from coursekit.course import ROOT
from coursekit.dataset import build, probes

build.main()
probes.write_probe_files(ROOT / "datasets")
