"""Words and numbers in English and 中文: the one lookup and the number formats.

``t(lang, key, **fields)`` looks a string up in the one catalogue
(:mod:`presentation.catalogue`); the ``fmt_*`` functions format numbers the
way each language reads them (English groups thousands, ``12,345``; Chinese
counts in 万 and 亿, ``1.23万``), by Babel's CLDR data. Problems of the core
are rendered by :mod:`presentation.messages`, through :func:`t`.

Pure Python: no Streamlit, so the CLI and report code can use it too.
"""

from __future__ import annotations

import math
import re
import string
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, format_compact_decimal, parse_pattern

from simulator.scenario import LocalText

from .catalogue import HELP_ZH, TEXT  # noqa: F401 - HELP_ZH: the levers' Chinese help texts
from .texts import text_in

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "中文"}
DEFAULT_LANG = "en"


def detect_language(locale: str | None) -> str:
    """The app's language for a browser locale such as ``zh-CN`` or ``en-GB``."""
    if locale and str(locale).lower().replace("_", "-").split("-")[0] == "zh":
        return "zh"
    return DEFAULT_LANG


def normalise_lang(value: object) -> str | None:
    """``"en"``/``"zh"`` for a query-parameter value, None if it is not one of ours."""
    text = str(value).strip().lower() if value is not None else ""
    if text in LANGS:
        return text
    if text.startswith("zh") or text == "中文":
        return "zh"
    if text.startswith("en") or text == "english":
        return "en"
    return None


# --------------------------------------------------------------------------
# Strings
# --------------------------------------------------------------------------


# time units, by periods per year: (singular, plural) in English, one word in Chinese
_UNITS_EN = {1: ("year", "years"), 2: ("half-year", "half-years"), 4: ("quarter", "quarters"),
             12: ("month", "months"), 52: ("week", "weeks"), 365: ("day", "days")}
_UNITS_ZH = {1: ("年", "年"), 2: ("半年", "个半年"), 4: ("季度", "个季度"), 12: ("月", "个月"),
             52: ("周", "周"), 365: ("天", "天")}


class _Formatter(string.Formatter):
    """``str.format``, except that a float given without a format spec reads as the shortest plain number."""

    def format_field(self, value, format_spec):
        if not format_spec and isinstance(value, float):
            return plain_number(value)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def plain_number(x: float) -> str:
    """A number as a person writes it in a rule: ``1``, ``1.3``, ``0.9`` (no float noise), ``inf``."""
    if isinstance(x, float) and math.isfinite(x) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return format(x, ".12g") if isinstance(x, float) else str(x)


def t(lang: str, key: str, **fields: object) -> str:
    """The string ``key`` in ``lang`` (English where a translation is missing), with fields filled in.

    A field holding text in two languages (a scenario's name) is filled in ``lang`` (:func:`text_in`).
    """
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    if not fields:
        return text
    fields = {k: text_in(v, lang) if isinstance(v, LocalText) else v for k, v in fields.items()}
    return _FORMATTER.format(text, **fields)


def lever_label(lever, lang: str) -> str:
    """A lever's display name (``Price · Advanced course``), from a :class:`simulator.sensitivity.Lever`."""
    return t(lang, f"lv_{lever.key}", target=text_in(lever.target, lang))


def group_label(group: str, lang: str) -> str:
    return t(lang, f"grp_{group}")


def calculation_reasons(calculation, lang: str = "en") -> str:
    """Why a formula and the simulation differ (a :class:`simulator.calculators.Calculation`), as one line."""
    if calculation.reasons == ("agree",):
        return t(lang, "why_agree")
    sep = "；" if lang == "zh" else "; "
    text = sep.join(t(lang, f"why_{r}") for r in calculation.reasons)
    return text[:1].upper() + text[1:] + ("。" if lang == "zh" else ".")


def unit(lang: str, periods_per_year: int) -> str:
    """The name of one period: ``month`` / ``月``."""
    if lang == "zh":
        return _UNITS_ZH.get(periods_per_year, ("期", "期"))[0]
    return _UNITS_EN.get(periods_per_year, ("period", "periods"))[0]


def units(lang: str, periods_per_year: int) -> str:
    """The plural name of periods: ``months`` / ``个月``."""
    if lang == "zh":
        return _UNITS_ZH.get(periods_per_year, ("期", "期"))[1]
    return _UNITS_EN.get(periods_per_year, ("period", "periods"))[1]


def period_label(lang: str, periods_per_year: int, n: int) -> str:
    """One period by its number: ``Month 3`` / ``第 3 个月``."""
    if lang == "zh":
        word = _UNITS_ZH.get(periods_per_year, ("期", "期"))[1]
        return f"第 {n} {word}"
    return f"{unit(lang, periods_per_year).capitalize()} {n}"


