"""Scenarios in links: a compact, URL-safe encoding of the scenario file.

A token is ``1.`` (the encoding's version) followed by the scenario's YAML,
deflated with zlib and written in unpadded base64url, so it can stand in a
query parameter as it is. Decoding inflates at most 256 KB (a tiny link cannot
expand into a huge document) and validates the YAML like an uploaded file::

    >>> token = encode_scenario(scenario)
    >>> decode_scenario(token) == scenario
    True

Errors are :class:`~simulator.scenario.ScenarioError` with messages that
start with ``link:`` (translated by :mod:`presentation.i18n`).
"""

from __future__ import annotations

import base64
import re
import binascii
import zlib

from simulator.scenario import Scenario, ScenarioError, dump_scenario, load_scenario_text

VERSION = "1"
MAX_TOKEN_CHARS = 100_000
"""Longer tokens are refused before decoding."""
MAX_YAML_BYTES = 256 * 1024
"""A token may not inflate to more than this."""


def encode_text(yaml_text: str) -> str:
    """The link token for scenario YAML text."""
    packed = zlib.compress(yaml_text.encode("utf-8"), 9)
    return VERSION + "." + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def encode_scenario(scenario: Scenario) -> str:
    """The link token for a scenario (its YAML as :func:`~simulator.scenario.dump_scenario` writes it)."""
    return encode_text(dump_scenario(scenario))


def decode_text(token: str) -> str:
    """The YAML text inside a link token; raises :class:`ScenarioError` for a damaged token."""
    token = (token or "").strip()
    if len(token) > MAX_TOKEN_CHARS:
        raise ScenarioError.of("link", "link_too_long", limit=MAX_TOKEN_CHARS)
    version, dot, body = token.partition(".")
    if not dot or version != VERSION:
        raise ScenarioError.of("link", "link_unknown_version")
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_YAML_BYTES + 1)
        if len(raw) > MAX_YAML_BYTES or inflater.unconsumed_tail:
            raise ScenarioError.of("link", "link_too_large", limit=MAX_YAML_BYTES)
        if not inflater.eof:
            raise ScenarioError.of("link", "link_damaged")
    except (binascii.Error, ValueError, zlib.error) as exc:
        if isinstance(exc, ScenarioError):
            raise
        raise ScenarioError.of("link", "link_damaged") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError.of("link", "link_damaged") from None


def decode_scenario(token: str) -> Scenario:
    """The validated scenario inside a link token."""
    return load_scenario_text(decode_text(token))


_NOT_NAME = re.compile(r"[^\w]+", re.UNICODE)


def file_stem(name: str, fallback: str = "scenario") -> str:
    """A file name for something named ``name`` (a download, a report): letters and digits of any
    script kept (``彼得英语学校``), every other run of characters one ``_``, lower case, at most 80
    characters; ``fallback`` when nothing is left."""
    stem = _NOT_NAME.sub("_", name).replace("__", "_").strip("_").lower()[:80].strip("_")
    return stem or fallback


def app_link(base_url: str, *, lang: str, scenario_yaml: str, pinned_yaml: str | None = None,
             view: str | None = None) -> str:
    """The app's address that opens ``scenario_yaml`` (and A, ``pinned_yaml``) in ``lang`` on ``view``
    (its path: ``present``, ``tools``…; None or ``simulate`` for ``/``), as the app writes it in the address bar.

    ``base_url`` is where the app runs (``http://localhost:8501``; a path after the host is kept, a query dropped).
    """
    from urllib.parse import urlencode, urlsplit, urlunsplit

    parts = urlsplit(base_url.strip() or "http://localhost:8501")
    path = parts.path.rstrip("/")
    for known in ("present", "tools", "calibrate", "glossary"):  # a page's own address: the app's root before it
        if path.endswith("/" + known):
            path = path[: -len(known) - 1]
    path += "/" + view if view and view != "simulate" else "/"
    query = {"lang": lang, "s": encode_text(scenario_yaml)}
    if pinned_yaml is not None:
        query["a"] = encode_text(pinned_yaml)
    return urlunsplit((parts.scheme or "http", parts.netloc, path, urlencode(query), ""))
