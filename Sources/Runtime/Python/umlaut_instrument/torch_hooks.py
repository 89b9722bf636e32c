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

import gc
import math
import time
import weakref

from .fingerprint import Overlap, torch_row_hashes
from .locations import as_location
from .stats import InputStats
from .wrapping import guarded, hide_frame, replace

__all__ = ["attach", "epoch_end"]

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
_RELU_FUNCTIONS = {"relu": "relu", "relu_": "relu", "relu6": "relu6"}
_OVERLAP_LIMIT = 200_000
_GRAPH_LIMIT = 200_000
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


class _Pass:
    """One pass over a ``DataLoader``."""

    __slots__ = ("start", "length", "batch_size", "samples", "site", "backward", "models", "ended", "__weakref__")

    def __init__(self, loader, site):
        self.start = time.monotonic()
        self.length = _safe_len(loader)
        self.batch_size = getattr(loader, "batch_size", None)
        self.samples = _safe_len(getattr(loader, "dataset", None))
        self.site = site
        self.backward = 0
        self.models = []
        self.ended = False


class _Epoch:
    """What one model measured during one epoch."""

    def __init__(self, start):
        self.start = start
        self.end = None
        self.forwards = 0
        self.sampled = 0
        self.steps = 0
        self.loss_sum = 0.0
        self.loss_count = 0
        self.loss_tensors = []
        self.nonfinite = 0
        self.input = InputStats()
        self.gradients = {}
        self.activations = {}
        self.val_loss_sum = 0.0
        self.val_loss_count = 0
        self.val_tensors = []
        self.val_samples = 0
        self.learning_rate = None
        self.metrics = {}
        self.stride = None
        self.probe_at = None


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


