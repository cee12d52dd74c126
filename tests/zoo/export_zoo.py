#!/usr/bin/python3
"""Exports torchvision classifiers to ONNX with PyTorch's own answers, for ConvLens's model-zoo tests.

Run with Debian's python3-torch and python3-torchvision (no weights are downloaded: every model has
random weights, seeded, with BatchNorm statistics measured on the given photographs so activations
have the scale of a trained network's). For each architecture it writes, under OUT/<arch>/:

  model.onnx      torch.onnx.export of the model in eval mode, dynamic batch, torch preprocessing
                  expected in front (the ONNX input is the normalised image)
  manifest.json   PyTorch's logits and top-5 per image, and the checks' reference gradients
  *.bin           float32 little-endian arrays named in the manifest

and once, under OUT/images-<size>/, the photographs resized to the model's input size as PNG, which
both sides read: PyTorch from the PNG's 8-bit pixels, ConvLens through its own image loader.

The reference gradients are autograd's, in float32 and float64, with respect to the normalised input (the
ONNX input), of
  - the top class's logit for image 0, and
  - the spatial mean of one channel (the most active on image 0) of three modules at increasing depth,
    named by their PyTorch module path, e.g. "layer1", "features.7".
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torchvision
from PIL import Image

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]

# Architecture -> (constructor arguments, input size, opset, three module paths at increasing depth). Paths end
# blocks, not a Conv followed by a BatchNorm: the exporter folds the BatchNorm into the Conv, so the ONNX value
# named after the Conv is the BatchNorm's output (MNASNet's layers.14 was such a Conv).
ZOO = {
    "alexnet": ({}, 224, 13, ["features.4", "features.7", "features.11"]),
    "vgg16_bn": ({}, 224, 13, ["features.12", "features.32", "features.42"]),
    "resnet50": ({}, 224, 13, ["layer1", "layer3.2", "layer4"]),
    "resnext50_32x4d": ({}, 224, 13, ["layer1", "layer3.2", "layer4"]),
    "wide_resnet50_2": ({}, 224, 13, ["layer1", "layer3.2", "layer4"]),
    "densenet121": ({}, 224, 13, ["features.denseblock1", "features.transition2", "features.denseblock4"]),
    "mnasnet1_0": ({}, 224, 13, ["layers.8", "layers.10", "layers.13"]),
    "squeezenet1_1": ({}, 224, 13, ["features.3", "features.7", "features.12"]),
    "regnet_y_400mf": ({}, 224, 13, ["trunk_output.block1", "trunk_output.block2", "trunk_output.block4"]),
    "regnet_x_400mf": ({}, 224, 13, ["trunk_output.block1", "trunk_output.block2", "trunk_output.block4"]),
    "efficientnet_b0": ({}, 224, 13, ["features.2", "features.4", "features.7"]),
    "efficientnet_v2_s": ({}, 224, 13, ["features.2", "features.4", "features.6"]),
    "inception_v3": ({"aux_logits": False, "init_weights": True}, 299, 13, ["Mixed_5b", "Mixed_6b", "Mixed_7c"]),
    "googlenet": ({"aux_logits": False, "init_weights": True}, 224, 13, ["inception3a", "inception4c", "inception5b"]),
    "mobilenet_v2": ({}, 224, 13, ["features.3", "features.10", "features.17"]),
    "mobilenet_v3_large": ({}, 224, 13, ["features.3", "features.9", "features.15"]),
    "mobilenet_v3_small": ({}, 224, 13, ["features.2", "features.6", "features.11"]),
    "shufflenet_v2_x1_0": ({}, 224, 13, ["stage2", "stage3", "stage4"]),
    "convnext_tiny": ({}, 224, 17, ["features.1", "features.3", "features.5"]),
}


def photographs(samples, size, out):
    """The sample photographs resized (bilinear) to size x size, saved as PNG; returns their paths."""
    folder = os.path.join(out, f"images-{size}")
    os.makedirs(folder, exist_ok=True)
    paths = []
    for name in sorted(os.listdir(samples)):
        if not name.lower().endswith((".png", ".jpg", ".jpeg")):
            continue
        path = os.path.join(folder, os.path.splitext(name)[0] + ".png")
        if not os.path.exists(path):
            image = Image.open(os.path.join(samples, name)).convert("RGB").resize((size, size), Image.BILINEAR)
            # Rebuilt from the pixels so no colour profile travels along: ConvLens converts profiled images to
            # sRGB while PIL's pixels ignore the profile, and both sides must read the same numbers.
            Image.fromarray(np.asarray(image)).save(path + ".tmp", format="PNG")
            os.replace(path + ".tmp", path)
        paths.append(path)
    return paths


def normalised(paths):
    """The PNGs' 8-bit pixels as torch's normalised NCHW batch: (x / 255 - mean) / std."""
    pixels = np.stack([np.asarray(Image.open(p).convert("RGB"), dtype=np.float32) for p in paths])
    x = torch.from_numpy(pixels).permute(0, 3, 1, 2) / 255.0
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


def build(arch, kwargs, batch):
    """The model with seeded random weights and BatchNorm statistics measured on the batch (and its mirror)."""
    torch.manual_seed(0)
    model = getattr(torchvision.models, arch)(weights=None, **kwargs)
    for module in model.modules():
        if hasattr(module, "inplace"):
            module.inplace = False  # hooks read module outputs; an in-place op after them would overwrite them
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.reset_running_stats()
            module.momentum = None  # cumulative average over the batches below
    model.train()
    with torch.no_grad():
        model(batch)
        model(torch.flip(batch, dims=[3]))
    return model.eval()


def module_named(model, path):
    modules = dict(model.named_modules())
    if path not in modules:
        raise SystemExit(f"export_zoo: {type(model).__name__} has no module '{path}'")
    return modules[path]


def module_output(model, path, x):
    """The output of the module at path for input x."""
    captured = {}
    handle = module_named(model, path).register_forward_hook(lambda m, i, o: captured.__setitem__("out", o))
    try:
        model(x)
    finally:
        handle.remove()
    return captured["out"]


def gradient_of(model, batch, objective):
    """(value, gradient with respect to the normalised input) of a class logit or a channel's spatial mean."""
    x = batch.clone().requires_grad_(True)
    if objective["kind"] == "class":
        value = model(x)[0, objective["class"]]
    else:
        value = module_output(model, objective["layer"], x)[0, objective["channel"]].mean()
    (gradient,) = torch.autograd.grad(value, x)
    return float(value), gradient.float()


