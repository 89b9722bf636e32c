"""PyTorch backward passes and optimizer steps, and finding the models a loss trains.

Part of the PyTorch hooks (``torch_hooks``): ``_GradientHooks`` holds the methods of
``_TorchState`` that wrap ``Tensor.backward``, read per-layer gradient norms before
``optimizer.step()``, and walk the autograd graph of the first loss to the parameters it reaches
and so to the roots of the models (``_Model``) that own them.
"""

import gc
import math
import time
import weakref

from .fingerprint import Overlap
from .locations import as_location
from .stats import nonfinite_counts
from .torch_loop import _Epoch, _learning_rate
from .wrapping import guarded, hide_frame


_ACTIVATION_NAMES = {
    "ReLU": "relu",
    "ReLU6": "relu6",
    "LeakyReLU": "leaky_relu",
    "PReLU": "prelu",
    "ELU": "elu",
    "SELU": "selu",
    "GELU": "gelu",
    "SiLU": "silu",
    "Mish": "mish",
    "Sigmoid": "sigmoid",
    "Tanh": "tanh",
    "Softmax": "softmax",
    "LogSoftmax": "log_softmax",
    "Softplus": "softplus",
}
_OVERLAP_LIMIT = 200_000
_GRAPH_LIMIT = 200_000


class _Model:
    """A model found training: its hooks, its layers and its current epoch.

    It holds the module and its parameters only weakly: a script that trains many models
    one after the other frees each as usual.
    """

    def __init__(self, state, module, model_id):
        sites = state.session.sites
        self.state = state
        self.id = model_id
        self.ref = weakref.ref(module)
        self.class_name = type(module).__name__
        self.compiled = self.class_name == "OptimizedModule"
        self.names = {}
        self.layers = []  # the model event's description of each leaf module
        self.weighted = []  # (layer name, weak references to its own parameters)
        for name, sub in module.named_modules():
            self.names[id(sub)] = name
            own = list(sub.parameters(recurse=False))
            if not any(True for _ in sub.children()):
                class_name = type(sub).__name__
                self.layers.append(
                    {
                        "name": name or self.class_name,
                        "class": class_name,
                        "activation": _ACTIVATION_NAMES.get(class_name),
                        "created_at": as_location(sites.get(sub)),
                        "parameters": sum(p.numel() for p in own),
                        "data_format": None,
                    }
                )
            if own:
                self.weighted.append((name or self.class_name, [weakref.ref(p) for p in own]))
        self.parameter_ids = {id(p) for p in module.parameters()}
        self.epoch_index = 0
        self.current = None
        self.pending = None
        self.previous_steps = None
        self.grad_pending = False
        self.nonfinite_reported = False
        self.overlap = Overlap(_OVERLAP_LIMIT)
        self.began = False
        self.optimizers = []
        self.deferred = None  # (training, sampled) of a forward whose input was a keyword argument
        self.last_input = None  # a weak reference to the latest training batch
        self.loader_trained = False  # whether DataLoader passes delimit its epochs

    def module(self):
        return self.ref()


