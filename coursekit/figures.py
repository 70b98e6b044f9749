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
    """Show a tiny RGB image as three channel grids unrolled into one column vector."""
    fig, ax = plt.subplots(figsize=(8, 4.4))
    ax.set_aspect("equal")
    ax.axis("off")
    size = 0.5
    for index, (name, face) in enumerate(CHANNELS):
        x, y = 0.35 * index, 4.0 - 0.35 * index
        _grid(ax, x, y, 4, 4, size, face)
        ax.text(x - 0.08, y - 0.2, name, fontsize=10, color=INK, ha="right", va="center")
    ax.text(1.35, 4.45, "image: (64, 64, 3)\nhere (4, 4, 3)", ha="center", fontsize=10)
    _arrow(ax, (3.3, 2.0), (5.0, 2.0))
    ax.text(4.15, 2.2, "reshape(-1, 1)", ha="center", fontsize=10, family="monospace")
    column_x, top = 5.6, 4.4
    entries = [("R", 0), ("R", 1), ("...", None), ("G", 0), ("...", None), ("B", 15)]
    for row, (name, pixel) in enumerate(entries):
        face = dict(CHANNELS).get(name, "white")
        ax.add_patch(Rectangle((column_x, top - (row + 1) * 0.6), 0.9, 0.6, fc=face, ec=INK))
        text = "⋮" if pixel is None else f"{name}{pixel}"
        ax.text(column_x + 0.45, top - (row + 0.5) * 0.6, text, ha="center", va="center")
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


FIGURES = {
    "sigmoid.png": sigmoid_curve,
    "image_to_vector.png": image_to_vector,
    "logistic_regression_neuron.png": logistic_regression_neuron,
    "gradient_descent.png": gradient_descent,
    "batch_shapes.png": batch_shapes,
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
