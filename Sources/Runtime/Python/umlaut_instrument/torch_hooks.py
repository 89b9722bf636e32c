"""PyTorch hooks for plain training loops (no ``fit``).

Installed when ``torch`` is first imported:

* ``Module.__new__`` and ``Optimizer.__new__`` note the user's source line that created each
  module and optimizer (a weak map), ``LRScheduler.__init__`` notes which optimizer is
  scheduled, and modules are remembered weakly so models can be found later.
* ``Tensor.backward`` is wrapped. A backward pass is a training step: its (scalar) tensor is
  the loss. The first one walks the autograd graph to the parameters it reaches and so finds
  the model (the outermost module owning them); forward hooks are then put on that model.
* The model's forward pre-hook sees each batch: in training mode (``module.training`` and
  gradients enabled) a few batches per epoch give input statistics, per-layer gradient norms
  (read just before ``optimizer.step()``, so after any gradient unscaling) and ReLU activity (through a ``TorchFunctionMode`` that sees ``F.relu``, ``torch.relu``,
  ``Tensor.relu`` and ``nn.ReLU`` alike); in eval mode it counts validation samples. In the
  first epoch every training and validation batch is fingerprinted for the overlap check.
* Loss modules (``nn.*Loss``) called in eval mode or without gradients give the validation loss.
* ``DataLoader`` passes delimit epochs: a pass during which ``backward()`` ran is an epoch of
  training. A loop without a ``DataLoader`` ends an epoch where it turns from training steps to
  an evaluation (a forward pass in eval mode or without gradients). Its ``epoch`` event is sent when the validation pass that follows ends, when the
  next training step begins, on ``umlaut_instrument.epoch_end()``, or at exit, so it carries
  the validation loss. The learning rate is read from ``param_groups`` after each step.

Nothing here draws random numbers, changes a tensor the script computes with, or calls a
module; the hooks return ``None``. When Keras trains with the torch backend these hooks stand
aside (``session.keras_depth``).
"""

import time
import weakref

from .fingerprint import torch_row_hashes
from .locations import as_location
from .torch_gradients import _GradientHooks
from .torch_loop import _learning_rate, _LoopHooks
from .torch_probe import _ReluProbe
from .wrapping import guarded, hide_frame, replace

__all__ = ["attach", "epoch_end"]

_state = None


def attach(session, torch):
    """Installs the hooks; reports ``attached`` or ``attach_failed``. Never raises."""
    global _state
    if session.framework_attached("torch"):
        return
    try:
        state = _TorchState(session, torch)
        state.install()
    except Exception as error:
        session.attach_failed("torch", error)
        return
    _state = state
    session.mark_framework("torch", state)
    session.at_exit(state.finish)
    session.emit("attached", framework="torch", version=str(getattr(torch, "__version__", "")) or None)


def epoch_end(metrics):
    """Closes the current epoch of every model now (the explicit API); ``metrics`` are added."""
    if _state is not None:
        _state.close_all(metrics)


