"""Charts a report's reader's browser draws: Vega-Lite specs in the page, and one offline Vega bundle.

Drawing a chart as SVG in Python (``vl_convert``) costs 0.1–0.3 s of CPU per chart; putting its Vega-Lite
spec in the page and letting the browser draw it costs a few milliseconds here and a few in the browser.
The page then carries vega-embed, with Vega and Vega-Lite, once (:func:`bundle`, about 0.9 MB), so it still
opens without a network.

The bundle comes from ``vl_convert.javascript_bundle``, which builds it with its own JavaScript toolchain:
2–3 s of CPU, so it is built once per vl-convert version and snippet and kept on disk
(``$XDG_CACHE_HOME/funnel-simulator/``, else ``~/.cache/funnel-simulator/``; ``FUNNEL_CACHE_DIR`` overrides),
and in memory for the process. Where the folder cannot be written, the bundle is built once per process.

:func:`page_scripts` gives the ``<script>`` elements: the specs as JSON (never executed), the bundle, and the
few lines that draw each spec as SVG (sharp in print) into the element with the spec's id, marking it
``data-drawn`` (or ``data-error`` with the reason).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

SNIPPET = "window.vegaEmbed = vegaEmbed;"
"""What the bundle exposes: vega-embed, which holds Vega (the renderer), Vega-Lite (the compiler) and
vega-tooltip (whose tooltips show texts as text, never as markup). (Vega and Vega-Lite alone would be a
third smaller, but vl-convert's bundler gives them as null when named without vega-embed.)"""

DRAW = """
(function () {
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById(id);
    function failed(err) { el.setAttribute('data-error', String(err && err.message || err)); }
    try {
      vegaEmbed(el, specs[id], {renderer: 'svg', actions: false})
        .then(function () { el.setAttribute('data-drawn', 'true'); }, failed);
    } catch (err) { failed(err); }
  });
})();
"""


def cache_dir() -> Path:
    """Where built bundles are kept."""
    if os.environ.get("FUNNEL_CACHE_DIR"):
        return Path(os.environ["FUNNEL_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "funnel-simulator"


def _bundle_path(snippet: str) -> Path:
    import vl_convert as vlc

    key = hashlib.blake2b(f"{vlc.__version__}\n{vlc.get_vegalite_versions()[-1]}\n{snippet}".encode(),
                          digest_size=8).hexdigest()
    return cache_dir() / f"vega-bundle-{vlc.__version__}-{key}.js"


@lru_cache(maxsize=2)
def bundle(snippet: str = SNIPPET) -> str:
    """The JavaScript of Vega and Vega-Lite, with no reference to load from anywhere; built once, kept on disk."""
    path = _bundle_path(snippet)
    with contextlib.suppress(OSError):  # not built on this machine yet (or unreadable): build it below
        return path.read_text(encoding="utf-8")
    import vl_convert as vlc

    code = vlc.javascript_bundle(snippet)
    # inside <script>, "</script" (any case) would end the element; "<\/" means "</" in a JavaScript string,
    # regular expression or template alike (tests/test_report.py checks no "</script" nor "<!--" is left)
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    keep(path, code)
    return code


def keep(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` in the cache folder, atomically: a concurrent reader sees the whole file or
    none. A folder that cannot be written is no error: the next process builds the thing again."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                         suffix=".tmp") as f:
            f.write(text)
        os.chmod(f.name, 0o644)
        os.replace(f.name, path)


def drawn_as_svg(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with vega-embed told to draw SVG (vector: sharp in print, text selectable) and no menu;
    the app's specs ask for a canvas in their ``usermeta``, which vega-embed reads over its options."""
    meta = spec.get("usermeta") or {}
    return {**spec, "usermeta": {**meta, "embedOptions": {**meta.get("embedOptions", {}), "renderer": "svg",
                                                           "actions": False}}}


def script_json(data: Any) -> str:
    """``data`` as JSON safe inside a ``<script>`` element: every ``<``, ``>`` and ``&`` escaped (in strings,
    the only place JSON has them), and the two line separators JavaScript once read as line ends."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page_scripts(specs: Mapping[str, dict[str, Any]]) -> str:
    """The ``<script>`` elements that draw ``specs`` (id of the element → Vega-Lite spec), for the page's end."""
    return (f"<script type='application/json' id='report-charts'>{script_json(dict(specs))}</script>\n"
            f"<script>{bundle()}</script>\n<script>{DRAW}</script>")
