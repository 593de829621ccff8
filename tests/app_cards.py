"""The Simulate page's headline cards as a person reads them, from an AppTest run.

The cards are drawn as HTML (one element per row: :func:`appviews.simulate.headline_metrics`); this reads
each card's label, number, difference from A, band and help text back out of it, unescaped, as the
browser shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

PARTS = {"hl-name": "label", "hl-value": "value", "hl-delta": "delta", "hl-band": "band", "hl-tip": "help"}


@dataclass
class Card:
    key: str
    label: str = ""
    value: str = ""
    delta: str | None = None
    band: str = ""
    help: str = ""


class _Cards(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[Card] = []
        self.stack: list[str | None] = []  # the part each open tag belongs to

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "hl-card" in classes:
            self.cards.append(Card(key=a.get("data-key") or ""))
        part = next((PARTS[c] for c in classes if c in PARTS), None)
        self.stack.append(part)

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        part = next((p for p in reversed(self.stack) if p is not None), None)
        if part is None or not self.cards:
            return
        card = self.cards[-1]
        if part == "delta":
            arrowless = data.lstrip("↑↓ ")
            card.delta = (card.delta or "") + arrowless
        else:
            setattr(card, part, getattr(card, part) + data)


def cards(at) -> list[Card]:
    """Every headline card on the page, in order."""
    found: list[Card] = []
    for el in at.get("html"):
        body = getattr(el.proto, "body", "")
        if "hl-card" in body:
            parser = _Cards()
            parser.feed(body)
            found.extend(parser.cards)
    return found
