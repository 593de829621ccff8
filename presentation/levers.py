"""The app's levers as plain data: scenario → slider values → scenario.

Pure Python (no Streamlit), so the mapping between a scenario file and the
sliders is unit-tested without a browser:

* :func:`controls` lists the levers a scenario offers, grouped the way the
  articles think (Acquisition, Front end, Back end, Retention, Costs, Word of
  mouth, Advanced), each with its range, step and starting value;
* :func:`apply` writes slider values back into the scenario. A lever left where
  it started leaves the scenario exactly as it was (an uncertain range keeps
  its ``dist`` and ``mode``; a section the file did not have stays absent), so
  a downloaded file loads back to the same state;
* :func:`read_upload`, :func:`add_rung`, :func:`remove_rung`,
  :func:`load_presets` and :func:`headlines` are the rest of the app's logic.

Rates are shown in percent on the sliders (``scale`` 100); values a person
moved are rounded to the slider's step, so files stay readable.
"""

from __future__ import annotations

import copy
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from pydantic import BaseModel

from . import i18n
from .texts import text_in
from simulator.distributions import mean_heterogeneity_from_beta
from simulator.max_cac import DEFAULT_CONFIDENCE, MaxCacResult, NoAffordableCac, max_affordable_cac
from simulator.metrics import Band, median_period
from simulator.randomness import fresh_seed, resolve_seed
from simulator.problems import Problem
from simulator.result import SimulationResult
from simulator.scenario import (
    LocalText,
    LoyaltyProgram,
    Referral,
    RepeatPurchase,
    SaveOffer,
    Scenario,
    ScenarioError,
    Subscription,
    Uncertain,
    dump_scenario,
    innermost_model,
    load_scenario,
    load_scenario_text,
    scenario_from_dict,
    scenario_to_dict,
    with_simulation,
)

MAX_UPLOAD_BYTES = 256 * 1024
"""Uploaded scenario files larger than this are refused before parsing."""

GROUPS = ("acquisition", "front_end", "back_end", "retention", "costs", "word_of_mouth", "business", "advanced")

Path_ = tuple[str | int, ...]
Value = float | tuple[float, float]


@dataclass(frozen=True)
class Control:
    """One lever: a slider (or number box) bound to one field of the scenario."""

    key: str
    """Stable identifier, the path joined by dots: ``back_end.0.take_rate``."""
    path: Path_
    group: str
    label: str
    """i18n key of the label."""
    label_fields: Mapping[str, Any]
    help_key: str
    """Path without list indices, e.g. ``back_end.take_rate``: finds the help text."""
    kind: str
    """rate, money, int or sample (a number box)."""
    lo: float
    hi: float
    step: float
    scale: float
    """Slider value = scenario value × scale (100 for rates shown in percent)."""
    uncertain_ok: bool
    value: float | Uncertain
    """The scenario's value when the controls were built."""
    rung: int | None = None

    # -- starting values of the widgets -------------------------------------
    @property
    def uncertain(self) -> bool:
        """True when the scenario holds a range here (the ± toggle starts on)."""
        return isinstance(self.value, Uncertain)

    @property
    def point(self) -> float:
        """Starting value of the one-number slider (the range's centre if uncertain)."""
        v = self.value.centre if isinstance(self.value, Uncertain) else float(self.value)
        return self._clip(self._to_slider(v))

    @property
    def range(self) -> tuple[float, float]:
        """Starting value of the range slider: the file's range, or ±20% around the value."""
        if isinstance(self.value, Uncertain):
            return self._clip(self._to_slider(self.value.low)), self._clip(self._to_slider(self.value.high))
        v = self.point
        spread = abs(v) * 0.2 if v else 10 * self.step
        lo = self._clip(_snap(v - spread, self.step, self.lo))
        hi = self._clip(_snap(v + spread, self.step, self.lo))
        if hi <= lo:
            hi = self._clip(lo + self.step)
        return lo, hi

    @property
    def initial(self) -> Value:
        """What the widgets return while nobody has touched them."""
        return self.range if self.uncertain else self.point

    @property
    def integer(self) -> bool:
        return self.kind in ("int", "sample")

    @property
    def decimals(self) -> int:
        """Decimals of the slider's step."""
        if self.step >= 1 and float(self.step).is_integer():
            return 0
        return max(0, -math.floor(math.log10(self.step) + 1e-9))

    def slider_format(self, currency: str) -> str:
        """printf-style format for the slider's value."""
        if self.integer:
            return "%d"
        if self.kind == "count":
            return "%,.0f"
        if self.kind == "factor":
            return "×%.2f"
        if self.scale == 100:
            return f"%.{self.decimals}f%%"
        symbol = i18n.currency_symbol(currency)
        return f"{symbol}%,.{self.decimals}f" if symbol else f"%,.{self.decimals}f"

    # -- the number box ---------------------------------------------------------
    @property
    def exact_decimals(self) -> int:
        """Decimals a typed value keeps: cents for money, 0.01 points for a percentage, none for counts."""
        if self.integer or self.kind == "count":
            return 0
        return 2

    @property
    def fine_step(self) -> float:
        """The number box's +/− step: the slider's, or finer where the slider's is coarse."""
        if self.integer or self.kind == "count":
            return max(1.0, float(int(self.step))) if self.step >= 1 else 1.0
        return min(self.step, 1.0)

    @property
    def input_bounds(self) -> tuple[float | None, float | None]:
        """What may be typed (in slider units): the schema's own limits, not the slider's range."""
        if self.scale == 100:
            return (min(self.lo, 0.0), 100.0 if self.path[-1] != "cac_growth" else None)
        if self.kind == "factor":
            return (0.0, None)
        if self.kind == "rate":
            return (None, None)
        return (0.0, None)

    def number_format(self, currency: str) -> str:
        """printf-style format of the number box: every cent or hundredth of a point shown."""
        if self.integer or self.kind == "count":
            return "%d"
        return "%.2f"

    # -- slider value -> scenario value -------------------------------------
    def to_scenario(self, v: float) -> float | int:
        """A value a person set (slid or typed), in scenario units: cents for money, 0.01 points for a rate.

        Typed values are kept exactly (7.95 stays 7.95); a slider's values are on its step already.
        """
        if self.integer:
            return int(round(v))
        v = round(float(v), max(self.decimals, self.exact_decimals))
        if self.scale != 1:
            v = round(v / self.scale, max(self.decimals, self.exact_decimals) + 2)
        if self.kind == "count":
            v = float(round(v))
        return v

    def _to_slider(self, v: float) -> float:
        out = v * self.scale
        return int(round(out)) if self.integer else round(out, 9)

    def _clip(self, v: float) -> float:
        return min(self.hi, max(self.lo, v))


