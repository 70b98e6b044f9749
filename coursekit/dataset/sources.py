"""The artwork the dataset is drawn from: which files and emoji, their labels and licenses."""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from coursekit.system import MissingSystemPackage, install_command, require_system_package

CLIPART_PACKAGE = "openclipart-svg"
EMOJI_PACKAGE = "fonts-noto-color-emoji"
RASTERIZER_PACKAGE = "librsvg2-bin"
APT_PACKAGES = (CLIPART_PACKAGE, EMOJI_PACKAGE, RASTERIZER_PACKAGE)

CLIPART_ROOT = Path("/usr/share/openclipart/svg")
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
CLIPART_LICENSE = "public domain (Open Clip Art Library dedication)"
EMOJI_LICENSE = "SIL OFL 1.1"

# Cat artwork by series (one artist's set, or one emoji set), one tuple per design: SVG paths
# under animals/mammals/ or emoji. Files that are versions of one drawing (outline and colour,
# two exports of one cartoon, the nine expressive emoji cat faces on one head) share a design,
# so they never end up on both sides of the split. A series of several designs gives the test
# split new drawings in a style the training split has seen, as new photos of cats would be;
# the one-off drawings ("single") all train.
CATS = {
    "architetto housecats": (
        ("housecats/gattina_cat_architetto_f_01.svg",),
        ("housecats/gatto_cat_architetto_fra_01.svg",),
        ("housecats/gatto_cat_architetto_fra_02.svg",),
        ("housecats/gatto_cat_architetto_fra_03.svg",),
        ("housecats/gatto_cat_architetto_fra_04.svg",),
        ("housecats/gatto_nero_architetto_fr_01.svg",),
    ),
    "architetto big cats": (
        ("big_cats/tigre01_architetto_franc_01.svg",),
        ("big_cats/tigre02_architetto_franc_01.svg",),
        ("big_cats/tigre03_architetto_franc_01.svg",),
        ("big_cats/tigre04_architetto_franc_01.svg",),
        ("big_cats/tigre05_architetto_franc_01.svg",),
        ("big_cats/leone_01_architetto_fran_01.svg",),
        ("big_cats/leone_02_architetto_fran_01.svg",),
        ("big_cats/leone_architetto_frances_01.svg",),
    ),
    "gerald_g cartoons": (
        ("housecats/kitten_gerald_g._01.svg",),
        ("cartoon_cat_gerald_g._01.svg", "cartoon_cat_gerald_g._02.svg"),
    ),
    "noto cat faces": (
        ("😺", "😸", "😹", "😻", "😼", "😽", "🙀", "😿", "😾"),
        ("🐱",),
    ),
    "noto cat animals": (("🐈",), ("🐈\u200d⬛",), ("🐯",), ("🐅",), ("🦁",), ("🐆",)),
    "single": (
        ("big_cats/b_w_tiger_susan_park_01.svg", "big_cats/color_tiger_susan_park_01.svg"),
        ("big_cats/tiger_graig_ryan_smith_-_01.svg",),
        ("big_cats/contour_cheetah.svg",),
        ("housecats/le_mie_tigri_preferite_a_01.svg",),
        ("housecats/sleeping_cat_rgolan_sup_r.svg", "housecats/sleeping_cat_ron_golan_01.svg"),
    ),
}

# Folders of pictures of one clear thing: animals first (the hard negatives), then everyday
# objects. Diagrams, icons, signs, flags and text-heavy folders are left out.
NONCAT_FOLDERS = (
    "animals",
    "animals/birds",
    "animals/bugs",
    "animals/dinosaurs",
    "animals/fish",
    "animals/mammals",
    "animals/mammals/bears",
    "animals/mammals/dogs",
    "animals/mammals/horses",
    "buildings/furniture",
    "buildings/homes",
    "containers",
    "food/beverages",
    "food/desserts",
    "food/fruit",
    "food/vegetables",
    "plants/flowers",
    "plants/trees",
    "recreation/toys",
    "transportation/vehicles",
)
# File names to keep out of the non-cats: anything that may show a cat, plus logos, mascots,
# fan art, flags and pictures that are mostly lettering.
NONCAT_EXCLUDE = re.compile(
    r"cat|gatt|gatin|tig[er]|leon|lion|kitt|cheetah|felin|tux|logo|emule|mascot|flag|"
    r"skoynk|shaezy|squeek|mhooo|orme|tatoo|three_eyes|dead_frogs|barcode|ticket|sign"
)

NONCAT_EMOJI = tuple(
    "🐶🐕🐩🐺🦊🦝🐻🐼🐨🐰🐭🐹🐮🐷🐸🐵🐔🐧🐦🦉🦆🐴🦄🐘🦒🦓🐪🦘🐢🐍🐟🐬🐳🦈🦋🐝🐞🐌🐙🦀🦔🐿🦥🦦🦌🐄"
    "🐑🐐🐇🐁🦜🦩🦚🐊🦖"
    "😀😃😄😁😆😊🙂😍😎🤔😴😮🤠🥳😇🤓"
    "🍎🍌🍇🍓🍒🍑🍍🥝🥕🌽🍄🥦🍞🧀🍔🍕🍩🍪🎂🍦☕🍵"
    "🌻🌷🌹🌵🌲🌳🍁🌈⛄"
    "🚗🚕🚌🚒🚲🛵🚂✈🚀⛵🏠🏰⛺"
    "⚽🏀🎈🎁🎸🎹🥁📷💡⏰🔑🧸👟👒🎩🪁🪀🧶"
)


