"""Exports the torch-forms test models (random weights, seed 0) with PyTorch's ONNX exporter at several
opsets, so the tests see what a real exporter writes: Pad, Split, ReduceMean, ReduceSum, Slice and Concat
in each opset's own form. Run with a Python that has torch (1.13 exports up to opset 17):
    python3 export_torch_forms.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FormsNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1)
        self.conv2 = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        y = F.relu(self.conv1(x))                      # (1, 6, 16, 16)
        y = F.pad(y, (1, 2, 2, 1))                      # (1, 6, 19, 19): left 1, right 2, top 2, bottom 1
        a, b = torch.split(y, [2, 4], dim=1)
        mean = a.mean(dim=1, keepdim=True)              # ReduceMean over channels
        total = b.sum(dim=1, keepdim=True)              # ReduceSum over channels
        z = (mean * total)[:, :, 1:18, :]               # Slice: (1, 1, 17, 19)
        cat = torch.cat([z, 2 * z, mean[:, :, 1:18, :]], dim=1)
        return F.relu(self.conv2(cat))                  # (1, 4, 15, 17)


if __name__ == "__main__":
    torch.manual_seed(0)
    net = FormsNet().eval()
    x = torch.randn(1, 3, 16, 16)
    for opset in (9, 11, 13, 17):
        torch.onnx.export(net, x, f"torch_forms_opset{opset}.onnx", opset_version=opset,
                          input_names=["image"], output_names=["features"], do_constant_folding=True)
