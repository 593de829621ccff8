"""Presenter mode's story: one chart at a time, each with a sentence that reads its numbers aloud.

Pure (no Streamlit): :func:`slides` turns a run into an ordered list of
:class:`Slide` s — the scenario's own story first, then the cash curve (the
investment and the harvest), the funnel, where the money comes from, who the
customers are, the spread of their value, and the whole business when the
scenario has the business view. The sentences are built from the run's
numbers in the chosen language, so a workshop hears "each buyer costs ¥0 up
front and pays back in 1 month" rather than reading a chart legend.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import i18n
from .levers import most_you_can_pay
from simulator.metrics import median_period, top_share
from simulator.max_cac import DEFAULT_CONFIDENCE
from simulator.result import SimulationResult
from simulator.scenario import Scenario, Text

from .texts import text_in


@dataclass(frozen=True)
class Slide:
    """One step of the story: a chart (by the name :func:`presentation.charts.figures` uses, or None for
    the title slide), a heading and the sentence said over it."""

    chart: str | None
    title: str
    caption: str
    numbers: tuple[str, ...] = ()
    """The headline numbers that go with this step (keys of :func:`presentation.levers.headlines` and
    :func:`~presentation.levers.business_headlines`), shown beside the chart on a slide of the deck."""


NUMBERS = {
    None: ("clv", "cac", "payback", "prob_profit"),
    "cash": ("front_end_profit", "payback", "net_value", "prob_profit"),
    "funnel": ("clv", "ltv_cac"),
    "money": ("clv", "cac", "ltv_cac"),
    "active": ("clv", "net_value"),
    "value": ("clv", "max_cac", "cac"),
    "business": ("b_capital_needed", "b_cash_positive_period", "b_total_profit", "b_npv"),
}
"""Each step's headline numbers, by its chart (None: the title slide)."""


def story_in(description: Text, lang: str, source: Text | None = None) -> str:
    """The scenario's story in ``lang``, with its source as a last line ("Source: …") when it has one."""
    story = text_in(description, lang)
    if source is None or not text_in(source, lang):
        return story
    line = i18n.t(lang, "source_line", source=text_in(source, lang))
    return f"{story}\n\n{line}" if story else line


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x))


def slides(result: SimulationResult, description: Text, lang: str, source: Text | None = None, *,
           scenario: Scenario | None = None) -> list[Slide]:
    """The presenter's story for one run, in ``lang``: the title slide tells the scenario's story and its source.

    With ``scenario`` (the one ``result`` simulated), the value step also says the most you can pay
    per buyer, the same number as the headline's (:func:`presentation.levers.most_you_can_pay`).
    """
    r = result
    ppy, cur = r.periods_per_year, r.currency

    def money(x: float) -> str:
        return i18n.fmt_money(x, lang, cur)

    def t(key: str, **fields: object) -> str:
        return i18n.t(lang, key, **fields)

    horizon = i18n.fmt_periods(r.horizon, lang, ppy)
    out = [Slide(None, text_in(r.scenario_name, lang), story_in(description, lang, source) or t("p_no_story"),
                 NUMBERS[None])]

    # the investment and the harvest
    front = _mean(r.front_end_profit)
    if money(front) in (money(0.0), "-" + money(0.0)):
        parts = [t("p_front_even")]
    elif front < 0:
        parts = [t("p_front_cost", x=money(-front))]
    else:
        parts = [t("p_front_earn", x=money(front))]
    payback = median_period(r.payback_period)
    if not np.isfinite(payback):
        parts.append(t("p_payback_never", horizon=horizon))
    elif payback > 0:
        parts.append(t("p_payback_in", when=i18n.fmt_periods(payback, lang, ppy)))
    parts.append(t("p_worth", horizon=horizon, net=money(_mean(r.net_value)),
                   prob=i18n.fmt_percent(r.prob_profit, lang, 0)))
    out.append(Slide("cash", t("c_cash_title"), (" " if lang == "en" else "").join(parts), NUMBERS["cash"]))

    # where the money comes from (per buyer, over the horizon, by source)
    revenue = r.revenue_per_buyer.sum(axis=2).mean(axis=1)  # (S,) over the horizon, per buyer
    total = float(revenue.sum())
    fe = r.source_index("front_end")
    back_share = (total - float(revenue[fe])) / total if total > 0 else 0.0
    keys = r.source_keys or r.source_names

    def source_label(i: int) -> str:
        return t(f"src_{keys[i]}") if f"src_{keys[i]}" in i18n.TEXT else text_in(r.source_names[i], lang)

    # the ladder
    steps = [(text_in(name, lang), 100 * _mean(share))  # the steps someone buys
             for key, name, share in zip(r.funnel_keys or r.funnel_names, r.funnel_names, r.funnel_share)
             if key != "front_end" and np.any(share > 0)]
    if steps:
        parts = [t("p_funnel_step", n=i18n.fmt_number(n, lang, 0 if n >= 1 else 1), name=name)
                 for name, n in steps[:4]]
        caption = t("p_funnel", steps=t("p_list_sep").join(parts))
    else:  # no ladder: the back end, if any, is a subscription, repeat orders or referrals
        later = [i for i in np.argsort(-revenue, kind="stable") if i != fe and revenue[i] > 0]
        caption = (t("p_funnel_no_ladder", sources=t("p_list_sep").join(source_label(i) for i in later),
                     back=i18n.fmt_percent(back_share, lang, 0)) if later else t("p_funnel_none"))
    out.append(Slide("funnel", t("c_funnel_title"), caption, NUMBERS["funnel"]))

    top = int(np.argmax(revenue))
    out.append(Slide("money", t("c_money_title", unit=i18n.unit(lang, ppy)), t(
        "p_money", horizon=horizon, revenue=money(total), back=i18n.fmt_percent(back_share, lang, 0),
        top=source_label(top)), NUMBERS["money"]))

    # who stays
    active = r.active_per_buyer.mean(axis=0) * 100
    mid = min(r.horizon - 1, max(1, r.horizon // 2))
    out.append(Slide("active", t("c_active_title"), t(
        "p_active", when=i18n.period_label(lang, ppy, mid), n=i18n.fmt_number(float(active[mid]), lang, 0),
        end=i18n.fmt_number(float(active[-1]), lang, 0)), NUMBERS["active"]))

    # who is worth what
    share = top_share(r.customer_values)
    median = float(np.median(r.customer_values)) if r.customer_values.size else 0.0
    caption = t("p_value", share=i18n.fmt_percent(share, lang, 0) if share is not None else t("not_available"),
                median=money(median))
    if scenario is not None:
        most = most_you_can_pay(scenario, r)
        conf = i18n.fmt_percent(DEFAULT_CONFIDENCE, lang, 0)
        cac = money(_mean(r.cac_per_buyer))
        caption += (" " if lang == "en" else "") + (t("p_most", most=money(most.value), confidence=conf, cac=cac) if most is not None
                          else t("p_most_none", confidence=conf, cac=cac))
    out.append(Slide("value", t("c_value_title"), caption, NUMBERS["value"]))

    if r.business is not None:
        b = r.business
        positive = median_period(b.cash_positive_period)
        fields = dict(capital=money(_mean(b.capital_needed)), profit=money(_mean(b.total_profit)), horizon=horizon)
        caption = (t("p_business", when=i18n.fmt_periods(positive, lang, ppy, r.horizon), **fields)
                   if np.isfinite(positive) else t("p_business_never", **fields))
        out.append(Slide("business", t("c_business_title"), caption, NUMBERS["business"]))
    return out
