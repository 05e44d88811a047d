#!/usr/bin/env python3
"""Full-information bandit streams the policies were not designed on: variants of the shared generator
(../../shared/bench/bandit-stream/make_stream.py, imported as it is) that change what the data rewards.

  stream_variants.py VARIANT --events 50000 --seed 1 --out FILE.jsonl

uniform-negatives  the 19 negatives are drawn uniformly instead of by popularity, so the positive (a real
                   listen) is far more popular than the rest: popularity alone is a strong policy here.
sparse-tags        the context keeps its top 5 tags and each artist its top 3 (both renormalised): fewer
                   features to learn from, and fewer shared by context and candidate.
"""
import argparse, json, os, sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../shared/bench/bandit-stream'))
import make_stream  # noqa: E402


def top(features, n, keep=('lpop',)):
    tags = sorted(((k, v) for k, v in features.items() if k not in keep), key=lambda kv: -kv[1])[:n]
    total = sum(v for _, v in tags) or 1.0
    out = {k: round(v / total, 3) for k, v in tags}
    out.update({k: features[k] for k in keep if k in features})
    return {k: v for k, v in out.items() if v != 0}


def dataset(variant):
    ds = make_stream.HetRec()
    if variant == 'uniform-negatives':
        ds.p_neg = np.full(len(ds.items), 1.0 / len(ds.items))
    elif variant == 'sparse-tags':
        ds.acts = [top(a, 3) for a in ds.acts]
        for user in ds.users:
            user['ctx'] = top(user['ctx'], 5)
    return ds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('variant', choices=['uniform-negatives', 'sparse-tags'])
    ap.add_argument('--events', type=int, required=True)
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    ds = dataset(a.variant)
    head = {'format': 'attune-fullinfo-1', 'dataset': f'hetrec-{a.variant}', 'events': a.events, 'seed': a.seed,
            'actions_per_event': make_stream.K, 'reward': ds.reward, 'popularity_feature': 'lpop'}
    dumps = json.JSONEncoder(separators=(',', ':'), ensure_ascii=True).encode
    with open(a.out, 'w', encoding='utf-8', newline='\n') as f:
        f.write(dumps(head) + '\n')
        for ctx, cand, rew in make_stream.events(ds, np.random.default_rng(a.seed), a.events):
            f.write(dumps({'context': ctx, 'actions': [ds.acts[i] for i in cand], 'rewards': rew}) + '\n')
    print(f'{a.variant}: {a.events} events, seed {a.seed} -> {a.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