@dataclass(frozen=True)
class Artwork:
    """One picture the builder can draw.

    Attributes
    ----------
    design : str
        Name of the drawing; versions of one drawing share it, and the split keeps each design
        on one side.
    label : int
        1 for cat, 0 for non-cat.
    kind : str
        ``"svg"`` for clip art, ``"emoji"`` for a font glyph.
    source : str
        Path of the SVG file relative to :data:`CLIPART_ROOT`, or the emoji text.
    package : str
        Debian package that ships it.
    license : str
        License of the artwork.
    family : str
        Series the cat drawing belongs to (a key of :data:`CATS`), or ``"non-cat"``.
    """

    design: str
    label: int
    kind: str
    source: str
    package: str
    license: str
    family: str = "non-cat"

    @property
    def source_name(self) -> str:
        """How the manifest names the source: the SVG path or the emoji's code points."""
        if self.kind == "svg":
            return f"{CLIPART_ROOT}/{self.source}"
        codes = " ".join(f"U+{ord(ch):04X}" for ch in self.source)
        return f"{EMOJI_FONT.name} {codes}"


def _svg(design, path, label, family="non-cat"):
    return Artwork(design, label, "svg", path, CLIPART_PACKAGE, CLIPART_LICENSE, family)


def _emoji(design, text, label, family="non-cat"):
    return Artwork(design, label, "emoji", text, EMOJI_PACKAGE, EMOJI_LICENSE, family)


def _design_name(path):
    """Name a clip-art design by its file stem without its version or black-and-white suffix."""
    stem = Path(path).stem
    return "svg:" + re.sub(r"(_bw)?(_\d+|_r|_)?$", "", re.sub(r"_bw_", "_", stem))


def cat_designs() -> list[list[Artwork]]:
    """Return every cat design as a list of its artworks, in a fixed order."""
    designs = []
    for family, family_designs in CATS.items():
        for sources in family_designs:
            # Each tuple is one drawing by construction, so its first entry names it as it is.
            if sources[0].endswith(".svg"):
                name = f"svg:{Path(sources[0]).stem}"
                designs.append(
                    [_svg(name, f"animals/mammals/{path}", 1, family) for path in sources]
                )
            else:
                designs.append([_emoji(f"emoji:{sources[0]}", text, 1, family) for text in sources])
    return designs


def noncat_designs(root: Path = CLIPART_ROOT) -> list[list[Artwork]]:
    """Return every non-cat design found under ``root`` and in the emoji list, in a fixed order.

    Files with the same design name (say a colour and an outline version, or one drawing filed
    in two folders) are grouped into one design.
    """
    by_design: dict[str, list[Artwork]] = {}
    # An absent collection would glob to nothing and silently change the plan.
    require_system_package(CLIPART_PACKAGE, root)
    for folder in NONCAT_FOLDERS:
        for path in sorted((root / folder).glob("*.svg")):
            if NONCAT_EXCLUDE.search(path.name.lower()):
                continue
            relative = path.relative_to(root).as_posix()
            art = _svg(_design_name(relative), relative, 0)
            group = by_design.setdefault(art.design, [])
            # One file filed in two folders is one artwork, not two.
            if all(Path(other.source).name != path.name for other in group):
                group.append(art)
    designs = [by_design[name] for name in sorted(by_design)]
    designs += [[_emoji(f"emoji:{text}", text, 0)] for text in NONCAT_EMOJI]
    return designs


def missing_packages() -> list[str]:
    """Return the Debian packages from :data:`APT_PACKAGES` that are not installed."""
    needs = {
        CLIPART_PACKAGE: CLIPART_ROOT,
        EMOJI_PACKAGE: EMOJI_FONT,
        RASTERIZER_PACKAGE: "rsvg-convert",
    }
    missing = []
    for name in APT_PACKAGES:
        try:
            require_system_package(name, needs[name])
        except MissingSystemPackage:
            missing.append(name)
    return missing


def ensure_packages(log=print) -> None:
    """Install the missing Debian packages with apt-get, or raise saying how to.

    Runs ``apt-get update`` and ``apt-get install -y`` non-interactively when the process is
    root; otherwise raises ``MissingSystemPackage`` with the command to run, so a build or test
    never silently goes ahead without its artwork.
    """
    missing = missing_packages()
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise MissingSystemPackage(
            f"The dataset build needs the Debian packages {', '.join(missing)}. "
            f"Install them with: {install_command(*missing)}"
        )
    log(f"Installing {', '.join(missing)} with apt-get ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*command[:2], "-qq", *command[2:]], check=True, env=env)
    still = missing_packages()
    if still:
        raise RuntimeError(f"apt-get finished but {', '.join(still)} is still missing")
