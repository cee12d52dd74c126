"""The pieces of the PyTorch peer of ConvLens's feature-visualization recipes (see torch_recipes.py)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def sliced(model, channels):
    """The layers with the last convolution cut to `channels`, in that order: what ConvLens's ChannelSlicer
    does for an objective on a few channels (the other channels' forward and backward convolutions skipped)."""
    modules = list(model)
    last = max(i for i, m in enumerate(modules) if isinstance(m, nn.Conv2d))
    conv = modules[last]
    cut = nn.Conv2d(conv.in_channels, len(channels), conv.kernel_size, stride=conv.stride, padding=conv.padding,
                    dilation=conv.dilation, groups=conv.groups, bias=True)
    with torch.no_grad():
        cut.weight.copy_(conv.weight[channels])
        cut.bias.copy_(conv.bias[channels])
    cut.requires_grad_(False)
    return nn.Sequential(*modules[:last], cut, *modules[last + 1:]).eval()


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
