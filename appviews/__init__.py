"""The app's views beyond the simulator page (Streamlit lives here and in ``app.py`` only).

``app.py`` draws the simulator and presenter views itself and hands the page to
:mod:`appviews.tools` (the workshop tools) or :mod:`appviews.calibrate` (fit a
scenario from your own data). ``simulator/`` stays free of Streamlit.
"""
