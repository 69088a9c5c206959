#!/usr/bin/env python3
"""Reads pairs "A B" (one pair a line, from runs interleaved A B, B A, ...)
and prints "MEDIAN_A MEDIAN_B RATIO MIN MAX N": the medians of each side and
the median, least and greatest of the pair ratios B / A. A ratio taken pair
by pair is measured under the same load on both sides, which a ratio of two
separate medians is not."""
import statistics
import sys

a, b = [], []
for line in sys.stdin:
    x, y = line.split()
    a.append(float(x))
    b.append(float(y))
if not a:
    sys.exit("pairs.py: no pairs")
r = [y / x for x, y in zip(a, b)]
print(f"{statistics.median(a):.2f} {statistics.median(b):.2f} "
      f"{statistics.median(r):.2f} {min(r):.2f} {max(r):.2f} {len(r)}")
