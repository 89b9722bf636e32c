"""ReLU activity during one sampled training forward pass of a PyTorch model.

Part of the PyTorch hooks (``torch_hooks``): a ``TorchFunctionMode`` sees ``F.relu``,
``torch.relu``, ``Tensor.relu`` and ``nn.ReLU`` alike; global forward hooks keep the stack of
modules running so that each output is attributed to its layer.
"""

from .locations import as_location
from .wrapping import guarded

_RELU_FUNCTIONS = {"relu": "relu", "relu_": "relu", "relu6": "relu6"}


class _ReluProbe:
    """ReLU activity during one training forward pass of a model."""

    def __init__(self, state, model, epoch):
        self.state = state
        self.model = model
        self.epoch = epoch
        self.stack = []
        self.handles = []
        self.mode = None
        self.records = {}

    def start(self):
        torch = self.state.torch
        from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook
        from torch.overrides import TorchFunctionMode

        probe = self

        def push(module, args):
            probe.stack.append(module)

        def pop(module, args, output):
            if probe.stack and probe.stack[-1] is module:
                probe.stack.pop()

        class Mode(TorchFunctionMode):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                output = func(*args, **(kwargs or {}))
                kind = _RELU_FUNCTIONS.get(getattr(func, "__name__", ""))
                if kind is not None and isinstance(output, torch.Tensor):
                    guarded(probe.record)(kind, output)
                return output

        self.handles.append(register_module_forward_pre_hook(push))
        self.handles.append(register_module_forward_hook(pop, always_call=True))
        self.mode = Mode()
        self.mode.__enter__()

    def record(self, kind, output):
        torch = self.state.torch
        owner = self.stack[-1] if self.stack else None
        names = self.model.names
        sites = self.state.session.sites
        if owner is not None and type(owner).__name__ in ("ReLU", "ReLU6"):
            key = names.get(id(owner)) or type(owner).__name__
            location = as_location(sites.get(owner))
        else:
            location = self.state.session.user_code.location()
            where = names.get(id(owner)) if owner is not None else None
            where = where or self.model.class_name
            line = location["line"] if location else "?"
            key = f"{where}:{kind}@{line}"
        values = output.detach()
        axis = _unit_axis(values.dim())
        if values.device.type == "cpu" and values.dtype != torch.bfloat16:
            import numpy as np

            array = values.numpy()
            nonpositive = torch.tensor(int(np.count_nonzero(array <= 0)))
            alive = None
            if axis is not None and array.size:
                units = array.shape[axis]
                alive = torch.from_numpy((np.moveaxis(array, axis, -1).reshape(-1, units) > 0).any(axis=0))
        else:
            with torch.no_grad():
                nonpositive = (values <= 0).sum()
                alive = None
                if axis is not None and values.numel():
                    units = values.shape[axis]
                    alive = (values.movedim(axis, -1).reshape(-1, units) > 0).any(dim=0)
        entry = self.records.setdefault(
            key, {"activation": kind, "location": location, "counts": [], "total": 0, "alive": None}
        )
        entry["counts"].append(nonpositive)
        entry["total"] += output.numel()
        if alive is not None:
            known = entry["alive"]
            if known is None:
                entry["alive"] = alive
            elif known is not False and known.shape == alive.shape:
                entry["alive"] = known | alive
            else:
                entry["alive"] = False  # the same site with different widths: no unit count

    def stop(self):
        if self.mode is not None:
            try:
                self.mode.__exit__(None, None, None)
            finally:
                self.mode = None
        for handle in self.handles:
            handle.remove()
        self.handles = []
        torch = self.state.torch
        for key, entry in self.records.items():
            if not entry["total"]:
                continue
            count = int(torch.stack([c.reshape(()) for c in entry["counts"]]).sum().item())
            record = {
                "activation": entry["activation"],
                "location": entry["location"],
                "nonpositive": count,
                "total": entry["total"],
            }
            record["alive"] = entry["alive"]
            known = self.epoch.activations.get(key)
            if known is None:
                self.epoch.activations[key] = record
                continue
            # Another sampled step of the same epoch: a unit active in either is alive.
            known["nonpositive"] += record["nonpositive"]
            known["total"] += record["total"]
            before, alive = known["alive"], record["alive"]
            if before is None or before is False or alive is None or alive is False or before.shape != alive.shape:
                known["alive"] = False
            else:
                known["alive"] = before | alive
        self.records = {}


def _unit_axis(dims):
    """The axis of a ReLU output that holds its units: features of (batch, features), channels
    of (batch, channels, ...) images and volumes, features of (batch, time, features) sequences."""
    if dims == 2 or dims >= 4:
        return 1
    if dims == 3:
        return 2
    return None
