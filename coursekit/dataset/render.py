"""Rasterize clip art (SVG, through rsvg-convert) and emoji (through Pillow) to RGBA sprites."""

import io
import subprocess
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from coursekit.dataset.sources import (
    CLIPART_PACKAGE,
    CLIPART_ROOT,
    EMOJI_FONT,
    EMOJI_PACKAGE,
    RASTERIZER_PACKAGE,
    Artwork,
)
from coursekit.system import require_system_package

SPRITE = 128  # longest side of a sprite in pixels: twice the 64-pixel picture, for clean scaling
RENDER_BOX = 512  # SVGs are drawn this large first, so a small drawing on a big page stays sharp
EMOJI_SIZE = 109  # the one size at which Noto Color Emoji's bitmaps exist
MAX_ASPECT = 3  # longer side over shorter side; longer drawings are too thin to see at 64 px


def render(art: Artwork) -> Image.Image:
    """Return ``art`` as an RGBA image cropped to its drawing, longest side :data:`SPRITE`.

    Parameters
    ----------
    art : Artwork
        The clip art or emoji to draw.

    Returns
    -------
    PIL.Image.Image
        RGBA image of size (width, height) with ``max(width, height) == SPRITE``; transparent
        where there is no drawing.
    """
    image = _render_svg(art.source) if art.kind == "svg" else _render_emoji(art.source)
    return image.copy()


@cache
def _render_svg(relative_path: str) -> Image.Image:
    rasterizer = require_system_package(RASTERIZER_PACKAGE, "rsvg-convert")
    svg = require_system_package(CLIPART_PACKAGE, CLIPART_ROOT) / relative_path
    png = subprocess.run(
        [
            str(rasterizer),
            "--width",
            str(RENDER_BOX),
            "--height",
            str(RENDER_BOX),
            "--keep-aspect-ratio",
            "--format",
            "png",
            str(svg),
        ],
        check=True,
        capture_output=True,
    ).stdout
    return _fit(Image.open(io.BytesIO(png)).convert("RGBA"))


@cache
def _render_emoji(text: str) -> Image.Image:
    font = ImageFont.truetype(str(require_system_package(EMOJI_PACKAGE, EMOJI_FONT)), EMOJI_SIZE)
    canvas = Image.new("RGBA", (2 * EMOJI_SIZE, 2 * EMOJI_SIZE), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((8, 8), text, font=font, embedded_color=True)
    return _fit(canvas)


def usable(art: Artwork) -> bool:
    """Tell whether ``art`` renders to a picture that reads at 64 pixels.

    Some SVGs in the collection draw nothing visible, fail to parse, or are long strips (a
    border, a row of things) that would shrink to a line.
    """
    try:
        width, height = render(art).size
    except (ValueError, subprocess.CalledProcessError):
        return False
    return max(width, height) <= MAX_ASPECT * min(width, height)


def _fit(image: Image.Image) -> Image.Image:
    """Crop to the visible drawing and scale so the longest side is :data:`SPRITE`."""
    # A faint alpha threshold ignores near-invisible halos that some SVGs draw around the page.
    box = image.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox()
    if box is None:
        raise ValueError("the artwork rendered as an empty picture")
    image = image.crop(box)
    scale = SPRITE / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)
