"""Score + rank of dvcqg-2026 in numpy, as an analyst would write it: points by the linear and
goalpost rules, half-up rounding to hundredths (exact, on integers), the payment criteria's
percentage-first double arithmetic, group sums, totals, and competition ranks in every peer set.

    python score_numpy.py WIDE.csv RESULTS.csv RUNS

WIDE.csv is `score_table --wide` (code, peer, num and den of each criterion). Prints the median
time of score + rank in milliseconds (file reading excluded) and writes RESULTS.csv as
`score_table --results` does.
"""
import csv
import sys
import time

import numpy as np

# (code, group, max, goalpost threshold as (num, den) or None, payment arithmetic, factor code)
CRITERIA = [
    ("PUBLISH_ON_TIME", "CKMB", 6, None, False, None),
    ("PUBLIC_UPDATE_ON_TIME", "CKMB", 4, None, False, None),
    ("PUBLIC_CONTENT_FULL", "CKMB", 2, None, False, None),
    ("DOSSIER_SYNC", "CKMB", 6, None, False, None),
    ("DOSSIER_ON_TIME", "TDGQ", 20, None, False, None),
    ("ONLINE_PROCEDURES", "DVCTT", 2, (4, 5), False, None),
    ("ONLINE_SERVICES_WITH_DOSSIERS", "DVCTT", 4, None, False, None),
    ("ONLINE_DOSSIERS", "DVCTT", 6, (1, 2), False, "DOSSIER_SYNC"),
    ("ONLINE_PAYMENT_DOSSIERS", "TTTT", 6, None, True, None),
    ("ONLINE_PAYMENT_PROCEDURES", "TTTT", 2, (4, 5), True, None),
    ("FEE_INTEGRATED_PROCEDURES", "TTTT", 2, (4, 5), True, None),
    ("PETITION_PROCESSING_ON_TIME", "MDHL", 6, None, False, None),
    ("PETITION_HANDLING_SATISFACTION", "MDHL", 6, None, False, None),
    ("DOSSIER_RECEIVING_SATISFACTION", "MDHL", 6, (9, 10), False, None),
    ("ORIGINAL_RESULT_AVAILABLE", "MDSH", 6, None, False, None),
    ("SO_HOA_GIAY_TO_GIAI_QUYET", "MDSH", 4, None, False, None),
    ("REUSED_DIGITIZED_DATA", "MDSH", 2, (4, 5), False, None),
    ("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", "MDSH", 4, None, False, None),
    ("CITIZEN_DATA_CONNECTED_DOSSIER", "MDSH", 2, None, False, None),
    ("CITIZEN_DATA_CONNECTED_FORMALITY", "MDSH", 2, None, False, None),
    ("ELECTRONIC_CERTIFIED_COPY", "MDSH", 2, None, False, None),
]
GROUPS = ["CKMB", "TDGQ", "DVCTT", "TTTT", "MDHL", "MDSH"]


def half_up_of_double(x):
    """The exact binary value of each double, in hundredths, rounded half up."""
    m, e = np.frexp(x)
    mantissa = (m * 2.0**53).astype(np.int64)
    shift = (53 - e).astype(np.int64)  # x = mantissa / 2**shift, shift > 0 here
    return (200 * mantissa + (np.int64(1) << shift)) >> (shift + 1)


def points(num, den, c):
    _, _, top, goal, payment, factor = c
    n, d = num[c[0]], den[c[0]]
    if factor:
        n = n * np.minimum(num[factor], den[factor])
        d = d * den[factor]
    if payment:
        pct = (2 * n * 10000 + d) // (2 * d) / 100.0
        if goal:
            value = np.minimum(top * pct / (100 * goal[0] / goal[1]), top)
        else:
            value = top * pct / 100
        return half_up_of_double(value)
    if goal:
        t_num, t_den = goal
        below = (2 * top * 100 * n * t_den + d * t_num) // (2 * d * t_num)
        return np.where(n * t_den >= d * t_num, top * 100, below)
    return (2 * top * 100 * n + d) // (2 * d)


def competition_ranks(value, peer):
    order = np.lexsort((-value, peer))
    p, v = peer[order], value[order]
    index = np.arange(len(v))
    new_peer = np.r_[True, p[1:] != p[:-1]]
    new_value = new_peer | np.r_[True, v[1:] != v[:-1]]
    start = np.maximum.accumulate(np.where(new_peer, index, 0))
    first = np.maximum.accumulate(np.where(new_value, index, 0))
    ranks = np.empty_like(order)
    ranks[order] = first - start + 1
    return ranks


def score_and_rank(num, den, peer):
    groups = {g: 0 for g in GROUPS}
    for c in CRITERIA:
        groups[c[1]] = groups[c[1]] + points(num, den, c)
    total = sum(groups.values())
    ranks = {g: competition_ranks(v, peer) for g, v in groups.items()}
    return total, competition_ranks(total, peer), groups, ranks


def main():
    wide, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(wide, newline="") as f:
        rows = list(csv.DictReader(f))
    codes = [r["code"] for r in rows]
    _, peer = np.unique([r["peer"] for r in rows], return_inverse=True)
    num = {c[0]: np.array([int(r[c[0] + "_num"]) for r in rows], dtype=np.int64) for c in CRITERIA}
    den = {c[0]: np.array([int(r[c[0] + "_den"]) for r in rows], dtype=np.int64) for c in CRITERIA}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = score_and_rank(num, den, peer)
        times.append(time.perf_counter() - start)
    total, rank, groups, ranks = result
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "total", "rank"] + [x for g in GROUPS for x in (g, g + "_rank")])
        for i, code in enumerate(codes):
            cells = [code, total[i], rank[i]]
            for g in GROUPS:
                cells += [groups[g][i], ranks[g][i]]
            w.writerow(cells)
    print(f"{sorted(times)[len(times) // 2] * 1e3:.3f}")


if __name__ == "__main__":
    main()
