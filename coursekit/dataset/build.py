"""Build the cat / non-cat dataset from a fixed seed: split, pictures, HDF5, manifest, grid."""

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np
from PIL import Image, ImageDraw

from coursekit.course import ROOT
from coursekit.dataset.compose import SCENE_ODDS, compose
from coursekit.dataset.render import render, usable
from coursekit.dataset.sources import Artwork, cat_designs, ensure_packages, noncat_designs

SEED = 20240602
CLASSES = np.array([b"non-cat", b"cat"])
# Sizes and cat counts of the original course's files, so this is a drop-in replacement.
COUNTS = {"train": (209, 72), "test": (50, 33)}
TEST_DESIGN_SHARE = 1 / 3  # share of the cat designs kept for the test split
# A cat drawing kept out of both splits for the notebook's "try your own image" section.
MY_IMAGE_DESIGN = "svg:gatto_cat_architetto_fra_04"
# The files it is drawn into, and the backdrop of each (a scene of compose.SCENES).
MY_IMAGES = {"my_image.jpg": "indoor", "my_image_outdoors.jpg": "outdoor"}
MANIFEST_FIELDS = ("split", "index", "label", "class", "design", "source", "package", "license")


@dataclass(frozen=True)
class Split:
    """The pictures of one split, in file order.

    Attributes
    ----------
    x : ndarray of shape (m, 64, 64, 3), dtype uint8
        Pictures.
    y : ndarray of shape (m,), dtype int64
        Labels, 1 for cat.
    artworks : list of Artwork
        The artwork each picture was drawn from (length m).
    """

    x: np.ndarray
    y: np.ndarray
    artworks: list[Artwork]


def _take_share(rng, designs, share):
    """Shuffle ``designs`` and split them ``share`` / rest within each series.

    One-off designs (series ``"single"``) all go to the rest, the training side.
    """
    first, rest = [], []
    for family in sorted({d[0].family for d in designs}):
        group = [d for d in designs if d[0].family == family]
        order = rng.permutation(len(group))
        cut = 0 if family == "single" else max(1, round(len(group) * share))
        first += [group[i] for i in order[:cut]]
        rest += [group[i] for i in order[cut:]]
    return first, rest