class _GradientHooks:
    """The ``_TorchState`` methods for backward passes, optimizer steps and model discovery."""

    def _make_backward(self, original):
        state = self

        def backward(self, *args, **kwargs):
            if not state._watching():
                try:
                    return original(self, *args, **kwargs)
                except BaseException as error:
                    hide_frame(error)
                    raise
            models = state._before_backward(self)
            try:
                result = original(self, *args, **kwargs)
            except BaseException as error:
                hide_frame(error)
                raise
            if models:
                state._after_backward(self, models)
            return result

        return backward

    @guarded
    def _before_backward(self, loss):
        models = list(self.active)
        self.active.clear()
        if not models:
            models = self._discover(loss)
        return models

    @guarded
    def _after_backward(self, loss, models):
        value = None
        scalar = loss.numel() == 1
        if scalar and loss.device.type == "cpu":
            value = float(loss.detach())
        record = self.current_pass
        for model in models:
            epoch = self._epoch(model)
            epoch.steps += 1
            if not model.began:
                model.began = True
                self._begin(model, loss, record)
            if scalar:
                if value is None:
                    epoch.loss_tensors.append(loss.detach().reshape(()))
                else:
                    epoch.loss_sum += value
                    epoch.loss_count += 1
                if value is not None and not math.isfinite(value):
                    epoch.nonfinite += 1
                    if not model.nonfinite_reported:
                        model.nonfinite_reported = True
                        fields = {}
                        checked = _batch_nonfinite(model.last_input)
                        if checked is not None:
                            fields["input"] = checked
                        self.session.emit(
                            "nonfinite_loss",
                            model=model.id,
                            epoch=model.epoch_index,
                            batch=epoch.steps - 1,
                            value=value,
                            **fields,
                        )
            if model.grad_pending and not model.optimizers:
                model.grad_pending = False
                self._read_gradients(model, epoch)
            if record is not None and not record.ended:
                model.loader_trained = True
                record.backward += 1
                if model not in record.models:
                    record.models.append(model)

    def _before_step(self, optimizer, args, kwargs):
        if not self._watching():
            return
        for model in self._models_of(optimizer):
            if model.grad_pending:
                model.grad_pending = False
                epoch = model.current
                if epoch is not None:
                    self._read_gradients(model, epoch)

    def _after_step(self, optimizer, args, kwargs):
        if not self._watching():
            return
        models = self._models_of(optimizer)
        if not models:
            return
        rate = _learning_rate(optimizer)
        for model in models:
            if model.current is not None:
                model.current.learning_rate = rate

    def _models_of(self, optimizer):
        try:
            models = self.optimizer_models.get(optimizer)
        except TypeError:
            return []
        if models is None:
            ids = {id(p) for group in optimizer.param_groups for p in group["params"]}
            models = []
            for model in self.models:
                if model.module() is not None and model.parameter_ids & ids:
                    models.append(model)
                    if optimizer not in model.optimizers:
                        model.optimizers.append(optimizer)
            try:
                self.optimizer_models[optimizer] = models
            except TypeError:
                pass
        return models

    def _read_gradients(self, model, epoch):
        torch = self.torch
        grads = []
        spans = []
        for name, references in model.weighted:
            params = [reference() for reference in references]
            present = [p.grad for p in params if p is not None and p.grad is not None]
            spans.append((name, len(grads), len(present)))
            grads.extend(present)
        if not grads:
            return
        with torch.no_grad():
            try:
                norms = torch._foreach_norm([g.detach().float() for g in grads])
            except Exception:
                norms = [torch.linalg.vector_norm(g.detach().float().to_dense()) for g in grads]
            values = torch.stack([n.reshape(()).to("cpu") for n in norms]).tolist()
        for name, first, count in spans:
            if not count:
                continue
            total = sum(v * v for v in values[first : first + count])
            epoch.gradients.setdefault(name, []).append(math.sqrt(total) if math.isfinite(total) else total)

    def _nonfinite_weights(self, model):
        """The layers whose own parameters hold NaN or infinite values, with how many of how
        many, at the end of an epoch: the dead-unit and gradient findings name NaN weights as
        the cause when a NaN reached the weights without reaching the loss (`keras_probe`)."""
        torch = self.torch
        layers = []
        for name, references in model.weighted:
            params = [p for p in (reference() for reference in references) if p is not None]
            if params:
                layers.append((name, params))
        try:
            with torch.no_grad():
                counts = nonfinite_counts(torch, [params for _, params in layers])
        except Exception:
            return []
        return [
            {"layer": name, "count": count, "total": sum(int(p.numel()) for p in params)}
            for (name, params), count in zip(layers, counts)
            if count
        ]

    # -- finding models ---------------------------------------------------------------------

    def _discover(self, loss):
        """The models whose parameters ``loss`` reaches, registering new ones."""
        grad_fn = getattr(loss, "grad_fn", None)
        if grad_fn is None:
            return []
        alive = [model for model in self.models if model.module() is not None]
        if self.discovery_walks > 64 and alive:
            # A loop whose model is called through a sub-module: attribute to the known models.
            self.discovery_walks += 1
            if self.discovery_walks % 64:
                return alive
        self.discovery_walks += 1
        parameters = _reachable_parameters(grad_fn)
        if not parameters:
            return []
        found = {}
        unknown = []
        for parameter in parameters:
            entry = self.owner.get(id(parameter))
            if entry is None or entry[0]() is not parameter:
                unknown.append(parameter)
            else:
                found[entry[1].id] = entry[1]
        if unknown:
            for model in self._register_roots(unknown, loss):
                found[model.id] = model
        return list(found.values())

    def _register_roots(self, parameters, loss):
        torch = self.torch
        wanted = {id(p) for p in parameters}
        modules = list(self.modules)
        if not any(wanted & {id(p) for p in m.parameters(recurse=False)} for m in modules):
            # Modules made before the instrumentation started (explicit start() late).
            modules = [obj for obj in gc.get_objects() if isinstance(obj, torch.nn.Module)]
            for module in modules:
                self.modules.add(module)
        parent = {}
        for module in modules:
            for child in module._modules.values():
                if child is not None:
                    parent[id(child)] = module
        roots = {}
        for module in modules:
            own = {id(p) for p in module.parameters(recurse=False)}
            if not own & wanted:
                continue
            root = module
            for _ in range(1000):
                above = parent.get(id(root))
                if above is None:
                    break
                root = above
            roots[id(root)] = root
        created = []
        for root in roots.values():
            known = self.by_root.get(id(root))
            if known is not None and known.module() is root:
                created.append(known)
                continue
            model = _Model(self, root, self.session.ids.get(root, "m"))
            model.current = _Epoch(time.monotonic())
            model.current.forwards = 1  # the forward pass of this first loss ran unobserved
            self.models.append(model)
            self.by_root[id(root)] = model
            for parameter in root.parameters():
                self.owner[id(parameter)] = (weakref.ref(parameter), model)
            self._install_module_hooks()
            self._note_losses()
            self.optimizer_models = weakref.WeakKeyDictionary()
            for optimizer in list(self.optimizers):
                self._models_of(optimizer)
            created.append(model)
        return created

    def _note_losses(self):
        loss_class = self.torch.nn.modules.loss._Loss
        for module in list(self.modules):
            if isinstance(module, loss_class) and module not in self.hooked_losses:
                self.hooked_losses.add(module)

    def _loss_forward(self, module, args, output):
        if not self._watching():
            return
        last = self.last_forward
        if self.torch.is_grad_enabled() and (last is None or last[1]):
            return  # a training loss: backward() reports it
        model = last[0] if last is not None else None
        if model is None or not hasattr(output, "numel") or output.numel() != 1:
            return
        target = model.pending or model.current
        if target is None:
            return
        if output.device.type == "cpu":
            target.val_loss_sum += float(output.detach())
            target.val_loss_count += 1
        else:
            target.val_tensors.append(output.detach().reshape(()))


# -- helpers -----------------------------------------------------------------------------------


def _reachable_parameters(grad_fn):
    """Leaf tensors that require grad and are reached from ``grad_fn`` (AccumulateGrad)."""
    found = []
    seen = set()
    todo = [grad_fn]
    while todo and len(seen) < _GRAPH_LIMIT:
        node = todo.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        variable = getattr(node, "variable", None)
        if variable is not None:
            found.append(variable)
            continue
        for child, _ in getattr(node, "next_functions", ()):
            if child is not None:
                todo.append(child)
    return found


def _batch_nonfinite(reference):
    """NaN and infinite counts of the batch a weak reference points at (the one whose loss is not
    finite), as the ``input`` of a ``nonfinite_loss`` event; ``None`` when it is gone or not a
    float tensor."""
    x = reference() if reference is not None else None
    if x is None or not x.dtype.is_floating_point:
        return None
    import torch

    with torch.no_grad():
        values = x.detach()
        nan = int(torch.isnan(values).sum())
        inf = int(torch.isinf(values).sum())
    return {"scope": "batch", "nan": nan, "inf": inf}
