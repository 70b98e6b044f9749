"""Shortcut probes: does a model of the cat pictures answer from the drawing or the backdrop?

Built from the dataset's own plan and random streams, for the test split:

- **contexts**: every test picture with its drawing left out: the very same backdrop, blur and
  noise, nothing pasted on it;
- **swapped**: every test drawing on a backdrop of a kind drawn with the *other* class's odds;
- **brightness**: a plain grey picture of every brightness 0-255.

A model that learned the drawings scores on *swapped* about what it scores on the test set and on
*contexts* no better than always answering the majority class. The same probes on the
shortcut-lesson copy (pictures drawn with :data:`~coursekit.dataset.compose.SHORTCUT_SCENE_ODDS`)
show the opposite. :func:`write_probe_files` stores both, so students, who lack the artwork, can
run them in Assignment 2.
"""

from pathlib import Path

import h5py
import numpy as np
from PIL import Image

from coursekit.dataset.build import CLASSES, SEED, Split, draw, picture_rng, plan
from coursekit.dataset.compose import SCENE_ODDS, SCENES, SHORTCUT_SCENE_ODDS, compose
from coursekit.dataset.render import SPRITE, render
from coursekit.dataset.sources import Artwork

PROBE_FILE = "probes_catvnoncat.h5"  # probes of the shipped test set
SHORTCUT_FILE = "shortcut_catvnoncat.h5"  # the biased teaching copy and its probes
SWAP_STREAM = 7  # extra seed word for the swapped backdrop's kind, apart from the picture's own


def contexts(artworks: list[Artwork], seed: int, split: str, odds: dict = SCENE_ODDS) -> Split:
    """Draw every picture of ``split`` without its subject.

    The picture's own random stream is used with a fully transparent sprite, so backdrop, blur
    and noise are exactly those of the real picture.

    Returns
    -------
    Split
        Pictures of shape (m, 64, 64, 3) and the labels of the pictures they were taken from.
    """
    empty = Image.new("RGBA", (SPRITE, SPRITE), (0, 0, 0, 0))
    return draw(artworks, seed, split, odds, sprites=[empty] * len(artworks))


def swapped(artworks: list[Artwork], seed: int, split: str, odds: dict = SCENE_ODDS) -> Split:
    """Draw every picture of ``split`` on a backdrop kind picked with the other class's odds.

    Returns
    -------
    Split
        Pictures of shape (m, 64, 64, 3) and their true labels of shape (m,).
    """
    pictures = []
    for index, art in enumerate(artworks):
        picker = np.random.default_rng([seed, SWAP_STREAM, index])
        scene = SCENES[picker.choice(len(SCENES), p=odds[1 - art.label])]
        rng = picture_rng(seed, split, index)
        pictures.append(compose(render(art), rng, art.label, scene=scene, odds=odds))
    labels = np.array([art.label for art in artworks], dtype=np.int64)
    return Split(np.stack(pictures), labels, list(artworks))


def brightness_sweep(px: int = 64) -> np.ndarray:
    """Return plain grey pictures of shape (256, px, px, 3), uint8, picture ``v`` all ``v``."""
    return np.broadcast_to(np.arange(256, dtype=np.uint8)[:, None, None, None], (256, px, px, 3))


def probe_sets(seed: int = SEED, odds: dict = SCENE_ODDS) -> dict[str, Split]:
    """Return the test split and its two probes drawn with backdrop ``odds``.

    Returns
    -------
    dict
        ``{"test": ..., "swapped": ..., "contexts": ...}``, each a Split of 50 pictures.
    """
    artworks = plan(seed)["test"]
    return {
        "test": draw(artworks, seed, "test", odds),
        "swapped": swapped(artworks, seed, "test", odds),
        "contexts": contexts(artworks, seed, "test", odds),
    }


def probe_table(w: np.ndarray, b: float, sets: dict[str, np.ndarray], y: np.ndarray) -> dict:
    """Score a logistic-regression model on the probes.

    Parameters
    ----------
    w : ndarray of shape (64 * 64 * 3, 1)
        Weights learned on pixels / 255.
    b : float
        Bias.
    sets : dict
        ``{"test": x, "swapped": x, "contexts": x}``, each x of shape (m, 64, 64, 3), uint8.
    y : ndarray of shape (m,)
        True labels of the test pictures.

    Returns
    -------
    dict
        Accuracy in percent for each set, ``"majority"`` (always answering the test set's most
        common class), and for the brightness sweep ``"grey_called_cat"`` (how many of the 256
        grey pictures get activation > 0.5) and ``"grey_activation"`` (lowest, highest).
    """

    def activations(x):
        flat = x.reshape(x.shape[0], -1).T / 255
        return (1 / (1 + np.exp(-(w.T @ flat + b))))[0]

    table = {name: 100 * float(np.mean((activations(x) > 0.5) == y)) for name, x in sets.items()}
    table["majority"] = 100 * max(float(np.mean(y)), 1 - float(np.mean(y)))
    grey = activations(brightness_sweep(int(np.sqrt(w.shape[0] // 3))))
    table["grey_called_cat"] = int(np.sum(grey > 0.5))
    table["grey_activation"] = (float(grey.min()), float(grey.max()))
    return table


def _write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    with h5py.File(path, "w", track_order=False) as h5:
        for key, value in arrays.items():
            # Compressed and without timestamps, so an unchanged rebuild leaves the file unchanged.
            options = {"compression": "gzip", "compression_opts": 9} if value.ndim > 1 else {}
            h5.create_dataset(key, data=value, track_times=False, **options)


def write_probe_files(folder: Path, seed: int = SEED) -> None:
    """Write :data:`PROBE_FILE` and :data:`SHORTCUT_FILE` into ``folder``.

    :data:`PROBE_FILE` holds ``test_swapped_x``, ``test_contexts_x`` (50 × 64 × 64 × 3, uint8)
    and ``test_set_y`` for the shipped test set. :data:`SHORTCUT_FILE` holds the shortcut copy:
    ``train_set_x/y`` and ``test_set_x/y`` in the dataset's own schema (the same drawings as the
    shipped files, on class-specific backdrops) plus its ``test_swapped_x`` and
    ``test_contexts_x``.
    """
    honest = probe_sets(seed, SCENE_ODDS)
    _write(
        folder / PROBE_FILE,
        {
            "test_swapped_x": honest["swapped"].x,
            "test_contexts_x": honest["contexts"].x,
            "test_set_y": honest["test"].y,
        },
    )
    biased = probe_sets(seed, SHORTCUT_SCENE_ODDS)
    train = draw(plan(seed)["train"], seed, "train", SHORTCUT_SCENE_ODDS)
    _write(
        folder / SHORTCUT_FILE,
        {
            "train_set_x": train.x,
            "train_set_y": train.y,
            "test_set_x": biased["test"].x,
            "test_set_y": biased["test"].y,
            "test_swapped_x": biased["swapped"].x,
            "test_contexts_x": biased["contexts"].x,
            "list_classes": CLASSES,
        },
    )
    print(f"Wrote {folder / PROBE_FILE} and {folder / SHORTCUT_FILE}")
