"""Presentation: everything that turns the core's numbers into words and pictures for people.

It imports the core (:mod:`simulator`) and never the other way round; the interfaces (the
Streamlit app and the CLI) sit on top of both.

* :mod:`presentation.catalogue` — the one table of words (English, 中文); :mod:`presentation.i18n` — its lookup
  `t` and the number formats; :mod:`presentation.messages` — problems of the core rendered as sentences;
* :mod:`presentation.charts`, :mod:`presentation.calibration_charts` — Altair chart builders;
* :mod:`presentation.calibration_text` — a calibration fit in words: its report, notes, scenario and YAML file;
* :mod:`presentation.report` — the offline HTML report and PNGs;
* :mod:`presentation.presenter` — presenter mode's sentences;
* :mod:`presentation.levers` — lever definitions (scenario ↔ levers) and the headline numbers;
* :mod:`presentation.share` — scenarios in links;
* :mod:`presentation.docs` — the scenario format reference, from the schema.
"""
