"""Balanced confusion-matrix sampling (§4.4): for the class, equal numbers of true positives,
true negatives, false positives and false negatives per model."""


QUADRANTS = ("TP", "TN", "FP", "FN")


def quadrant_of(label, prediction, class_index):
    if label == class_index:
        return "TP" if prediction == class_index else "FN"
    return "FP" if prediction == class_index else "TN"


def balanced_sample(labels, predictions, class_index, count, rng):
    """Indices of at most ``count`` images, a quarter from each quadrant.

    A quadrant with too few images gives all it has and the shortfall is taken from the others
    (still at random); the returned notes say so. Returns (indices, per-quadrant table, notes).
    """
    pools = {q: [] for q in QUADRANTS}
    for index, (label, prediction) in enumerate(zip(labels, predictions)):
        pools[quadrant_of(int(label), int(prediction), class_index)].append(index)
    for q in QUADRANTS:
        pools[q] = list(rng.permutation(pools[q]))
    wanted = {q: count // 4 + (1 if i < count % 4 else 0) for i, q in enumerate(QUADRANTS)}
    taken = {q: min(wanted[q], len(pools[q])) for q in QUADRANTS}
    shortfall = sum(wanted[q] - taken[q] for q in QUADRANTS)
    while shortfall > 0:
        spare = [q for q in QUADRANTS if taken[q] < len(pools[q])]
        if not spare:
            break
        for q in spare:
            if shortfall == 0:
                break
            taken[q] += 1
            shortfall -= 1
    notes = []
    for q in QUADRANTS:
        if len(pools[q]) < wanted[q]:
            notes.append(f"{q}: {wanted[q]} wanted, {len(pools[q])} available")
    indices = [int(i) for q in QUADRANTS for i in pools[q][:taken[q]]]
    table = {q: {"wanted": wanted[q], "available": len(pools[q]), "taken": taken[q]} for q in QUADRANTS}
    return sorted(indices), table, notes
