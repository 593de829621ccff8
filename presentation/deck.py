"""A slide deck (PowerPoint, python-pptx) of presenter mode's story, for a workshop to hand out.

One title slide (the scenario's name, its story, a QR code of its link in the app) and one slide per
presenter step (:func:`presentation.presenter.slides`): the step's chart as a picture (rendered offline
by ``vl_convert``, as the report's PNGs), its sentence and its key numbers with their 90% bands. A
compare deck (``compare_with``) draws A and B on every chart and gives both sentences and both sets of
numbers, run with the same seed, so the differences are the levers.

Chinese decks name Noto Sans CJK SC for every text (Latin and East Asian typefaces alike), the font CI
installs with ``fonts-noto-cjk``. The deck is built offline and is the same bytes for the same scenarios,
seed and language: the file's dates are fixed, and so are the zip entries' times.

:func:`prepare_deck` computes; :meth:`Deck.pptx` renders; :func:`build_deck` does both.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from dataclasses import dataclass
from typing import Any, Callable

from . import charts, i18n, levers, presenter
from .report import _run_label
from .share import app_link
from .texts import text_in
from simulator.engine import simulate
from simulator.randomness import resolve_seed
from simulator.result import SimulationResult
from simulator.scenario import Scenario, dump_scenario

CJK_FONT = "Noto Sans CJK SC"
"""The typeface of Chinese decks (Debian's fonts-noto-cjk, as in CI)."""
LATIN_FONT = "Calibri"
"""The typeface of English decks (PowerPoint's own default; any sans-serif stands in elsewhere)."""
DEFAULT_APP_URL = "http://localhost:8501"
"""Where the title slide's QR code points when no address of the app is given (``make app``)."""
CHART_PX = 1000
"""Width of each chart picture in CSS pixels (drawn at twice that, sharp on a projector)."""
FIXED_TIME = dt.datetime(2000, 1, 1)
"""The deck's creation and modification dates: the same bytes for the same input."""

BLUE, GREY, INK = (0x00, 0x72, 0xB2), (0x55, 0x55, 0x55), (0x22, 0x22, 0x22)


@dataclass(frozen=True)
class _Part:
    """One scenario of the deck, simulated: its label on the charts, its steps and its numbers."""

    label: str
    scenario: Scenario
    result: SimulationResult
    slides: list[presenter.Slide]
    numbers: dict[str, levers.Headline]


@dataclass(frozen=True)
class Deck:
    """Everything the deck shows, computed; :meth:`pptx` renders it."""

    lang: str
    parts: list[_Part]
    charts: dict[str, Any]
    """Every chart by the name the presenter steps use, with A and B in a compare deck."""
    link: str

    @property
    def compare(self) -> bool:
        return len(self.parts) == 2

    def pptx(self) -> bytes:
        """The deck as a .pptx file's bytes."""
        return _render(self)


def prepare_deck(scenario: Scenario, *, compare_with: Scenario | None = None, seed: int | None = None,
                 customers: int | None = None, replicates: int | None = None, lang: str = "en",
                 app_url: str = DEFAULT_APP_URL, progress: Callable[[float], None] | None = None) -> Deck:
    """Simulate ``scenario`` (and B, ``compare_with``, with the same seed) and gather each slide's pieces.

    ``app_url`` is where the app runs: the title slide's QR code opens the scenario there (with A pinned in a
    compare deck), in ``lang``.
    """
    lang = i18n.normalise_lang(lang) or i18n.DEFAULT_LANG
    scenarios = [scenario] if compare_with is None else [scenario, compare_with]
    seed = resolve_seed(scenario, seed)  # A's (or fresh for seed: null), shared by B: differences are the levers
    results = []
    for i, sc in enumerate(scenarios):
        results.append(simulate(sc, seed=seed, customers=customers, replicates=replicates))
        if progress is not None:
            progress((i + 1) / (len(scenarios) + 1))
    parts = []
    for i, (sc, r) in enumerate(zip(scenarios, results)):
        label = i18n.t(lang, "label_one") if len(scenarios) == 1 else _run_label(lang, "AB"[i], text_in(sc.name, lang))
        pinned = results[0] if i == 1 else None  # B's numbers carry B − A
        heads = levers.headlines(r, lang, pinned, scenario=sc, pinned_scenario=scenarios[0] if i == 1 else None)
        heads += levers.business_headlines(r, lang, pinned)
        steps = presenter.slides(r, sc.description, lang, sc.source, scenario=sc)
        parts.append(_Part(label, sc, r, steps, {h.key: h for h in heads}))
    figs = charts.all_charts({p.label: p.result for p in parts}, lang)
    current = scenarios[-1]
    link = app_link(app_url, lang=lang, scenario_yaml=dump_scenario(current),
                    pinned_yaml=dump_scenario(scenarios[0]) if compare_with is not None else None)
    if progress is not None:
        progress(1.0)
    return Deck(lang=lang, parts=parts, charts=figs, link=link)


def build_deck(scenario: Scenario, *, compare_with: Scenario | None = None, seed: int | None = None,
               customers: int | None = None, replicates: int | None = None, lang: str = "en",
               app_url: str = DEFAULT_APP_URL, progress: Callable[[float], None] | None = None) -> bytes:
    """The .pptx bytes of ``scenario``'s story (or of A against B, ``compare_with``)."""
    return prepare_deck(scenario, compare_with=compare_with, seed=seed, customers=customers,
                        replicates=replicates, lang=lang, app_url=app_url, progress=progress).pptx()


# --------------------------------------------------------------------------
# Pictures
# --------------------------------------------------------------------------


def chart_picture(chart: Any, width: int = CHART_PX, height: int | None = None, scale: float = 2,
                  titled: bool = True) -> bytes:
    """A chart as PNG bytes, ``width`` (and ``height``) CSS pixels, drawn offline by vl_convert; without its
    title line when not ``titled`` (a slide's heading says it), its subtitle kept."""
    import vl_convert as vlc

    spec = chart.to_dict(validate=False)
    spec["width"] = width
    if height is not None:
        spec["height"] = max(height, spec.get("height") or 0)  # the funnel asks for a row per step
    if not titled and isinstance(spec.get("title"), dict):
        spec["title"] = {**spec["title"], "text": ""}
    spec["padding"] = {**(spec.get("padding") or {}), "top": 14}  # room for CJK titles' tops (see report.py)
    return vlc.vegalite_to_png(spec, scale=scale)


def qr_png(link: str) -> bytes | None:
    """A QR code of ``link`` as PNG bytes, or None when the link is too long for one."""
    import segno

    try:
        code = segno.make(link, error="l", micro=False)
    except segno.DataOverflowError:
        return None
    out = io.BytesIO()
    code.save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def _png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from a PNG's IHDR chunk."""
    return struct.unpack(">II", png[16:24])


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def _render(deck: Deck) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    lang = deck.lang
    font = CJK_FONT if lang == "zh" else LATIN_FONT
    _title_slide(prs.slides.add_slide(blank), deck, font)
    first = deck.parts[-1]  # the current scenario (B in a compare deck) sets the steps
    others = {s.chart: s for s in deck.parts[0].slides} if deck.compare else {}
    for step in first.slides[1:]:
        slide = prs.slides.add_slide(blank)
        _text(slide, step.title, (0.45, 0.25, 12.4, 0.75), 28, font, bold=True, color=INK)
        chart = deck.charts.get(step.chart)
        if chart is not None:
            _picture(slide, chart_picture(chart, height=CHART_PX * 6 // 9, titled=False), (0.35, 1.05, 8.4, 6.1))
        if deck.compare:
            a = others.get(step.chart)
            lines = [(f"{deck.parts[0].label}: {a.caption}" if a else None, 12), (f"{first.label}: {step.caption}", 12)]
        else:
            lines = [(step.caption, 16 if len(step.caption) < 260 else 14)]
        top = 3.75 if deck.compare else 4.45  # the numbers below the sentence(s)
        _paragraphs(slide, [(text, size, INK, False) for text, size in lines if text], (8.95, 1.0, 4.05, top - 1.1),
                    font)
        _numbers(slide, deck, step.numbers, (8.95, top, 4.05, 7.3 - top), font)
    core = prs.core_properties
    core.title = _deck_title(deck)
    core.author = core.last_modified_by = i18n.t(lang, "app_title")
    core.created = core.modified = core.last_printed = FIXED_TIME
    core.revision = 1
    out = io.BytesIO()
    prs.save(out)
    return _fixed_zip(out.getvalue())


def _deck_title(deck: Deck) -> str:
    names = [text_in(p.scenario.name, deck.lang) for p in deck.parts]
    return i18n.t(deck.lang, "d_compare_title", a=names[0], b=names[1]) if deck.compare else names[0]


def _title_slide(slide, deck: Deck, font: str) -> None:
    lang = deck.lang
    _text(slide, i18n.t(lang, "app_title"), (0.6, 0.45, 8.0, 0.45), 16, font, bold=True, color=BLUE)
    _text(slide, _deck_title(deck), (0.6, 0.95, 8.2, 1.5), 36, font, bold=True, color=INK)
    paragraphs = []
    for p in deck.parts:
        story = p.slides[0].caption
        if len(story) > 700:
            story = story[:699].rstrip() + "…"
        prefix = f"{p.label}\n" if deck.compare else ""
        paragraphs.append((prefix + story, 13 if deck.compare or len(story) > 400 else 15, GREY, False))
    _paragraphs(slide, paragraphs, (0.6, 2.55, 8.2, 4.1), font)
    r = deck.parts[-1].result
    meta = i18n.t(lang, "d_meta", customers=f"{r.customers:,}", replicates=f"{r.replicates:,}", seed=r.seed)
    _text(slide, meta, (0.6, 6.8, 8.2, 0.4), 11, font, color=GREY)
    qr = qr_png(deck.link)
    if qr is not None:
        _picture(slide, qr, (9.35, 1.0, 3.5, 3.5))
        _text(slide, i18n.t(lang, "p_qr_caption"), (9.2, 4.6, 3.8, 1.0), 14, font, color=INK)
    else:
        _text(slide, i18n.t(lang, "p_qr_too_long"), (9.2, 1.0, 3.8, 1.5), 14, font, color=INK)


def _numbers(slide, deck: Deck, keys: tuple[str, ...], box: tuple[float, ...], font: str) -> None:
    """The step's key numbers with their bands (A and B side by side in a compare deck)."""
    rows = []
    for key in keys:
        heads = [p.numbers.get(key) for p in deck.parts]
        if all(h is None for h in heads):
            continue
        label = next(h.label for h in heads if h is not None)
        if deck.compare:
            rows.append((label, "\n".join(f"{'AB'[i]}: {h.value}   ({h.band})" if h is not None else f"{'AB'[i]}: –"
                                          for i, h in enumerate(heads))))
        else:
            rows.append((label, f"{heads[0].value}   ({heads[0].band})"))
    if not rows:
        return
    paragraphs = [(i18n.t(deck.lang, "d_numbers"), 13, BLUE, True)]
    for label, value in rows:
        paragraphs.append((label, 11, GREY, False))
        paragraphs.append((value, 14 if not deck.compare else 10, INK, True))
    _paragraphs(slide, paragraphs, box, font)


def _box(slide, box: tuple[float, ...]):
    from pptx.util import Inches

    left, top, width, height = (Inches(v) for v in box)
    shape = slide.shapes.add_textbox(left, top, width, height)
    frame = shape.text_frame
    frame.word_wrap = True
    return frame


def _text(slide, text: str, box: tuple[float, ...], size: int, font: str, *, bold: bool = False,
          color: tuple[int, int, int] = INK) -> None:
    _paragraphs(slide, [(text, size, color, bold)], box, font)


def _paragraphs(slide, paragraphs: list[tuple[str, int, tuple[int, int, int], bool]], box: tuple[float, ...],
                font: str) -> None:
    """Paragraphs of (text, point size, colour, bold) in a text box; a text's own line breaks start new ones."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    frame = _box(slide, box)
    first = True
    for text, size, color, bold in paragraphs:
        for line in text.split("\n"):
            para = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            run = para.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = RGBColor(*color)
            _typeface(run, font)
            para.space_after = Pt(4)


def _typeface(run, font: str) -> None:
    """Name ``font`` for the run's Latin and East Asian text (python-pptx's ``font.name`` sets Latin only)."""
    from pptx.oxml.ns import qn

    run.font.name = font
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", font)


def _picture(slide, png: bytes, box: tuple[float, ...]) -> None:
    """``png`` as large as fits in ``box`` (inches: left, top, width, height), its proportions kept, centred."""
    from pptx.util import Inches

    left, top, width, height = box
    w, h = _png_size(png)
    scale = min(width / w, height / h)
    pw, ph = w * scale, h * scale
    slide.shapes.add_picture(io.BytesIO(png), Inches(left + (width - pw) / 2), Inches(top), Inches(pw), Inches(ph))


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, in the same order: the same input gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
