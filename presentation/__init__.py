"""Presentation: everything that turns the core's numbers into words and pictures for people.

It imports the core (:mod:`simulator`) and never the other way round; the interfaces (the
Streamlit app and the CLI) sit on top of both.

* :mod:`presentation.i18n` — the message catalogue (English, 中文) and number formats;
* :mod:`presentation.charts`, :mod:`presentation.calibration_charts` — Altair chart builders;
* :mod:`presentation.report` (+ :mod:`presentation.report_i18n`) — the offline HTML report and PNGs;
* :mod:`presentation.presenter` — presenter mode's sentences;
* :mod:`presentation.levers` — lever definitions (scenario ↔ levers) and the headline numbers;
* :mod:`presentation.share` — scenarios in links;
* :mod:`presentation.docs` — the scenario format reference, from the schema.
"""
