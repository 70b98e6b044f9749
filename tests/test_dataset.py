"""Tests for the shipped cat / non-cat dataset and its builder, coursekit.dataset."""

import csv

import h5py
import numpy as np
import pytest
from numpy.testing import assert_array_equal

from coursekit.course import ROOT
from coursekit.dataset import build, sources

DATASETS = ROOT / "datasets"
LICENSES = {sources.CLIPART_LICENSE, sources.EMOJI_LICENSE}


def read(split):
    """Return ``(x, y, classes)`` of the committed ``split`` file, read with h5py directly."""
    with h5py.File(DATASETS / f"{split}_catvnoncat.h5", "r") as h5:
        return h5[f"{split}_set_x"][()], h5[f"{split}_set_y"][()], h5["list_classes"][()]


def manifest():
    """Return the rows of datasets/manifest.csv as dicts."""
    with open(DATASETS / "manifest.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def train_logistic_regression(x, y, learning_rate, iterations=2000):
    """Train the course's logistic regression; return ``(w, b, final_cost)``.

    ``x`` has shape (n_x, m) and ``y`` shape (1, m): zeros init, sigmoid, cross-entropy cost
    and plain gradient descent, as Assignment 2 builds it.
    """
    w, b, m = np.zeros((x.shape[0], 1)), 0.0, x.shape[1]
    for _ in range(iterations):
        a = 1 / (1 + np.exp(-(w.T @ x + b)))
        w -= learning_rate * (x @ (a - y).T) / m
        b -= learning_rate * float(np.mean(a - y))
    a = 1 / (1 + np.exp(-(w.T @ x + b)))
    cost = -float(np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))
    return w, b, cost


def accuracy(w, b, x, y):
    """Percentage of pictures whose prediction (activation > 0.5) matches the label."""
    return 100 * float(np.mean(((1 / (1 + np.exp(-(w.T @ x + b)))) > 0.5) == y))


@pytest.mark.parametrize(("split", "m", "cats"), [("train", 209, 72), ("test", 50, 33)])
def test_files_have_the_original_schema(split, m, cats):
    """Does each shipped file have the original keys, dtypes, shapes and cat count?"""
    with h5py.File(DATASETS / f"{split}_catvnoncat.h5", "r") as h5:
        assert sorted(h5.keys()) == sorted([f"{split}_set_x", f"{split}_set_y", "list_classes"])
    x, y, classes = read(split)
    assert x.shape == (m, 64, 64, 3) and x.dtype == np.uint8
    assert y.shape == (m,) and y.dtype == np.int64
    assert int(y.sum()) == cats, f"{split} should have {cats} cats like the original"
    assert_array_equal(classes, [b"non-cat", b"cat"], err_msg="list_classes differs")


def test_manifest_describes_every_picture():
    """Does the manifest have one row per picture, with the file's label and a license?"""
    rows = manifest()
    for split in ("train", "test"):
        _, y, _ = read(split)
        labels = [int(r["label"]) for r in rows if r["split"] == split]
        indexes = [int(r["index"]) for r in rows if r["split"] == split]
        assert indexes == list(range(len(y))), f"{split} rows are not indexes 0..m-1 in order"
        assert_array_equal(labels, y, err_msg=f"manifest labels differ from {split}_set_y")
    assert {r["license"] for r in rows} <= LICENSES
    assert {r["package"] for r in rows} <= {sources.CLIPART_PACKAGE, sources.EMOJI_PACKAGE}


def test_no_design_in_both_splits():
    """Is every artwork design used on one side of the split only, and my_image's on neither?"""
    rows = manifest()
    train = {r["design"] for r in rows if r["split"] == "train"}
    test = {r["design"] for r in rows if r["split"] == "test"}
    assert not train & test, f"designs in both splits: {sorted(train & test)}"
    assert build.MY_IMAGE_DESIGN not in train | test


def test_plan_keeps_designs_apart():
    """Does the builder's plan (not only the committed manifest) keep the splits apart?"""
    chosen = build.plan()
    train = {art.design for art in chosen["train"]}
    test = {art.design for art in chosen["test"]}
    assert not train & test
    assert [sum(a.label for a in chosen[s]) for s in ("train", "test")] == [72, 33]


def test_samples_grid_and_my_image_exist():
    """Are the sample grid and the "try your own image" picture there and small?"""
    assert (DATASETS / "samples.png").stat().st_size < 300_000
    assert (ROOT / "images" / "my_image.jpg").stat().st_size < 50_000


def test_missing_packages_fail_loudly_without_root(monkeypatch):
    """Does the build refuse, naming the apt-get command, when it cannot install packages?"""
    monkeypatch.setattr(sources, "missing_packages", lambda: ["openclipart-svg"])
    monkeypatch.setattr(sources.os, "geteuid", lambda: 1000)
    with pytest.raises(RuntimeError, match=r"apt-get install -y .*openclipart-svg"):
        sources.ensure_packages()


@pytest.mark.slow
def test_rebuild_gives_identical_arrays():
    """Does rebuilding from the fixed seed give exactly the committed arrays?"""
    # Installs the Debian artwork when missing (root, as in CI) or raises: never a silent skip.
    sources.ensure_packages()
    splits = build.build()
    for name, split in splits.items():
        x, y, _ = read(name)
        assert_array_equal(split.x, x, err_msg=f"{name}_set_x differs: run `make dataset`")
        assert_array_equal(split.y, y, err_msg=f"{name}_set_y differs: run `make dataset`")


@pytest.fixture(scope="module")
def flattened():
    """Return the shipped data flattened and scaled as the notebook does it."""
    x, y, _ = read("train")
    xt, yt, _ = read("test")
    flat = [a.reshape(a.shape[0], -1).T / 255 for a in (x, xt)]
    return flat[0], y.reshape(1, -1), flat[1], yt.reshape(1, -1)


@pytest.mark.slow
def test_lesson_holds_on_shipped_data(flattened):
    """Does the course's model fit the training set (≥ 95 %) yet test at 66-85 %?"""
    x, y, xt, yt = flattened
    w, b, _ = train_logistic_regression(x, y, learning_rate=0.005)
    train_acc, test_acc = accuracy(w, b, x, y), accuracy(w, b, xt, yt)
    assert train_acc >= 95, f"train accuracy {train_acc:.1f} % < 95 %: the model cannot fit"
    assert 66 <= test_acc <= 85, f"test accuracy {test_acc:.1f} % is outside 66-85 %"


@pytest.mark.slow
def test_small_learning_rate_ends_higher(flattened):
    """Does learning rate 0.0001 end with a clearly higher cost than 0.005?"""
    x, y, _, _ = flattened
    cost_fast = train_logistic_regression(x, y, learning_rate=0.005)[2]
    cost_slow = train_logistic_regression(x, y, learning_rate=0.0001)[2]
    assert cost_slow > cost_fast + 0.1, f"costs: 0.0001 → {cost_slow:.3f}, 0.005 → {cost_fast:.3f}"
