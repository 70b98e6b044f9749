"""Draw the figures the notebooks show into ``images/`` (``python -m coursekit.figures``).

Every figure is drawn from code, so a change of wording or style is a code review, not an
image edit, and a test proves the committed PNGs are what this module draws.
"""

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402 -- the backend must be chosen first
import numpy as np  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle  # noqa: E402

from coursekit.course import ROOT  # noqa: E402

# No software/version stamp in the PNG, so redrawing with the pinned matplotlib is byte-stable.
SAVE_OPTIONS = {"dpi": 100, "metadata": {"Software": None}}
INK = "#1f2d3d"
ACCENT = "#d9534f"
# The color of derivatives flowing backward through a computation graph.
BACKWARD = "#1565c0"
CHANNELS = (("R", "#e57373"), ("G", "#81c784"), ("B", "#64b5f6"))


def _arrow(ax, start, end, color=INK, width=1.5):
    """Draw an arrow from ``start`` to ``end`` in data coordinates."""
    ax.add_patch(
        FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, lw=width, color=color)
    )


def _grid(ax, x, y, rows, cols, size, face, label=None):
    """Draw a ``rows`` x ``cols`` grid of cells whose top-left corner is at ``(x, y)``."""
    for r in range(rows):
        for c in range(cols):
            ax.add_patch(
                Rectangle((x + c * size, y - (r + 1) * size), size, size, fc=face, ec=INK, lw=0.8)
            )
    if label:
        ax.text(x + cols * size / 2, y + 0.25, label, ha="center", va="bottom", fontsize=11)


def _blank(figsize):
    """Return a figure and axes with equal scaling and no frame."""
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def sigmoid_curve():
    """Plot sigma(z) = 1 / (1 + exp(-z)) for z in [-8, 8] with its landmarks."""
    z = np.linspace(-8, 8, 400)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.plot(z, 1 / (1 + np.exp(-z)), color=ACCENT, lw=2.5, label=r"$\sigma(z) = 1/(1+e^{-z})$")
    for level in (0, 1):
        ax.axhline(level, color="grey", ls="--", lw=0.8)
    ax.axvline(0, color="grey", lw=0.8)
    ax.plot([0], [0.5], "o", color=INK)
    ax.annotate(r"$\sigma(0) = 0.5$", (0, 0.5), (1.2, 0.35), arrowprops={"arrowstyle": "->"})
    ax.set_xlabel("z")
    ax.set_ylabel(r"$\sigma(z)$")
    ax.set_ylim(-0.1, 1.1)
    ax.legend(loc="lower right", frameon=False)
    ax.set_title("The sigmoid squeezes any real number into (0, 1)")
    fig.tight_layout()
    return fig


def image_to_vector():
    """Show a tiny RGB image unrolled by ``reshape(-1, 1)``: pixel by pixel, R, G, B together."""
    fig, ax = plt.subplots(figsize=(8, 4.4))
    ax.set_aspect("equal")
    ax.axis("off")
    size = 0.5
    for index, (name, face) in enumerate(CHANNELS):
        x, y = 0.35 * index, 4.0 - 0.35 * index
        _grid(ax, x, y, 4, 4, size, face)
        ax.text(x - 0.08, y - 0.2, name, fontsize=10, color=INK, ha="right", va="center")
    # Number the first pixels on the front layer: the column below follows that numbering.
    front_x, front_y = 0.35 * (len(CHANNELS) - 1), 4.0 - 0.35 * (len(CHANNELS) - 1)
    for pixel in range(2):
        center = (front_x + (pixel + 0.5) * size, front_y - 0.5 * size)
        ax.text(*center, str(pixel), ha="center", va="center", fontsize=9, color=INK)
    ax.text(1.35, 4.45, "image: (64, 64, 3)\nhere (4, 4, 3)", ha="center", fontsize=10)
    ax.text(
        1.35,
        0.75,
        "last axis fastest:\nR, G, B of pixel 0,\nthen of pixel 1, ...",
        ha="center",
        va="center",
        fontsize=9,
    )
    _arrow(ax, (3.3, 2.0), (5.0, 2.0))
    ax.text(4.15, 2.2, "reshape(-1, 1)", ha="center", fontsize=10, family="monospace")
    column_x, top, height = 5.6, 4.6, 0.5
    # reshape(-1, 1) reads the (row, column, channel) array in row-major order, so the three
    # channel values of one pixel are neighbors: R0, G0, B0, R1, ... (not R0, R1, ..., G0).
    entries = [("R", 0), ("G", 0), ("B", 0), ("R", 1), ("G", 1), ("...", None), ("B", 15)]
    for row, (name, pixel) in enumerate(entries):
        face = dict(CHANNELS).get(name, "white")
        ax.add_patch(Rectangle((column_x, top - (row + 1) * height), 0.9, height, fc=face, ec=INK))
        text = "⋮" if pixel is None else f"{name}{pixel}"
        ax.text(column_x + 0.45, top - (row + 0.5) * height, text, ha="center", va="center")
    ax.text(column_x + 1.2, 2.6, "vector:\n(64·64·3, 1)\n= (12288, 1)\nhere (48, 1)", fontsize=10)
    ax.set_xlim(-0.2, 8.6)
    ax.set_ylim(0.4, 5.2)
    ax.set_title("Unrolling an image into a column vector")
    fig.tight_layout()
    return fig


