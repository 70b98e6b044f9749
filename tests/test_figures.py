"""The committed figures in images/ are exactly what coursekit.figures draws."""

import numpy as np
import pytest
from PIL import Image

from coursekit.course import ROOT
from coursekit.figures import FIGURES, draw_all


@pytest.fixture(scope="module")
def redrawn(tmp_path_factory):
    """Return a folder holding a fresh drawing of every figure."""
    dest = tmp_path_factory.mktemp("figures")
    draw_all(dest, log=lambda message: None)
    return dest


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_committed_figure_matches_the_code(name, redrawn):
    """Is images/<name> what `make figures` draws now, pixel for pixel?"""
    committed = np.asarray(Image.open(ROOT / "images" / name).convert("RGB"))
    fresh = np.asarray(Image.open(redrawn / name).convert("RGB"))
    assert committed.shape == fresh.shape, f"{name}: run `make figures` and commit the result"
    assert np.array_equal(committed, fresh), f"{name}: run `make figures` and commit the result"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_is_small(name):
    """Does each figure stay small enough to ship in every assignment folder?"""
    assert (ROOT / "images" / name).stat().st_size < 200_000