class _TorchState(_LoopHooks, _GradientHooks):
    """The installed hooks and everything they track.

    Loader passes and epochs are ``torch_loop``'s part, backward passes, optimizer steps and
    finding the models from the loss are ``torch_gradients``'; ReLU activity is ``torch_probe``.
    """

    def __init__(self, session, torch):
        self.session = session
        self.torch = torch
        self.modules = weakref.WeakSet()
        self.optimizers = weakref.WeakSet()
        self.schedules = weakref.WeakKeyDictionary()
        # Every model found, in order. Objects die and their ids are reused, so the maps by id
        # keep a weak reference and are checked against it.
        self.models = []
        self.by_root = {}  # id(module) -> _Model
        self.owner = {}  # id(parameter) -> (weakref to the parameter, _Model)
        self.optimizer_models = weakref.WeakKeyDictionary()
        self.hooked_losses = weakref.WeakSet()
        self.active = []  # models that ran a training forward since the last backward
        self.last_forward = None  # (model, training) of the latest forward of a known model
        self.passes = weakref.WeakKeyDictionary()  # iterator -> _Pass
        self.loader_pass = weakref.WeakKeyDictionary()  # loader -> its latest _Pass
        self.current_pass = None
        self.current_iterator = None
        self.discovery_walks = 0
        self.probe = None
        self.module_hooks = []  # handles of the global forward hooks, once a model is found

    # -- installation ----------------------------------------------------------------------

    def install(self):
        torch = self.torch
        from torch.optim.optimizer import (
            register_optimizer_step_post_hook,
            register_optimizer_step_pre_hook,
        )
        from torch.utils.data import DataLoader
        from torch.utils.data.dataloader import _BaseDataLoaderIter

        session = self.session
        state = self

        def note_module(obj):
            if session.active:
                session.sites.note(obj, session.user_code.site())
                state.modules.add(obj)

        def note_optimizer(obj):
            if session.active:
                session.sites.note(obj, session.user_code.site())
                state.optimizers.add(obj)

        replace(torch.nn.Module, "__new__", _make_new(guarded(note_module)))
        replace(torch.optim.Optimizer, "__new__", _make_new(guarded(note_optimizer)))
        try:
            from torch.optim.lr_scheduler import LRScheduler

            replace(LRScheduler, "__init__", self._make_scheduler_init)
        except (ImportError, AttributeError):
            pass
        replace(torch.Tensor, "backward", self._make_backward)
        replace(DataLoader, "__iter__", self._make_iter)
        replace(_BaseDataLoaderIter, "__next__", self._make_next)
        register_optimizer_step_pre_hook(guarded(self._before_step))
        register_optimizer_step_post_hook(guarded(self._after_step))

    def _watching(self):
        return self.session.active and not self.session.keras_depth

    def _make_scheduler_init(self, original):
        state = self

        def __init__(self, *args, **kwargs):
            try:
                original(self, *args, **kwargs)
            except BaseException as error:
                hide_frame(error)
                raise
            optimizer = getattr(self, "optimizer", None)
            if optimizer is not None:
                try:
                    state.schedules[optimizer] = type(self).__name__
                except TypeError:
                    pass

        return __init__

    # -- forward hooks ------------------------------------------------------------------------

    def _install_module_hooks(self):
        """Global forward hooks (once): nothing is put on the user's modules.

        Hooks registered on a module live in its ``__dict__``: they would be pickled with it, copied
        by ``deepcopy``, rejected by ``torch.jit.script`` and seen by anyone who looks. The global
        hooks look modules up by identity; every other module costs a dictionary lookup. They stand
        aside while the model is traced, scripted, compiled or exported.
        """
        if self.module_hooks:
            return
        torch = self.torch
        from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook

        loss_class = torch.nn.modules.loss._Loss
        state = self

        def before(module, args):
            model = state.by_root.get(id(module))
            if model is not None and model.ref() is module and state._watching() and not state._transforming():
                state._forward(model, args)

        def after(module, args, kwargs, output):
            if isinstance(module, loss_class):
                if not state._transforming():
                    state._loss_forward(module, args, output)
                return
            model = state.by_root.get(id(module))
            if model is None or model.ref() is not module:
                return
            probe = state.probe
            if probe is not None and probe.model is model:
                state.probe = None
                probe.stop()
            deferred = model.deferred
            if deferred is not None:
                model.deferred = None
                x = _first_tensor(torch, (), kwargs)
                if x is not None and state._watching() and not state._transforming():
                    state._observe_input(model, x, *deferred)

        self.module_hooks.append(register_module_forward_pre_hook(guarded(before)))
        self.module_hooks.append(register_module_forward_hook(guarded(after), with_kwargs=True, always_call=True))

    def _transforming(self):
        """Whether the forward pass being run is traced, compiled or exported, not executed."""
        torch = self.torch
        compiler = getattr(torch, "compiler", None)
        if compiler is not None:
            if compiler.is_compiling() or (hasattr(compiler, "is_exporting") and compiler.is_exporting()):
                return True
        return torch.jit.is_tracing() or torch._C._get_tracing_state() is not None

    def _forward(self, model, args):
        torch = self.torch
        training = self.torch.is_grad_enabled() and bool(getattr(model.module(), "training", False))
        self.last_forward = (model, training)
        x = _first_tensor(torch, args, None)
        if training:
            if model.pending is not None:
                self._flush(model, model.pending)
                model.pending = None
            epoch = self._epoch(model)
            step = epoch.forwards
            epoch.forwards += 1
            if model not in self.active:
                self.active.append(model)
            sampled = self._sampled(model, epoch, step)
            if sampled:
                model.grad_pending = True
                if not model.compiled and self.probe is None:  # every sampled step: more samples, surer verdicts
                    self.probe = _ReluProbe(self, model, epoch)
                    self.probe.start()
        else:
            sampled = False
            epoch = model.current
            if not model.loader_trained and epoch is not None and epoch.steps:
                # No DataLoader delimits this loop's epochs: the switch from training steps to an
                # evaluation pass ends one (the evaluation's loss then joins it).
                epoch.end = time.monotonic()
                if model.pending is not None:
                    self._flush(model, model.pending)
                model.pending = epoch
                model.current = None
        if x is None:
            model.deferred = (training, sampled)  # the input may come as a keyword argument
            return
        self._observe_input(model, x, training, sampled)

    def _observe_input(self, model, x, training, sampled):
        if getattr(x, "is_meta", False) or type(x) is not self.torch.Tensor and _is_fake(x):
            return
        if training:
            epoch = model.current
            if epoch is None:
                return
            if sampled:
                epoch.input.add_torch(x)
            model.last_input = weakref.ref(x)
            if model.overlap is not None and model.epoch_index == 0:
                # Hashing needs the batch on the CPU: on other devices only sampled batches.
                if sampled or x.device.type == "cpu":
                    model.overlap.add_train(torch_row_hashes(x))
        else:
            target = model.pending or model.current
            if target is not None and x.dim():
                target.val_samples += int(x.shape[0])
            if model.overlap is not None and x.dim():
                model.overlap.add_validation(torch_row_hashes(x))

    # -- events ---------------------------------------------------------------------------------

    def _begin(self, model, loss, record):
        session = self.session
        module = model.module()
        if module is None:
            return
        session.emit("model", **self._model_fields(model, module))
        optimizer_ids = []
        for optimizer in model.optimizers:
            optimizer_id = session.ids.get(optimizer, "o")
            optimizer_ids.append(optimizer_id)
            session.emit(
                "optimizer",
                optimizer=optimizer_id,
                model=model.id,
                **{"class": type(optimizer).__name__},
                learning_rate=_learning_rate(optimizer),
                schedule=self.schedules.get(optimizer),
                created_at=as_location(session.sites.get(optimizer)),
            )
        session.emit("loss", model=model.id, **self._loss_fields(loss))
        backward_at = session.user_code.location()
        session.emit(
            "train_begin",
            model=model.id,
            optimizer=optimizer_ids[0] if optimizer_ids else None,
            call_site=record.site if record is not None and record.site else backward_at,
            backward_at=backward_at,
            epochs=None,
            batch_size=record.batch_size if record is not None else None,
            train_samples=record.samples if record is not None else None,
            validation=None,
        )

    def _model_fields(self, model, module):
        sites = self.session.sites
        return {
            "model": model.id,
            "framework": "torch",
            "class": model.class_name,
            "name": model.class_name,
            "created_at": as_location(sites.get(module)),
            "data_format": "channels_first",
            "input_shape": None,
            "layers": model.layers,
        }

    def _loss_fields(self, loss):
        grad_fn = type(loss.grad_fn).__name__ if loss.grad_fn is not None else None
        modules = [m for m in list(self.hooked_losses)]
        chosen = None
        if len(modules) == 1:
            chosen = modules[0]
        elif grad_fn is not None:
            for module in modules:
                if _loss_matches(type(module).__name__, grad_fn):
                    chosen = module
                    break
        name = type(chosen).__name__ if chosen is not None else _snake(grad_fn or "unknown")
        return {
            "name": name,
            "class": type(chosen).__name__ if chosen is not None else None,
            "from_logits": None,
            "grad_fn": grad_fn,
            "created_at": as_location(self.session.sites.get(chosen)) if chosen is not None else None,
        }

    @guarded
    def close_all(self, metrics):
        for model in list(self.models):
            if model.pending is not None:
                self._flush(model, model.pending, extra=metrics)
                model.pending = None
                metrics = None
            epoch = model.current
            if epoch is not None and epoch.steps:
                model.current = None
                self._flush(model, epoch, extra=metrics)

    def finish(self):
        """At exit: pending epochs, then ``train_end`` for every model."""
        for model in list(self.models):
            try:
                if self.probe is not None:
                    self.probe.stop()
                    self.probe = None
                if model.pending is not None:
                    self._flush(model, model.pending)
                    model.pending = None
                epoch = model.current
                if epoch is not None and epoch.steps:
                    model.current = None
                    self._flush(model, epoch, partial=True)
                overlap = model.overlap
                if overlap is not None and overlap.train_checked and overlap.validation_checked:
                    self.session.emit("overlap", model=model.id, **overlap.fields())
                    model.overlap = None
                self.session.emit("train_end", model=model.id, epochs_completed=model.epoch_index)
            except Exception:
                continue