def logistic_regression_neuron():
    """Draw logistic regression as one neuron: inputs, weights, z = w.T x + b, sigma, y-hat."""
    fig, ax = _blank((8, 4.2))
    inputs = [(0.8, 3.4, r"$x_1$"), (0.8, 2.2, r"$x_2$"), (0.8, 0.6, r"$x_{n_x}$")]
    neuron = (4.6, 2.0)
    ax.text(0.8, 1.45, "⋮", ha="center", va="center", fontsize=16)
    for x, y, label in inputs:
        ax.add_patch(Circle((x, y), 0.38, fc="#f4f6f8", ec=INK, lw=1.5))
        ax.text(x, y, label, ha="center", va="center", fontsize=13)
        _arrow(ax, (x + 0.4, y), (neuron[0] - 1.05, neuron[1] + (y - neuron[1]) * 0.25))
    for (x, y, _), weight in zip(inputs, [r"$w_1$", r"$w_2$", r"$w_{n_x}$"], strict=True):
        ax.text((x + neuron[0]) / 2 - 0.3, (y + neuron[1]) / 2 + 0.22, weight, fontsize=12)
    ax.add_patch(Circle(neuron, 1.0, fc="#fdecea", ec=ACCENT, lw=2))
    ax.text(*neuron, "$z = w^T x + b$\n$a = \\sigma(z)$", ha="center", va="center", fontsize=12)
    _arrow(ax, (neuron[0] + 1.05, neuron[1]), (7.0, neuron[1]))
    ax.text(7.1, neuron[1], r"$\hat{y} = a$", va="center", fontsize=14)
    ax.text(7.1, neuron[1] - 0.6, "cat if $a > 0.5$", va="center", fontsize=10)
    ax.text(neuron[0], 0.5, "bias $b$", ha="center", fontsize=11)
    ax.set_xlim(0, 8.6)
    ax.set_ylim(0, 4.1)
    ax.set_title("Logistic regression is a network with one neuron")
    fig.tight_layout()
    return fig


def gradient_descent():
    """Plot a convex cost J(w) and the steps gradient descent takes down it."""
    w = np.linspace(-3, 3, 300)
    cost = 0.5 * (w - 0.8) ** 2 + 0.2
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot(w, cost, color=INK, lw=2, label=r"cost $J(w)$")
    steps = [-2.6]
    for _ in range(5):
        steps.append(steps[-1] - 0.45 * (steps[-1] - 0.8))
    points = np.array(steps)
    heights = 0.5 * (points - 0.8) ** 2 + 0.2
    ax.plot(points, heights, "o", color=ACCENT)
    for (x0, y0), (x1, y1) in zip(
        zip(points, heights, strict=True), zip(points[1:], heights[1:], strict=True), strict=False
    ):
        _arrow(ax, (x0, y0), (x1, y1), color=ACCENT, width=1.2)
    ax.plot([0.8], [0.2], "*", color="#2e7d32", ms=14, label="minimum")
    ax.annotate(
        r"$w := w - \alpha \, \frac{dJ}{dw}$", (points[1], heights[1]), (-1.0, 5.3), fontsize=12
    )
    ax.set_xlabel("w")
    ax.set_ylabel("J(w)")
    ax.legend(frameon=False, loc="upper right")
    ax.set_title(r"Gradient descent: step downhill, step size set by $\alpha$")
    fig.tight_layout()
    return fig


