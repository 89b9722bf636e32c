"""Keras 3 hooks (tf.keras included: from TensorFlow 2.16 on it is Keras 3).

Installed when ``keras`` is first imported:

* ``Layer.__new__``, ``Loss.__init__`` and ``BaseOptimizer.__init__`` note the user's source
  line that created each object (a weak map; nothing is added to the objects). ``__new__`` is
  used for layers because ``Layer.__init__`` warns with ``stacklevel=2``, which a wrapper would
  redirect. A ``compile`` call creates a ``CompileLoss``, whose site is the compile call.
* ``Model.fit`` is wrapped: it puts an ``UmlautCallback`` first in the callbacks (the user's
  callbacks stay, in order, and a ``KerasCallback`` the user passed is used instead), and, for
  generators, ``PyDataset`` and ``tf.data`` inputs, lets a few batches be inspected on the
  way. Arguments, return value and exceptions are the original's.

Per epoch the callback reports the logged metrics, the learning rate of the epoch's last step
(schedules evaluated at that step), input statistics (``keras_data``), and a probe on one
training batch: per-layer gradient norms from a separate ``GradientTape`` (or
``torch.autograd.grad``) on a ``training=False`` forward pass, and the share of non-positive
outputs of ReLU layers in that same pass. The probe changes no weight, optimizer or metric
state, draws no random numbers and runs no layer in training mode.

Batch callbacks run on Keras' worker thread (``async_safe``), so the training loop never waits
for the non-finite-loss check.
"""

import inspect
import math
import time
import weakref

from . import keras_data, keras_describe
from .fingerprint import Overlap, row_hashes
from .keras_probe import Probe
from .wrapping import guarded, hide_frame, replace

__all__ = ["attach", "callback_class"]

_PROBE_ROWS = 32
# The probe runs in the first epochs of every fit, and afterwards while it has taken at most
# this share of the training time (or a first allowance, which covers tracing it): epochs of
# real length are all probed, a tiny model's epochs of milliseconds only now and then.
_PROBE_ALWAYS = 2
_PROBE_BUDGET = 0.01
_PROBE_ALLOWANCE = 0.25
_state = None


def attach(session, keras):
    """Installs the hooks; reports ``attached`` or ``attach_failed``. Never raises."""
    global _state
    if session.framework_attached("keras"):
        return
    try:
        state = _KerasState(session, keras)
        state.install()
        state.callback_class = callback_class(keras)
    except Exception as error:
        session.attach_failed("keras", error)
        return
    _state = state
    session.mark_framework("keras", state)
    session.emit(
        "attached",
        framework="keras",
        version=getattr(keras, "__version__", None),
        backend=_backend(keras),
    )


def callback_class(keras=None):
    """The ``keras.callbacks.Callback`` subclass used by ``fit`` and ``KerasCallback``.

    One class per process, so a callback the user passes is recognised by the ``fit`` wrapper
    whichever was set up first.
    """
    global _callback_class
    if _callback_class is None:
        if keras is None:
            import keras
        _callback_class = _make_callback_class(keras)
    return _callback_class


_callback_class = None


def _backend(keras):
    try:
        return keras.backend.backend()
    except Exception:
        return None