def slider_range(c: Control, values: Sequence[float], memory: tuple[float, float, float] | None = None
                 ) -> tuple[float, float, float]:
    """The slider's (low end, high end, step) for a lever now holding ``values`` (slider units).

    It starts at the lever's own range (or ``memory``, the range it had a moment ago, so a structural
    change such as renaming a rung does not move it) and widens, never narrows, to hold what was typed:
    typing 12,345 where the slider ran to 2,000 gives a slider to 25,000. Rates stop at 100%.
    """
    lo, hi, step = memory if memory is not None else (c.lo, c.hi, c.step)
    top = max(values) if values else hi
    bottom = min(values) if values else lo
    if top > hi:
        hi = _nice_ceil(2 * top) if top > 0 else hi
        if c.scale == 100:
            hi = min(100.0, hi) if c.path[-1] != "cac_growth" else hi
        if c.kind in ("money", "count"):
            step = max(step, _nice_step(hi)) if c.kind == "money" else max(1.0, _nice_step(hi))
        elif c.integer:
            step = max(1.0, step)
    if bottom < lo:
        lo = -_nice_ceil(-2 * bottom) if bottom < 0 else 0.0
    return float(lo), float(hi), float(step)


LARGEST = sys.float_info.max
"""The largest finite float: slider ranges stop there (a value near it has no round ceiling above it)."""


def _snap(v: float, step: float, origin: float) -> float:
    """``v`` on the grid ``origin + k × step``; ``v`` itself where the grid overflows (values near the largest float)."""
    snapped = origin + round((v - origin) / step) * step if math.isfinite((v - origin) / step) else v
    return round(snapped, 9) if math.isfinite(snapped) else v