class _TorchState:
    """The installed hooks and everything they track."""

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

    def _make_iter(self, original):
        state = self

        def __iter__(self):
            try:
                iterator = original(self)
            except BaseException as error:
                hide_frame(error)
                raise
            if state._watching():
                state._pass_begins(self, iterator)
            return iterator

        return __iter__

    def _make_next(self, original):
        state = self

        def __next__(self):
            if self is not state.current_iterator and state._watching():
                state._switch_iterator(self)
            try:
                return original(self)
            except StopIteration as error:
                if state._watching():
                    state._pass_ends(self)
                hide_frame(error)
                raise
            except BaseException as error:
                hide_frame(error)
                raise

        return __next__

    # -- data-loader passes ----------------------------------------------------------------

    @guarded
    def _pass_begins(self, loader, iterator):
        previous = self.loader_pass.get(loader)
        if previous is not None and not previous.ended:
            # The loop broke out of the previous pass: it is over all the same.
            self._end_pass(previous)
        record = _Pass(loader, self.session.user_code.location())
        self.loader_pass[loader] = record
        self.passes[iterator] = record
        self.current_pass = record
        self.current_iterator = iterator

    @guarded
    def _switch_iterator(self, iterator):
        record = self.passes.get(iterator)
        if record is not None:
            self.current_pass = record
            self.current_iterator = iterator

    @guarded
    def _pass_ends(self, iterator):
        record = self.passes.get(iterator)
        if record is not None and not record.ended:
            self._end_pass(record)

    def _end_pass(self, record):
        record.ended = True
        now = time.monotonic()
        if record.backward:
            for model in record.models:
                epoch = model.current
                if epoch is not None and epoch.steps:
                    epoch.end = now
                    epoch.start = min(epoch.start, record.start)
                    if model.pending is not None:
                        self._flush(model, model.pending)
                    model.pending = epoch
                    model.current = None
        else:
            for model in list(self.models):
                if model.pending is not None:
                    self._flush(model, model.pending)
                    model.pending = None

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

    def _epoch(self, model):
        epoch = model.current
        if epoch is None:
            epoch = _Epoch(time.monotonic())
            model.current = epoch
        return epoch

    def _sampled(self, model, epoch, step):
        """Whether this training step is one of the epoch's sampled steps."""
        wanted = self.session.options["sample_batches"]
        if epoch.stride is None:
            expected = None
            if self.current_pass is not None and not self.current_pass.ended:
                expected = self.current_pass.length
            expected = expected or model.previous_steps
            if expected:
                epoch.stride = max(1, expected // wanted)
                middle = (min(wanted, expected) // 2) * epoch.stride
                epoch.probe_at = middle
            else:
                epoch.stride = 0  # unknown length: steps 0, 1, 2, 4, 8, ...
                epoch.probe_at = 0
        if epoch.sampled >= wanted:
            return False
        if epoch.stride:
            chosen = step % epoch.stride == 0
        else:
            chosen = step == 0 or (step & (step - 1)) == 0
        if chosen:
            epoch.sampled += 1
        return chosen

    # -- backward and optimizer steps ---------------------------------------------------------

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

    def _flush(self, model, epoch, partial=False, extra=None):
        """Sends ``epoch`` as the model's next ``epoch`` event."""
        end = epoch.end if epoch.end is not None else time.monotonic()
        metrics = {}
        loss_sum, loss_count = epoch.loss_sum, epoch.loss_count
        if epoch.loss_tensors:
            values = self.torch.stack(epoch.loss_tensors).float().cpu().tolist()
            for index, value in enumerate(values):
                loss_sum += value
                loss_count += 1
                if not math.isfinite(value):
                    epoch.nonfinite += 1
                    if not model.nonfinite_reported:
                        model.nonfinite_reported = True
                        self.session.emit(
                            "nonfinite_loss", model=model.id, epoch=model.epoch_index, batch=index, value=value
                        )
        if loss_count:
            metrics["loss"] = loss_sum / loss_count
        val_sum, val_count = epoch.val_loss_sum, epoch.val_loss_count
        if epoch.val_tensors:
            for value in self.torch.stack(epoch.val_tensors).float().cpu().tolist():
                val_sum += value
                val_count += 1
        if val_count:
            metrics["val_loss"] = val_sum / val_count
        metrics.update(epoch.metrics)
        if extra:
            metrics.update(extra)
        rate = epoch.learning_rate
        if rate is None and model.optimizers:
            rate = _learning_rate(model.optimizers[0])
        fields = {
            "model": model.id,
            "epoch": model.epoch_index,
            "duration": end - epoch.start,
            "steps": epoch.steps,
            "metrics": metrics,
            "learning_rate": rate,
            "input": epoch.input.result(),
            "gradients": [
                {"layer": name, "norm": sum(norms) / len(norms)}
                for name, _ in model.weighted
                for norms in [epoch.gradients.get(name)]
                if norms
            ],
            "activations": [
                {
                    "layer": key,
                    "activation": entry["activation"],
                    "nonpositive_fraction": entry["nonpositive"] / entry["total"],
                    "location": entry["location"],
                    **_unit_counts(entry.get("alive")),
                }
                for key, entry in epoch.activations.items()
                if entry["total"]
            ],
            "nonfinite_batches": epoch.nonfinite,
        }
        if epoch.val_samples:
            fields["validation_samples"] = epoch.val_samples
        if partial:
            fields["partial"] = True
        self.session.emit("epoch", **fields)
        model.previous_steps = epoch.forwards or model.previous_steps
        model.epoch_index += 1
        overlap = model.overlap
        if overlap is not None and overlap.train_checked and overlap.validation_checked:
            self.session.emit("overlap", model=model.id, **overlap.fields())
            model.overlap = None
        elif overlap is not None and model.epoch_index >= 2:
            model.overlap = None  # no validation batches seen in two epochs: give up

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


def _unit_counts(alive):
    """``units`` and ``dead_units`` of an activation entry from its mask of units seen active."""
    if alive is None or alive is False:
        return {}
    return {"units": int(alive.numel()), "dead_units": int(alive.numel() - int(alive.sum()))}


def _unit_axis(dims):
    """The axis of a ReLU output that holds its units: features of (batch, features), channels
    of (batch, channels, ...) images and volumes, features of (batch, time, features) sequences."""
    if dims == 2 or dims >= 4:
        return 1
    if dims == 3:
        return 2
    return None


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


def _is_fake(x):
    """A tensor without data (fake, functional or a proxy's): tracing, not training."""
    name = type(x).__name__
    return name in ("FakeTensor", "FunctionalTensor") or "Proxy" in name


def _learning_rate(optimizer):
    try:
        rate = optimizer.param_groups[0]["lr"]
        return float(rate)
    except Exception:
        return None


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


def _safe_len(value):
    if value is None:
        return None
    try:
        return len(value)
    except Exception:
        return None
