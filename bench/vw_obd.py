#!/usr/bin/env python3
"""Vowpal Wabbit's side of `attune replay --obd`: the anchor of issue #6, measured with the same protocol.

    vw_obd.py --obd DIR [--epsilon 0.05] [--seed 7]

DIR holds the Open Bandit Dataset sample (`random_all.csv`, `random_item_context.csv`). In time order, for
every logged impression VW's `cb_explore_adf` (epsilon-greedy, user x item quadratic features `-q UA`)
gives its probability mass over the 80 items; its probability pi of the logged item gives the estimates
(Attune's `crates/engine/src/bandit/estimators.rs` computes the same ones):

    IPS    = sum(click * pi / p) / n                      p = the logged propensity
    SNIPS  = sum(click * pi / p) / sum(pi / p)
    DR     = sum(rhat(pi) + pi / p * (click - rhat(a))) / n
    replay = clicks / events on which an action drawn from the policy equals the logged one

rhat is the simple reward model Attune uses for DR: each item's running click rate shrunk towards the
global running rate with 10 pseudo-impressions, fitted on the events before the current one. Then VW
learns the event (cost -click, the logged propensity). Namespaces: shared `U` (the four user features),
per action `A` (item id, item_feature_0..3, the user-item affinity of that item).

Prints one JSON line to stdout: library, version, policy, events, replay_ctr, ips, snips, dr, seconds.
"""

import argparse
import csv
import json
import random
import sys
import time
from importlib.metadata import version
from pathlib import Path

from vowpalwabbit import Workspace

# Pseudo-impressions of the DR reward model's prior (Attune: `ArmRateModel::PRIOR_OBSERVATIONS`).
PRIOR_IMPRESSIONS = 10.0


def read_obd(folder):
    folder = Path(folder)
    try:
        with open(folder / "random_item_context.csv", encoding="utf-8") as f:
            items = {int(row["item_id"]): row for row in csv.DictReader(f)}
        with open(folder / "random_all.csv", encoding="utf-8") as f:
            events = list(csv.DictReader(f))
    except (OSError, KeyError, ValueError) as err:
        sys.exit(f"vw_obd.py: cannot read the Open Bandit Dataset in {folder}: {err}")
    events.sort(key=lambda e: e["timestamp"])  # already in time order; kept explicit
    return items, events


def action_lines(items, event):
    """One VW line per item, in item-id order, so the pmf index is the item id."""
    lines = []
    for item_id in sorted(items):
        item = items[item_id]
        affinity = float(event[f"user-item_affinity_{item_id}"])
        lines.append(
            f"|A id={item_id} f0:{float(item['item_feature_0']):.6f} f1={item['item_feature_1']} "
            f"f2={item['item_feature_2']} f3={item['item_feature_3']} affinity:{affinity}"
        )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obd", required=True)
    parser.add_argument("--epsilon", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    items, events = read_obd(args.obd)
    vw = Workspace(f"--cb_explore_adf --epsilon {args.epsilon} -q UA --quiet --random_seed {args.seed}")
    draw = random.Random(args.seed)
    start = time.perf_counter()

    ips_sum = weight_sum = dr_sum = 0.0
    matched = matched_clicks = 0
    clicks_total = 0
    item_clicks = {i: 0 for i in items}
    item_shown = {i: 0 for i in items}
    for n, event in enumerate(events):
        logged = int(event["item_id"])
        click = float(event["click"])
        propensity = float(event["propensity_score"])
        shared = "shared |U " + " ".join(f"u{k}={event[f'user_feature_{k}']}" for k in range(4))
        actions = action_lines(items, event)
        pmf = vw.predict([shared] + actions)
        total = sum(pmf)
        pmf = [p / total for p in pmf]

        pi = pmf[logged]
        ips_sum += click * pi / propensity
        weight_sum += pi / propensity
        global_rate = clicks_total / n if n else 0.0

        def rhat(item):
            return (item_clicks[item] + PRIOR_IMPRESSIONS * global_rate) / (item_shown[item] + PRIOR_IMPRESSIONS)

        expected = sum(p * rhat(i) for i, p in zip(sorted(items), pmf))
        dr_sum += expected + pi / propensity * (click - rhat(logged))
        if draw.choices(sorted(items), weights=pmf)[0] == logged:
            matched += 1
            matched_clicks += click

        label = f"0:{-click}:{propensity} "
        actions[logged] = label + actions[logged]
        vw.learn([shared] + actions)
        clicks_total += click
        item_clicks[logged] += click
        item_shown[logged] += 1

    n = len(events)
    print(
        json.dumps(
            {
                "library": "vowpalwabbit",
                "version": version("vowpalwabbit"),
                "policy": f"cb_explore_adf epsilon {args.epsilon}, -q UA",
                "events": n,
                "replay_ctr": matched_clicks / matched if matched else None,
                "replay_matched": matched,
                "ips": ips_sum / n,
                "snips": ips_sum / weight_sum,
                "dr": dr_sum / n,
                "seconds": round(time.perf_counter() - start, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