class _KerasState:
    """The installed hooks and what they share."""

    def __init__(self, session, keras):
        self.session = session
        self.keras = keras
        self.depth = 0
        self.callback_class = None  # set once the hooks are in place
        self.observed = {}  # id(PyDataset) -> ObservedSource while a fit trains on it
        self.probes = weakref.WeakKeyDictionary()  # model -> Probe (a traced function per model)

    def probe(self, model):
        probe = self.probes.get(model)
        if probe is None:
            probe = Probe(self.keras, model)
            self.probes[model] = probe
        return probe

    def install(self):
        keras = self.keras
        session = self.session
        from keras.src.layers.layer import Layer
        from keras.src.losses.loss import Loss
        from keras.src.optimizers.base_optimizer import BaseOptimizer

        model_class = keras.Model
        if not hasattr(model_class, "fit"):
            raise AttributeError("keras.Model has no fit()")

        def note(obj):
            if session.active:
                session.sites.note(obj, session.user_code.site())

        note = guarded(note)

        def make_new(original):
            def __new__(cls, *args, **kwargs):
                try:
                    obj = original(cls, *args, **kwargs)
                except BaseException as error:
                    hide_frame(error)
                    raise
                note(obj)
                return obj

            return __new__

        def make_init(original):
            def __init__(self, *args, **kwargs):
                note(self)
                try:
                    original(self, *args, **kwargs)
                except BaseException as error:
                    hide_frame(error)
                    raise

            return __init__

        replace(Layer, "__new__", make_new)
        replace(Loss, "__init__", make_init)
        replace(BaseOptimizer, "__init__", make_init)
        replace(model_class, "fit", self._make_fit)
        try:
            from keras.src.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter

            replace(PyDatasetAdapter, "_standardize_batch", self._make_standardize)
        except (ImportError, AttributeError):
            pass

    def _make_fit(self, original):
        state = self
        signature = inspect.signature(original)

        def fit(self, *args, **kwargs):
            run = None
            if state.session.active and state.depth == 0:
                run = _prepare_run(state, signature, self, args, kwargs)
            if run is None:
                try:
                    return original(self, *args, **kwargs)
                except BaseException as error:
                    hide_frame(error)
                    raise
            state.depth += 1
            state.session.keras_depth += 1
            try:
                result = original(*run.call_args, **run.call_kwargs)
            except BaseException as error:
                state.depth -= 1
                state.session.keras_depth -= 1
                run.finish(aborted=True)
                hide_frame(error)
                raise
            state.depth -= 1
            state.session.keras_depth -= 1
            run.finish(aborted=False)
            return result

        return fit

    def _make_standardize(self, original):
        state = self

        def _standardize_batch(self, batch):
            try:
                result = original(self, batch)
            except BaseException as error:
                hide_frame(error)
                raise
            source = state.observed.get(id(getattr(self, "py_dataset", None)))
            if source is not None:
                guarded(source.observe)(result)
            return result

        return _standardize_batch


@guarded
def _prepare_run(state, signature, model, args, kwargs):
    """Builds the ``FitRun`` for a ``fit`` call, or returns ``None`` to leave it alone."""
    bound = signature.bind(model, *args, **kwargs)
    arguments = dict(bound.arguments)
    for name, parameter in signature.parameters.items():
        if name not in arguments and parameter.default is not inspect.Parameter.empty:
            arguments[name] = parameter.default
    callbacks = arguments.get("callbacks")
    callback_list = state.keras.callbacks.CallbackList
    if isinstance(callbacks, callback_list):
        return None
    if callbacks is None:
        callbacks = []
    elif isinstance(callbacks, (list, tuple)):
        callbacks = list(callbacks)
    else:
        callbacks = [callbacks]
    existing = [cb for cb in callbacks if isinstance(cb, state.callback_class)]
    callback = existing[0] if existing else state.callback_class()
    if not existing:
        callbacks.insert(0, callback)
    run = FitRun(state, model, arguments, state.session.user_code.location(), already_split=False)
    bound.arguments["callbacks"] = callbacks
    if run.replacement_x is not None:
        bound.arguments["x"] = run.replacement_x
    run.call_args = bound.args
    run.call_kwargs = bound.kwargs
    callback._umlaut_run = run
    return run


