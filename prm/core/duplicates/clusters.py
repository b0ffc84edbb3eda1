"""Grouping flagged pairs into clusters: A~B and B~C show together as A, B, C."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Pair(NamedTuple):
    """(A tuple: at 100k demo contacts half a million pairs are made.)"""

    a: int  # the lower id
    b: int
    score: int
    reason: str


@dataclass(frozen=True)
class Cluster:
    ids: tuple[int, ...]  # ascending
    pairs: tuple[Pair, ...]  # best first

    @property
    def score(self) -> int:
        return self.pairs[0].score


def cluster_pairs(pairs: list[Pair]) -> list[Cluster]:
    """Connected components of the pairs (union-find), best cluster first."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving keeps the trees flat
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = root(p.a), root(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[Pair]] = {}
    for p in pairs:
        groups.setdefault(root(p.a), []).append(p)
    clusters = []
    for members in groups.values():
        members.sort(key=lambda p: (-p.score, p.a, p.b))
        ids = sorted({i for p in members for i in (p.a, p.b)})
        clusters.append(Cluster(tuple(ids), tuple(members)))
    clusters.sort(key=lambda c: (-c.score, c.ids))
    return clusters
