"""PyTorch training loops: ``DataLoader`` passes, the epochs they delimit and the ``epoch`` event.

Part of the PyTorch hooks (``torch_hooks``): ``_LoopHooks`` holds the methods of ``_TorchState``
that wrap ``DataLoader.__iter__`` and its iterators' ``__next__``, choose the sampled steps of an
epoch and send a finished epoch.
"""

import math
import time

from .stats import InputStats
from .wrapping import guarded, hide_frame


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


class _LoopHooks:
    """The ``_TorchState`` methods for data-loader passes and epochs."""

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

    # -- epochs -------------------------------------------------------------------------------

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
    # -- events ---------------------------------------------------------------------------------

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
        nonfinite = self._nonfinite_weights(model)
        if nonfinite:
            fields["nonfinite_weights"] = nonfinite
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


# -- helpers -----------------------------------------------------------------------------------


def _unit_counts(alive):
    """``units`` and ``dead_units`` of an activation entry from its mask of units seen active."""
    if alive is None or alive is False:
        return {}
    return {"units": int(alive.numel()), "dead_units": int(alive.numel() - int(alive.sum()))}


def _learning_rate(optimizer):
    try:
        rate = optimizer.param_groups[0]["lr"]
        return float(rate)
    except Exception:
        return None


def _safe_len(value):
    if value is None:
        return None
    try:
        return len(value)
    except Exception:
        return None
