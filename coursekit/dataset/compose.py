"""Place a sprite on a photo-like background with random scale, position, flip and colour.

Every nuisance (backdrop kind, framing, flip, tilt, colour, brightness) is drawn from the same
distribution for cats and non-cats (:data:`SCENE_ODDS`), so only the drawing itself tells the
classes apart. :data:`SHORTCUT_SCENE_ODDS` gives the classes disjoint backdrops instead; it is used
only for the notebook's shortcut-learning lesson, a separate file (see
:mod:`coursekit.dataset.probes`).
"""

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

PX = 64  # final picture size, as in the original dataset
# Random changes, chosen small on purpose: a linear model on raw pixels (Assignment 2) can only
# match what sits in roughly the same place, so large shifts, tilts or busy backdrops leave it
# nothing to learn from 209 pictures (measured: test accuracy fell towards 40 %).
SUBJECT_SIZE = (0.45, 0.65)  # longest side of the drawing, as a share of the picture
OFF_CENTRE = 0.3  # how far from the centre the drawing may sit, as a share of the free room
MAX_TILT = 5  # degrees
FLIP_CHANCE = 0.5  # cats face left or right
MAX_HUE_TURN = 6  # out of 256 hue steps: an orange cat stays orange

# Colours (RGB) of things found behind a subject in snapshots: skies, ground, walls, floors.
# Outdoors leans blue over green and indoors warm over brown.
SKIES = ((121, 173, 228), (143, 179, 224), (186, 186, 192), (135, 161, 192), (88, 135, 208))
GROUNDS = ((79, 139, 56), (105, 150, 65), (105, 119, 62), (151, 174, 108), (94, 119, 84))
WALLS = ((236, 216, 188), (220, 195, 164), (215, 210, 197), (223, 197, 183), (215, 200, 183))
FLOORS = ((150, 100, 60), (124, 80, 48), (170, 125, 80), (120, 98, 84), (140, 75, 55))
# Every finished picture is scaled by this, as if taken in dim light. Why: for logistic
# regression on pixels / 255, gradient descent only descends steadily when the step size is
# below about 8 / (largest eigenvalue of [X; 1][X; 1]^T / m), which grows with the pictures'
# mean square brightness. At full brightness that limit was 0.0019, so the course's rate 0.005
# made the cost cycle and the printed digits depend on the CPU's BLAS kernel; at 0.62 the limit
# is 0.0057 (measured on the built training set).
EXPOSURE = 0.62


SCENES = ("outdoor", "indoor", "texture", "bokeh", "studio")
# How often each scene is drawn behind a cat (label 1) and behind anything else (label 0), in
# the order of SCENES. The same for both classes: the backdrop carries no information about the
# label, so whatever a model learns must come from the drawing.
SCENE_ODDS = {
    1: (0.2, 0.2, 0.2, 0.2, 0.2),
    0: (0.2, 0.2, 0.2, 0.2, 0.2),
}
# The biased odds of the shortcut-learning lesson: cats only indoors, in front of blurred lights
# or on a studio gradient, everything else only outdoors or on a texture. Photo collections carry
# such context biases (pets are photographed at home); a model trained on them answers from the
# backdrop, as the notebook shows on datasets/shortcut_catvnoncat.h5.
SHORTCUT_SCENE_ODDS = {
    1: (0.0, 0.7, 0.0, 0.15, 0.15),
    0: (0.7, 0.0, 0.3, 0.0, 0.0),
}


def background(
    rng: np.random.Generator,
    size: int,
    label: int,
    scene: str | None = None,
    odds: dict[int, tuple[float, ...]] = SCENE_ODDS,
) -> np.ndarray:
    """Draw a random photo-like backdrop for a picture of class ``label``.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of every random choice.
    size : int
        Side of the square backdrop in pixels.
    label : {0, 1}
        1 for a cat, 0 for anything else; picks the row of ``odds``.
    scene : str, optional
        One of :data:`SCENES` to draw instead of a random one (for the notebook's own pictures).
    odds : dict, default=SCENE_ODDS
        For each label, the chance of each scene of :data:`SCENES`.

    Returns
    -------
    ndarray of shape (size, size, 3), dtype float64
        RGB values in 0-255: outdoor (sky over ground), indoor (wall over floor), a soft
        texture (foliage, fabric), a blurred bokeh scene or a studio gradient.
    """
    kind = scene or SCENES[rng.choice(len(SCENES), p=odds[label])]
    return {
        "outdoor": _outdoor,
        "indoor": _indoor,
        "texture": _texture,
        "bokeh": _bokeh,
        "studio": _studio,
    }[kind](rng, size)


