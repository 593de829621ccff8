"""Scenarios in links (presentation.share): compact, URL-safe, validated on the way back."""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path

import pytest

from presentation import share
from presentation.messages import problems_text
from simulator.scenario import ScenarioError, dump_scenario, load_scenario

ROOT = Path(__file__).resolve().parent.parent
PRESETS = sorted(p for p in (ROOT / "scenarios").iterdir() if p.suffix.lower() in (".yaml", ".yml"))


@pytest.mark.parametrize("path", PRESETS, ids=[p.name for p in PRESETS])
def test_every_preset_round_trips_through_a_link(path):
    scenario = load_scenario(path)
    token = share.encode_scenario(scenario)
    assert re.fullmatch(r"1\.[A-Za-z0-9_-]+", token), "only URL-safe characters, no padding"
    assert share.decode_scenario(token) == scenario
    assert share.decode_text(token) == dump_scenario(scenario)
    assert len(token) < len(dump_scenario(scenario).encode()) + 100  # compressed: no longer than the file


def test_unicode_survives():
    text = "version: 1\nname: 彼得的英语学校\ndescription: 前端 ¥500 → 后端\n"
    assert share.decode_scenario(share.encode_text(text)).name == "彼得的英语学校"


@pytest.mark.parametrize("token", [
    "",
    "garbage",
    "2." + share.encode_text("name: x\n")[2:],  # unknown version
    "1.!!!not base64!!!",
    "1." + base64.urlsafe_b64encode(b"not zlib at all").decode(),
    share.encode_text("name: x\nhorizon: 12\n")[:-6],  # cut short
    "1." + "A" * (share.MAX_TOKEN_CHARS + 1),
])
def test_damaged_links_are_refused_with_a_link_message(token):
    with pytest.raises(ScenarioError) as info:
        share.decode_scenario(token)
    (message,) = problems_text(info.value, "en")
    assert message.startswith("link:")
    assert re.search(r"[\u4e00-\u9fff]", problems_text(info.value, "zh")[0])


def test_a_small_link_cannot_inflate_into_a_huge_document():
    bomb = "name: x\n" + "#" * (2 * share.MAX_YAML_BYTES)
    token = "1." + base64.urlsafe_b64encode(zlib.compress(bomb.encode(), 9)).decode().rstrip("=")
    assert len(token) < 5_000
    with pytest.raises(ScenarioError) as info:
        share.decode_scenario(token)
    assert "larger than 262,144 bytes" in problems_text(info.value, "en")[0]


def test_a_link_is_validated_like_an_uploaded_file():
    token = share.encode_text("name: x\nback_end:\n  - {name: A, take_rate: 1.3}\n")
    with pytest.raises(ScenarioError) as info:
        share.decode_scenario(token)
    assert problems_text(info.value, "en") == ["back_end[0].take_rate: must be ≤ 1 (got 1.3)"]
    with pytest.raises(ScenarioError) as info:
        share.decode_scenario(share.encode_text("a: &x 1\nb: *x\n"))
    assert info.value.problems[0].code == "yaml_alias"


@pytest.mark.parametrize("name, stem", [
    ("Peter's English school", "peter_s_english_school"),
    ("彼得英语学校", "彼得英语学校"),
    ("SaaS: Pro / Team (2027)", "saas_pro_team_2027"),
    ("  ***  ", "scenario"),
    ("a" * 200, "a" * 80),
])
def test_file_stem_names_downloads_after_the_scenario(name, stem):
    assert share.file_stem(name) == stem