# -- helpers -----------------------------------------------------------------------------------


def _make_new(note):
    """A ``__new__`` that allocates as before and then notes the object."""

    def make(original):
        plain = original is object.__new__

        def __new__(cls, *args, **kwargs):
            try:
                obj = original(cls) if plain else original(cls, *args, **kwargs)
            except BaseException as error:
                hide_frame(error)
                raise
            note(obj)
            return obj

        return __new__

    return make


def _first_tensor(torch, args, kwargs):
    for value in args:
        if isinstance(value, torch.Tensor):
            return value
    for value in (kwargs or {}).values():
        if isinstance(value, torch.Tensor):
            return value
    for value in args:
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], torch.Tensor):
            return value[0]
        if isinstance(value, dict):
            for item in value.values():
                if isinstance(item, torch.Tensor):
                    return item
    return None


def _is_fake(x):
    """A tensor without data (fake, functional or a proxy's): tracing, not training."""
    name = type(x).__name__
    return name in ("FakeTensor", "FunctionalTensor") or "Proxy" in name


_LOSS_GRAD_FNS = {
    "CrossEntropyLoss": ("NllLoss", "CrossEntropy", "LogSoftmax"),
    "NLLLoss": ("NllLoss",),
    "MSELoss": ("MseLoss",),
    "L1Loss": ("L1Loss", "Abs", "Mean"),
    "BCELoss": ("BinaryCrossEntropy",),
    "BCEWithLogitsLoss": ("BinaryCrossEntropyWithLogits",),
    "SmoothL1Loss": ("SmoothL1Loss",),
    "HuberLoss": ("HuberLoss",),
    "KLDivLoss": ("KlDiv",),
}


def _loss_matches(class_name, grad_fn):
    return any(grad_fn.startswith(prefix) for prefix in _LOSS_GRAD_FNS.get(class_name, ()))


def _snake(grad_fn):
    name = grad_fn
    for suffix in ("Backward0", "Backward1", "Backward"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    out = []
    for index, char in enumerate(name):
        if char.isupper() and index:
            out.append("_")
        out.append(char.lower())
    return "".join(out)
