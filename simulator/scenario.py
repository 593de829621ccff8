"""Scenario file format, version 1: the validated input of every simulation.

A scenario is one YAML file. This module holds its schema (pydantic v2 models
with ``extra="forbid"``, bounds and a description on every field), the safe
loader and saver, and the translation of validation errors into
:class:`~simulator.problems.Problem` records that name the field, the rule and
its numbers::

    Problem(path="back_end[1].take_rate", code="less_than_equal", params={"le": 1.0, "got": 1.3})

:mod:`presentation.messages` renders them (``back_end[1].take_rate: must be ≤ 1 (got 1.3)``).

Nothing here simulates; :mod:`simulator.engine` consumes a :class:`Scenario`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import numpy as np
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .problems import Problem, ProblemError

MAX_FILE_BYTES = 1_000_000
"""Scenario files larger than this are refused before parsing."""

MAX_CUSTOMER_LIFETIMES = 1_000_000_000
"""customers × replicates above this is refused (the run would take hours)."""

MAX_SERIES_CELLS = 1_000_000
"""replicates × horizon above this is refused (per-period results are kept per replicate)."""

MAX_LIFETIME_REFERRALS = 0.95
"""Expected referred buyers per customer over a lifetime must stay below this."""

MAX_MONEY = 1e12
"""Most any money field may be (per buyer, per order, per period): a trillion in the scenario's currency.

With every other bound (600 periods, 12 rungs, 1e12 buyers per period, CAC growth) every figure a run
computes stays far below the float range (about 1e308), so every number a result holds is finite."""

MAX_COUNT = 1e12
"""Most paid buyers per period (the business view): more than the world's population, and finite sums."""

MAX_LOGNORMAL_SPREAD = 1e12
"""Most high / low of a range drawn lognormal (the default for money and counts with low > 0): its mean stays
finite (σ ≤ 8.4; a range of 1e-300 to 1000 has σ = 212 and an infinite mean). Draws are clipped to the field's
bounds as well, so this keeps the reported mean and interval finite; no real estimate spans twelve orders."""

MAX_PROBLEMS = 20
"""Most problems reported for one input; the rest are counted in one ``more_problems`` problem."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists a scenario file may have (a scenario needs 5); checked before building."""

MAX_INT_DIGITS = 100
"""Longest integer a scenario file may spell (Python refuses more than 4,300 digits; no field needs 20)."""

MAX_SEED = 2**63 - 1
"""Largest seed."""

MAX_REFERRED_PER_BUYER = 1000.0
"""A run stops with ``referral_runaway`` once referred buyers per paid buyer pass this in any simulated future.

Validation (``referral_snowball``) keeps the expected number below 19 (a lifetime referral rate of
0.95 gives 0.95 / 0.05); this runtime stop is a second lock that no accepted file should reach."""

REFERRAL_TAIL = 0.001
"""The referral check takes each uncertain input at this far tail (0.1%), beyond its 90% interval."""

REFERRAL_QUANTILES = 4096
"""Quantile points of the per-customer churn Beta in the referral check's expectation."""

SCHEMA_VERSION = 1



class ScenarioError(ProblemError):
    """A scenario that cannot be used, with one :class:`~simulator.problems.Problem` per thing wrong.

    Each problem names the field (``back_end[1].take_rate``), the rule (``code``) and its numbers.
    """


def _rule(code: str, **params: Any) -> PydanticCustomError:
    """A validation error carrying our ``code`` and its numbers (``at``: the path, for checks of the whole scenario)."""
    return PydanticCustomError(code, code, params)


# --------------------------------------------------------------------------
# Numbers that may be uncertain
# --------------------------------------------------------------------------

Distribution = Literal["normal", "lognormal", "uniform", "triangular", "beta"]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, frozen=True, validate_default=True
    )


class Uncertain(_Model):
    """A number we are unsure of, given as a 90% interval."""

    low: float = Field(description="Lower end of the 90% interval (support for uniform/triangular).")
    high: float = Field(description="Upper end of the 90% interval (support for uniform/triangular).")
    dist: Distribution | None = Field(
        default=None,
        description="Shape: normal, lognormal, uniform, triangular (needs mode) or beta. "
        "Default: beta for rates, lognormal for money and counts.",
    )
    mode: float | None = Field(default=None, description="Most likely value, for triangular only.")

    @model_validator(mode="after")
    def _check(self) -> "Uncertain":
        if self.low > self.high:
            raise _rule("low_above_high", low=self.low, high=self.high)
        if self.dist == "triangular":
            if self.mode is None:
                raise _rule("triangular_needs_mode")
            if not self.low <= self.mode <= self.high:
                raise _rule("mode_outside_range", got=self.mode)
        elif self.mode is not None:
            raise _rule("mode_needs_triangular")
        if self.dist == "lognormal" and self.low <= 0:
            raise _rule("lognormal_needs_positive_low", got=self.low)
        return self

    @property
    def centre(self) -> float:
        """The value used where one number is needed (mode, or the interval's midpoint)."""
        return self.mode if self.mode is not None else (self.low + self.high) / 2


