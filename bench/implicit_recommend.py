#!/usr/bin/env python3
"""The `implicit` library's side of Attune's file contract (see crates/cli/src/files.rs).

    implicit_recommend.py --train TRAIN.tsv [--fold-in NEW.tsv] --k K --out RECS.tsv [--factors 64]
        [--iterations 15] [--regularization 30] [--alpha 1.0] [--threads 1] [--model als|popularity] [--seed 42]

TRAIN.tsv: `user<TAB>item<TAB>weight` (play counts; read the way Attune reads it: a missing weight is 1,
duplicate pairs are summed, a header on line 1 is skipped). RECS.tsv: `user<TAB>item<TAB>rank<TAB>score`,
K lines for every user (fewer only if fewer unknown items remain), items the user has in TRAIN excluded,
ranks from 1, the original string ids.

With --fold-in NEW.tsv (same format; `attune split --fold-in-out` writes it), the model is trained on
TRAIN.tsv only, and each user of NEW.tsv is folded in with implicit's `recommend(...,
recalculate_user=True)` from their items TRAIN.tsv knows; RECS.tsv then holds their top K, leaving out
what they have in NEW.tsv.

Confidence as in Attune's protocol: the matrix passed to implicit holds log1p(weight), and implicit 0.7.3's
CPU ALS multiplies it by `alpha` itself, so the confidence is alpha * log1p(weight).

Prints one JSON line to stderr at the end: library, version, model, fit_seconds (model.fit alone),
recommend_seconds (computing and writing the recommendations), users, items, threads.
"""

import argparse
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
import threadpoolctl


def read_train(path):
    """Returns (users, items, users x items CSR of summed float32 weights), ids in order of first use."""
    user_ids, item_ids = {}, {}
    rows, cols, vals = [], [], []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) < 2:
                sys.exit(f"{path}, line {line_no}: expected user<TAB>item[<TAB>weight]")
            weight = 1.0
            if len(fields) > 2 and fields[2] != "":
                try:
                    weight = float(fields[2].strip())
                except ValueError:
                    if line_no == 1:  # a header such as HetRec's "userID<TAB>artistID<TAB>weight"
                        continue
                    sys.exit(f"{path}, line {line_no}: weight {fields[2]!r} is not a number")
                if not np.isfinite(weight) or weight < 0:
                    sys.exit(f"{path}, line {line_no}: weight {fields[2]!r} is not a non-negative number")
            rows.append(user_ids.setdefault(fields[0], len(user_ids)))
            cols.append(item_ids.setdefault(fields[1], len(item_ids)))
            vals.append(weight)
    shape = (len(user_ids), len(item_ids))
    # COO -> CSR sums duplicate (user, item) pairs and sorts the columns of each row.
    matrix = sp.coo_matrix(
        (np.asarray(vals, dtype=np.float32), (np.asarray(rows), np.asarray(cols))), shape=shape
    ).tocsr()
    matrix.sum_duplicates()
    return list(user_ids), list(item_ids), matrix


def write_recs(path, users, items, plays, ids, scores, k):
    """ids/scores: one row per user, best first. When fewer than N unknown items remain, implicit's topk
    pads a row with filtered items scored -FLT_MAX (or ids < 0): those are dropped, as is any item the
    user has in TRAIN."""
    items = np.asarray(items, dtype=object)
    lowest = np.finfo(np.float32).min
    with open(path, "w", encoding="utf-8") as out:
        for u, user in enumerate(users):
            row_ids, row_scores = ids[u], scores[u]
            have = plays.indices[plays.indptr[u] : plays.indptr[u + 1]]
            keep = (row_ids >= 0) & (row_scores > lowest) & np.isfinite(row_scores)
            keep &= ~np.isin(row_ids, have)
            names = items[row_ids[keep][:k]]
            lines = [
                f"{user}\t{name}\t{rank}\t{score:.7g}\n"
                for rank, (name, score) in enumerate(zip(names, row_scores[keep][:k].tolist()), 1)
            ]
            out.writelines(lines)


def popularity(plays, k):
    """Items by number of distinct users, ties by first appearance (as Attune's baseline)."""
    n_items = plays.shape[1]
    start = time.perf_counter()
    counts = np.bincount(plays.indices, minlength=n_items).astype(np.float32)
    order = np.lexsort((np.arange(n_items), -counts))
    fit_seconds = time.perf_counter() - start

    def recommend():
        n_users = plays.shape[0]
        ids = np.full((n_users, k), -1, dtype=np.int64)
        scores = np.full((n_users, k), -np.inf, dtype=np.float32)
        for u in range(n_users):
            have = plays.indices[plays.indptr[u] : plays.indptr[u + 1]]
            head = order[: k + len(have)]
            top = head[~np.isin(head, have)][:k]
            ids[u, : len(top)] = top
            scores[u, : len(top)] = counts[top]
        return ids, scores

    return fit_seconds, recommend


