"""The slide deck: opened with python-pptx as a person's PowerPoint would, in English and Chinese, alone and compared."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from cli.commands import main
from presentation import deck as deck_mod
from presentation import i18n, share
from presentation.texts import text_in
from simulator.scenario import dump_scenario, load_scenario, scenario_from_dict, scenario_to_dict

ROOT = Path(__file__).resolve().parent.parent
PETER_FILE = ROOT / "scenarios" / "peter_english_school.yaml"
PETER = load_scenario(PETER_FILE)
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
SIZES = dict(customers=300, replicates=20)


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text.strip()]


def _pictures(slide) -> int:
    return sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)


def _check_deck(data: bytes, lang: str, name: str) -> Presentation:
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(slides) >= 5
    assert any(name in text for text in _texts(slides[0])), _texts(slides[0])
    assert _pictures(slides[0]) == 1  # the QR code of the scenario's link
    for n, slide in enumerate(slides[1:], start=2):
        assert _pictures(slide) >= 1, f"slide {n} has no chart"
        assert _texts(slide), f"slide {n} has no text"
    return prs


def _runs(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for para in shape.text_frame.paragraphs:
                    yield from para.runs


def test_english_deck_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    code = main(["deck", str(PETER_FILE), "--out", str(out), "--lang", "en", "--customers", "300",
                 "--replicates", "20"])
    assert code == 0, capsys.readouterr().err
    prs = _check_deck(out.read_bytes(), "en", text_in(PETER.name, "en"))
    text = " ".join(" ".join(_texts(s)) for s in prs.slides)
    assert not CJK.search(text)  # every word in English (the preset has Chinese names too)
    assert i18n.t("en", "c_cash_title") in text and i18n.t("en", "d_numbers") in text
    assert re.search(r"\(90%: ¥[\d,]+ – ¥[\d,]+\)", text)  # the key numbers carry their bands
    assert f"({len(prs.slides)} slides)" in capsys.readouterr().out


def test_chinese_deck_speaks_chinese_in_a_font_that_shows_it():
    data = deck_mod.build_deck(PETER, lang="zh", **SIZES)
    prs = _check_deck(data, "zh", text_in(PETER.name, "zh"))
    for slide in list(prs.slides)[1:]:
        text = " ".join(_texts(slide))
        assert CJK.search(text), text
        assert not LATIN_WORD.search(text.replace("CNY", "")), text  # no English words left behind
    for run in _runs(prs):
        rpr = run._r.rPr
        faces = {el.get("typeface") for el in rpr if el.tag.rsplit("}", 1)[-1] in ("latin", "ea")}
        assert faces == {deck_mod.CJK_FONT}, run.text


def test_the_same_seed_gives_the_same_deck_to_the_byte():
    first = deck_mod.build_deck(PETER, lang="en", seed=3, **SIZES)
    assert deck_mod.build_deck(PETER, lang="en", seed=3, **SIZES) == first
    assert deck_mod.build_deck(PETER, lang="en", seed=4, **SIZES) != first  # the seed is in the numbers


def test_a_compare_deck_shows_a_and_b_and_its_link_opens_both():
    data = scenario_to_dict(PETER)
    data["front_end"]["price"] = 250
    cheaper = scenario_from_dict(data)
    deck = deck_mod.prepare_deck(PETER, compare_with=cheaper, lang="en", app_url="http://example.test:8501/present",
                                 **SIZES)
    labels = [p.label for p in deck.parts]
    assert labels[0].startswith("A: ") and labels[1].startswith("B: ")
    for name, chart in deck.charts.items():  # every chart draws both runs
        values = chart.to_dict(validate=False)["datasets"]
        seen = {row.get("scenario") for rows in values.values() for row in rows if isinstance(row, dict)}
        assert set(labels) <= seen, name
    prs = _check_deck(deck.pptx(), "en", text_in(PETER.name, "en"))
    for slide in list(prs.slides)[1:]:
        text = "\n".join(_texts(slide))
        assert labels[0] in text and labels[1] in text, text  # both sentences
        assert "A: " in text and "B: " in text
    parts = urlsplit(deck.link)
    assert (parts.netloc, parts.path) == ("example.test:8501", "/")  # the simulator, where a room plays with it
    query = parse_qs(parts.query)
    assert share.decode_text(query["s"][0]) == dump_scenario(cheaper)  # B, the current one
    assert share.decode_text(query["a"][0]) == dump_scenario(PETER)  # A, pinned
    assert query["lang"] == ["en"]


def test_a_link_too_long_for_a_qr_code_says_so():
    assert deck_mod.qr_png("x" * 5000) is None
    png = deck_mod.qr_png("http://localhost:8501/?lang=en")
    assert png.startswith(b"\x89PNG") and deck_mod._png_size(png)[0] == deck_mod._png_size(png)[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_deck_of_a_business_scenario_has_its_whole_business_slide(lang):
    host = scenario_to_dict(load_scenario(ROOT / "scenarios" / "affiliate_web_host.yaml"))
    host["acquisition"] = {**host["acquisition"], "buyers_per_period": 100, "periods": 12}
    prs = Presentation(io.BytesIO(deck_mod.build_deck(scenario_from_dict(host), lang=lang, **SIZES)))
    last = " ".join(_texts(list(prs.slides)[-1]))
    assert i18n.t(lang, "c_business_title") in last and i18n.t(lang, "b_capital_needed") in last
