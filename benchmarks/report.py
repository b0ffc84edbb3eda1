"""The benchmark's report: each figure with its floor, the ratio, the budget and
whether it is met; a scaling table across sizes; the same as JSON.

Pure formatting over plain numbers (tested on fake figures; no timing here).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field

VARIANTS = ("plain", "sqlcipher")
LINEAR_SLOPE = 0.7  # log-log growth this steep (1.0 = linear) is flagged
NOISE = {"ms": 1.0, "s": 0.05, "MB": 5.0}  # below this the growth is noise


@dataclass(frozen=True)
class Budget:
    """``limit`` in the figure's unit, or a ratio to the floor (``of_floor``)."""

    limit: float | None
    of_floor: bool = False
    note: str = ""

    def text(self, unit: str) -> str:
        if self.limit is None:
            return self.note or "-"
        return f"<= {self.limit:g}x floor" if self.of_floor else f"<= {self.limit:g} {unit}"

    def met(self, value: float | None, floor: float | None) -> bool | None:
        if self.limit is None or value is None or _missing(value):
            return None
        if self.of_floor:
            return None if floor is None or _missing(floor) else value <= self.limit * floor
        return value <= self.limit


KEYSTROKE = Budget(30)
SECTION = Budget(100)
TRIP_PLAN = Budget(200)
REACH_OUT_PAGE = Budget(20)
LOG_TOUCH = Budget(10)
DUPLICATES = Budget(10_000)
COLD_START = Budget(1.5, of_floor=True)
MEMORY = Budget(300)
START_UP_PART = Budget(None, note="part of start-up")
BACKGROUND = Budget(None, note="after the first part is shown")


@dataclass
class Figure:
    value: float | None
    floor: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.floor is None or _missing(self.floor) or self.floor <= 0:
            return None
        return self.value / self.floor


@dataclass
class Row:
    name: str
    unit: str
    budget: Budget
    floor_is: str = ""  # what the floor measures
    # size -> variant -> figure
    figures: dict[int, dict[str, Figure]] = field(default_factory=dict)

    def put(self, size: int, variant: str, figure: Figure) -> None:
        self.figures.setdefault(size, {})[variant] = figure

    def figure(self, size: int, variant: str) -> Figure | None:
        return self.figures.get(size, {}).get(variant)


def _missing(x: float) -> bool:
    return isinstance(x, float) and math.isnan(x)


def _num(x: float | None, unit: str) -> str:
    if x is None or _missing(x):
        return "-"
    if unit == "s":
        return f"{x:.2f}"
    if unit == "MB":
        return f"{x:.0f}"
    return f"{x:.1f}" if x < 1000 else f"{x:,.0f}"


def _ratio(r: float | None) -> str:
    if r is None:
        return "-"
    return f"{r:.1f}x" if r < 100 else f"{r:,.0f}x"


