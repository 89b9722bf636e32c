"""umlaut_compare: the Python half of `umlaut compare` (IMACS, dissertation chapter 4).

Started by umlaut as ``python -m umlaut_compare REQUEST.json`` with this package's directory first
on ``PYTHONPATH`` and an event pipe on descriptor 3. It loads the two models and the data, samples
a balanced confusion matrix per model, cuts every sampled image into a grid, scores the segments
with XRAI over Guided Integrated Gradients, re-scores the top M by exact Shapley values (excluded
segments Gaussian-blurred), embeds those segments with an ImageNet network, and writes
``segments.json`` and ``embeddings.npy`` into the request's work directory. Clustering and the
statistics are umlaut's (Swift) work.
"""
