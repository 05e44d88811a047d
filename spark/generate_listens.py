"""A seeded ListenBrainz-shaped listens dump for measuring the pipeline at scale (issue #19): one JSON
object a line (user_name, listened_at, track_metadata with artist_name, track_name and, for 70 % of the
artists, additional_info.artist_mbids), Zipf popularity over artists, each listener drawing most of their
listening from a few scenes (blocks of neighbouring artists), in sessions of 3 to 30 listens.

    python generate_listens.py --listens 1000000 --users 20000 --artists 50000 --seed 1 --out dump.jsonl
"""

import argparse
import json

import numpy as np


def generate(listens, users, artists, seed, out):
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, artists + 1) ** 1.1
    popularity /= popularity.sum()
    scene_size = 200
    per_user = rng.lognormal(mean=0.0, sigma=1.0, size=users)
    per_user = np.maximum(1, np.round(per_user / per_user.sum() * listens)).astype(int)
    written = 0
    with open(out, "w") as f:
        for u in range(users):
            scenes = rng.integers(0, artists // scene_size, size=3)
            n = int(per_user[u])
            from_scene = rng.random(n) < 0.7
            picks = rng.choice(artists, size=n, p=popularity)
            scene = rng.choice(scenes, size=n) * scene_size + rng.zipf(1.5, size=n).clip(max=scene_size) - 1
            picks = np.where(from_scene, scene, picks)
            t = 1_600_000_000 + int(rng.integers(0, 10**7))
            k = 0
            while k < n:
                length = int(rng.integers(3, 31))
                for a in picks[k:k + length]:
                    a = int(a)
                    info = {"artist_mbids": [f"00000000-0000-0000-0000-{a:012d}"]} if a % 10 < 7 else {}
                    f.write(json.dumps({
                        "user_name": f"user{u}", "listened_at": t,
                        "track_metadata": {"artist_name": f"Artist {a}", "track_name": f"Track {a}-{t % 7}",
                                           "additional_info": info},
                    }) + "\n")
                    t += 200
                    written += 1
                k += length
                t += 3600 * int(rng.integers(1, 48))
    return written


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listens", type=int, required=True)
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--artists", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    print(generate(a.listens, a.users, a.artists, a.seed, a.out))


if __name__ == "__main__":
    main()