def _jitter(rng, colour, amount=18):
    return np.clip(np.asarray(colour, float) + rng.normal(0, amount, 3), 0, 255)


def _pick(rng, palette):
    return _jitter(rng, palette[rng.integers(len(palette))])


def _smooth_noise(rng, cells, size):
    """Return a smooth random field of shape (size, size) in about [-1, 1]."""
    coarse = Image.fromarray(rng.uniform(0, 255, (cells, cells)).astype(np.uint8))
    return np.asarray(coarse.resize((size, size), Image.Resampling.BICUBIC), float) / 127.5 - 1


def _vertical_blend(top, bottom, size):
    t = np.linspace(0, 1, size)[:, None, None]
    return np.broadcast_to(top * (1 - t) + bottom * t, (size, size, 3)).copy()


def _split(rng, size, upper, lower, texture_cells):
    """Upper part over lower part at a random horizon, with grain on the lower part."""
    horizon = int(size * rng.uniform(0.35, 0.8))
    image = np.empty((size, size, 3))
    image[:horizon] = _vertical_blend(upper, upper * 0.8 + 255 * 0.2, size)[:horizon]
    image[horizon:] = _vertical_blend(lower * 1.1, lower * 0.8, size)[horizon:]
    grain = _smooth_noise(rng, texture_cells, size)[:, :, None] * rng.uniform(8, 28)
    image[horizon:] += grain[horizon:]
    return image


def _outdoor(rng, size):
    return _split(rng, size, _pick(rng, SKIES), _pick(rng, GROUNDS), int(rng.integers(12, 40)))


def _indoor(rng, size):
    image = _split(rng, size, _pick(rng, WALLS), _pick(rng, FLOORS), int(rng.integers(6, 20)))
    if rng.random() < 0.5:
        # Floorboards: dark seams every few pixels, only low in the picture, give a room depth.
        seams = (np.arange(size) % int(rng.integers(10, 22) * size / 128)) < 2
        image[:, seams] *= np.where(np.arange(size) > size * 0.6, 0.8, 1.0)[:, None, None]
    return image


def _texture(rng, size):
    dark, light = _pick(rng, GROUNDS + FLOORS), _pick(rng, SKIES + WALLS + GROUNDS)
    t = (_smooth_noise(rng, int(rng.integers(4, 24)), size)[:, :, None] + 1) / 2
    return dark * (1 - t) + light * t


def _bokeh(rng, size):
    image = _vertical_blend(_pick(rng, FLOORS) * 0.6, _pick(rng, GROUNDS) * 0.7, size)
    yy, xx = np.mgrid[:size, :size] * 128 / size
    for _ in range(int(rng.integers(6, 16))):
        cy, cx, radius = rng.uniform(0, 128), rng.uniform(0, 128), rng.uniform(6, 22)
        disc = np.clip(radius - np.hypot(yy - cy, xx - cx), 0, 3)[:, :, None] / 3
        image = image * (1 - 0.5 * disc) + _pick(rng, SKIES + WALLS) * 0.5 * disc
    blurred = Image.fromarray(image.astype(np.uint8)).filter(ImageFilter.GaussianBlur(size / 40))
    return np.asarray(blurred, float)


def _studio(rng, size):
    yy, xx = np.mgrid[:size, :size] / size - 0.5
    t = np.clip(np.hypot(yy, xx) * rng.uniform(1.0, 1.8), 0, 1)[:, :, None]
    return _pick(rng, WALLS + SKIES) * (1 - t) + _pick(rng, FLOORS + GROUNDS) * t