def _number_tag(value: Any) -> str:
    return "range" if isinstance(value, (dict, Uncertain)) else "fixed"


Number = Annotated[
    Union[Annotated[float, Tag("fixed")], Annotated[Uncertain, Tag("range")]],
    Discriminator(_number_tag),
]


def _whole(x: float) -> float | int:
    """A bound as the schema means it: 0 rather than 0.0."""
    return int(x) if float(x).is_integer() else x


def _bounded(lo: float | None, hi: float | None, lognormal_default: bool = False):
    """Both ends within [lo, hi]; with ``lognormal_default`` (money, counts) a range drawn lognormal
    (given, or the default for low > 0) spans at most :data:`MAX_LOGNORMAL_SPREAD`."""

    def check(value: float | Uncertain):
        ends = (value.low, value.high) if isinstance(value, Uncertain) else (value,)
        for end in ends:
            if lo is not None and end < lo:
                raise _rule("greater_than_equal", ge=_whole(lo), got=end)
            if hi is not None and end > hi:
                raise _rule("less_than_equal", le=_whole(hi), got=end)
        if isinstance(value, Uncertain) and value.low > 0 and (
            value.dist == "lognormal" or (lognormal_default and value.dist is None)
        ) and value.high / value.low > MAX_LOGNORMAL_SPREAD:
            raise _rule("lognormal_spread", low=value.low, high=value.high, limit=MAX_LOGNORMAL_SPREAD)
        return value

    return AfterValidator(check)


Rate = Annotated[Number, _bounded(0.0, 1.0), Field(json_schema_extra={"kind": "rate"})]
Money = Annotated[Number, _bounded(0.0, MAX_MONEY, True), Field(json_schema_extra={"kind": "money"})]
Count = Annotated[Number, _bounded(0.0, MAX_COUNT, True), Field(json_schema_extra={"kind": "count"})]
POLARISATION_MAX = 0.99
"""The most a heterogeneity (1 / (a + b + 1)) may be: beyond it a Beta is given by its α and β, where the schema allows."""
Polarisation = Annotated[Number, _bounded(0.0, POLARISATION_MAX), Field(json_schema_extra={"kind": "polarisation"})]
Growth = Annotated[Number, _bounded(-0.5, 1.0), Field(json_schema_extra={"kind": "growth"})]


def centre(value: float | Uncertain) -> float:
    """The single value that stands for a possibly uncertain number."""
    return value.centre if isinstance(value, Uncertain) else float(value)


def _nonblank(value: str) -> str:
    if not value.strip():
        raise _rule("string_too_short", min_length=1)
    return value.strip()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_STORY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _no_control(pattern: re.Pattern):
    """Refuse control characters (NUL, escape, ...): they hide text or break lines where names are shown."""

    def check(value: str) -> str:
        found = pattern.search(value)
        if found:
            raise _rule("control_character", char=f"U+{ord(found.group()):04X}", position=found.start() + 1)
        return value

    return AfterValidator(check)


# --------------------------------------------------------------------------
# Text in one language or two
# --------------------------------------------------------------------------

_NamePiece = Annotated[str, Field(min_length=1, max_length=80), _no_control(_CONTROL), AfterValidator(_nonblank)]
_StoryPiece = Annotated[str, Field(max_length=5000), _no_control(_CONTROL_IN_STORY)]


class LocalText(_Model):
    """Text given per language, ``{en: ..., zh: ...}``: at least one of the two."""

    en: str | None = Field(None, description="English.")
    zh: str | None = Field(None, description="中文 (Chinese).")

    @model_validator(mode="after")
    def _one(self) -> "LocalText":
        if self.en is None and self.zh is None:
            raise _rule("text_needs_language")
        return self


class LocalName(LocalText):
    """A name per language: each 1 to 80 characters."""

    en: _NamePiece | None = Field(None, description="English.")
    zh: _NamePiece | None = Field(None, description="中文 (Chinese).")


class LocalStory(LocalText):
    """A longer text per language: each at most 5000 characters."""

    en: _StoryPiece | None = Field(None, description="English.")
    zh: _StoryPiece | None = Field(None, description="中文 (Chinese).")


Text = Union[str, LocalText]
"""A text value: a plain string (the same in every language) or a :class:`LocalText`.

The core treats text as display data only: what keys draws and sums is a rung's
``id`` and :func:`text_key`; :func:`presentation.texts.text_in` picks a language."""


def _text_tag(value: Any) -> str:
    return "local" if isinstance(value, (dict, LocalText)) else "plain"


def _text(piece: Any, local: type[LocalText]) -> Any:
    return Annotated[
        Union[Annotated[piece, Tag("plain")], Annotated[local, Tag("local")]],
        Discriminator(_text_tag),
        Field(json_schema_extra={"kind": "text"}),
    ]


Name = _text(_NamePiece, LocalName)
"""A name (1 to 80 characters, surrounding blanks dropped): a string or ``{en, zh}``."""

Story = _text(_StoryPiece, LocalStory)
"""A longer text (at most 5000 characters): a string or ``{en, zh}``."""