def period_axis(lang: str, periods_per_year: int) -> str:
    """Axis title for the time axis: ``Month`` / ``月份``."""
    if lang == "zh":
        word = _UNITS_ZH.get(periods_per_year, ("期", "期"))[0]
        return {"月": "月份", "年": "年份", "天": "天数", "周": "周数"}.get(word, word)
    return unit(lang, periods_per_year).capitalize()


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

_CURRENCY_SYMBOLS = {"USD": "$", "CNY": "¥", "RMB": "¥", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$",
                     "AUD": "A$", "CAD": "C$", "SGD": "S$", "INR": "₹", "KRW": "₩"}


LOCALES = {"en": "en_US", "zh": "zh_Hans_CN"}
"""The CLDR locale of each language: its digit grouping and its compact units (K/M/B, 万/亿)."""

COMPACT_FROM = {"en": 1e6, "zh": 1e4}
"""Numbers this large are written compactly: ``2.5M``, ``1.23万`` (English groups thousands below a million)."""


SCIENTIFIC_FROM = 1e15
"""Numbers this large (past trillions, 千万亿) are written in scientific notation: ``6e+307``."""


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES[DEFAULT_LANG])


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "#" * decimals if decimals else "")


@lru_cache(maxsize=64)
def _babel(pattern: str, lang: str) -> tuple[NumberPattern, Locale]:
    """Babel's parsed ``pattern`` and ``lang``'s locale, once: what ``format_decimal`` and ``format_percent``
    parse on every call (most of their time; the charts format a few hundred numbers per run)."""
    return parse_pattern(pattern), Locale.parse(_locale(lang))


_FAST = {_pattern(d) + suffix: (d, suffix == "%") for d in range(4) for suffix in ("", "%")}
"""The patterns :func:`_apply` writes itself: decimals, and whether it is a percentage."""
_QUANTUM = tuple(Decimal(1).scaleb(-d) for d in range(4))