def batch_shapes():
    """Show the shapes of a batch through a layer: (3, 4) . (4, 3) + (3,) -> (3, 3)."""
    fig, ax = _blank((9, 3.6))
    size = 0.45
    top = 2.6
    _grid(ax, 0.2, top, 3, 4, size, "#e3f2fd", "inputs (3, 4)")
    ax.text(0.2 - 0.15, top - 1.5 * size, "3 samples", rotation=90, ha="right", va="center")
    ax.text(2.25, top - 1.5 * size, "·", fontsize=26, ha="center", va="center")
    _grid(ax, 2.6, top + 0.45, 4, 3, size, "#fff3e0", "weights.T (4, 3)")
    ax.text(4.3, top - 1.5 * size, "+", fontsize=20, ha="center", va="center")
    _grid(ax, 4.6, top - size, 1, 3, size, "#f1f8e9", "biases (3,)")
    ax.text(4.6 + 1.5 * size, top - 2 * size - 0.3, "added to\nevery row", ha="center", va="top")
    _arrow(ax, (6.1, top - 1.5 * size), (6.8, top - 1.5 * size))
    _grid(ax, 7.0, top, 3, 3, size, "#fdecea", "outputs (3, 3)")
    ax.text(
        7.0 + 1.5 * size,
        top - 3 * size - 0.3,
        "one row per sample,\none column per neuron",
        ha="center",
        va="top",
    )
    ax.text(
        2.6 + 1.5 * size,
        top - 4 * size - 0.1,
        "inner sizes match: 4 = 4",
        ha="center",
        va="top",
        color=ACCENT,
    )
    ax.set_xlim(-0.3, 9.0)
    ax.set_ylim(0.0, 3.6)
    fig.tight_layout()
    return fig


def _boxes(ax, nodes, face, edge):
    """Write each ``{name: (xy, text)}`` in a rounded box and return ``{name: text artist}``."""
    return {
        name: ax.text(
            *xy,
            text,
            ha="center",
            va="center",
            fontsize=12,
            bbox={"boxstyle": "round,pad=0.4", "fc": face, "ec": edge, "lw": 1.5},
        )
        for name, (xy, text) in nodes.items()
    }


def _graph(ax, nodes, edges, title, face="#f4f6f8", edge=INK, backward=False):
    """Draw a computation graph: boxes, arrows along ``edges`` (reversed if ``backward``)."""
    ax.axis("off")
    boxes = _boxes(ax, nodes, face, edge)
    for start, end in edges:
        if backward:
            start, end = end, start
        # Clipping at the boxes' outlines lets the arrows meet boxes of any text width.
        ax.add_patch(
            FancyArrowPatch(
                boxes[start].get_position(),
                boxes[end].get_position(),
                arrowstyle="-|>",
                mutation_scale=14,
                lw=1.5,
                color=edge,
                patchA=boxes[start].get_bbox_patch(),
                patchB=boxes[end].get_bbox_patch(),
            )
        )
    ax.set_title(title, fontsize=12, loc="left")