def text_key(value: Text) -> str:
    """The one string that stands for a text where a key is needed: the English, else the Chinese."""
    if isinstance(value, LocalText):
        return value.en if value.en is not None else value.zh  # type: ignore[return-value]
    return value


def _text_variants(value: Text) -> tuple[str, str]:
    """(English, Chinese) as shown, each falling back on the other."""
    if isinstance(value, LocalText):
        return (value.en or value.zh or "", value.zh or value.en or "")
    return (value, value)


def _name(description: str):
    return Field(description=description)

# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------


class Simulation(_Model):
    """Sample size and seed of the Monte Carlo run."""

    customers: int = Field(2000, ge=1, le=20_000_000, description="Paid front-end buyers simulated in each simulated future.")
    replicates: int = Field(200, ge=1, le=100_000, description="How many simulated futures (Monte Carlo replicates); each draws every uncertain input once.")
    seed: int | None = Field(7, ge=0, le=MAX_SEED, description="Random seed; the same seed and scenario give identical output.")


class Channel(_Model):
    """One acquisition channel ("fish pond"): its share of paid buyers and what a buyer costs."""

    name: Name = _name("Channel name, e.g. Search ads.")
    share: Rate = Field(1.0, description="Share of paid front-end buyers that come from this channel; shares sum to 1.")
    cac: Money | None = Field(None, description="Cost per paid front-end buyer from this channel.")
    cost_per_lead: Money | None = Field(None, description="Cost per lead; with conversion, cac = cost_per_lead / conversion.")
    conversion: Rate | None = Field(None, description="Share of leads who buy the front end.")
    churn_multiplier: float = Field(
        1.0, gt=0, le=100, description="Customer quality: churn of buyers from this channel is multiplied by this (clipped at 1)."
    )
    take_rate_multiplier: float = Field(
        1.0, ge=0, le=100, description="Customer quality: back-end take rates (rungs and downsells) of buyers from this "
        "channel are multiplied by this, clipped to [0, 1]."
    )
    max_buyers: float | None = Field(
        None, ge=0, le=1e12, description="Most paid buyers this channel can deliver per period, for the budget split "
        "(`python -m simulator channels --budget`); none = unlimited."
    )

    @model_validator(mode="after")
    def _cost(self) -> "Channel":
        if self.cac is not None and (self.cost_per_lead is not None or self.conversion is not None):
            raise _rule("cac_and_cost_per_lead")
        if self.cac is None and (self.cost_per_lead is None or self.conversion is None):
            raise _rule("cac_or_cost_per_lead")
        if self.conversion is not None:
            low = self.conversion.low if isinstance(self.conversion, Uncertain) else self.conversion
            if low <= 0:
                raise _rule("conversion_positive", got=low)
        return self


class Acquisition(_Model):
    """How paid front-end buyers are won, and the optional business view over many cohorts."""

    channels: list[Channel] = Field(
        default_factory=lambda: [Channel(name="Paid ads", share=1.0, cac=0.0)],
        min_length=1,
        max_length=20,
        description="Where paid front-end buyers come from; shares sum to 1.",
    )
    affiliate_commission: Money = Field(0.0, description="Paid per front-end buyer, on top of the channel cost.")
    buyers_per_period: Count = Field(0.0, description="Business view: paid buyers acquired each period (0 = per-buyer view only).")
    periods: int = Field(1, ge=1, le=600, description="Business view: for how many periods acquisition runs.")
    cac_growth: Growth = Field(0.0, description="Business view: relative CAC increase per period (acquisition gets dearer).")

    @model_validator(mode="after")
    def _shares(self) -> "Acquisition":
        total = sum(centre(c.share) for c in self.channels)
        if abs(total - 1.0) > 1e-6:
            raise _rule("shares_sum", got=total)
        return self


class Offer(_Model):
    """A product sold once (or per period for recurring billing)."""

    name: Name = _name("Product name.")
    price: Money = Field(0.0, description="Price; 0 means free.")
    unit_cost: Money = Field(0.0, description="Cost of goods per sale (per period for recurring billing).")


class FrontEnd(Offer):
    """The first sale: cheap, at cost or free, paid for by acquisition spend."""

    name: Name = _name("Front-end offer name.")


class Downsell(Offer):
    """A cheaper alternative offered at once to those who decline a rung."""

    take_rate: Rate = Field(0.0, description="Share of those who declined the rung who buy the downsell.")


RUNG_ID_PATTERN = r"^[a-z0-9_-]{1,40}$"
"""A rung's ``id``: 1 to 40 lower-case letters, digits, ``-`` or ``_``."""


