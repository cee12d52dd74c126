#!/usr/bin/python3
"""PyTorch peer of the ConvLens `core` benchmark.

Run by ConvLens.Bench (`core`), which writes a folder holding manifest.json, the weights of the
truncated network as raw little-endian float32 files, one input, one seed dA and ConvLens's own
activation (and input gradient) for them. This script rebuilds the same layers in PyTorch,
checks that it computes what ConvLens computes, then times on the CPU:

  forward   the truncated network under torch.inference_mode()
  gradient  forward + the input gradient of sum(dA * A) (autograd, weights frozen)

for every (threads, batch) of the manifest, alternating forward and gradient runs. It prints one
JSON object on the last line of stdout; progress goes to stderr.

Usage: /usr/bin/python3 bench/torch_peer.py FOLDER
"""
import json
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn


def log(message):
    print(message, file=sys.stderr, flush=True)


def load(folder, entry):
    with open(os.path.join(folder, entry["file"]), "rb") as f:
        data = bytearray(f.read())
    return torch.frombuffer(data, dtype=torch.float32).reshape(entry["shape"]).clone()


def symmetric(pads, what):
    half = len(pads) // 2
    if list(pads[:half]) != list(pads[half:]):
        raise ValueError(f"{what}: asymmetric pads {pads} are not supported by this peer")
    return tuple(pads[:half])


def build(folder, layers):
    """The truncated network as torchvision builds VGG: Conv2d, ReLU(inplace=True), MaxPool2d."""
    modules = []
    for layer in layers:
        op = layer["op"]
        if op == "Conv":
            weight, bias = load(folder, layer["weight"]), load(folder, layer["bias"])
            conv = nn.Conv2d(weight.shape[1] * layer["group"], weight.shape[0], tuple(weight.shape[2:]),
                             stride=tuple(layer["strides"]), padding=symmetric(layer["pads"], layer["name"]),
                             dilation=tuple(layer["dilations"]), groups=layer["group"], bias=True)
            with torch.no_grad():
                conv.weight.copy_(weight)
                conv.bias.copy_(bias)
            modules.append(conv)
        elif op == "Relu":
            modules.append(nn.ReLU(inplace=True))
        elif op == "MaxPool":
            modules.append(nn.MaxPool2d(tuple(layer["kernel_shape"]), stride=tuple(layer["strides"]),
                                        padding=symmetric(layer["pads"], layer["name"])))
        else:
            raise ValueError(f"operator {op} is not supported by this peer")
    model = nn.Sequential(*modules).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def forward(model, x):
    with torch.inference_mode():
        return model(x)


def gradient(model, x, seed):
    # The gradient of sum(seed * A) with respect to x is the vector-Jacobian product with seed.
    x = x.detach().requires_grad_(True)
    activation = model(x)
    (grad,) = torch.autograd.grad(activation, x, grad_outputs=seed)
    return grad


def relative_l2(actual, expected):
    return float((actual - expected).norm() / expected.norm())


def check(folder, manifest, model):
    x, seed = load(folder, manifest["input"]), load(folder, manifest["seed"])
    # Tolerances (relative L2) and why they are what they are: see TorchPeerExport.cs.
    result = {"activation_tolerance": manifest["activation_tolerance"], "gradient_tolerance": manifest["gradient_tolerance"]}
    expected = load(folder, manifest["activation"])
    actual = forward(model, x)
    result["activation_relative_l2"] = relative_l2(actual, expected)
    result["activation_max_abs_diff"] = float((actual - expected).abs().max())
    result["activation_max_abs"] = float(expected.abs().max())
    if manifest.get("gradient"):
        expected = load(folder, manifest["gradient"])
        actual = gradient(model, x, seed)
        result["gradient_relative_l2"] = relative_l2(actual, expected)
        result["gradient_max_abs_diff"] = float((actual - expected).abs().max())
        result["gradient_max_abs"] = float(expected.abs().max())
    return result


def peak_rss_mib():
    # VmHWM is this process's own high-water mark; ru_maxrss would include the parent's peak, which
    # Linux carries across the exec that started this script.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def time_ms(action):
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000.0


def measure(model, plan, warmup, random_seed, activation_channels_hw):
    threads, batch, runs = plan["threads"], plan["batch"], plan["runs"]
    torch.set_num_threads(threads)
    generator = torch.Generator().manual_seed(random_seed + batch)
    x = torch.randn((batch, *plan["input_chw"]), generator=generator)
    seed = torch.randn((batch, *activation_channels_hw), generator=generator)
    for _ in range(warmup):
        forward(model, x)
        gradient(model, x, seed)
    forward_ms, gradient_ms = [], []
    for r in range(runs):
        forward_ms.append(time_ms(lambda: forward(model, x)))
        gradient_ms.append(time_ms(lambda: gradient(model, x, seed)))
        log(f"      torch {threads} thread(s), batch {batch}, round {r + 1}/{runs}: "
            f"forward {forward_ms[-1]:.1f} ms, gradient {gradient_ms[-1]:.1f} ms")
    return {"threads": threads, "batch": batch, "forward_ms": forward_ms, "gradient_ms": gradient_ms,
            "forward_median_ms": statistics.median(forward_ms), "gradient_median_ms": statistics.median(gradient_ms)}


def open_peer(argv, usage):
    """(folder, manifest, model) from the one command-line argument, or None after printing the usage."""
    if len(argv) != 2:
        log(usage)
        return None
    with open(os.path.join(argv[1], "manifest.json")) as f:
        manifest = json.load(f)
    # Inter-op parallelism does not help a chain of layers; fix it before any parallel work starts.
    torch.set_num_interop_threads(1)
    return argv[1], manifest, build(argv[1], manifest["layers"])


def main():
    opened = open_peer(sys.argv, __doc__)
    if opened is None:
        return 2
    folder, manifest, model = opened
    checked = check(folder, manifest, model)
    ok = checked["activation_relative_l2"] <= checked["activation_tolerance"] and \
        checked.get("gradient_relative_l2", 0.0) <= checked["gradient_tolerance"]
    log(f"      torch check: activation relative L2 {checked['activation_relative_l2']:.2e} "
        f"(tolerance {checked['activation_tolerance']:.0e}), input gradient relative L2 "
        f"{checked.get('gradient_relative_l2', float('nan')):.2e} (tolerance {checked['gradient_tolerance']:.0e})")
    timings = []
    if ok:
        channels_hw = manifest["activation"]["shape"][1:]
        timings = [measure(model, plan, manifest["warmup"], manifest["random_seed"], channels_hw) for plan in manifest["plans"]]
    print(json.dumps({
        "torch_version": torch.__version__,
        "mkldnn": bool(torch.backends.mkldnn.is_available()),
        "cpu_capability": torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else "",
        "check": checked,
        "check_passed": ok,
        "timings": timings,
        "peak_rss_mib": peak_rss_mib(),
    }))
    return 0 if ok else 3


if __name__ == "__main__":
    sys.exit(main())