def _apply(x: float, pattern: str, lang: str) -> str:
    """``format_decimal(x, format=pattern, locale=…, decimal_quantization=True)`` (or ``format_percent``), the
    same text, faster.

    The app's own patterns (:func:`_pattern`, with or without ``%``) in its two locales, whose digits,
    separators and signs are the same (``1,234.5``, ``-12%``), are written here as Babel writes them: the
    number's shortest decimal text, scaled by 100 for a percentage, rounded half-even to the pattern's
    decimals, trailing zeros dropped, thousands grouped by three, the sign of the unrounded value kept
    (``-0``). Anything else (another pattern, ∞) goes through Babel. ``tests/test_number_formats.py``
    holds the two equal.
    """
    fast = _FAST.get(pattern)
    if fast is not None and lang in LOCALES and isinstance(x, (int, float)) and math.isfinite(x):
        decimals, percent = fast
        value = Decimal(str(float(x) if not isinstance(x, int) else x))
        if percent:
            value = value.scaleb(2)
        text = format(abs(value).quantize(_QUANTUM[decimals], rounding=ROUND_HALF_EVEN), ",f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return ("-" if value.is_signed() else "") + text + ("%" if percent else "")
    parsed, locale = _babel(pattern, lang)
    return parsed.apply(x, locale, decimal_quantization=True)


def _plain(x: float, decimals: int, lang: str = DEFAULT_LANG) -> str:
    """``x`` grouped by thousands with at most ``decimals`` decimals (trailing zeros dropped), by Babel;
    scientific notation from :data:`SCIENTIFIC_FROM` on (Babel's decimals refuse such numbers)."""
    if math.isfinite(x) and abs(x) >= SCIENTIFIC_FROM:
        return f"{x:.3g}"
    text = _apply(x, _pattern(decimals), lang)
    return "0" if text in ("-0", "-0.0") else text


def _decimals(ax: float) -> int:
    if ax >= 100:
        return 0
    if ax >= 10:
        return 1
    return 2


def fmt_number(x: float | None, lang: str, decimals: int | None = None) -> str:
    """A plain number: ``12,345`` / ``1.23万``; small numbers keep a few decimals."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return t(lang, "not_available")
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    ax = abs(x)
    if ax >= SCIENTIFIC_FROM:  # beyond CLDR's compact units (Babel refuses them): 6e+307
        return f"{x:.3g}"
    if ax >= COMPACT_FROM.get(lang, COMPACT_FROM[DEFAULT_LANG]):
        # CLDR's units step by 10^4 in Chinese (万, 亿, 万亿) and by 10^3 in English (K, M, B, T)
        step = 4 if lang == "zh" else 3
        mantissa = ax / 10 ** (step * math.floor(math.log10(ax) / step))
        digits = decimals if decimals is not None else (2 if mantissa < 100 else 0)
        return format_compact_decimal(x, format_type="short", locale=_locale(lang), fraction_digits=digits)
    return _plain(x, decimals if decimals is not None else _decimals(ax), lang)


def currency_symbol(currency: str) -> str:
    """The short symbol the app writes before an amount (``¥``, ``$``), or "" for codes written after it.

    Kept by hand rather than taken from Babel: CLDR's symbols depend on the reader's locale
    (``CN¥`` for yuan in English, ``US$`` for dollars in Chinese), while a scenario's money should
    read the same in both languages, as the business writes it.
    """
    return _CURRENCY_SYMBOLS.get(currency.upper(), "")


def fmt_money(x: float | None, lang: str, currency: str) -> str:
    """Money: ``¥2,260``, ``$1.5``, ``-$500``; codes without a symbol go after: ``2,260 CHF``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return t(lang, "not_available")
    symbol = currency_symbol(currency)
    body = fmt_number(abs(x), lang)
    sign = "-" if x < 0 and body.strip("0.,") else ""
    if symbol:
        return f"{sign}{symbol}{body}"
    return f"{sign}{body} {currency}".rstrip()


def fmt_percent(x: float | None, lang: str, decimals: int | None = None) -> str:
    """A share: ``80%``, ``4.5%``, ``0.25%``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return t(lang, "not_available")
    pct = 100 * x
    if not math.isfinite(pct) or abs(pct) >= SCIENTIFIC_FROM:  # a growth rate typed as 1e300 (cac_growth)
        return f"{pct:.3g}%"
    if decimals is None:
        decimals = 0 if abs(pct) >= 10 or pct == 0 else (1 if abs(pct) >= 1 else 2)
    return _apply(x, _pattern(decimals) + "%", lang)  # format_percent(x, format=…, locale=…), parsed once


def fmt_ratio(x: float | None, lang: str) -> str:
    """A multiple: ``4.5×`` / ``4.5 倍``."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return t(lang, "not_available")
    body = _plain(x, 1 if abs(x) >= 10 else 2, lang)
    return f"{body} 倍" if lang == "zh" else f"{body}×"


def fmt_periods(x: float | None, lang: str, periods_per_year: int, horizon: int | None = None) -> str:
    """A time span in periods: ``3 months`` / ``3 个月``; never reached: ``not within 12 months``."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        if horizon is None:
            return t(lang, "never_short")
        return t(lang, "never", horizon=fmt_periods(horizon, lang, periods_per_year))
    if x == 0:
        return t(lang, "at_once")
    n = _plain(float(x), 0 if float(x).is_integer() else 1, lang)
    if lang == "zh":
        return f"{n} {units(lang, periods_per_year)}"
    word = unit(lang, periods_per_year) if float(x) == 1 else units(lang, periods_per_year)
    return f"{n} {word}"


def fmt_value(x: float | None, kind: str, lang: str, currency: str = "", periods_per_year: int = 12) -> str:
    """Format by kind of field: money, rate, count, int, periods."""
    if kind == "money":
        return fmt_money(x, lang, currency)
    if kind == "rate":
        return fmt_percent(x, lang)
    if kind == "periods":
        return fmt_periods(x, lang, periods_per_year)
    return fmt_number(x, lang)


def vega_number_expr(lang: str, field: str = "datum.value") -> str:
    """A Vega expression formatting ``field`` the way :func:`fmt_number` does (for axis labels)."""
    small = f"format({field}, abs({field}) >= 100 ? ',.0f' : ',.2~f')"
    if lang == "zh":
        return (
            f"abs({field}) >= 1e8 ? format({field} / 1e8, ',.2~f') + '亿' : "
            f"abs({field}) >= 1e4 ? format({field} / 1e4, ',.2~f') + '万' : {small}"
        )
    return (
        f"abs({field}) >= 1e9 ? format({field} / 1e9, ',.2~f') + 'B' : "
        f"abs({field}) >= 1e7 ? format({field} / 1e6, ',.2~f') + 'M' : {small}"
    )


_LINKISH = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=ftp:)(?=//)|(?<=www)(?=\.)|(?<=@)")
"""Where GitHub-flavoured Markdown would start a link of its own (``https://``, ``www.``, ``a@b.com``):
Streamlit's renderer finds them in the text after escapes are undone, so backslashes cannot stop it."""
WORD_JOINER = "\u2060"
"""An invisible character that breaks no word: put inside ``https://`` or after ``@``, the text shows as
it was typed and no link is made."""


def escape_markdown(text: str) -> str:
    """User text, shown literally in Streamlit: Markdown and HTML punctuation backslash-escaped, and bare
    addresses (``https://…``, ``www.…``, e-mail) kept from turning into links by an invisible word joiner."""
    text = _LINKISH.sub(WORD_JOINER, str(text))
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'])", r"\\\1", text)