def als(plays, args):
    from implicit.cpu.als import AlternatingLeastSquares

    model = AlternatingLeastSquares(
        factors=args.factors,
        regularization=args.regularization,
        alpha=args.alpha,  # implicit 0.7.3 multiplies the matrix given to fit by alpha
        iterations=args.iterations,
        calculate_training_loss=False,
        num_threads=args.threads,
        random_state=args.seed,
    )
    start = time.perf_counter()
    model.fit(plays, show_progress=False)
    fit_seconds = time.perf_counter() - start

    def recommend(listeners=None):
        if listeners is None:
            userids = np.arange(plays.shape[0])
            return model.recommend(
                userids, plays[userids], N=min(args.k, plays.shape[1]), filter_already_liked_items=True
            )
        # Folded in: the user ids only count the rows; the factors come from each row of `listeners`.
        userids = np.arange(listeners.shape[0])
        return model.recommend(
            userids,
            listeners,
            N=min(args.k, plays.shape[1]),
            filter_already_liked_items=True,
            recalculate_user=True,
        )

    return fit_seconds, recommend


def read_fold_in(path, items):
    """The users of NEW.tsv and their log1p weights over TRAIN's items (items TRAIN does not have are
    dropped: no model trained on TRAIN can score them)."""
    users, new_items, weights = read_train(path)
    column = {item: c for c, item in enumerate(items)}
    keep = np.array([it in column for it in new_items], dtype=bool)
    remap = np.array([column.get(it, 0) for it in new_items], dtype=np.int64)
    coo = weights.tocoo()
    mask = keep[coo.col]
    listeners = sp.coo_matrix(
        (np.log1p(coo.data[mask]).astype(np.float32), (coo.row[mask], remap[coo.col[mask]])),
        shape=(len(users), len(items)),
    ).tocsr()
    listeners.sum_duplicates()
    return users, listeners


def run(args, users, items, plays, out):
    """Fits on `plays` and writes the recommendations (of the trained users, or of those of
    args.fold_in); returns (fit seconds, recommend seconds)."""
    if args.model == "als":
        fit_seconds, recommend = als(plays, args)
    else:
        fit_seconds, recommend = popularity(plays, args.k)
    start = time.perf_counter()
    if args.fold_in:
        new_users, listeners = read_fold_in(args.fold_in, items)
        ids, scores = recommend(listeners)
        write_recs(out, new_users, items, listeners, np.asarray(ids), np.asarray(scores), args.k)
    else:
        ids, scores = recommend()
        write_recs(out, users, items, plays, np.asarray(ids), np.asarray(scores), args.k)
    return fit_seconds, time.perf_counter() - start


def add_arguments(p):
    p.add_argument("--factors", type=int, default=64)
    p.add_argument("--iterations", type=int, default=15)
    p.add_argument("--regularization", type=float, default=30.0)
    p.add_argument("--alpha", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--model", choices=["als", "popularity"], default="als")
    p.add_argument("--seed", type=int, default=42)


def add_file_arguments(p):
    """The file contract's arguments: --train, --k, --out, --fold-in."""
    p.add_argument("--train", required=True)
    p.add_argument("--k", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--fold-in")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_file_arguments(p)
    add_arguments(p)
    args = p.parse_args()
    if args.k < 1:
        p.error("--k must be at least 1")
    if args.threads < 1:
        p.error("--threads must be at least 1")
    if args.fold_in and args.model != "als":
        p.error("--fold-in is for --model als")

    import implicit

    users, items, weights = read_train(args.train)
    # The protocol's confidence: log1p of the play weight (implicit applies alpha on top).
    plays = weights.copy()
    plays.data = np.log1p(plays.data).astype(np.float32)

    # implicit parallelises with its own threads (num_threads); a multi-threaded BLAS underneath is
    # what it warns about, so BLAS is held to one thread (before the model is built, where it checks).
    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
        fit_seconds, recommend_seconds = run(args, users, items, plays, args.out)

    print(
        json.dumps(
            {
                "library": "implicit",
                "version": implicit.__version__,
                "model": args.model,
                "fit_seconds": round(fit_seconds, 4),
                "recommend_seconds": round(recommend_seconds, 4),
                "users": len(users),
                "items": len(items),
                "threads": args.threads,
            },
            separators=(",", ":"),
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