def _nice_ceil(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ x; :data:`LARGEST` when that is not a finite float.

    Computed in floats (``10.0 ** k``), so any finite ``x`` (6e307 included) gives a finite answer.
    """
    if not x > 0:  # zero, negative or NaN
        return 1.0
    if x >= LARGEST:
        return LARGEST
    k = math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        v = m * 10.0**k
        if v >= x * (1 - 1e-12):
            return min(v, LARGEST)
    return LARGEST


def _nice_step(span: float, steps: int = 200) -> float:
    """A round step (1, 2, 5 × 10^k) giving about ``steps`` positions over ``span`` (finite for any finite span)."""
    raw = min(span, LARGEST) / steps
    if not raw > 0:
        return 1.0
    k = math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        v = m * 10.0**k
        if v >= raw * (1 - 1e-12):
            return float(min(v, LARGEST))
    return LARGEST


def _ends(value: float | Uncertain) -> tuple[float, float]:
    if isinstance(value, Uncertain):
        return value.low, value.high
    return float(value), float(value)


# --------------------------------------------------------------------------
# Building the levers from a scenario
# --------------------------------------------------------------------------


class _Builder:
    def __init__(self) -> None:
        self.out: list[Control] = []

    def money(self, path: Path_, group: str, label: str, value: float | Uncertain, *, floor: float = 100,
              rung: int | None = None, **fields: Any) -> None:
        top = _nice_ceil(max(3 * _ends(value)[1], floor))
        self._add(path, group, label, value, "money", 0.0, top, _nice_step(top), 1, True, rung, fields)

    def rate(self, path: Path_, group: str, label: str, value: float | Uncertain, *, top: float = 100,
             step: float = 1, lo: float = 0, rung: int | None = None, uncertain_ok: bool = True,
             **fields: Any) -> None:
        low, high = (e * 100 for e in _ends(value))
        if high > top:
            top = min(100.0, _nice_ceil(high))
        lo = min(lo, low)
        self._add(path, group, label, value, "rate", lo, top, step, 100, uncertain_ok, rung, fields)

    def count(self, path: Path_, group: str, label: str, value: float | Uncertain, *, floor: float = 1000,
              **fields: Any) -> None:
        top = _nice_ceil(max(3 * _ends(value)[1], floor))
        self._add(path, group, label, value, "count", 0.0, top, max(1.0, _nice_step(top)), 1, True, None, fields)

    def factor(self, path: Path_, group: str, label: str, value: float, *, lo: float = 0.0, top: float = 3.0,
               **fields: Any) -> None:
        """A plain multiplier (channel quality): ×0.5 … ×3."""
        self._add(path, group, label, float(value), "factor", lo, max(top, float(value)), 0.05, 1, False, None, fields)

    def integer(self, path: Path_, group: str, label: str, value: int, lo: int, hi: int, *,
                kind: str = "int", step: int = 1, rung: int | None = None, **fields: Any) -> None:
        self._add(path, group, label, value, kind, lo, max(hi, value), step, 1, False, rung, fields)

    def _add(self, path, group, label, value, kind, lo, hi, step, scale, uncertain_ok, rung, fields) -> None:
        help_key = ".".join(str(p) for p in path if not isinstance(p, int))
        self.out.append(
            Control(
                key=".".join(str(p) for p in path),
                path=tuple(path),
                group=group,
                label=label,
                label_fields=dict(fields),
                help_key=help_key,
                kind=kind,
                lo=float(lo),
                hi=float(hi),
                step=float(step),
                scale=float(scale),
                uncertain_ok=uncertain_ok,
                value=value,
                rung=rung,
            )
        )


def controls(scenario: Scenario) -> list[Control]:
    """The levers of ``scenario``, in display order, with ranges that contain its values."""
    s = scenario
    b = _Builder()
    # Acquisition
    for i, ch in enumerate(s.acquisition.channels):
        if ch.cac is not None:
            b.money(("acquisition", "channels", i, "cac"), "acquisition", "ctl_cac", ch.cac, name=ch.name)
        else:
            b.money(("acquisition", "channels", i, "cost_per_lead"), "acquisition", "ctl_cost_per_lead",
                    ch.cost_per_lead, floor=10, name=ch.name)
            b.rate(("acquisition", "channels", i, "conversion"), "acquisition", "ctl_conversion", ch.conversion,
                   top=20, step=0.1, lo=0.1, name=ch.name)
    if len(s.acquisition.channels) > 1:  # customer quality per pond
        for i, ch in enumerate(s.acquisition.channels):
            b.factor(("acquisition", "channels", i, "churn_multiplier"), "acquisition", "ctl_churn_multiplier",
                     ch.churn_multiplier, lo=0.1, name=ch.name)
            b.factor(("acquisition", "channels", i, "take_rate_multiplier"), "acquisition",
                     "ctl_take_rate_multiplier", ch.take_rate_multiplier, name=ch.name)
    if share_levers_ok(s):
        for i, ch in enumerate(s.acquisition.channels[:-1]):
            b.rate(("acquisition", "channels", i, "share"), "acquisition", "ctl_share", ch.share, uncertain_ok=False,
                   name=ch.name, rest=s.acquisition.channels[-1].name)
    b.money(("acquisition", "affiliate_commission"), "acquisition", "ctl_affiliate_commission",
            s.acquisition.affiliate_commission, floor=50)
    acq = s.acquisition
    # the whole business (a cohort of paid buyers every period): a group of its own, closed at first
    b.count(("acquisition", "buyers_per_period"), "business", "ctl_buyers_per_period", acq.buyers_per_period)
    b.integer(("acquisition", "periods"), "business", "ctl_acquisition_periods", acq.periods, 1,
              min(600, max(60, 2 * acq.periods)))
    b.rate(("acquisition", "cac_growth"), "business", "ctl_cac_growth", acq.cac_growth, top=100, step=0.5,
           lo=-50)
    # Front end
    fe = s.front_end
    b.money(("front_end", "price"), "front_end", "ctl_fe_price", fe.price, name=fe.name)
    b.money(("front_end", "unit_cost"), "front_end", "ctl_fe_unit_cost", fe.unit_cost, floor=_ends(fe.price)[1] or 100,
            name=fe.name)
    # Back end: the ladder, then recurring revenue
    for i, rung in enumerate(s.back_end):
        base = ("back_end", i)
        b.rate(base + ("take_rate",), "back_end", "ctl_take_rate", rung.take_rate, rung=i, name=rung.name)
        b.money(base + ("price",), "back_end", "ctl_rung_price", rung.price, rung=i, name=rung.name)
        b.integer(base + ("delay",), "back_end", "ctl_delay", rung.delay, 0, max(12, 2 * rung.delay), rung=i,
                  name=rung.name)
        if rung.downsell is not None:
            ds = rung.downsell
            b.rate(base + ("downsell", "take_rate"), "back_end", "ctl_downsell_take_rate", ds.take_rate, rung=i,
                   name=ds.name)
            b.money(base + ("downsell", "price"), "back_end", "ctl_downsell_price", ds.price, rung=i, name=ds.name)
    sub = s.subscription or Subscription()
    if has_subscription(s):  # without one, only its price is offered: raising it starts a subscription
        b.rate(("subscription", "adoption"), "back_end", "ctl_sub_adoption", sub.adoption)
    b.money(("subscription", "price"), "back_end", "ctl_sub_price", sub.price, floor=50)
    rep = s.repeat_purchase or RepeatPurchase()
    if rep.rate_beta is not None:
        a, bb = rep.rate_beta.alpha, rep.rate_beta.beta
        rate, rate_het = mean_heterogeneity_from_beta(a, bb)
    else:
        rate, rate_het = rep.rate, rep.heterogeneity
    if rep.bgnbd is None:  # BG/NBD purchasing (a fitted log) has no per-period chance to move
        b.rate(("repeat_purchase", "rate"), "back_end", "ctl_repeat_rate", rate)
        b.rate(("repeat_purchase", "heterogeneity"), "back_end", "ctl_repeat_heterogeneity", rate_het, top=99)
    b.money(("repeat_purchase", "order_value"), "back_end", "ctl_repeat_value", rep.order_value)
    b.rate(("repeat_purchase", "margin"), "back_end", "ctl_repeat_margin", rep.margin)
    # Retention
    ret = s.retention
    if ret.churn_beta is not None:
        a, bb = ret.churn_beta.alpha, ret.churn_beta.beta
        churn, het = mean_heterogeneity_from_beta(a, bb)
    else:
        churn, het = ret.churn, ret.heterogeneity
    b.rate(("retention", "churn"), "retention", "ctl_churn", churn, step=0.5)
    b.rate(("retention", "heterogeneity"), "retention", "ctl_heterogeneity", het, top=99)
    save = ret.save_offer or SaveOffer()
    b.rate(("retention", "save_offer", "acceptance"), "retention", "ctl_save_acceptance", save.acceptance)
    b.rate(("retention", "save_offer", "discount"), "retention", "ctl_save_discount", save.discount)
    loyal = ret.loyalty_program or LoyaltyProgram()
    b.rate(("retention", "loyalty_program", "churn_reduction"), "retention", "ctl_loyalty_reduction",
           loyal.churn_reduction)
    b.money(("retention", "loyalty_program", "cost_per_member"), "retention", "ctl_loyalty_cost",
            loyal.cost_per_member, floor=20)
    b.rate(("retention", "upsell_fatigue"), "retention", "ctl_upsell_fatigue", ret.upsell_fatigue, top=20, step=0.5)
    # Costs
    b.money(("cost_to_serve",), "costs", "ctl_cost_to_serve", s.cost_to_serve, floor=20)
    for i, rung in enumerate(s.back_end):
        b.money(("back_end", i, "unit_cost"), "costs", "ctl_rung_unit_cost", rung.unit_cost,
                floor=_ends(rung.price)[1] or 100, rung=i, name=rung.name)
        if rung.downsell is not None:
            b.money(("back_end", i, "downsell", "unit_cost"), "costs", "ctl_downsell_unit_cost",
                    rung.downsell.unit_cost, floor=_ends(rung.downsell.price)[1] or 100, rung=i,
                    name=rung.downsell.name)
    if has_subscription(s):
        b.money(("subscription", "unit_cost"), "costs", "ctl_sub_unit_cost", sub.unit_cost,
                floor=_ends(sub.price)[1] or 50)
    # Word of mouth
    ref = s.referral or Referral()
    b.rate(("referral", "per_active_customer"), "word_of_mouth", "ctl_referral_rate", ref.per_active_customer,
           top=10, step=0.1)
    b.money(("referral", "reward"), "word_of_mouth", "ctl_referral_reward", ref.reward, floor=50)
    # Advanced
    b.integer(("horizon",), "advanced", "ctl_horizon", s.horizon, 1, min(600, max(60, 2 * s.horizon)))
    b.rate(("discount_rate",), "advanced", "ctl_discount_rate", s.discount_rate, top=30, step=0.5,
           uncertain_ok=False)
    sim = s.simulation
    b.integer(("simulation", "customers"), "advanced", "ctl_customers", sim.customers, 1, 20_000_000,
              kind="sample", step=100)
    b.integer(("simulation", "replicates"), "advanced", "ctl_replicates", sim.replicates, 1, 100_000,
              kind="sample", step=10)
    b.integer(("simulation", "seed"), "advanced", "ctl_seed", effective_seed(s), 0, 2**32 - 1, kind="sample")
    return b.out


def has_subscription(scenario: Scenario) -> bool:
    """Whether the scenario has a subscription to show: a ``subscription`` section that charges or costs something."""
    sub = scenario.subscription
    return sub is not None and (_ends(sub.price)[1] > 0 or _ends(sub.unit_cost)[1] > 0)


def share_levers_ok(scenario: Scenario) -> bool:
    """Channel shares get sliders when there are several channels and every share is a plain number.

    There is one slider per channel but the last, which takes what the others leave (shares sum to 1).
    """
    channels = scenario.acquisition.channels
    return len(channels) > 1 and not any(isinstance(c.share, Uncertain) for c in channels)


def channel_shares(scenario: Scenario, lang: str = "en") -> list[tuple[str, float]]:
    """Each channel's name (in ``lang``) and mean share, for a caption under the share sliders."""
    return [(text_in(c.name, lang), c.share.centre if isinstance(c.share, Uncertain) else float(c.share))
            for c in scenario.acquisition.channels]


def effective_seed(scenario: Scenario) -> int:
    """The seed the app simulates with: the scenario's (:func:`with_seed` gave one to a scenario without)."""
    return resolve_seed(scenario)


def with_seed(scenario: Scenario) -> Scenario:
    """``scenario``, or, when its seed is null, a copy with a fresh seed written in.

    ``seed: null`` means the same everywhere: a fresh seed, recorded. The CLI and reports draw it per
    run; the app draws it once, when the scenario is loaded, and writes it into the scenario, so the
    numbers hold still while levers move and the download and the link reproduce them.
    """
    if scenario.simulation.seed is not None:
        return scenario
    return with_simulation(scenario, seed=fresh_seed())


def english_help(help_key: str) -> str:
    """The schema's description of the field behind a lever (English help text)."""
    model: Any = Scenario
    description = ""
    for part in help_key.split("."):
        fields = model.model_fields if isinstance(model, type) and issubclass(model, BaseModel) else {}
        info = fields.get(part)
        if info is None:
            return description
        description = info.description or ""
        model = innermost_model(info.annotation)
    return description


def help_text(control: Control, lang: str) -> str:
    if lang == "zh":
        return i18n.HELP_ZH.get(control.help_key) or english_help(control.help_key)
    return english_help(control.help_key)


def label(control: Control, lang: str, periods_per_year: int, escape: Callable[[str], str] | None = None) -> str:
    """The lever's label in ``lang``; ``escape`` is applied to names from the scenario (user text)."""
    fields = {k: text_in(v, lang) if isinstance(v, LocalText) else v for k, v in control.label_fields.items()}
    fields = {k: escape(v) if escape and isinstance(v, str) else v for k, v in fields.items()}
    fields.setdefault("unit", i18n.unit(lang, periods_per_year))
    fields.setdefault("units", i18n.units(lang, periods_per_year))
    return i18n.t(lang, control.label, **fields)


# --------------------------------------------------------------------------
# Slider values -> scenario
# --------------------------------------------------------------------------


def _same(a: Value, b: Value) -> bool:
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(float(x) == float(y) for x, y in zip(a, b))
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return False
    return float(a) == float(b)


def _range_value(control: Control, v: tuple[float, float]) -> dict[str, Any]:
    low, high = sorted((control.to_scenario(v[0]), control.to_scenario(v[1])))
    out: dict[str, Any] = {"low": low, "high": high}
    old = control.value
    if isinstance(old, Uncertain) and old.dist is not None:
        if old.dist == "lognormal" and low <= 0:
            return out  # the default shape copes with a range starting at 0
        out["dist"] = old.dist
        if old.dist == "triangular":
            out["mode"] = min(high, max(low, old.mode))
    return out


def _set(data: dict[str, Any], full: dict[str, Any], path: Path_, value: Any) -> None:
    """Set ``data[path] = value``, creating sections; lists missing from ``data`` are copied from ``full``."""
    node: Any = data
    full_node: Any = full
    for part, nxt in zip(path[:-1], path[1:]):
        if isinstance(full_node, dict):
            full_node = full_node.get(part)
        elif isinstance(full_node, list) and isinstance(part, int) and part < len(full_node):
            full_node = full_node[part]
        else:
            full_node = None
        if isinstance(node, list):
            node = node[part]
            continue
        if part not in node or node[part] is None:
            node[part] = copy.deepcopy(full_node) if isinstance(nxt, int) else {}
        node = node[part]
    node[path[-1]] = value


def apply(base: Scenario, values: Mapping[str, Value], levers: Sequence[Control] | None = None) -> Scenario:
    """The scenario with the levers set to ``values`` (keyed by :attr:`Control.key`).

    A value is a number, or a ``(low, high)`` pair when the lever's ± toggle is
    on. Levers left at their starting value (:attr:`Control.initial`) do not
    touch the scenario. Raises :class:`ScenarioError` when the result is not a
    valid scenario (e.g. referrals that would snowball at a lower churn).
    """
    data = copy.deepcopy(scenario_to_dict(base))
    full = base.model_dump(mode="json", exclude_none=True)
    by_key = {c.key: c for c in (levers if levers is not None else controls(base))}
    # a (mean, heterogeneity) pair of levers that stands for Beta parameters given directly in the file
    betas = {
        "retention": (base.retention.churn_beta, "churn_beta", {"retention.churn", "retention.heterogeneity"}),
        "repeat_purchase": (base.repeat_purchase.rate_beta if base.repeat_purchase else None, "rate_beta",
                            {"repeat_purchase.rate", "repeat_purchase.heterogeneity"}),
    }
    moved_share = False
    for key, v in values.items():
        c = by_key.get(key)
        if c is None:
            raise KeyError(f"no lever {key!r} in this scenario")
        if _same(v, c.initial):
            continue
        new = _range_value(c, v) if isinstance(v, (tuple, list)) else c.to_scenario(v)
        section = key.split(".")[0]
        beta, beta_key, pair = betas.get(section, (None, "", set()))
        if key in pair and beta is not None:
            # moving the mean or the heterogeneity replaces the Beta parameters by the same pair of numbers
            node = data.setdefault(section, {})
            node.pop(beta_key, None)
            for other in pair - {key}:
                oc = by_key[other]
                node.setdefault(other.split(".")[1], float(oc.value) if not isinstance(oc.value, Uncertain)
                                else oc.value.model_dump(exclude_none=True))
        _set(data, full, c.path, new)
        if c.path[:2] == ("acquisition", "channels") and c.path[-1] == "share":
            moved_share = True
    if moved_share:
        channels = data["acquisition"]["channels"]
        rest = 1.0 - sum(float(ch.get("share", 1.0)) for ch in channels[:-1])
        channels[-1]["share"] = round(rest, 6)  # below 0 the schema says the shares do not sum to 1
    return scenario_from_dict(data)


# --------------------------------------------------------------------------
# Files, presets and the ladder
# --------------------------------------------------------------------------


def read_upload(data: bytes, limit: int = MAX_UPLOAD_BYTES) -> Scenario:
    """An uploaded scenario file, validated; refuses files over ``limit`` bytes before parsing."""
    if len(data) > limit:
        raise ScenarioError.of("", "upload_too_large", size=len(data), limit=limit)
    return load_scenario_text(data)


@dataclass(frozen=True)
class Preset:
    file: str
    scenario: Scenario

    @property
    def name(self) -> LocalText | str:
        """The preset's name as in its file (show it with :func:`presentation.texts.text_in`)."""
        return self.scenario.name

    @property
    def description(self) -> LocalText | str:
        return self.scenario.description


DEFAULT_PRESET = "peter_english_school.yaml"


def load_presets(directory: str | Path) -> tuple[list[Preset], list[tuple[str, tuple[Problem, ...]]]]:
    """Every valid ``*.yaml``/``*.yml`` in ``directory`` (the default preset first), and the files that failed."""
    good: list[Preset] = []
    bad: list[tuple[str, tuple[Problem, ...]]] = []
    folder = Path(directory)
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    for path in files:
        try:
            good.append(Preset(path.name, load_scenario(path)))
        except ScenarioError as exc:
            bad.append((path.name, exc.problems))
    good.sort(key=lambda p: (p.file != DEFAULT_PRESET, p.file))
    return good, bad


PERIODS = {"week": 52, "month": 12, "quarter": 4, "year": 1}
"""Period lengths the settings offer, as periods per year."""

CURRENCIES = ("USD", "CNY", "EUR", "GBP", "JPY", "HKD", "TWD", "SGD", "AUD", "CAD")
"""Currencies the settings list; any other code (up to 8 characters) may be typed."""


def set_text(old: Any, new: str, lang: str) -> Any:
    """A text field after a person typed ``new`` in ``lang``: a bilingual ``{en, zh}`` value keeps its other
    language; a plain string becomes ``new``."""
    new = new.strip()
    if isinstance(old, Mapping):
        return {**old, lang: new}
    return new


def edit_settings(scenario: Scenario, lang: str, **changes: Any) -> Scenario:
    """The scenario with its own settings changed: ``name``, ``description``, ``currency``,
    ``periods_per_year``, ``front_end_name``; text in ``lang``. :class:`ScenarioError` if invalid.

    A new period length relabels the periods (per week, per month…); rates, delays and the horizon
    stay per period, as the file says them.
    """
    data = copy.deepcopy(scenario_to_dict(scenario))
    for key in ("name", "description"):
        if key in changes and changes[key] is not None:
            data[key] = set_text(data.get(key, ""), str(changes[key]), lang)
    if changes.get("currency"):
        data["currency"] = str(changes["currency"]).strip().upper()
    if changes.get("periods_per_year"):
        data["periods_per_year"] = int(changes["periods_per_year"])
    if changes.get("front_end_name") is not None:
        fe = data.setdefault("front_end", {})
        fe["name"] = set_text(fe.get("name", ""), str(changes["front_end_name"]), lang)
    return scenario_from_dict(data)


def add_channel(scenario: Scenario, name: str) -> Scenario:
    """One more acquisition channel, at the end, costing what the first one costs; it starts with no share
    of the buyers (move its share lever to give it some)."""
    data = copy.deepcopy(scenario_to_dict(scenario))
    channels = data["acquisition"]["channels"]
    first = scenario.acquisition.channels[0]
    new: dict[str, Any] = {"name": name, "share": 0.0}
    if first.cac is not None:
        new["cac"] = float(centre_of(first.cac))
    else:
        new["cost_per_lead"], new["conversion"] = float(centre_of(first.cost_per_lead)), float(centre_of(first.conversion))
    channels.append(new)
    return scenario_from_dict(data)


def remove_channel(scenario: Scenario, index: int) -> Scenario:
    """The scenario without channel ``index``; the others' shares are scaled to sum to 1 again."""
    data = copy.deepcopy(scenario_to_dict(scenario))
    channels = data["acquisition"]["channels"]
    if len(channels) <= 1:
        raise ScenarioError.of("acquisition.channels", "too_short")
    if not 0 <= index < len(channels):
        raise ScenarioError.of("acquisition.channels", "no_rung", n=index + 1)
    del channels[index]
    shares = [centre_of(c.share) for i, c in enumerate(scenario.acquisition.channels) if i != index]
    total = sum(shares)
    for ch, share in zip(channels, shares):
        ch["share"] = round(share / total, 6) if total > 0 else round(1 / len(channels), 6)
    channels[-1]["share"] = round(1 - sum(ch["share"] for ch in channels[:-1]), 6)
    return scenario_from_dict(data)


def rename_channel(scenario: Scenario, index: int, name: str, lang: str) -> Scenario:
    data = copy.deepcopy(scenario_to_dict(scenario))
    channels = data["acquisition"]["channels"]
    if not 0 <= index < len(channels):
        raise ScenarioError.of("acquisition.channels", "no_rung", n=index + 1)
    channels[index]["name"] = set_text(channels[index].get("name", ""), name, lang)
    return scenario_from_dict(data)


def new_channel_name(scenario: Scenario, lang: str) -> str:
    taken = {str(c.name) for c in scenario.acquisition.channels}
    n = len(scenario.acquisition.channels) + 1
    while i18n.t(lang, "new_channel_name", n=n) in taken:
        n += 1
    return i18n.t(lang, "new_channel_name", n=n)


def centre_of(value: float | Uncertain) -> float:
    return value.centre if isinstance(value, Uncertain) else float(value)


def add_rung(scenario: Scenario, name: str) -> Scenario:
    """The scenario with one more rung at the end of the ladder, priced like the last paid step (100 when
    nothing is paid for yet)."""
    data = copy.deepcopy(scenario_to_dict(scenario))
    ladder = data.setdefault("back_end", [])
    paid = [p for p in ([_ends(r.price)[1] for r in reversed(scenario.back_end)] + [_ends(scenario.front_end.price)[1]])
            if p > 0]
    price = float(np.round(paid[0], 2)) if paid else 100.0
    ladder.append({"name": name, "price": price, "take_rate": 0.3, "delay": 1})
    return scenario_from_dict(data)


def remove_rung(scenario: Scenario, index: int) -> Scenario:
    data = copy.deepcopy(scenario_to_dict(scenario))
    ladder = data.get("back_end", [])
    if 0 <= index < len(ladder):
        del ladder[index]
    if not ladder:
        data.pop("back_end", None)
    return scenario_from_dict(data)


def edit_rung(scenario: Scenario, index: int, *, name: str | None = None, billing: str | None = None,
              lang: str = "en") -> Scenario:
    """The scenario with rung ``index`` renamed and/or billed differently; :class:`ScenarioError` if invalid.

    A new name is typed in the page's language ``lang``: a two-language name keeps its other language
    (:func:`set_text`), as every name and setting of the editor does, so the other page never shows a
    blank or a foreign word.
    """
    data = copy.deepcopy(scenario_to_dict(scenario))
    ladder = data.get("back_end", [])
    if not 0 <= index < len(ladder):
        raise ScenarioError.of("back_end", "no_rung", n=index + 1)
    if name is not None:
        ladder[index].setdefault("id", scenario.back_end[index].id)  # renamed, it keeps its random numbers
        ladder[index]["name"] = set_text(ladder[index].get("name", ""), name, lang)
    if billing is not None:
        ladder[index]["billing"] = billing
    return scenario_from_dict(data)


def new_rung_name(scenario: Scenario, lang: str) -> str:
    taken = {text_in(r.name, lang) for r in scenario.back_end}
    n = len(scenario.back_end) + 1
    while i18n.t(lang, "new_rung_name", n=n) in taken:
        n += 1
    return i18n.t(lang, "new_rung_name", n=n)


# --------------------------------------------------------------------------
# Headline numbers
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: str
    band: str
    help: str
    delta: str | None = None
    delta_color: str = "normal"
    raw: float | None = field(default=None, compare=False)


def _band_text(lang: str, low: str, high: str) -> str:
    return i18n.t(lang, "band", low=low, high=high)


def has_uncertainty(scenario: Scenario) -> bool:
    """True when some input of ``scenario`` is a range (:class:`~simulator.scenario.Uncertain`).

    Without one, every simulated future draws the same inputs, and the spread across futures is only
    the sampling noise of the simulated customers (per-customer heterogeneity included: it is drawn
    afresh for each customer, not once per future).
    """
    def walk(node: Any) -> bool:
        if isinstance(node, Uncertain):
            return True
        if isinstance(node, BaseModel):
            return any(walk(getattr(node, name)) for name in type(node).model_fields)
        if isinstance(node, (list, tuple)):
            return any(walk(item) for item in node)
        if isinstance(node, dict):
            return any(walk(item) for item in node.values())
        return False

    return walk(scenario)


def bands_text(lang: str, customers: int, uncertain: bool) -> str:
    """The one line that explains the bands under the headline numbers; when no input is uncertain
    (``uncertain`` False: see :func:`has_uncertainty`), it adds that the bands are only the sampling
    noise of ``customers`` simulated customers."""
    text = i18n.t(lang, "bands_note")
    if not uncertain:
        noise = i18n.t(lang, "bands_noise", customers=i18n.fmt_number(customers, lang))
        text += ("" if lang == "zh" else " ") + noise
    return text


def most_you_can_pay(scenario: Scenario, result: SimulationResult, confidence: float = DEFAULT_CONFIDENCE
                     ) -> MaxCacResult | None:
    """The most a buyer may cost and the plan still break even in ``confidence`` of the simulated futures.

    The same number as the Tools view's "Most you can pay" at that confidence
    (:func:`simulator.max_cac.max_affordable_cac`, exact from the run ``result`` of ``scenario``);
    None when no cost ≥ 0 breaks even that often.
    """
    try:
        return max_affordable_cac(scenario, confidence=confidence, result=result)
    except NoAffordableCac:
        return None


def headlines(result: SimulationResult, lang: str, pinned: SimulationResult | None = None, *,
              scenario: Scenario, pinned_scenario: Scenario | None = None) -> list[Headline]:
    """The headline numbers of a run, formatted, with 90% bands and (in compare mode) B − A.

    Lifetime value, CAC, LTV:CAC, net value per buyer, payback period (median),
    the most you can pay per buyer (with :data:`~simulator.max_cac.DEFAULT_CONFIDENCE`, as the
    Tools view's default; ``scenario`` is the one ``result`` simulated, ``pinned_scenario`` A's),
    the chance of profit, and the front-end profit per buyer (the investment).
    """
    cur = result.currency
    ppy = result.periods_per_year
    horizon = result.horizon

    def money(x: float | None) -> str:
        return i18n.fmt_money(x, lang, cur)

    def when(x: float | None) -> str:
        return i18n.fmt_periods(x, lang, ppy, horizon)

    def when_short(x: float | None) -> str:
        return i18n.fmt_periods(x, lang, ppy)

    def signed(text: str, x: float) -> str | None:
        if not any(ch in "123456789" for ch in text):
            return None  # no visible difference: no arrow
        return text if x < 0 else "+" + text

    specs = [
        ("clv", "m_clv", "h_clv", lambda r: r.clv, "money", "normal"),
        ("cac", "m_cac", "h_cac", lambda r: r.cac_per_buyer, "money", "inverse"),
        ("ltv_cac", "m_ltv_cac", "h_ltv_cac", lambda r: r.ltv_cac, "ratio", "normal"),
        ("net_value", "m_net_value", "h_net_value", lambda r: r.net_value, "money", "normal"),
        ("payback", "m_payback", "h_payback", lambda r: r.payback_period, "periods", "inverse"),
    ]
    out: list[Headline] = []
    for key, label_key, help_key, get, kind, colour in specs:
        band = Band.of(get(result))
        other = Band.of(get(pinned)) if pinned is not None else None
        delta = None
        if kind == "money":
            value, raw = money(band.mean), band.mean
            text = _band_text(lang, money(band.p5), money(band.p95))
            if other is not None and band.mean is not None and other.mean is not None:
                d = band.mean - other.mean
                delta = signed(money(d), d)
        elif kind == "ratio":
            value, raw = i18n.fmt_ratio(band.mean, lang), band.mean
            text = _band_text(lang, i18n.fmt_ratio(band.p5, lang), i18n.fmt_ratio(band.p95, lang))
            if other is not None and band.mean is not None and other.mean is not None:
                d = band.mean - other.mean
                delta = signed(i18n.fmt_ratio(d, lang), d)
        else:  # payback period: the median, since "never" has no mean
            pb = get(result)
            med = median_period(pb)
            value, raw = when(med), med
            text = _band_text(lang, when_short(band.p5), when_short(band.p95))
            if pinned is not None:
                med_a = median_period(get(pinned))
                if math.isfinite(med) and math.isfinite(med_a) and med != med_a:
                    d = med - med_a
                    span = i18n.fmt_periods(abs(d), lang, ppy)
                    delta = ("+" if d > 0 else "-") + span
        out.append(Headline(key, i18n.t(lang, label_key), value, text, i18n.t(lang, help_key), delta, colour, raw))
    out.append(_most_headline(lang, scenario, result, pinned_scenario, pinned, signed))
    p = result.prob_profit
    delta = None
    if pinned is not None:
        d = p - pinned.prob_profit
        delta = signed(i18n.fmt_percent(abs(d), lang, 0), d)
        if delta is not None and d < 0:
            delta = "-" + delta
    out.append(
        Headline(
            "prob_profit",
            i18n.t(lang, "m_prob_profit"),
            i18n.fmt_percent(p, lang, 0),
            i18n.t(lang, "prob_note", replicates=i18n.fmt_number(result.replicates, lang)),
            i18n.t(lang, "h_prob_profit"),
            delta,
            "normal",
            p,
        )
    )
    band = Band.of(result.front_end_profit)
    delta = None
    if pinned is not None and band.mean is not None:
        d = band.mean - Band.of(pinned.front_end_profit).mean
        delta = signed(money(d), d)
    out.append(
        Headline("front_end_profit", i18n.t(lang, "m_front_end_profit"), money(band.mean),
                 _band_text(lang, money(band.p5), money(band.p95)), i18n.t(lang, "h_front_end_profit"), delta,
                 "normal", band.mean)
    )
    return out


def _most_headline(lang: str, scenario: Scenario, result: SimulationResult, pinned_scenario: Scenario | None,
                   pinned: SimulationResult | None, signed: Callable[[str, float], str | None]) -> Headline:
    """"Most you can pay (80% sure)": the Tools view's answer at its default confidence, with the band of
    the break-even cost across the simulated futures."""
    conf = i18n.fmt_percent(DEFAULT_CONFIDENCE, lang, 0)
    most = most_you_can_pay(scenario, result)
    band = most.band if most is not None else Band.of(result.max_affordable_cac)

    def money(x: float | None) -> str:
        return i18n.fmt_money(x, lang, result.currency)

    value = money(most.value) if most is not None else i18n.t(lang, "m_max_cac_none")
    delta = None
    if most is not None and pinned is not None and pinned_scenario is not None:
        other = most_you_can_pay(pinned_scenario, pinned)
        if other is not None:
            d = most.value - other.value
            delta = signed(money(d), d)
    return Headline("max_cac", i18n.t(lang, "m_max_cac", confidence=conf), value,
                    _band_text(lang, money(band.p5), money(band.p95)), i18n.t(lang, "h_max_cac", confidence=conf),
                    delta, "normal", most.value if most is not None else None)


def sample_text(lang: str, customers: int, replicates: int) -> str:
    return i18n.t(lang, "sample_note", customers=i18n.fmt_number(customers, lang),
                  replicates=i18n.fmt_number(replicates, lang))


def presets_by_yaml(presets: Sequence[Preset]) -> dict[str, str]:
    """Dumped YAML → preset file, to recognise a preset arriving through a link or upload."""
    return {dump_scenario(p.scenario): p.file for p in presets}


def business_headlines(result: SimulationResult, lang: str, pinned: SimulationResult | None = None
                       ) -> list[Headline]:
    """The business view's numbers (a cohort of paid buyers acquired every period), or [] when it is off.

    Total profit and net present value over the horizon, the capital the plan needs before it
    pays for itself (the lowest cumulative cash), when cumulative cash turns positive (median),
    and the average CAC paid (it rises with ``cac_growth``).
    """
    b = result.business
    if b is None:
        return []
    other = pinned.business if pinned is not None else None
    cur, ppy = result.currency, result.periods_per_year

    def money(x: float | None) -> str:
        return i18n.fmt_money(x, lang, cur)

    out: list[Headline] = []
    for key, colour in (("total_profit", "normal"), ("npv", "normal"), ("capital_needed", "inverse"),
                        ("average_cac", "inverse")):
        band = Band.of(getattr(b, key))
        delta = None
        other_mean = Band.of(getattr(other, key)).mean if other is not None else None
        if band.mean is not None and other_mean is not None:
            d = band.mean - other_mean
            text = money(d)
            delta = None if not any(ch in "123456789" for ch in text) else (text if d < 0 else "+" + text)
        out.append(Headline(f"b_{key}", i18n.t(lang, f"b_{key}"), money(band.mean),
                            _band_text(lang, money(band.p5), money(band.p95)), i18n.t(lang, f"hb_{key}"), delta,
                            colour, band.mean))
    when = b.cash_positive_period
    med = median_period(when)
    band = Band.of(when)
    delta = None
    if other is not None:
        med_a = median_period(other.cash_positive_period)
        if math.isfinite(med) and math.isfinite(med_a) and med != med_a:
            d = med - med_a
            delta = ("+" if d > 0 else "-") + i18n.fmt_periods(abs(d), lang, ppy)
    out.insert(3, Headline("b_cash_positive_period", i18n.t(lang, "b_cash_positive_period"),
                           i18n.fmt_periods(med, lang, ppy, result.horizon),
                           _band_text(lang, i18n.fmt_periods(band.p5, lang, ppy),
                                      i18n.fmt_periods(band.p95, lang, ppy)),
                           i18n.t(lang, "hb_cash_positive_period"), delta, "inverse", med))
    return out


# --------------------------------------------------------------------------
# The app's run budget (issue 11): an interactive run answers within seconds
# --------------------------------------------------------------------------

RUN_BUDGET = 20_000_000
"""Customer-periods (customers × simulated futures × periods) one run in the app may simulate.

The engine simulates some tens of millions of customer-periods a second on one core, so a run
within this budget answers a slider in about a second or less, and its result (cash flows per
source, future and period) stays within a few hundred MB. The command line runs any size the
schema allows."""


@dataclass(frozen=True)
class RunSizes:
    """The sample size a run in the app uses, and what the scenario asks for."""

    customers: int
    replicates: int
    asked_customers: int
    asked_replicates: int
    horizon: int

    @property
    def clamped(self) -> bool:
        return (self.customers, self.replicates) != (self.asked_customers, self.asked_replicates)

    @property
    def lifetimes(self) -> int:
        return self.customers * self.replicates * self.horizon


def run_sizes(scenario: Scenario, budget: int = RUN_BUDGET) -> RunSizes:
    """The scenario's sample size, shrunk to ``budget`` customer-periods when it asks for more.

    Customers and futures shrink by the same factor (each keeps its share of the precision), then
    customers grow back to use what the rounding left of the budget. Never below one of each.
    """
    sim, horizon = scenario.simulation, scenario.horizon
    c, r = sim.customers, sim.replicates
    if c * r * horizon <= budget:
        return RunSizes(c, r, c, r, horizon)
    factor = math.sqrt(budget / (c * r * horizon))
    reps = max(1, min(r, int(r * factor)))
    customers = max(1, min(c, budget // (reps * horizon)))
    return RunSizes(customers, reps, c, r, horizon)


def budget_text(lang: str, sizes: RunSizes) -> str:
    """What the app runs instead of the file's sample size, and why (empty when it runs the file's)."""
    if not sizes.clamped:
        return ""
    n = i18n.fmt_number
    return i18n.t(lang, "run_budget", customers=n(sizes.customers, lang), replicates=n(sizes.replicates, lang),
                  asked_customers=n(sizes.asked_customers, lang), asked_replicates=n(sizes.asked_replicates, lang),
                  limit=n(RUN_BUDGET, lang))