def _cycle(designs, count):
    """Return ``count`` artworks taking designs in turn, and each design's versions in turn."""
    return [
        designs[i % len(designs)][(i // len(designs)) % len(designs[i % len(designs)])]
        for i in range(count)
    ]


def plan(seed: int = SEED) -> dict[str, list[Artwork]]:
    """Choose which artwork each picture of each split is drawn from.

    Cat designs are split about 1 : 2 between test and train within each kind of cat,
    and the non-cats of each split are distinct designs with the same share of emoji as that
    split's cats, so no design is in both splits and the two classes look alike in style.

    Returns
    -------
    dict
        ``{"train": [...], "test": [...]}``, lists of Artwork of length 209 and 50, in the order
        the pictures are stored.
    """
    rng = np.random.default_rng([seed, 0])
    cats = [d for d in cat_designs() if d[0].design != MY_IMAGE_DESIGN]
    test_cats, train_cats = _take_share(rng, cats, TEST_DESIGN_SHARE)
    noncats = noncat_designs()
    pools = {
        kind: [noncats[i] for i in rng.permutation(len(noncats)) if noncats[i][0].kind == kind]
        for kind in ("svg", "emoji")
    }
    chosen = {}
    for split, split_cats in (("test", test_cats), ("train", train_cats)):
        size, n_cats = COUNTS[split]
        cat_art = _cycle([split_cats[i] for i in rng.permutation(len(split_cats))], n_cats)
        n_emoji = round((size - n_cats) * sum(a.kind == "emoji" for a in cat_art) / n_cats)
        noncat_art = []
        for kind, count in (("emoji", n_emoji), ("svg", size - n_cats - n_emoji)):
            taken = []
            while len(taken) < count:
                design = pools[kind].pop(0)
                art = design[int(rng.integers(len(design)))]
                if usable(art):
                    taken.append(art)
            noncat_art += taken
        both = cat_art + noncat_art
        chosen[split] = [both[i] for i in rng.permutation(size)]
    return chosen


def picture_rng(seed: int, split: str, index: int) -> np.random.Generator:
    """Return the random stream of picture ``index`` of ``split`` (``"train"`` or ``"test"``)."""
    return np.random.default_rng([seed, ("train", "test").index(split) + 1, index])


def draw(
    artworks: list[Artwork], seed: int, split: str, odds: dict = SCENE_ODDS, sprites=None
) -> Split:
    """Compose one picture per artwork, each from its own seeded random stream.

    Parameters
    ----------
    artworks : list of Artwork
        What to draw, in order (length m).
    seed : int
        Build seed.
    split : str
        ``"train"`` or ``"test"``; part of each picture's stream, so the splits differ.
    odds : dict, default=SCENE_ODDS
        Backdrop odds per label (see :mod:`coursekit.dataset.compose`).
    sprites : list of PIL.Image.Image, optional
        What to paste instead of each artwork's drawing (length m); the probes pass an empty
        sprite to get the very same backdrops without the subject.

    Returns
    -------
    Split
        The pictures of shape (m, 64, 64, 3) and labels of shape (m,).
    """
    sprites = sprites or [render(art) for art in artworks]
    x = np.stack(
        [
            compose(sprite, picture_rng(seed, split, index), art.label, odds=odds)
            for index, (art, sprite) in enumerate(zip(artworks, sprites, strict=True))
        ]
    )
    y = np.array([art.label for art in artworks], dtype=np.int64)
    return Split(x, y, list(artworks))


def build(seed: int = SEED, odds: dict = SCENE_ODDS) -> dict[str, Split]:
    """Return both splits drawn from the fixed seed with backdrop ``odds`` (no files written)."""
    return {split: draw(art, seed, split, odds) for split, art in plan(seed).items()}


def write_h5(split: Split, name: str, path: Path) -> None:
    """Write a split in the original schema: ``{name}_set_x``, ``{name}_set_y``, classes."""
    with h5py.File(path, "w", track_order=False) as h5:
        # No timestamps, so an unchanged rebuild leaves the committed file unchanged too.
        options = {"track_times": False}
        h5.create_dataset(
            f"{name}_set_x", data=split.x, compression="gzip", compression_opts=9, **options
        )
        h5.create_dataset(f"{name}_set_y", data=split.y, **options)
        h5.create_dataset("list_classes", data=CLASSES, **options)


def write_manifest(splits: dict[str, Split], path: Path) -> None:
    """Write one CSV row per picture, with the columns of :data:`MANIFEST_FIELDS`."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MANIFEST_FIELDS)
        for name, split in splits.items():
            for index, art in enumerate(split.artworks):
                writer.writerow(
                    [
                        name,
                        index,
                        art.label,
                        CLASSES[art.label].decode(),
                        art.design,
                        art.source_name,
                        art.package,
                        art.license,
                    ]
                )


def write_samples(splits: dict[str, Split], path: Path, per_row: int = 8, zoom: int = 2) -> None:
    """Save a grid: rows of train cats, train non-cats, test cats, test non-cats, captioned."""
    tile, caption = 64 * zoom, 14
    rows = [(name, label) for name in ("train", "test") for label in (1, 0)]
    grid = Image.new(
        "RGB", (per_row * (tile + 4) + 4, len(rows) * (tile + caption + 4) + 4), "white"
    )
    pen = ImageDraw.Draw(grid)
    for r, (name, label) in enumerate(rows):
        split = splits[name]
        picks = np.flatnonzero(split.y == label)[:per_row]
        for c, index in enumerate(picks):
            left, top = 4 + c * (tile + 4), 4 + r * (tile + caption + 4)
            picture = Image.fromarray(split.x[index]).resize((tile, tile), Image.Resampling.NEAREST)
            grid.paste(picture, (left, top))
            pen.text((left, top + tile + 1), f"{name}[{index}] {CLASSES[label].decode()}", "black")
    # A 256-colour palette keeps the committed PNG small; the grid is for people, not training.
    grid.quantize(256, dither=Image.Dither.NONE).save(path, optimize=True)


def write_my_images(folder: Path, seed: int = SEED) -> None:
    """Draw the held-out cat design indoors and outdoors as 128×128 JPEGs in ``folder``.

    ``my_image.jpg`` shows it in a room and ``my_image_outdoors.jpg`` on sky over grass, for the
    notebook's "try your own image" section: one drawing on two backdrops, both of which cats and
    non-cats have alike in the training set.
    """
    art = next(d[0] for d in cat_designs() if d[0].design == MY_IMAGE_DESIGN)
    for name, scene in MY_IMAGES.items():
        rng = np.random.default_rng([seed, 99])
        picture = compose(render(art), rng, art.label, px=128, scene=scene)
        Image.fromarray(picture).save(folder / name, quality=92)


def main(root: Path = ROOT, seed: int = SEED) -> None:
    """Install the artwork if needed, build everything and write it under ``root``."""
    started = time.perf_counter()
    ensure_packages()
    splits = build(seed)
    datasets = root / "datasets"
    datasets.mkdir(exist_ok=True)
    for name, split in splits.items():
        write_h5(split, name, datasets / f"{name}_catvnoncat.h5")
        print(f"{name}: {len(split.y)} pictures, {int(split.y.sum())} cats")
    write_manifest(splits, datasets / "manifest.csv")
    write_samples(splits, datasets / "samples.png")
    (root / "images").mkdir(exist_ok=True)
    write_my_images(root / "images", seed)
    print(f"Wrote {datasets} and images/my_image*.jpg in {time.perf_counter() - started:.0f} s")
