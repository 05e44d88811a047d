#!/usr/bin/env python3
"""The data sets of the quality comparison (scripts/quality.sh), as `user<TAB>item<TAB>weight` files.

    quality_datasets.py HETREC_DIR OUT_DIR

- hetrec: user x artist play counts (`user_artists.dat`): the data set the defaults were tuned on.
Not tuned on (BENCHMARKS.md says how independent they are), all from `user_taggedartists.dat`
(userID, artistID, tagID, day, month, year):
- user_artist_tags: user x artist, weight = how many tags the user gave the artist;
- user_tag: user x tag, weight = how many times the user used the tag;
- tag_artist: tags as rows, artists as items, weight = how many users gave the artist the tag; tags on at
  least 5 artists (a row needs 5 items to be evaluated).
Rows sorted by (row, item), no header. Prints one summary line per data set.
"""
import sys
from collections import Counter, defaultdict


def read_rows(path, columns):
    with open(path, encoding="utf-8") as f:
        next(f)  # header
        for line in f:
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) >= columns:
                yield [int(x) for x in fields[:columns]]


def write(out, name, cells):
    rows = Counter(r for r, _ in cells)
    with open(f"{out}/{name}.tsv", "w") as f:
        for (r, i) in sorted(cells):
            f.write(f"{r}\t{i}\t{cells[(r, i)]}\n")
    print(f"{name}: {len(cells)} cells, {len(rows)} rows, {len({i for _, i in cells})} items, "
          f"{sum(1 for n in rows.values() if n >= 5)} rows with >= 5 items")


def main(hetrec, out):
    plays = {(u, a): w for u, a, w in read_rows(f"{hetrec}/user_artists.dat", 3)}
    tagged = list(read_rows(f"{hetrec}/user_taggedartists.dat", 3))
    users_by_tag_artist = defaultdict(set)
    for u, a, t in tagged:
        users_by_tag_artist[(t, a)].add(u)
    artists_per_tag = Counter(t for t, _ in users_by_tag_artist)
    write(out, "hetrec", plays)
    write(out, "user_artist_tags", Counter((u, a) for u, a, _ in tagged))
    write(out, "user_tag", Counter((u, t) for u, _, t in tagged))
    write(out, "tag_artist", {k: len(v) for k, v in users_by_tag_artist.items() if artists_per_tag[k[0]] >= 5})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