def augment(sprite: Image.Image, rng: np.random.Generator, canvas: int) -> Image.Image:
    """Randomly scale, flip, tilt and recolour an RGBA sprite.

    Parameters
    ----------
    sprite : PIL.Image.Image
        RGBA drawing, longest side 128 pixels.
    rng : numpy.random.Generator
        Source of every random choice, so a fixed seed gives the same picture.
    canvas : int
        Side of the picture it will be pasted on.

    Returns
    -------
    PIL.Image.Image
        RGBA image whose longest side is a :data:`SUBJECT_SIZE` share of ``canvas``.
    """
    if rng.random() < FLIP_CHANCE:
        sprite = sprite.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    sprite = sprite.rotate(
        float(rng.uniform(-MAX_TILT, MAX_TILT)), resample=Image.Resampling.BICUBIC, expand=True
    )
    scale = rng.uniform(*SUBJECT_SIZE) * canvas / max(sprite.size)
    size = (max(1, round(sprite.width * scale)), max(1, round(sprite.height * scale)))
    sprite = sprite.resize(size, Image.Resampling.LANCZOS)
    rgb, alpha = sprite.convert("RGB"), sprite.getchannel("A")
    hsv = np.asarray(rgb.convert("HSV")).copy()
    turn = int(rng.integers(-MAX_HUE_TURN, MAX_HUE_TURN + 1))
    hsv[:, :, 0] = (hsv[:, :, 0].astype(int) + turn) % 256
    rgb = Image.fromarray(hsv, "HSV").convert("RGB")
    for enhance, low, high in (
        (ImageEnhance.Color, 0.6, 1.3),
        (ImageEnhance.Brightness, 0.75, 1.15),
        (ImageEnhance.Contrast, 0.75, 1.2),
    ):
        rgb = enhance(rgb).enhance(float(rng.uniform(low, high)))
    rgb.putalpha(alpha)
    return rgb


def compose(
    sprite: Image.Image,
    rng: np.random.Generator,
    label: int,
    px: int = PX,
    scene: str | None = None,
    odds: dict[int, tuple[float, ...]] = SCENE_ODDS,
) -> np.ndarray:
    """Put an augmented ``sprite`` on a random background and shrink it to a square picture.

    Parameters
    ----------
    sprite : PIL.Image.Image
        RGBA drawing from :func:`coursekit.dataset.render.render`.
    rng : numpy.random.Generator
        Source of every random choice.
    label : {0, 1}
        Class of the drawing, which picks the row of ``odds``.
    px : int, default=64
        Side of the finished picture.
    scene : str, optional
        Backdrop to draw (one of :data:`SCENES`) instead of one picked by the label's odds.
    odds : dict, default=SCENE_ODDS
        For each label, the chance of each scene of :data:`SCENES`.

    Returns
    -------
    ndarray of shape (px, px, 3), dtype uint8
        The finished picture.
    """
    # Composed at twice the final size and then shrunk, so edges look like a photo's.
    canvas = 2 * px
    backdrop = background(rng, canvas, label, scene, odds)
    scene = Image.fromarray(np.clip(backdrop, 0, 255).astype(np.uint8))
    subject = augment(sprite, rng, canvas)
    # Near the centre, as in a snapshot of one subject; a little may be cut off at the edge.
    room_x, room_y = canvas - subject.width, canvas - subject.height
    x = int(room_x / 2 + OFF_CENTRE * rng.uniform(-1, 1) * (abs(room_x) / 2 + 0.1 * subject.width))
    y = int(room_y / 2 + OFF_CENTRE * rng.uniform(-1, 1) * (abs(room_y) / 2 + 0.1 * subject.height))
    scene.paste(subject, (x, y), subject)
    scene = scene.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.2, 1.0)) * px / PX))
    noisy = np.asarray(scene, float) + rng.normal(0, rng.uniform(1, 5), (canvas, canvas, 3))
    small = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    shrunk = np.asarray(small.resize((px, px), Image.Resampling.LANCZOS), float)
    return np.round(shrunk * EXPOSURE).astype(np.uint8)