def _met(m: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[m]


def size_table(rows: list[Row], size: int, touches: int) -> str:
    """One size: every row, plain and SQLCipher, each with floor, ratio and budget."""
    head = (
        f"PRM at {size:,} contacts, {touches:,} touches — median of several runs;"
        " floor measured in this run; ratio = figure / floor"
    )
    cols = f"{'measure':40} {'unit':>4} | {'plain':>8} {'floor':>8} {'ratio':>7} {'met':>3}"
    cols += f" | {'SQLCipher':>9} {'floor':>8} {'ratio':>7} {'met':>3} | budget"
    lines = [head, "", cols, "-" * len(cols)]
    for row in rows:
        cells = f"{row.name:40} {row.unit:>4}"
        for variant, width in zip(VARIANTS, (8, 9), strict=True):
            fig = row.figure(size, variant)
            if fig is None:
                cells += f" | {'-':>{width}} {'-':>8} {'-':>7} {'-':>3}"
                continue
            met = row.budget.met(fig.value, fig.floor)
            cells += (
                f" | {_num(fig.value, row.unit):>{width}} {_num(fig.floor, row.unit):>8}"
                f" {_ratio(fig.ratio):>7} {_met(met):>3}"
            )
        lines.append(f"{cells} | {row.budget.text(row.unit)}")
    floors: dict[str, list[str]] = {}
    for row in rows:
        if row.floor_is:
            floors.setdefault(row.floor_is, []).append(row.name)
    if floors:
        lines += ["", "floors:"]
        lines += [f"  {', '.join(names)}: {what}" for what, names in floors.items()]
    return "\n".join(lines)


def slope(small: tuple[int, float], large: tuple[int, float]) -> float | None:
    """Log-log growth between two sizes: 0 = flat, 1 = linear in the contacts."""
    (s1, v1), (s2, v2) = small, large
    if s2 <= s1 or v1 is None or v2 is None or _missing(v1) or _missing(v2) or v1 <= 0 or v2 <= 0:
        return None
    return math.log(v2 / v1) / math.log(s2 / s1)


def grows_linearly(row: Row, variant: str, sizes: list[int]) -> bool:
    """True when, between any two consecutive sizes, the figure grew about as
    much as the number of contacts (and is large enough to not be noise)."""
    for a, b in zip(sizes, sizes[1:], strict=False):
        fa, fb = row.figure(a, variant), row.figure(b, variant)
        if fa is None or fb is None:
            continue
        k = slope((a, fa.value), (b, fb.value))
        if k is not None and k >= LINEAR_SLOPE and fb.value >= NOISE.get(row.unit, 1.0):
            return True
    return False


def scaling_table(rows: list[Row], sizes: list[int]) -> str:
    """How each figure grows with the contacts; ``LINEAR`` marks the ones that
    grow about as fast as the store (nothing a user waits on may)."""
    sizes = sorted(sizes)
    label = " ".join(f"{_short(s):>8}" for s in sizes)
    cols = f"{'measure':40} {'store':9} {label} {'growth':>7}  flag"
    lines = [
        f"scaling: figure per size; growth = log-log slope (0 flat, 1 linear); "
        f"LINEAR when >= {LINEAR_SLOPE}",
        "",
        cols,
        "-" * len(cols),
    ]
    for row in rows:
        for variant in VARIANTS:
            figs = [row.figure(s, variant) for s in sizes]
            if all(f is None for f in figs):
                continue
            vals = " ".join(f"{_num(f.value if f else None, row.unit):>8}" for f in figs)
            k = slope((sizes[0], _val(figs[0])), (sizes[-1], _val(figs[-1])))
            flag = "LINEAR" if grows_linearly(row, variant, sizes) else ""
            growth = "-" if k is None else f"{k:.2f}"
            lines.append(f"{row.name:40} {variant:9} {vals} {growth:>7}  {flag}")
    return "\n".join(lines)


def _val(f: Figure | None) -> float | None:
    return None if f is None else f.value


def _short(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def summary(rows: list[Row], sizes: list[int]) -> str:
    missed = [
        f"{row.name} ({variant}, {_short(size)})"
        for row in rows
        for size in sizes
        for variant in VARIANTS
        if (fig := row.figure(size, variant)) is not None
        and row.budget.met(fig.value, fig.floor) is False
    ]
    linear = [
        f"{row.name} ({variant})"
        for row in rows
        for variant in VARIANTS
        if len(sizes) > 1 and grows_linearly(row, variant, sorted(sizes))
    ]
    lines = [f"budgets missed: {len(missed)}" + (": " + "; ".join(missed) if missed else "")]
    if len(sizes) > 1:
        lines.append(
            f"growing ~linearly: {len(linear)}" + (": " + "; ".join(linear) if linear else "")
        )
    return "\n".join(lines)


def as_json(rows: list[Row], sizes: list[int], touches: dict[int, int], meta: dict) -> str:
    """The same figures as the printed report, for comparing runs."""
    out_rows = []
    for row in rows:
        figures = {}
        for size, by_variant in row.figures.items():
            figures[str(size)] = {
                variant: {
                    "value": _clean(fig.value),
                    "floor": _clean(fig.floor),
                    "ratio": _clean(fig.ratio),
                    "met": row.budget.met(fig.value, fig.floor),
                }
                for variant, fig in by_variant.items()
            }
        out_rows.append(
            {
                "name": row.name,
                "unit": row.unit,
                "budget": {**asdict(row.budget), "text": row.budget.text(row.unit)},
                "floor_is": row.floor_is,
                "figures": figures,
                "grows_linearly": {
                    v: grows_linearly(row, v, sorted(sizes)) for v in VARIANTS if len(sizes) > 1
                },
            }
        )
    doc = {
        "sizes": sizes,
        "touches": {str(s): t for s, t in touches.items()},
        **meta,
        "rows": out_rows,
    }
    return json.dumps(doc, indent=2)


def _clean(x: float | None) -> float | None:
    return None if x is None or _missing(x) else round(x, 3)
