"""The app's number formats are Babel's own: :func:`presentation.i18n._apply` (the pattern and the
locale parsed once) writes exactly what ``format_decimal`` and ``format_percent`` write."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent
from hypothesis import given, settings
from hypothesis import strategies as st

from presentation import i18n

numbers = st.one_of(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
                    st.floats(min_value=-1e14, max_value=1e14, allow_nan=False, allow_infinity=False),
                    st.floats(min_value=-1e-3, max_value=1e-3),
                    st.integers(min_value=-10**14, max_value=10**14),
                    st.sampled_from([0.0, -0.0, 0.5, 2.5, 2.675, 0.125, -0.005, -0.004, 0.0049, 999_999.995, 1e-12,
                                     -1e-12, 0.995, 9.995, 99.995, 1234.5, 5e-5, 0.00125, 1e14 + 0.5, -0.00499]))


@settings(max_examples=1000)
@given(x=numbers, decimals=st.integers(0, 3), lang=st.sampled_from(sorted(i18n.LOCALES)))
def test_plain_numbers_and_percents_are_babels(x, decimals, lang):
    pattern, locale = i18n._pattern(decimals), i18n._locale(lang)
    assert i18n._apply(x, pattern, lang) == format_decimal(x, format=pattern, locale=locale, decimal_quantization=True)
    assert i18n._apply(x, pattern + "%", lang) == format_percent(x, format=pattern + "%", locale=locale,
                                                                 decimal_quantization=True)
