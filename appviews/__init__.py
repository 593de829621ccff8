"""The Streamlit app's pages and the frame they share (Streamlit lives here and in ``app.py`` only).

* :mod:`appviews.frame` — session state, the address (links, Back and Forward), the current scenario;
* :mod:`appviews.sidebar` — language, view, the scenario's files and the levers;
* :mod:`appviews.runs` — one cache of simulations (and what is built from them) for every page;
* one file per page: :mod:`appviews.simulate`, :mod:`appviews.tools`, :mod:`appviews.present`,
  :mod:`appviews.calibrate`.

``simulator/`` (the core) and ``presentation/`` stay free of Streamlit.
"""
