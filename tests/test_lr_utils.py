"""Tests for ``lr_utils.load_dataset``: shipped files, the original files, and bad input."""

from pathlib import Path

import h5py
import numpy as np
import pytest
from numpy.testing import assert_array_equal

import lr_utils
from lr_utils import load_dataset

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = ROOT.parent / "shared" / "conformance" / "original-catvnoncat"
CLASSES = np.array([b"non-cat", b"cat"])


def write_split(folder, split, x, y, classes=CLASSES, drop=None):
    """Write one tiny split file in the original schema, leaving out the key ``drop``."""
    arrays = {f"{split}_set_x": x, f"{split}_set_y": y, "list_classes": classes}
    with h5py.File(folder / lr_utils.FILES[split], "w") as h5:
        for key, value in arrays.items():
            if key != drop:
                h5.create_dataset(key, data=value)


@pytest.fixture
def tiny(tmp_path):
    """Make a valid dataset folder with 4 training and 2 test pictures of 8x8 pixels."""
    rng = np.random.default_rng(0)
    write_split(
        tmp_path,
        "train",
        rng.integers(0, 256, (4, 8, 8, 3), dtype=np.uint8),
        np.array([0, 1, 1, 0]),
    )
    write_split(
        tmp_path, "test", rng.integers(0, 256, (2, 8, 8, 3), dtype=np.uint8), np.array([1, 0])
    )
    return tmp_path