class FitRun:
    """One watched ``fit`` call: what it trains on and what has been reported."""

    def __init__(self, state, model, arguments, call_site, already_split):
        import numpy as np

        self.state = state
        self.session = state.session
        self.keras = state.keras
        self.model = model
        self.call_site = call_site
        self.model_id = self.session.ids.get(model, "m")
        self.epochs = arguments.get("epochs")
        self.batch_size = arguments.get("batch_size")
        self.steps_per_epoch = arguments.get("steps_per_epoch")
        self.replacement_x = None
        self.source = None
        self.train_rows = None
        self.validation = {"kind": "none", "call_site": None, "samples": None}
        self.overlap_x = None
        self.rng = np.random.default_rng(0x5EED)
        self.epochs_completed = 0
        self.epoch = None
        self.epoch_start = None
        self.nonfinite = 0
        self.nonfinite_reported = False
        self.began = False
        self.finished = False
        self.train_seconds = 0.0
        self.probe_seconds = 0.0
        self.call_args = ()
        self.call_kwargs = {}
        self._plan_data(arguments, already_split)

    # -- data --------------------------------------------------------------------------------

    def _plan_data(self, arguments, already_split):
        x = arguments.get("x")
        y = arguments.get("y")
        validation_data = arguments.get("validation_data")
        split = arguments.get("validation_split") or 0.0
        samples = self.session.options["sample_batches"]
        batch_size = self.batch_size or 32
        train_x, train_y, validation_x = x, y, None
        if keras_data.is_array_structure(x):
            rows = keras_data.row_count(x)
            if split and validation_data is None and rows and not already_split:
                split_at = int(math.floor(rows * (1.0 - split)))
                train_x = keras_data.split_rows(x, 0, split_at)
                train_y = keras_data.split_rows(y, 0, split_at) if y is not None else None
                validation_x = keras_data.split_rows(x, split_at, rows)
                self.validation = {"kind": "split", "call_site": self.call_site, "samples": rows - split_at}
                rows = split_at
            self.train_rows = rows
            self.source = keras_data.ArraySource(train_x, train_y, rows, batch_size, samples, self.rng)
        elif inspect.isgenerator(x):
            stride = max(1, (self.steps_per_epoch or samples) // samples)
            self.source = keras_data.ObservedSource(samples, stride)
            self.replacement_x = keras_data.observing_generator(x, self.source)
        elif keras_data.is_py_dataset(self.keras, x):
            count = keras_data.safe_len(x)
            self.source = keras_data.ObservedSource(samples, max(1, (count or samples) // samples))
            self.state.observed[id(x)] = self.source
            self._py_dataset_id = id(x)
        elif keras_data.is_tf_dataset(x):
            count = keras_data.cardinality(x)
            self.source = keras_data.ObservedSource(samples, max(1, (count or 16 * samples) // samples))
            self.replacement_x = keras_data.observing_dataset(x, self.source)
        if validation_data is not None:
            validation_x = keras_data.validation_inputs(validation_data)
            self.validation = {
                "kind": "data",
                "call_site": self.call_site,
                "samples": keras_data.row_count(validation_x) if keras_data.is_array_structure(validation_x) else None,
            }
        if keras_data.is_array_structure(train_x) and keras_data.is_array_structure(validation_x):
            self.overlap_x = (keras_data.first_leaf(train_x), keras_data.first_leaf(validation_x))

    # -- events ------------------------------------------------------------------------------

    @guarded
    def begin(self):
        if self.began:
            return
        self.began = True
        session = self.session
        session.emit("model", **keras_describe.model_fields(self.session, self.keras, self.model, self.model_id))
        optimizer = getattr(self.model, "optimizer", None)
        optimizer_id = None
        if optimizer is not None:
            optimizer_id = session.ids.get(optimizer, "o")
            session.emit("optimizer", **keras_describe.optimizer_fields(session, self.keras, optimizer, optimizer_id))
        loss_fields = keras_describe.loss_fields(session, self.model)
        if loss_fields is not None:
            session.emit("loss", model=self.model_id, **loss_fields)
        session.emit(
            "train_begin",
            model=self.model_id,
            optimizer=optimizer_id,
            call_site=self.call_site,
            epochs=self.epochs,
            batch_size=self.batch_size if self.batch_size is not None else (32 if self.train_rows else None),
            train_samples=self.train_rows,
            validation=self.validation,
        )
        if self.overlap_x is not None:
            overlap = Overlap()
            overlap.add_train(row_hashes(keras_data._numpy(self.overlap_x[0])))
            overlap.add_validation(row_hashes(keras_data._numpy(self.overlap_x[1])))
            session.emit("overlap", model=self.model_id, **overlap.fields())
            self.overlap_x = None

    @guarded
    def epoch_begin(self, epoch):
        self.epoch = epoch
        self.epoch_start = time.monotonic()
        self.nonfinite = 0

    @guarded
    def batch_end(self, batch, logs):
        if not logs:
            return
        value = logs.get("loss")
        if value is None:
            return
        value = float(value)
        if math.isfinite(value):
            return
        with self.session.lock:
            self.nonfinite += 1
            if self.nonfinite_reported:
                return
            self.nonfinite_reported = True
        fields = {}
        source = self.source
        if isinstance(source, keras_data.ArraySource):
            checked = guarded(source.nonfinite_counts)()
            if checked is not None:
                fields["input"] = checked
        self.session.emit("nonfinite_loss", model=self.model_id, epoch=self.epoch, batch=batch, value=value, **fields)

    @guarded
    def epoch_end(self, epoch, logs):
        duration = time.monotonic() - self.epoch_start if self.epoch_start is not None else None
        fields = {
            "model": self.model_id,
            "epoch": epoch,
            "duration": duration,
            "metrics": keras_describe.metrics(logs),
            "learning_rate": keras_describe.learning_rate(self.keras, getattr(self.model, "optimizer", None)),
            "nonfinite_batches": self.nonfinite,
        }
        if duration is not None:
            self.train_seconds += duration
        if self.source is not None:
            fields["input"] = guarded(self.source.epoch_input)()
            allowed = max(_PROBE_ALLOWANCE, _PROBE_BUDGET * self.train_seconds)
            if self.epochs_completed < _PROBE_ALWAYS or self.probe_seconds <= allowed:
                fields.update(self._probe())
        self.epochs_completed += 1
        self.session.emit("epoch", **fields)

    def _probe(self):
        """Gradients and activations on one training batch, within the time budget."""
        batch = guarded(self.source.probe_batch)(_PROBE_ROWS)
        if batch is None:
            return {}
        started = time.monotonic()
        try:
            return self.state.probe(self.model).run(*batch)
        except Exception as error:
            return {"probe_error": f"{type(error).__name__}: {error}"[:300]}
        finally:
            self.probe_seconds += time.monotonic() - started

    @guarded
    def finish(self, aborted):
        if self.finished:
            return
        self.finished = True
        py_dataset = getattr(self, "_py_dataset_id", None)
        if py_dataset is not None:
            self.state.observed.pop(py_dataset, None)
        if not self.began:
            return
        self.session.emit(
            "train_end", model=self.model_id, epochs_completed=self.epochs_completed, aborted=aborted
        )


def _make_callback_class(keras):
    """Builds the callback class from the ``keras`` module."""

    class UmlautCallback(keras.callbacks.Callback):
        """Reports a ``fit`` to Umlaut. ``fit`` adds one itself under ``umlaut run``; passing
        one explicitly (``umlaut_instrument.KerasCallback()``) is the three-line integration.
        """

        # Our batch hook is thread-safe: Keras may keep dispatching batch ends asynchronously.
        async_safe = True

        def __init__(self):
            super().__init__()
            self._umlaut_run = None

        def on_train_begin(self, logs=None):
            run = self._umlaut_run
            if run is None:
                run = _run_from_fit_frame(self)
                self._umlaut_run = run
            if run is not None:
                run.begin()

        def on_epoch_begin(self, epoch, logs=None):
            if self._umlaut_run is not None:
                self._umlaut_run.epoch_begin(epoch)

        def on_train_batch_end(self, batch, logs=None):
            if self._umlaut_run is not None:
                self._umlaut_run.batch_end(batch, logs)

        def on_epoch_end(self, epoch, logs=None):
            if self._umlaut_run is not None:
                self._umlaut_run.epoch_end(epoch, logs)

        def on_train_end(self, logs=None):
            run = self._umlaut_run
            if run is not None and run.call_args == ():
                # Not started by our fit wrapper: nobody else will close it.
                run.finish(aborted=False)
                self._umlaut_run = None

    UmlautCallback.__name__ = "UmlautCallback"
    UmlautCallback.__qualname__ = "UmlautCallback"
    return UmlautCallback


@guarded
def _run_from_fit_frame(callback):
    """A run for a callback the user passed when our ``fit`` wrapper is not in place.

    The arguments are read from the locals of Keras' own ``fit`` frame, where
    ``validation_split`` has already been applied.
    """
    from . import session as session_module

    session = session_module.current() or session_module.start(quiet_if_unset=False)
    if session is None or not session.active or _state is None:
        return None
    model = callback.model
    frame = inspect.currentframe()
    while frame is not None:
        if frame.f_code.co_name == "fit" and frame.f_locals.get("self") is model:
            break
        frame = frame.f_back
    if frame is None:
        return None
    arguments = dict(frame.f_locals)
    location = None
    caller = frame.f_back
    while caller is not None:
        if session.user_code.is_user_file(caller.f_code.co_filename):
            location = {"file": caller.f_code.co_filename, "line": caller.f_lineno}
            break
        caller = caller.f_back
    run = FitRun(_state, model, arguments, location, already_split=True)
    if arguments.get("validation_split") and arguments.get("validation_data") is not None:
        run.validation["kind"] = "split"
    run.source = run.source if run.replacement_x is None else None
    return run