def computation_graph():
    """Draw J = 3(a + bc) at a=5, b=3, c=2: values going forward, derivatives coming back."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.4))
    place = {
        "a": (0.7, 2.6),
        "b": (0.7, 1.4),
        "c": (0.7, 0.3),
        "u": (3.5, 0.85),
        "v": (6.1, 1.9),
        "J": (8.6, 1.9),
    }
    edges = [("a", "v"), ("b", "u"), ("c", "u"), ("u", "v"), ("v", "J")]
    values = {
        "a": "a = 5",
        "b": "b = 3",
        "c": "c = 2",
        "u": "u = bc\n= 6",
        "v": "v = a + u\n= 11",
        "J": "J = 3v\n= 33",
    }
    slopes = {
        "a": "da = dv · 1\n= 3",
        "b": "db = du · c\n= 6",
        "c": "dc = du · b\n= 9",
        "u": "du = dv · 1\n= 3",
        "v": "dv = 3",
        "J": "dJ = 1",
    }
    for ax in (top, bottom):
        ax.set_xlim(-0.2, 9.6)
        ax.set_ylim(-0.3, 3.2)
    _graph(
        top,
        {name: (xy, values[name]) for name, xy in place.items()},
        edges,
        "Forward pass, left to right: each box from its inputs",
    )
    _graph(
        bottom,
        {name: (xy, slopes[name]) for name, xy in place.items()},
        edges,
        "Backward pass, right to left: dvar stands for dJ/dvar (chain rule)",
        face="#e3f2fd",
        edge=BACKWARD,
        backward=True,
    )
    fig.tight_layout()
    return fig


def logistic_regression_graph():
    """Draw logistic regression on one example with two features, and the loss's derivatives."""
    fig, ax = plt.subplots(figsize=(9.5, 4.2))
    ax.set_xlim(-0.2, 10.2)
    ax.set_ylim(-0.6, 3.4)
    nodes = {
        "x1": ((0.6, 2.9), "$x_1$"),
        "w1": ((0.6, 2.1), "$w_1$"),
        "x2": ((0.6, 1.3), "$x_2$"),
        "w2": ((0.6, 0.5), "$w_2$"),
        "b": ((0.6, -0.3), "$b$"),
        "z": ((3.8, 1.3), "$z = w_1x_1 + w_2x_2 + b$"),
        "a": ((6.4, 1.3), r"$a = \sigma(z)$"),
        "L": ((8.9, 1.3), r"$\mathcal{L}(a, y)$"),
    }
    edges = [(name, "z") for name in ("x1", "w1", "x2", "w2", "b")] + [("z", "a"), ("a", "L")]
    _graph(
        ax, nodes, edges, "Logistic regression on one example: forward in black, backward in blue"
    )
    ax.text(8.9, 0.45, r"$\mathcal{L} = -(y\log a + (1-y)\log(1-a))$", ha="center", fontsize=12)
    notes = [
        ((6.4, 2.35), r"$da = -\frac{y}{a} + \frac{1-y}{1-a}$"),
        ((3.8, 2.35), r"$dz = da \cdot a(1-a) = a - y$"),
        ((5.3, 0.35), r"$dw_1 = x_1 dz,\ dw_2 = x_2 dz,\ db = dz$"),
    ]
    for xy, note in notes:
        ax.text(*xy, note, ha="center", va="center", fontsize=12, color=BACKWARD)
    fig.tight_layout()
    return fig


FIGURES = {
    "sigmoid.png": sigmoid_curve,
    "image_to_vector.png": image_to_vector,
    "logistic_regression_neuron.png": logistic_regression_neuron,
    "gradient_descent.png": gradient_descent,
    "batch_shapes.png": batch_shapes,
    "computation_graph.png": computation_graph,
    "logistic_regression_graph.png": logistic_regression_graph,
}


def draw_all(dest: Path = ROOT / "images", log=print) -> list[Path]:
    """Draw every figure in :data:`FIGURES` into ``dest`` and return the paths written."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in FIGURES.items():
        fig = draw()
        fig.savefig(dest / name, **SAVE_OPTIONS)
        plt.close(fig)
        written.append(dest / name)
        log(f"drew {dest / name}")
    return written


def main(argv: list[str] | None = None) -> int:
    """Draw the figures into the folder given on the command line (default: ``images/``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "images", help="output folder")
    draw_all(parser.parse_args(argv).dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
