#!/usr/bin/python3
"""PyTorch peer of the ConvLens `visualize` benchmark (issue 4): the two feature-visualization recipes.

Run by ConvLens.Bench (`visualize`), which writes a folder holding manifest.json, the weights of VGG19 up
to the target layer (as for torch_peer.py), the notebook recipe's start image and ConvLens's own result
for it. This script rebuilds the layers with torch_peer.build, then on the CPU:

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
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_peer import build, load, log, open_manifest, peak_rss_mib, relative_l2


class RedirectedRelu(torch.autograd.Function):
    """Lucid's gradient redirect, the rule ConvLens's GradientRegistry.GradientRedirect emits.

    For an objective being maximised the incoming gradient g says "more of this unit" where g > 0. The
    plain gradient blocks x < 0; the redirected one also lets g > 0 through there. Per batch item, the
    redirected gradient is used only where the plain one is zero everywhere.
    """

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp_min(0)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        # The recipe differentiates the objective itself (not a loss), so g > 0 means "more of this unit".
        inactive = x < 0
        plain = torch.where(inactive, torch.zeros_like(grad), grad)
        redirected = torch.where(inactive, grad.clamp_min(0), grad)
        flows = plain.abs().flatten(1).sum(1) > 0
        return torch.where(flows.view(-1, *([1] * (grad.dim() - 1))), plain, redirected)


class RedirectedReluModule(nn.Module):
    def forward(self, x):
        return RedirectedRelu.apply(x)


def with_redirect(model):
    """The same layers (weights shared) with every ReLU replaced by the redirected one."""
    return nn.Sequential(*[RedirectedReluModule() if isinstance(m, nn.ReLU) else m for m in model]).eval()


def channel_objectives(activation, channels):
    """Mean activation of channel channels[i] for batch item i (the notebook's objective)."""
    index = torch.as_tensor(channels).view(-1, 1, 1, 1).expand(-1, 1, *activation.shape[2:])
    return activation.gather(1, index).flatten(1).mean(1)


# ---------------------------------------------------------------------------------------------- notebook

def notebook(model, start, channels, steps, step_size, epsilon):
    """The notebook's ascent on the preprocessed image; returns (final image, curve per item)."""
    image = start.clone()
    curves = [[] for _ in channels]
    for step in range(steps + 1):
        x = image.detach().requires_grad_(True)
        values = channel_objectives(model(x), channels)
        for i, v in enumerate(values.tolist()):
            curves[i].append(v)
        if step == steps:
            break
        (g,) = torch.autograd.grad(values.sum(), x)
        # Each item's own root mean square, as a single run of that item would compute it.
        rms = g.pow(2).flatten(1).mean(1).sqrt().view(-1, 1, 1, 1)
        image = image + step_size * g / (rms + epsilon)
    return image, curves


# ---------------------------------------------------------------------------------------------- modern

class FourierImage:
    """Lucent's fft_image: an rfft2 half spectrum scaled by sqrt(W*H)/max(f, 1/max(W,H))^decay, /4."""

    def __init__(self, size, generator, decay, std):
        fy = torch.fft.fftfreq(size).view(-1, 1)
        fx = torch.fft.rfftfreq(size).view(1, -1)
        frequency = (fx * fx + fy * fy).sqrt()
        self.scale = (1.0 / frequency.clamp_min(1.0 / size) ** decay) * math.sqrt(size * size)
        self.size = size
        self.spectrum = (torch.randn(3, size, size // 2 + 1, 2, generator=generator) * std).requires_grad_(True)

    def render(self):
        coefficients = torch.view_as_complex(self.spectrum) * self.scale
        return torch.fft.irfft2(coefficients, s=(self.size, self.size)) / 4.0


def decorrelate_sigmoid(image, color_matrix):
    # RGB = M v per pixel, then squash to [0, 1].
    return torch.sigmoid(torch.einsum("rc,chw->rhw", color_matrix, image))


def jitter(image, d, generator):
    dy, dx = (int(v) for v in torch.randint(0, d + 1, (2,), generator=generator))
    h, w = image.shape[-2:]
    return image[:, dy:dy + h - d, dx:dx + w - d]


def random_scale(image, scales, generator):
    s = scales[int(torch.randint(0, len(scales), (1,), generator=generator))]
    h, w = image.shape[-2:]
    size = (int(math.floor(s * h + 1e-6)), int(math.floor(s * w + 1e-6)))
    return F.interpolate(image.unsqueeze(0), size=size, mode="bilinear", align_corners=False).squeeze(0)


def random_rotate(image, angles, generator):
    degrees = angles[int(torch.randint(0, len(angles), (1,), generator=generator))]
    theta = math.radians(degrees)
    c, s = math.cos(theta), math.sin(theta)
    affine = torch.tensor([[c, -s, 0.0], [s, c, 0.0]], dtype=image.dtype).unsqueeze(0)
    grid = F.affine_grid(affine, (1, *image.shape), align_corners=False)
    return F.grid_sample(image.unsqueeze(0), grid, mode="bilinear", padding_mode="zeros", align_corners=False).squeeze(0)


def center_fit(image, height, width, fill):
    """Pads with grey or crops so the image is height x width, centred."""
    h, w = image.shape[-2:]
    top, left = (height - h) // 2, (width - w) // 2
    if top >= 0 and left >= 0:
        return F.pad(image, (left, width - w - left, top, height - h - top), value=fill)
    if top <= 0 and left <= 0:
        return image[:, -top:-top + height, -left:-left + width]
    return center_fit(center_fit(image, max(h, height), max(w, width), fill), height, width, fill)


def transform(image, settings, generator):
    image = F.pad(image, (12, 12, 12, 12), value=0.5)
    image = jitter(image, 8, generator)
    image = random_scale(image, settings["scales"], generator)
    image = random_rotate(image, settings["angles"], generator)
    return jitter(image, 4, generator)


def caffe(pixels, preprocessing):
    # RGB 0..255 -> BGR minus the channel means, as the preset ConvLens puts in its graph.
    if preprocessing["rgb_to_bgr"]:
        pixels = pixels.flip(1)
    offset = torch.tensor(preprocessing["offset"]).view(1, 3, 1, 1)
    divisor = torch.tensor(preprocessing["divisor"]).view(1, 3, 1, 1)
    return (pixels - offset) / divisor


def modern(model, redirect_model, channels, settings, preprocessing, height, width):
    """Returns the objective curve per item (one value per step, then the final untransformed image)."""
    color_matrix = torch.tensor(settings["color_matrix"]).view(3, 3)
    generators = [torch.Generator().manual_seed(settings["seed"] + i) for i in range(len(channels))]
    images = [FourierImage(settings["size"], g, settings["decay"], settings["std"]) for g in generators]
    adam = torch.optim.Adam([im.spectrum for im in images], lr=settings["learning_rate"], maximize=True)
    curves = [[] for _ in channels]

    def pixels(transformed):
        rendered = []
        for image, generator in zip(images, generators):
            rgb = decorrelate_sigmoid(image.render(), color_matrix)
            if transformed:
                rgb = transform(rgb, settings, generator)
            rendered.append(center_fit(rgb, height, width, 0.5))
        return torch.stack(rendered) * 255.0

    for step in range(settings["steps"]):
        network = redirect_model if step < settings["redirect_steps"] else model
        adam.zero_grad()
        values = channel_objectives(network(caffe(pixels(True), preprocessing)), channels)
        values.sum().backward()
        adam.step()
        for i, v in enumerate(values.tolist()):
            curves[i].append(v)
    with torch.no_grad():
        for i, v in enumerate(channel_objectives(model(caffe(pixels(False), preprocessing)), channels).tolist()):
            curves[i].append(v)
    return curves


# ---------------------------------------------------------------------------------------------- main

def time_ms(action):
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000.0, result


def main():
    opened = open_manifest(sys.argv, __doc__)
    if opened is None:
        return 2
    folder, manifest = opened
    # As in torch_peer.py: one inter-op thread, the intra-op threads ConvLens had.
    torch.set_num_interop_threads(1)
    torch.set_num_threads(manifest["threads"])
    model = build(folder, manifest["layers"])
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

    log(f"      torch notebook recipe: warm-up, then {nb['steps']} steps")
    notebook(model, start, [channel], 1, nb["step_size"], nb["epsilon"])
    ms, (final, curves) = time_ms(lambda: notebook(model, start, [channel], nb["steps"], nb["step_size"], nb["epsilon"]))
    expected_final = load(folder, nb["convlens_final"])
    expected_first = load(folder, nb["convlens_first_step"])
    first, _ = notebook(model, start, [channel], 1, nb["step_size"], nb["epsilon"])
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
    modern(model, redirect_model, [channel], dict(md, steps=1), manifest["preprocessing"], height, width)
    ms, curves = time_ms(lambda: modern(model, redirect_model, [channel], md, manifest["preprocessing"], height, width))
    result["modern"] = {"ms": ms, "curve": curves[0]}
    log(f"      torch modern recipe: {ms:.0f} ms, objective {curves[0][0]:.3f} -> {curves[0][-1]:.3f}")

    channels, steps = batch["channels"], batch["steps"]
    result["batch"] = {"sizes": [], "ms": []}
    for size in batch["sizes"]:
        chunks = [channels[k:k + size] for k in range(0, len(channels), size)]
        starts = start.expand(size, -1, -1, -1).contiguous()
        notebook(model, starts, chunks[0], 1, nb["step_size"], nb["epsilon"])
        ms, _ = time_ms(lambda: [notebook(model, starts[:len(c)], c, steps, nb["step_size"], nb["epsilon"]) for c in chunks])
        result["batch"]["sizes"].append(size)
        result["batch"]["ms"].append(ms)
        log(f"      torch {len(channels)} channels x {steps} notebook steps in batches of {size}: {ms:.0f} ms")
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
