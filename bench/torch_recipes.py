#!/usr/bin/python3
"""PyTorch peer of the ConvLens `visualize` benchmark (issue 4): the two feature-visualization recipes.

Run by ConvLens.Bench (`visualize`), which writes a folder holding manifest.json, the weights of VGG19 up
to the target layer (as for torch_peer.py), the notebook recipe's start image and ConvLens's own result
for it. This script rebuilds the layers with torch_peer.build, then on the CPU:

Like ConvLens, the recipes compute only the objective's channels of the target layer's convolution
(torch_recipe_parts.sliced); the notebook and modern recipes are also timed computing the whole layer, as the
notebook and Lucent do.

  notebook  the reference notebook's recipe, step for step, from ConvLens's start image: 40 steps of
            I += g / (sqrt(mean(g^2)) + 1e-5) on the preprocessed image; the final image and objective
            curve are compared with ConvLens's (same start, same weights: only float rounding differs)
  modern    the modern recipe as Lucent writes it in PyTorch: Fourier parameterisation with 1/f scaling
            (torch.fft.irfft2), decorrelated colour, sigmoid, Lucid's standard transforms (pad 12,
            jitter 8, scale 0.90-1.10, rotate -10..10 with 0 weighted, jitter 4), centred on the
            224 x 224 input, x255, caffe preprocessing, Adam, the ReLU gradient redirect for the first steps
  batch     16 channels, a few notebook steps, in batches of each size asked (1 = 16 single runs)

Times are wall-clock ms of a whole run after one untimed warm-up run of one step; one forward pass
(inference mode, batch 1, median of 9) is timed too, for the peer's own "x a forward" ratios. It prints one JSON
object on the last line of stdout; progress goes to stderr.

Usage: /usr/bin/python3 bench/torch_recipes.py FOLDER
"""
import json
import sys
import time

import torch

from torch_peer import load, log, open_peer, peak_rss_mib, relative_l2
from torch_recipe_parts import modern, notebook, sliced, with_redirect


def time_ms(action):
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000.0, result


def main():
    opened = open_peer(sys.argv, __doc__)
    if opened is None:
        return 2
    folder, manifest, model = opened
    torch.set_num_threads(manifest["threads"])
    redirect_model = with_redirect(model)
    channel = manifest["channel"]
    nb, md, batch = manifest["notebook"], manifest["modern"], manifest["batch"]
    start = load(folder, nb["start"])
    height, width = start.shape[-2:]
    result = {"torch_version": torch.__version__, "threads": manifest["threads"]}

    with torch.inference_mode():
        for _ in range(2):
            model(start)
        forward_ms = sorted(time_ms(lambda: model(start))[0] for _ in range(9))
    result["forward_ms"] = forward_ms[len(forward_ms) // 2]

    # As ConvLens does: only the objective's channels of the layer are computed (`sliced`).
    one = sliced(model, [channel])
    one_redirect = with_redirect(one)
    log(f"      torch notebook recipe: warm-up, then {nb['steps']} steps")
    notebook(one, start, [0], 1, nb["step_size"], nb["epsilon"])
    ms, (final, curves) = time_ms(lambda: notebook(one, start, [0], nb["steps"], nb["step_size"], nb["epsilon"]))
    expected_final = load(folder, nb["convlens_final"])
    expected_first = load(folder, nb["convlens_first_step"])
    first, _ = notebook(one, start, [0], 1, nb["step_size"], nb["epsilon"])
    result["notebook"] = {
        "ms": ms, "curve": curves[0],
        # Each measured against how far the ascent moved the image, so "0.01" means the two engines ended
        # within 1% of that distance of each other.
        "first_step_difference": float((first - expected_first).norm() / (expected_first - start).norm()),
        "final_difference_over_distance_moved": float((final - expected_final).norm() / (expected_final - start).norm()),
        "final_relative_l2": relative_l2(final, expected_final),
    }
    log(f"      torch notebook recipe: {ms:.0f} ms, objective {curves[0][0]:.3f} -> {curves[0][-1]:.3f}")

    log(f"      torch modern recipe: warm-up, then {md['steps']} steps")
    modern(one, one_redirect, [0], dict(md, steps=1), manifest["preprocessing"], height, width)
    ms, curves = time_ms(lambda: modern(one, one_redirect, [0], md, manifest["preprocessing"], height, width))
    result["modern"] = {"ms": ms, "curve": curves[0]}
    log(f"      torch modern recipe: {ms:.0f} ms, objective {curves[0][0]:.3f} -> {curves[0][-1]:.3f}")

    # As the notebook and Lucent write them: the whole layer computed, the objective's channel read from it.
    log("      torch, whole layer: notebook and modern recipes")
    notebook(model, start, [channel], 1, nb["step_size"], nb["epsilon"])
    result["notebook_whole_layer_ms"], _ = time_ms(lambda: notebook(model, start, [channel], nb["steps"], nb["step_size"], nb["epsilon"]))
    modern(model, redirect_model, [channel], dict(md, steps=1), manifest["preprocessing"], height, width)
    result["modern_whole_layer_ms"], _ = time_ms(lambda: modern(model, redirect_model, [channel], md, manifest["preprocessing"], height, width))
    log(f"      torch, whole layer: notebook {result['notebook_whole_layer_ms']:.0f} ms, modern {result['modern_whole_layer_ms']:.0f} ms")

    channels, steps = batch["channels"], batch["steps"]
    result["batch"] = {"sizes": [], "ms": []}
    for size in batch["sizes"]:
        # Each chunk computes the union of its channels, as ConvLens's slice of K channels does.
        chunks = [channels[k:k + size] for k in range(0, len(channels), size)]
        models = [sliced(model, sorted(set(c))) for c in chunks]
        positions = [[sorted(set(c)).index(ch) for ch in c] for c in chunks]
        starts = start.expand(size, -1, -1, -1).contiguous()
        notebook(models[0], starts, positions[0], 1, nb["step_size"], nb["epsilon"])
        ms, _ = time_ms(lambda: [notebook(m, starts[:len(p)], p, steps, nb["step_size"], nb["epsilon"]) for m, p in zip(models, positions)])
        result["batch"]["sizes"].append(size)
        result["batch"]["ms"].append(ms)
        log(f"      torch {len(channels)} channels x {steps} notebook steps in batches of {size}: {ms:.0f} ms")
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
