"""The scenario format reference is generated from the schema and must match it."""

from pathlib import Path

from pydantic import BaseModel

from simulator import scenario as sc
from presentation.docs import _models, scenario_format_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"


def test_committed_reference_matches_the_schema():
    assert DOC.read_text(encoding="utf-8") == scenario_format_markdown(), (
        "docs/scenario-format.md is stale: run `make docs`"
    )


def test_every_field_has_a_description():
    for model in _models():
        assert issubclass(model, BaseModel)
        for key, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{key} has no description"


def test_every_documented_key_appears_in_the_reference():
    text = scenario_format_markdown()
    # texts in two languages have their own section, not a table per length limit
    assert "## Text in one language or two" in text and "{en: Intro course, zh: 入门课程}" in text
    for model in _models():
        if model is sc.Uncertain or issubclass(model, sc.LocalText):
            continue
        assert f"## {model.__name__}" in text
        for key in model.model_fields:
            assert f"| `{key}` |" in text, f"{model.__name__}.{key} missing from the reference"
