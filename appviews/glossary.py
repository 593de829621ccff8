"""The Glossary page: the words the app uses, in plain terms, and where each shows up on screen.

Every word comes from the catalogue (``presentation/catalogue.py``): for a term ``x``, ``g_x`` is its
heading, ``g_x_text`` what it means, ``g_x_where`` the lever or number that carries it here.
"""

from __future__ import annotations

import streamlit as st

from presentation.i18n import t

from . import frame as fr
from . import sidebar

TERMS = ("front_back", "clv", "cac", "ltv_cac", "payback", "max_cac", "prob_profit", "futures", "take_rate",
         "heterogeneity", "save_offer", "loyalty", "fatigue", "referral")
"""The glossary's entries, in reading order: the articles' story first, then the levers."""
COLUMNS = 2


def draw(lang: str) -> None:
    st.title(t(lang, "glossary_title"))
    st.caption(t(lang, "glossary_intro"))
    for start in range(0, len(TERMS), COLUMNS):
        for col, term in zip(st.columns(COLUMNS, gap="medium"), TERMS[start:start + COLUMNS]):
            with col.container(border=True, height="stretch"):
                st.subheader(t(lang, f"g_{term}"), anchor=term)
                st.markdown(t(lang, f"g_{term}_text"))
                st.caption(f"**{t(lang, 'glossary_where')}** {t(lang, f'g_{term}_where')}")


def page(f: fr.Frame) -> None:
    draw(f.lang)
    sidebar.top(f.lang)
