#!/usr/bin/env python3
"""How far the model families issue #15 names can go past tuned implicit on one split, as an upper bound.

    family_ceiling.py --train TRAIN.tsv --test TEST.tsv --reg R --alpha A

TRAIN/TEST are a weak split written by `attune split` (scripts/quality.sh keeps them under
artifacts/quality/NAME.weak); R and A are the setting implicit's tuning chose there (its implicit.json).
Every other family's settings, and every blend weight, are chosen here **on the test split itself**, which
no honest model may do: so each figure is more than the family could reach, and a family that stays
below 1.05x here cannot reach the target. Families: implicit ALS at 64 to 256 factors, RP3beta, EASE
(Steck 2019) and EDLAE (Steck 2020, full rank, dropout emphasis p) over every item, user kNN (cosine),
and each blended with implicit's scores, every list scaled by its largest score as Attune's hybrid does.
NDCG@10 as `attune score` computes it (items the training file lacks cannot be ranked). One thread.
Prints one line per family: the best NDCG@10, its setting and the ratio to implicit at 64 factors.
"""
import argparse

import implicit
import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

K = 10


def read(path):
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip()]
    return [(r[0], r[1], float(r[2]) if len(r) > 2 else 1.0) for r in rows]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--reg", type=float, required=True)
    ap.add_argument("--alpha", type=float, required=True)
    args = ap.parse_args()
    train, test = read(args.train), read(args.test)
    users = {u: n for n, u in enumerate(dict.fromkeys(u for u, _, _ in train))}
    items = {i: n for n, i in enumerate(dict.fromkeys(i for _, i, _ in train))}
    shape = (len(users), len(items))
    x = sp.csr_matrix(
        ([np.log1p(w) for _, _, w in train], ([users[u] for u, _, _ in train], [items[i] for _, i, _ in train])),
        shape=shape, dtype=np.float32)
    # Each user's held-out items the model can rank, and how many they hold out in all (the ideal DCG's).
    held, held_count = {}, {}
    for u, i, _ in test:
        if u in users:
            held.setdefault(users[u], set()).add(items.get(i, -1))
            held_count[users[u]] = held_count.get(users[u], 0) + 1
    rows = np.array(sorted(held))
    played = x[rows] > 0
    binary = (x > 0).astype(np.float64)

    def ndcg(scores):
        scores = np.where(played.toarray(), -np.inf, scores)
        top = np.argsort(-scores, axis=1, kind="stable")[:, :K]
        gains = []
        for r, u in enumerate(rows):
            dcg = sum(1 / np.log2(p + 2) for p, i in enumerate(top[r]) if i in held[u])
            gains.append(dcg / sum(1 / np.log2(p + 2) for p in range(min(K, held_count[u]))))
        return float(np.mean(gains))

    def scaled(scores):
        top = np.abs(scores).max(axis=1, keepdims=True)
        return scores / np.where(top > 0, top, 1)

    def als(factors, reg, alpha):
        model = implicit.cpu.als.AlternatingLeastSquares(
            factors=factors, regularization=reg, alpha=alpha, iterations=15, random_state=1)
        model.fit(x, show_progress=False)
        return model.user_factors[rows] @ model.item_factors.T

    def keep_top(w, k=100):
        w = w.copy()
        np.put_along_axis(w, np.argpartition(-w, k, axis=1)[:, k:], 0, axis=1)
        return w

    def rp3beta(beta):
        to_item = sp.diags(1 / np.maximum(np.asarray(x.sum(1)).ravel(), 1e-9)) @ x
        to_user = sp.diags(1 / np.maximum(np.asarray(x.sum(0)).ravel(), 1e-9)) @ x.T.tocsr()
        to_item.data **= 0.8
        to_user.data **= 0.8
        w = (to_user @ to_item).toarray() / np.maximum(np.asarray(binary.sum(0)).ravel(), 1) ** beta
        np.fill_diagonal(w, 0)
        return np.asarray(x[rows] @ keep_top(w))

    gram = (binary.T @ binary).toarray()

    def autoencoder(dropout, reg):
        # EASE is dropout 0 (λ on the diagonal); EDLAE adds p/(1-p) of each item's own count.
        p = np.linalg.inv(gram + np.diag(dropout / (1 - dropout) * np.diag(gram) + reg))
        b = -p / np.diag(p)
        np.fill_diagonal(b, 0)
        return np.asarray(binary[rows] @ b)

    def user_knn(k):
        norms = np.sqrt(np.asarray(binary.sum(1)).ravel())
        unit = sp.diags(1 / np.maximum(norms, 1e-9)) @ binary
        sim = (unit[rows] @ unit.T).toarray()
        sim[np.arange(len(rows)), rows] = 0
        return (sp.csr_matrix(keep_top(sim, k)) @ binary).toarray()

    with threadpool_limits(1):
        anchor = als(64, args.reg, args.alpha)
        base = ndcg(anchor)
        print(f"implicit ALS, 64 factors, reg {args.reg:g}, alpha {args.alpha:g} (anchor): NDCG@10 {base:.4f}")
        families = {
            "implicit ALS, more factors": [
                (f"{f} factors, reg {r:g}", lambda f=f, r=r: als(f, r, args.alpha))
                for f in (128, 256) for r in (args.reg / 3, args.reg, args.reg * 3)],
            "RP3beta": [(f"beta {b}", lambda b=b: rp3beta(b)) for b in (0.2, 0.4, 0.6)],
            "EASE": [(f"lambda {r}", lambda r=r: autoencoder(0.0, r)) for r in (10, 30, 100, 300)],
            "EDLAE": [(f"p {p}, lambda {r}", lambda p=p, r=r: autoencoder(p, r))
                      for p in (0.25, 0.5, 0.75) for r in (10, 30, 100)],
            "user kNN": [(f"{k} neighbours", lambda k=k: user_knn(k)) for k in (50, 200)],
        }
        weights = (0.25, 0.5, 1.0, 2.0, 4.0)
        best_of = {}  # the scaled scores of each family's best blended setting
        for family, settings in families.items():
            alone, blended = (0.0, ""), (0.0, "")
            for name, scores in settings:
                s = scaled(scores())
                alone = max(alone, (ndcg(s), name))
                for w in weights:
                    value = ndcg(scaled(anchor) + w * s)
                    if value > blended[0]:
                        blended, best_of[family] = (value, f"{name}, weight {w}"), s
            print(f"{family}: alone {alone[0]:.4f} ({alone[1]}) {alone[0] / base:.3f}x; "
                  f"blended with the anchor {blended[0]:.4f} ({blended[1]}) {blended[0] / base:.3f}x", flush=True)
        # Attune's hybrid is a factorization with RP3beta; the strongest family added as a third part.
        three = max((ndcg(scaled(anchor) + a * best_of["RP3beta"] + b * best_of["EDLAE"]), a, b)
                    for a in weights for b in weights)
        print(f"anchor + RP3beta + EDLAE, their best settings above: {three[0]:.4f} (weights {three[1]}, {three[2]}) "
              f"{three[0] / base:.3f}x")


if __name__ == "__main__":
    main()
