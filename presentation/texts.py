"""Text from scenario files in the reader's language.

A scenario's names and stories are plain strings (the same in every language)
or ``{en: ..., zh: ...}`` (:class:`simulator.scenario.LocalText`). Everything
that shows one (levers, charts, presenter, report, CLI, app) picks the
language here, with :func:`text_in`.
"""

from __future__ import annotations

from simulator.scenario import LocalText, Text


def text_in(value: Text | None, lang: str) -> str:
    """``value`` in ``lang``: the language's text, else the other one's ("" for None).

    >>> text_in(LocalText(en="Intro course", zh="入门课程"), "zh")
    '入门课程'
    >>> text_in(LocalText(en="Intro course"), "zh")
    'Intro course'
    >>> text_in("Advertising", "zh")
    'Advertising'
    """
    if value is None:
        return ""
    if isinstance(value, LocalText):
        first, other = (value.zh, value.en) if lang == "zh" else (value.en, value.zh)
        return first if first is not None else (other or "")
    return str(value)