def test_tiny_folder_loads_with_course_shapes(tiny):
    """Does a valid folder load as five arrays with labels reshaped to (1, m)?"""
    train_x, train_y, test_x, test_y, classes = load_dataset(path=tiny)
    assert train_x.shape == (4, 8, 8, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (2, 8, 8, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 4) and train_y.dtype == np.int64
    assert test_y.shape == (1, 2) and test_y.dtype == np.int64
    assert_array_equal(train_y, [[0, 1, 1, 0]], err_msg="training labels changed on loading")
    assert_array_equal(classes, CLASSES, err_msg="classes must be the byte-string array")


def test_default_path_is_datasets_in_working_directory(tiny, tmp_path_factory, monkeypatch):
    """Does load_dataset() with no argument read ./datasets from the current directory?"""
    notebook_dir = tmp_path_factory.mktemp("notebook")
    tiny.rename(notebook_dir / "datasets")
    monkeypatch.chdir(notebook_dir)
    train_x, *_ = load_dataset()
    assert train_x.shape == (4, 8, 8, 3)


def test_shipped_files_load():
    """Do the committed datasets/*.h5 load with the original counts, 72 and 33 cats?"""
    train_x, train_y, test_x, test_y, classes = load_dataset(path=ROOT / "datasets")
    assert train_x.shape == (209, 64, 64, 3) and test_x.shape == (50, 64, 64, 3)
    assert (int(train_y.sum()), int(test_y.sum())) == (72, 33)
    assert_array_equal(classes, CLASSES, err_msg="shipped list_classes differs from the original")


@pytest.mark.conformance
def test_original_files_load():
    """Do the original course's files load with the published shapes and pixel values?"""
    if not ORIGINAL.is_dir():
        pytest.skip(f"original course files not present at {ORIGINAL} (not redistributable)")
    train_x, train_y, test_x, test_y, classes = load_dataset(path=ORIGINAL)
    assert (train_x.shape[0], test_x.shape[0], train_x.shape[1]) == (209, 50, 64)
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert_array_equal(
        train_x.reshape(train_x.shape[0], -1)[1, :10],
        [196, 192, 190, 193, 186, 182, 188, 179, 174, 213],
        err_msg="second training picture's first ten values differ from the original's",
    )
    assert_array_equal(classes, CLASSES, err_msg="original list_classes not returned as stored")


def test_missing_folder_names_file_and_fix(tmp_path):
    """Does a missing dataset folder raise FileNotFoundError naming the file and the fix?"""
    with pytest.raises(FileNotFoundError, match=r"Cannot find .*train_catvnoncat\.h5.*path="):
        load_dataset(path=tmp_path / "nowhere")


def test_missing_test_file_is_named(tiny):
    """Is the test file named when only it is missing?"""
    (tiny / "test_catvnoncat.h5").unlink()
    with pytest.raises(FileNotFoundError, match=r"test_catvnoncat\.h5.*'datasets' folder"):
        load_dataset(path=tiny)


def test_path_to_a_file_is_refused(tiny):
    """Does passing a file instead of the folder say that a folder is expected?"""
    with pytest.raises(FileNotFoundError, match="expects a folder"):
        load_dataset(path=tiny / "train_catvnoncat.h5")


def test_not_hdf5_names_file(tiny):
    """Does a file that is not HDF5 get a message naming it and saying to replace it?"""
    (tiny / "train_catvnoncat.h5").write_text("<html>404 Not Found</html>")
    with pytest.raises(ValueError, match=r"train_catvnoncat\.h5 is not an HDF5 file.*Replace"):
        load_dataset(path=tiny)


@pytest.mark.parametrize("drop", ["train_set_x", "train_set_y", "list_classes"])
def test_missing_key_is_named(tiny, drop):
    """Does a file without one of the three keys name that key and the file?"""
    x = np.zeros((4, 8, 8, 3), np.uint8)
    write_split(tiny, "train", x, np.array([0, 1, 1, 0]), drop=drop)
    with pytest.raises(ValueError, match=rf"train_catvnoncat\.h5 has no '{drop}' dataset"):
        load_dataset(path=tiny)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (np.zeros((4, 8, 8), np.uint8), [0, 1, 1, 0], r"'train_set_x' .* shape \(4, 8, 8\)"),
        (np.zeros((4, 8, 8, 4), np.uint8), [0, 1, 1, 0], r"expected uint8 pictures of shape"),
        (np.zeros((4, 8, 8, 3), np.float32), [0, 1, 1, 0], r"dtype float32; expected uint8"),
        (np.zeros((4, 8, 8, 3), np.uint8), [[0, 1, 1, 0]], r"'train_set_y' .* shape \(1, 4\)"),
        (np.zeros((4, 8, 8, 3), np.uint8), [0.0, 1.0, 1.0, 0.0], r"dtype float64; expected int"),
        (np.zeros((4, 8, 8, 3), np.uint8), [0, 1, 1], r"4 pictures .* but 3 labels"),
        (np.zeros((4, 8, 8, 3), np.uint8), [0, 1, 2, 0], r"labels \[0, 1, 2\]; expected only"),
    ],
    ids=["x-3d", "x-4-channels", "x-float", "y-2d", "y-float", "count-mismatch", "label-2"],
)
def test_bad_arrays_are_explained(tiny, x, y, message):
    """Does each wrong shape, dtype or label count give a message naming the problem?"""
    write_split(tiny, "train", x, np.array(y))
    with pytest.raises(ValueError, match=message):
        load_dataset(path=tiny)


def test_bad_classes_are_explained(tiny):
    """Does a list_classes that is not two byte strings get a clear message?"""
    write_split(
        tiny, "train", np.zeros((4, 8, 8, 3), np.uint8), np.array([0, 1, 1, 0]), np.array([0, 1])
    )
    with pytest.raises(ValueError, match=r"'list_classes' .* expected array\(\[b'non-cat'"):
        load_dataset(path=tiny)


def test_train_and_test_sizes_must_agree(tiny):
    """Does a test file with a different picture size than the training file get refused?"""
    write_split(tiny, "test", np.zeros((2, 16, 16, 3), np.uint8), np.array([1, 0]))
    with pytest.raises(ValueError, match=r"training pictures are \(8, 8, 3\) .* \(16, 16, 3\)"):
        load_dataset(path=tiny)