def default_rung_id(name: Text) -> str:
    """The id of a rung that gives none: its name as a slug (``"Core course!"`` → ``"core-course"``).

    A name in two languages gives its English (:func:`text_key`). Accents are
    dropped; a name with no Latin letter or digit gets ``rung-`` and eight hex
    digits of a stable hash of the name.
    """
    name = text_key(name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    return slug or "rung-" + hashlib.blake2b(name.encode("utf-8"), digest_size=4).hexdigest()


class Rung(Offer):
    """One step of the back-end upsell ladder."""

    id: str | None = Field(
        None,
        pattern=RUNG_ID_PATTERN,
        description="Stable id of the rung (lower-case letters, digits, - and _; unique in the ladder): keys its "
        "random draws, so a renamed rung keeps its numbers. Default: the name as a slug.",
    )
    take_rate: Rate = Field(0.0, description="Share of those offered who buy.")
    delay: int = Field(1, ge=0, le=600, description="Periods after the previous step (the front-end sale for the first rung).")
    billing: Literal["once", "per_period"] = Field(
        "once", description="once, or per_period: a plan upgrade billing price every active period after it is taken."
    )
    downsell: Downsell | None = Field(None, description="Offered at once to those who decline the rung.")

    @model_validator(mode="after")
    def _default_id(self) -> "Rung":
        if self.id is None:
            # set without marking it as given: files without ids dump (and so load back) unchanged
            self.__dict__["id"] = default_rung_id(self.name)
        return self


class Subscription(_Model):
    """A recurring plan adopted with the front-end sale."""

    adoption: Rate = Field(1.0, description="Share of front-end buyers who subscribe at period 0.")
    price: Money = Field(0.0, description="Price per active period, period 0 included.")
    unit_cost: Money = Field(0.0, description="Cost per subscribed active period.")
    non_adopters: Literal["stay", "leave"] = Field(
        "stay",
        description="stay: buyers who do not subscribe stay customers (they may buy the ladder, order again, "
        "cost to serve); leave: they stop being active at period 1 (a free trial nobody extends).",
    )


class RateBeta(_Model):
    """Per-customer repeat-order chance ~ Beta(alpha, beta), given directly."""

    alpha: float = Field(gt=0, le=1e6, description="Beta α of the per-customer order chance.")
    beta: float = Field(gt=0, le=1e6, description="Beta β of the per-customer order chance.")


class BGNBD(_Model):
    """Repeat buying as the BG/NBD (Fader, Hardie & Lee 2005): purchases while active, leaving only after one."""

    rate: Count = Field(description="Mean purchases per period of an active customer (r / α of the Gamma rates).")
    rate_shape: float = Field(gt=0, le=1e6, description="Gamma shape r of the per-customer purchase rates: "
                              "small = a few heavy buyers; their spread (coefficient of variation) is 1 / √r.")
    dropout: Rate = Field(description="Mean chance of leaving for good right after a purchase (a / (a + b)).")
    dropout_heterogeneity: Polarisation = Field(
        0.0, description="0 = everyone's chance of leaving after a purchase is dropout; towards 1 = polarised: "
        "per-customer chance ~ Beta(a, b) with 1 / (a + b + 1) = dropout_heterogeneity.")


class RepeatPurchase(_Model):
    """Non-contractual repeat buying while a customer is active."""

    rate: Rate = Field(0.0, description="Chance an active customer orders in a period (periods ≥ 1).")
    order_value: Money = Field(0.0, description="Revenue per repeat order.")
    margin: Rate = Field(0.0, description="Gross margin share of order value.")
    heterogeneity: Polarisation = Field(
        0.0,
        description="0 = every customer orders with the same chance rate; towards 1 = polarised: per-customer "
        "chance ~ Beta(a, b) with mean rate and 1 / (a + b + 1) = heterogeneity (the beta-Bernoulli of BG/BB).",
    )
    rate_beta: RateBeta | None = Field(None, description="Give the Beta parameters of the per-customer order chance directly instead.")
    bgnbd: BGNBD | None = Field(None, description="Purchases as the BG/NBD instead (a fitted transaction log): "
                                "orders in continuous time while active, and customers leave only right after a "
                                "purchase, besides retention's churn.")

    @model_validator(mode="after")
    def _beta(self) -> "RepeatPurchase":
        if self.rate_beta is not None and {"rate", "heterogeneity"} & self.model_fields_set:
            raise _rule("rate_and_rate_beta")
        if self.bgnbd is not None and ({"rate", "heterogeneity"} & self.model_fields_set or self.rate_beta):
            raise _rule("rate_and_bgnbd")
        return self


class SaveOffer(_Model):
    """The "lifeboat": an offer made to a customer about to leave."""

    acceptance: Rate = Field(0.0, description="Share of leaving customers who accept the save offer.")
    discount: Rate = Field(0.0, description="Off subscription and per_period upgrade prices from the save on.")
    max_saves: int = Field(1, ge=0, le=10, description="How many times one customer can be saved.")


class LoyaltyProgram(_Model):
    """A loyalty programme (stamp card, membership): costs per member and cuts churn."""

    cost_per_member: Money = Field(0.0, description="Cost per active customer per period.")
    churn_reduction: Rate = Field(0.0, description="Churn is multiplied by (1 - churn_reduction).")


class ChurnBeta(_Model):
    """Per-customer churn ~ Beta(alpha, beta), given directly."""

    alpha: float = Field(gt=0, le=1e6, description="Beta α of per-customer churn.")
    beta: float = Field(gt=0, le=1e6, description="Beta β of per-customer churn.")


class Retention(_Model):
    """How long customers stay, and what keeps them."""

    churn: Rate = Field(0.0, description="Mean chance an active customer leaves at each period boundary.")
    heterogeneity: Polarisation = Field(
        0.0,
        description="0 = everyone churns at the same rate (geometric lifetimes); towards 1 = polarised: "
        "per-customer churn ~ Beta(a, b) with mean churn and 1 / (a + b + 1) = heterogeneity.",
    )
    churn_beta: ChurnBeta | None = Field(None, description="Give the Beta parameters of per-customer churn directly instead.")
    save_offer: SaveOffer | None = Field(None, description="The 'lifeboat' offered when a customer would leave.")
    loyalty_program: LoyaltyProgram | None = Field(None, description="A loyalty programme: costs per member, cuts churn.")
    upsell_fatigue: Rate = Field(0.0, description="Added to a customer's churn for each back-end offer made to them.")

    @model_validator(mode="after")
    def _beta(self) -> "Retention":
        if self.churn_beta is not None and {"churn", "heterogeneity"} & self.model_fields_set:
            raise _rule("churn_and_churn_beta")
        return self


class Referral(_Model):
    """Word of mouth: referred buyers bear no CAC, earn a reward, and refer in turn."""

    per_active_customer: Rate = Field(0.0, description="Expected referred buyers per active customer per period.")
    reward: Money = Field(0.0, description="Cost per referred buyer (they bear no CAC).")


class Scenario(_Model):
    """One funnel: a front-end offer, its back-end ladder, retention and costs."""

    version: Literal[1] = Field(1, description="Format version; 1.")
    name: Name = _name("Scenario name, shown in the app and reports.")
    description: Story = Field("", description="Free text: the story and where the numbers come from.")
    source: Story | None = Field(None, description="Where the case comes from (an article, a report), shown under the story.")
    currency: Annotated[str, _no_control(_CONTROL)] = Field("USD", max_length=8, description="Display only.")
    periods_per_year: int = Field(12, ge=1, le=365, description="12 = monthly periods; 1 = yearly.")
    horizon: int = Field(36, ge=1, le=600, description="Number of periods simulated; period 0 is the front-end sale.")
    discount_rate: float = Field(0.10, ge=0, le=2, description="Annual discount rate; per period (1 + d) ** (1 / periods_per_year).")
    simulation: Simulation = Field(default_factory=Simulation, description="Sample size and seed.")
    acquisition: Acquisition = Field(default_factory=Acquisition, description="How paid front-end buyers are won.")
    front_end: FrontEnd = Field(default_factory=lambda: FrontEnd(name="Front-end offer"), description="The first sale.")
    back_end: list[Rung] = Field(default_factory=list, max_length=12, description="Ordered upsell ladder.")
    subscription: Subscription | None = Field(None, description="Optional recurring plan.")
    repeat_purchase: RepeatPurchase | None = Field(None, description="Optional non-contractual repeat buying.")
    cost_to_serve: Money = Field(0.0, description="Per active customer per period, period 0 included.")
    retention: Retention = Field(default_factory=Retention, description="Churn, save offer, loyalty programme, upsell fatigue.")
    referral: Referral | None = Field(None, description="Optional word of mouth.")

    @model_validator(mode="after")
    def _unique_ids(self) -> "Scenario":
        """Given ids must be unique; a default (from the name) that collides gets ``-2``, ``-3``..."""
        given = [i for i, rung in enumerate(self.back_end) if "id" in rung.model_fields_set]
        owner: dict[str, int] = {}
        for i in given:
            rid = self.back_end[i].id
            if rid in owner:
                raise _rule("duplicate_id", at=f"back_end[{i}].id", id=rid, first=f"back_end[{owner[rid]}]")
            owner[rid] = i
        rungs = list(self.back_end)
        for i, rung in enumerate(rungs):
            if i in given or rung.id not in owner:
                owner.setdefault(rung.id, i)
                continue
            k = 2
            while f"{rung.id[:36]}-{k}" in owner:
                k += 1
            copy = rung.model_copy()
            copy.__dict__["id"] = f"{rung.id[:36]}-{k}"
            rungs[i] = copy
            owner[copy.id] = i
        if any(a is not b for a, b in zip(rungs, self.back_end)):
            self.__dict__["back_end"] = rungs
        return self

    @model_validator(mode="after")
    def _unique_steps(self) -> "Scenario":
        seen: dict[tuple[str, str], str] = {}
        for i, rung in enumerate(self.back_end):
            steps = [(f"back_end[{i}].name", rung.name)]
            if rung.downsell is not None:
                steps.append((f"back_end[{i}].downsell.name", rung.downsell.name))
            for where, text in steps:
                # unique as shown in each language; the key of a seen name is (language, text)
                for lang, name in zip(("en", "zh"), _text_variants(text)):
                    if (lang, name) in seen:
                        raise _rule("duplicate_name", at=where, name=name, first=seen[(lang, name)])
                for lang, name in zip(("en", "zh"), _text_variants(text)):
                    seen[(lang, name)] = where.removesuffix(".name")
        return self

    @model_validator(mode="after")
    def _limits(self) -> "Scenario":
        sim = self.simulation
        lifetimes = sim.customers * sim.replicates
        if lifetimes > MAX_CUSTOMER_LIFETIMES:
            raise _rule("run_too_large", at="simulation", lifetimes=lifetimes, limit=MAX_CUSTOMER_LIFETIMES)
        if sim.replicates * self.horizon > MAX_SERIES_CELLS:
            raise _rule("series_too_large", at="simulation", cells=sim.replicates * self.horizon, limit=MAX_SERIES_CELLS)
        if self.referral is not None:
            lifetime = self.expected_active_periods()
            from .distributions import from_field

            rate = from_field(self.referral.per_active_customer, "rate").interval(1 - 2 * REFERRAL_TAIL)[1]
            k = min(max(float(rate), _upper(self.referral.per_active_customer)), 1.0) * lifetime
            if k >= MAX_LIFETIME_REFERRALS:
                raise _rule("referral_snowball", at="referral.per_active_customer", referred=k,
                            active_periods=lifetime, max_rate=MAX_LIFETIME_REFERRALS / lifetime)
        return self

    # -- derived quantities used by validation, the engine and the docs --------

    def expected_active_periods(self) -> float:
        """Expected active periods over the horizon of a buyer of the slowest-leaving kind the file allows.

        The referral check's lifetime (a referred buyer follows the per-buyer active curve, so one buyer
        refers ``k`` × this many buyers on average). Every mechanism that lengthens lives is taken at
        its most: the churn's lower tail (the 0.1% quantile of an uncertain churn, the 99.9% quantile of
        an uncertain heterogeneity), the per-customer churn Beta in full, the smallest channel
        ``churn_multiplier``, the loyalty programme's largest churn reduction, and save offers (each
        of ``max_saves`` saves, accepted with the largest acceptance a, adds a whole new life: lives
        are multiplied by 1 + a + ... + a^max_saves, capped at the horizon). Upsell fatigue and
        non-adopters leaving only shorten lives and are left out. The expectation over the Beta is an
        upper Riemann sum over its quantiles (the lifetime falls as churn rises), so the result is never
        below the true mean.
        """
        from .distributions import from_field  # distributions imports this module

        def tail(value, kind: str, upper: bool) -> float:
            lo, hi = from_field(value, kind).interval(1 - 2 * REFERRAL_TAIL)
            return float(min(max(hi if upper else lo, 0.0), 1.0))

        r = self.retention
        horizon = self.horizon
        if r.churn_beta is not None:
            alpha, beta = r.churn_beta.alpha, r.churn_beta.beta
        else:
            mean = tail(r.churn, "rate", upper=False)
            het = min(tail(r.heterogeneity, "polarisation", upper=True), 0.99)
            alpha = beta = None
            if het > 0 and 0 < mean < 1:
                total = 1.0 / het - 1.0
                alpha, beta = mean * total, (1 - mean) * total
        scale = min(ch.churn_multiplier for ch in self.acquisition.channels)
        if r.loyalty_program is not None:
            scale *= 1 - tail(r.loyalty_program.churn_reduction, "rate", upper=True)
        saves = 1.0
        if r.save_offer is not None and r.save_offer.max_saves > 0:
            a = tail(r.save_offer.acceptance, "rate", upper=True)
            saves = sum(a**j for j in range(r.save_offer.max_saves + 1))
        if alpha is None:
            churn = np.array([mean])
        else:
            from scipy.special import betaincinv  # only scenarios with referrals get here

            churn = betaincinv(alpha, beta, np.arange(REFERRAL_QUANTILES) / REFERRAL_QUANTILES)
        p = np.minimum(churn * scale, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            life = np.where(p > 0, -np.expm1(horizon * np.log1p(-np.minimum(p, 1 - 1e-16))) / p, float(horizon))
        life = np.where(p >= 1, 1.0, life)
        return float(np.mean(np.minimum(life * saves, horizon)))

    @property
    def period_discount_factor(self) -> float:
        """Per-period discount factor 1 / (1 + d) ** (1 / periods_per_year)."""
        return (1.0 + self.discount_rate) ** (-1.0 / self.periods_per_year)


def _upper(value: float | Uncertain) -> float:
    return value.high if isinstance(value, Uncertain) else float(value)


def _lower(value: float | Uncertain) -> float:
    return value.low if isinstance(value, Uncertain) else float(value)


# --------------------------------------------------------------------------
# Loading, saving and error messages
# --------------------------------------------------------------------------


_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
_BaseLoader = yaml.CSafeLoader if _LIBYAML else yaml.SafeLoader
"""libyaml's safe loader where PyYAML was built with it (a 254 KB flow-style file parses in a fraction of a
second instead of 7 to 17), else the pure-Python one: the same constructors, resolvers and refusals."""


def _line(node_or_event) -> int:
    return node_or_event.start_mark.line + 1


class _Refusals:
    """Mixed into the safe loader: refuses what is ambiguous or unbounded, duplicate keys and over-long integers.

    Anchors, aliases and nesting deeper than :data:`MAX_DEPTH` are refused by :func:`_check_events`
    before anything is built (libyaml composes in C, where no Python hook is called).
    """

    def construct_mapping(self, node, deep=False):  # noqa: D401 - yaml hook
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = self.construct_object(key_node)
                try:
                    seen = first.get(key)
                except TypeError:  # an unhashable key: the constructor says so below
                    continue
                if seen is not None:
                    raise ScenarioError.of("", "duplicate_key", name=_short(str(key)), line=_line(key_node), first=seen)
                first[key] = _line(key_node)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):  # noqa: D401 - yaml hook
        digits = sum(c.isdigit() for c in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise ScenarioError.of("", "integer_too_long", line=_line(node), digits=digits, limit=MAX_INT_DIGITS)
        return super().construct_yaml_int(node)



def _scenario_loader(base: type) -> type:
    """The scenario loader on ``base`` (libyaml's ``CSafeLoader`` or the pure ``SafeLoader``)."""
    loader = type(f"Scenario{base.__name__}", (_Refusals, base), {})
    loader.add_constructor("tag:yaml.org,2002:int", _Refusals.construct_yaml_int)
    # YAML 1.1 reads 1e3 (no dot) as text; people type it for 1000, so read it as a number
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
        list("-+0123456789"),
    )
    return loader


_ScenarioLoader = _scenario_loader(_BaseLoader)
_PureScenarioLoader = _scenario_loader(yaml.SafeLoader) if _LIBYAML else _ScenarioLoader
"""The fallback where PyYAML has no libyaml (and what tests check keeps the same refusals)."""


def _short(text: str, limit: int = 60) -> str:
    """A text as a message may show it: control characters escaped (``\\x1b``: no terminal escape
    reaches a screen) and cut to ``limit`` characters (a key of a megabyte is never echoed whole)."""
    text = text if len(text) <= 4 * limit else text[: 4 * limit]
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_events(text: str, base: type = _BaseLoader) -> None:
    """One pass over the parser's events, before anything is built: no alias, no anchor, no deep nesting.

    An anchor is refused even without an alias: the README promises both are, and an anchor
    alone only serves an alias.
    """
    parser = base(text)
    depth = 0
    anchor = None  # the first anchor: refused at the end, unless an alias (the worse) comes first
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise ScenarioError.of("", "yaml_alias", line=_line(event))
            if anchor is None and getattr(event, "anchor", None) is not None:
                anchor = event
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ScenarioError.of("", "nesting_too_deep", line=_line(event), limit=MAX_DEPTH)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        parser.dispose()
    if anchor is not None:
        raise ScenarioError.of("", "yaml_anchor", line=_line(anchor), anchor=_short(str(anchor.anchor)))


def parse_yaml(text: str | bytes, *, _pure: bool = False) -> Any:
    """Parse scenario YAML safely: size limit, then anchors, aliases and depth checked on the parser's
    events, then the safe loader (libyaml's where present) refusing duplicate keys and long integers."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_FILE_BYTES:
        raise ScenarioError.of("", "file_too_large", size=size, limit=MAX_FILE_BYTES)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError.of("", "not_utf8", byte=exc.start) from None
    try:
        _check_events(text, yaml.SafeLoader if _pure else _BaseLoader)
        return yaml.load(text, Loader=_PureScenarioLoader if _pure else _ScenarioLoader)  # noqa: S506 - safe
    except ScenarioError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = {"line": mark.line + 1, "col": mark.column + 1} if mark is not None else {}
        detail = getattr(exc, "problem", None) or str(exc)  # PyYAML's own words, kept as they are
        raise ScenarioError.of("", "yaml_syntax", **where, detail=_short(str(detail), 200)) from None
    except (ValueError, OverflowError, RecursionError) as exc:  # a value the constructors cannot build (2020-13-45)
        raise ScenarioError.of("", "yaml_syntax", detail=_short(str(exc), 200)) from None


def scenario_from_dict(data: Any) -> Scenario:
    """Validate plain data (as parsed from YAML) into a :class:`Scenario`."""
    if data is None:
        raise ScenarioError.of("", "empty_file")
    if not isinstance(data, dict):
        raise ScenarioError.of("", "not_a_mapping", got_type=type(data).__name__)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_of(exc)) from None
    except RecursionError:  # data built in code, nested deeper than any file may be
        raise ScenarioError.of("", "nesting_too_deep", limit=MAX_DEPTH) from None


def load_scenario_text(text: str | bytes) -> Scenario:
    """Parse and validate scenario YAML given as text."""
    return scenario_from_dict(parse_yaml(text))


def load_scenario(path: str | Path) -> Scenario:
    """Read, parse and validate a scenario file; refuses files over 1 MB before reading them."""
    return load_scenario_text(read_capped(path, MAX_FILE_BYTES, ScenarioError))


def read_capped(path: str | Path, limit: int, error: type[ProblemError], too_large: str = "file_too_large",
                name: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused with ``error``.

    A directory, a device (``/dev/zero``), a FIFO or a socket is refused before it is opened (so nothing
    blocks or reads without end); the size is checked before reading, and the read itself stops at
    ``limit + 1`` bytes in case the file grows meanwhile. ``name``: the file as messages name it
    (default the path as given).
    """
    import stat

    path = Path(path)
    where = name if name is not None else str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise error.of(where, "cannot_read", reason=exc.strerror or type(exc).__name__) from None
    except ValueError:  # a NUL in the name
        raise error.of(_short(str(path)), "cannot_read", reason="invalid file name") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "directory" if stat.S_ISDIR(info.st_mode) else "fifo" if stat.S_ISFIFO(info.st_mode) else "device"
        raise error.of(where, "not_a_regular_file", filekind=kind)
    if info.st_size > limit:
        raise error.of(where, too_large, size=info.st_size, limit=limit)
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise error.of(where, "cannot_read", reason=exc.strerror or type(exc).__name__) from None
    if len(data) > limit:
        raise error.of(where, too_large, size=len(data), limit=limit)
    return data


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Plain data for YAML: defaults that were not set are left out, so files stay short.

    A rung's ``id`` is written when it was given, or when it is not its name's
    slug (a rung renamed in code that keeps its id, or a slug shared by two
    names), so the data loads back with the same ids.
    """
    data = scenario.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    for i, rung in enumerate(scenario.back_end):
        entry = data["back_end"][i]
        if "id" not in entry and rung.id != default_rung_id(rung.name):
            entry["id"] = rung.id
            data["back_end"][i] = {k: entry[k] for k in Rung.model_fields if k in entry}
    return data


def with_simulation(scenario: Scenario, **changes: int | None) -> Scenario:
    """A copy with ``simulation`` fields (customers, replicates, seed) replaced and every limit re-checked."""
    data = scenario_to_dict(scenario)
    data["simulation"] = {**data.get("simulation", {}), **{k: v for k, v in changes.items() if v is not None}}
    return scenario_from_dict(data)


_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's safe dumper where PyYAML has it (the same text, about 8 times faster; the app dumps on every answer)."""


def dump_scenario(scenario: Scenario) -> str:
    """YAML text that loads back to an equal scenario."""
    return yaml.dump(scenario_to_dict(scenario), Dumper=_SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=100)


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    Path(path).write_text(dump_scenario(scenario), encoding="utf-8")


def _loc_text(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("fixed", "range", "plain", "local", "function-after[check(), tagged-union[float,Uncertain]]"):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the key at the end of ``loc`` (for did-you-mean)."""
    model: Any = Scenario
    for part in loc[:-1]:
        if isinstance(part, int) or part in ("fixed", "range", "plain", "local"):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            return None
        model = innermost_model(field.annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def innermost_model(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model inside a field annotation (through Optional, list, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = innermost_model(arg)
        if found is not None:
            return found
    return None


def _literal_values(annotation: Any) -> tuple:
    """The values a ``Literal`` inside a field annotation allows (through Optional, Annotated)."""
    if getattr(annotation, "__origin__", None) is Literal:
        return tuple(annotation.__args__)
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _literal_values(arg)
        if found:
            return found
    return ()


def _got(value: Any) -> dict[str, Any]:
    """The offending input as a parameter: scalars as they are, containers by their type only."""
    if isinstance(value, (dict, list, tuple, BaseModel)):
        return {"got_type": type(value).__name__}
    return {"got": value}


_NO_INPUT = {"missing", "extra_forbidden", "string_too_short", "too_short", "string_too_long", "too_long"}
"""Pydantic codes whose input says nothing the path and parameters do not."""


def problems_of(exc: ValidationError) -> list[Problem]:
    """One :class:`Problem` per error: the path as the file spells it, pydantic's ``type`` or ours, its numbers.

    Unknown keys get a did-you-mean ``suggestion`` (difflib) or the ``known`` keys; a ``Literal``
    gets the ``expected`` values; pydantic's rules get the offending input as ``got`` unless it is
    a container (``got_type``) or says nothing (missing, unknown key, lengths).

    Linear in the errors: each distinct problem once, at most :data:`MAX_PROBLEMS`, then one
    ``more_problems`` problem counting the rest (20,000 unknown keys give 21 problems, and difflib
    runs for the 20 shown only, on keys cut to 60 characters).
    """
    problems: dict[Problem, None] = {}
    more = 0
    for err in exc.errors(include_url=False):
        if len(problems) >= MAX_PROBLEMS:
            more += 1
            continue
        loc = tuple(_short(p) if isinstance(p, str) else p for p in err["loc"])
        code = err["type"]
        params: dict[str, Any] = dict(err.get("ctx") or {})
        at = params.pop("at", None)
        path = at if at is not None else _loc_text(loc)
        if code == "extra_forbidden":
            model = _model_at(loc)
            known = sorted(model.model_fields) if model else []
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            params = {"suggestion": close[0]} if close else ({"known": tuple(known)} if known else {})
        elif code == "literal_error":
            model = _model_at(loc)
            field = model.model_fields.get(str(loc[-1])) if model else None
            params = {"expected": _literal_values(field.annotation) if field else ()}
        ours = err["msg"] == code  # _rule's errors: their parameters are complete
        if not ours and code not in _NO_INPUT:
            params.update(_got(err.get("input")))
        if isinstance(params.get("got"), str):
            params["got"] = _short(params["got"], 200)
        problems[Problem(path, code, params)] = None
    out = list(problems)
    if more:
        out.append(Problem("", "more_problems", {"count": more}))
    return out
