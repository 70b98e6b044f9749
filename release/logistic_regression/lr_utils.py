"""Load the cat / non-cat pictures for the logistic-regression assignment."""

from pathlib import Path

import h5py
import numpy as np

FILES = {"train": "train_catvnoncat.h5", "test": "test_catvnoncat.h5"}
FIX = (
    "Put train_catvnoncat.h5 and test_catvnoncat.h5 in a 'datasets' folder next to the "
    "notebook (the course ships them), or pass load_dataset(path=...) the folder that has them."
)


def load_dataset(path="datasets"):
    """Load the training and test pictures, their labels and the class names.

    Reads ``train_catvnoncat.h5`` and ``test_catvnoncat.h5`` from the folder ``path``. Works with
    the files this course ships and with the original course's files (same keys and shapes).

    Parameters
    ----------
    path : str or Path, default="datasets"
        Folder holding the two files. The default is relative to the current working directory,
        which in Jupyter is the notebook's folder.

    Returns
    -------
    train_set_x_orig : ndarray of shape (m_train, num_px, num_px, 3), dtype uint8
        Training pictures, RGB values 0-255.
    train_set_y : ndarray of shape (1, m_train), dtype int64
        Training labels: 1 for cat, 0 for non-cat.
    test_set_x_orig : ndarray of shape (m_test, num_px, num_px, 3), dtype uint8
        Test pictures.
    test_set_y : ndarray of shape (1, m_test), dtype int64
        Test labels.
    classes : ndarray of shape (2,), dtype bytes
        Class names indexed by label: ``array([b'non-cat', b'cat'])``.

    Raises
    ------
    FileNotFoundError
        If the folder or one of the files is missing.
    ValueError
        If a file is not HDF5, lacks a key, or holds arrays of the wrong shape, dtype or count.

    Examples
    --------
    >>> train_x, train_y, test_x, test_y, classes = load_dataset()  # doctest: +SKIP
    >>> train_x.shape, train_y.shape, classes[train_y[0, 0]]  # doctest: +SKIP
    ((209, 64, 64, 3), (1, 209), b'non-cat')
    """
    folder = Path(path)
    if folder.is_file():
        raise FileNotFoundError(
            f"load_dataset(path=...) expects a folder, but {folder} is a file. {FIX}"
        )
    train_x, train_y, train_classes = _read_split(folder / FILES["train"], "train")
    test_x, test_y, _ = _read_split(folder / FILES["test"], "test")
    if train_x.shape[1:] != test_x.shape[1:]:
        raise ValueError(
            f"The training pictures are {train_x.shape[1:]} but the test pictures in "
            f"{folder / FILES['test']} are {test_x.shape[1:]}; both files must come from the "
            "same dataset."
        )
    return train_x, train_y.reshape(1, -1), test_x, test_y.reshape(1, -1), train_classes


def _read_split(file, split):
    """Read and check one file; return ``(x, y, classes)`` with ``y`` still of shape ``(m,)``."""
    if not file.exists():
        raise FileNotFoundError(f"Cannot find {file}. {FIX}")
    # Checked up front because h5py's own error ("file signature not found") hides the cause.
    if not h5py.is_hdf5(file):
        raise ValueError(
            f"{file} is not an HDF5 file (it may be truncated or a download error page). "
            f"Replace it with a good copy. {FIX}"
        )
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    with h5py.File(file, "r") as h5:
        for key in (x_key, y_key, "list_classes"):
            if key not in h5:
                raise ValueError(
                    f"{file} has no '{key}' dataset (it has {sorted(h5.keys())}); it is not a "
                    f"cat / non-cat {split} file. Replace it with the right file. {FIX}"
                )
        x, y, classes = h5[x_key][()], h5[y_key][()], h5["list_classes"][()]

    if x.ndim != 4 or x.shape[1] != x.shape[2] or x.shape[3] != 3 or x.dtype != np.uint8:
        raise ValueError(
            f"'{x_key}' in {file} has shape {x.shape} and dtype {x.dtype}; expected uint8 "
            f"pictures of shape (m, num_px, num_px, 3). Replace the file with the right one."
        )
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"'{y_key}' in {file} has shape {y.shape} and dtype {y.dtype}; expected integer "
            f"labels of shape (m,). Replace the file with the right one."
        )
    if y.shape[0] != x.shape[0]:
        raise ValueError(
            f"{file} has {x.shape[0]} pictures in '{x_key}' but {y.shape[0]} labels in "
            f"'{y_key}'; every picture needs exactly one label. Replace the file with a good copy."
        )
    if not np.isin(y, (0, 1)).all():
        raise ValueError(
            f"'{y_key}' in {file} holds labels {sorted(np.unique(y).tolist())}; expected only "
            "0 (non-cat) and 1 (cat). Replace the file with the right one."
        )
    if classes.shape != (2,) or classes.dtype.kind != "S":
        raise ValueError(
            f"'list_classes' in {file} is {classes!r}; expected array([b'non-cat', b'cat']). "
            "Replace the file with the right one."
        )
    return x, y.astype(np.int64), classes