def write_array(folder, name, tensor):
    array = tensor.detach().contiguous().numpy().astype("<f4")
    array.tofile(os.path.join(folder, name))
    return {"file": name, "shape": list(array.shape)}


def export(arch, out, samples):
    kwargs, size, opset, depths = ZOO[arch]
    folder = os.path.join(out, arch)
    os.makedirs(folder, exist_ok=True)
    images = photographs(samples, size, out)
    batch = normalised(images)
    model = build(arch, kwargs, batch)

    onnx_path = os.path.join(folder, "model.onnx")
    torch.onnx.export(model, batch[:1], onnx_path + ".tmp", opset_version=opset, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    os.replace(onnx_path + ".tmp", onnx_path)

    with torch.no_grad():
        logits = model(batch)
    manifest = {
        "arch": arch, "opset": opset, "size": size, "torch": torch.__version__, "torchvision": torchvision.__version__,
        "images": [os.path.relpath(p, out) for p in images],
        "logits": write_array(folder, "logits.bin", logits),
        "top5": torch.topk(logits, 5, dim=1).indices.tolist(),
        "gradients": [],
    }

    with torch.no_grad():
        top = int(model(batch[:1])[0].argmax())
    objectives = [{"kind": "class", "class": top, "name": "grad-class"}]
    for index, path in enumerate(depths):
        with torch.no_grad():
            activation = module_output(model, path, batch[:1])
        if activation.dim() != 4:
            raise SystemExit(f"export_zoo: {arch} module '{path}' outputs {tuple(activation.shape)}, not NCHW")
        objectives.append({"kind": "channel", "layer": path, "channel": int(activation[0].mean(dim=(1, 2)).argmax()),
                           "activation_shape": list(activation.shape), "name": f"grad-depth{index}"})

    # Each gradient in float32 (what a float32 engine should match) and float64 (the truth both are judged
    # against): through ReLU and max-pool switches float32 rounding alone can move a gradient by a few per cent.
    gradients32 = [gradient_of(model, batch[:1], o) for o in objectives]
    model64 = model.double()
    gradients64 = [gradient_of(model64, batch[:1].double(), o) for o in objectives]
    for o, (value, g32), (_, g64) in zip(objectives, gradients32, gradients64):
        name = o.pop("name")
        error = float((g32 - g64).norm() / g64.norm().clamp_min(1e-30))
        manifest["gradients"].append({**o, "value": value, **write_array(folder, f"{name}.bin", g32),
                                      "float64": write_array(folder, f"{name}-f64.bin", g64), "float32_error": error})

    with open(os.path.join(folder, "manifest.json.tmp"), "w") as f:
        json.dump(manifest, f, indent=1)
    os.replace(os.path.join(folder, "manifest.json.tmp"), os.path.join(folder, "manifest.json"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="folder to write into")
    parser.add_argument("--samples", required=True, help="folder of photographs (PNG/JPEG)")
    parser.add_argument("--models", default=",".join(ZOO), help="comma-separated architectures (default: all)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for arch in [a.strip() for a in args.models.split(",") if a.strip()]:
        if arch not in ZOO:
            raise SystemExit(f"export_zoo: unknown architecture '{arch}'; known: {', '.join(ZOO)}")
        export(arch, args.out, args.samples)
        print(f"exported {arch}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
