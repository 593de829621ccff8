"""A fit's uncertainty as the scenario's ranges (issue 13, part 5).

The fitted scenario normally carries point estimates. Asked to carry the
uncertainty, each fitted number becomes a 90% range (the scenario's ranges are
90% intervals) from the fit's Hessian, on the scale the fit searched:

* BG/BB: the mean chances and heterogeneities, symmetric on the logit scale
  (their 95% intervals narrowed by 1.645 / 1.96);
* BG/NBD: the mean purchase rate r/α (log scale), the mean drop-out
  a/(a+b) (logit scale) and its heterogeneity 1/(a+b+1) (log(a+b) scale),
  by the delta method from the covariance of (log r, log α, log a, log b);
  the rate's shape r stays a point (it only spreads the rates between customers).

Each simulated future then draws its own value from each range, independently:
the correlation between the fitted numbers is not carried, which widens the
bands somewhat (a documented choice; the Calibrate page says so).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, logit

from ..scenario import POLARISATION_MAX
from .bgbb import BGBBFit
from .bgnbd import BGNBDFit
from .sbg import Z95, Interval

Z90 = 1.6448536269514722


def _sig(x: float, digits: int = 6) -> float:
    return float(f"{x:.{digits}g}")


def _range(centre: float, se: float, scale: str) -> dict | float:
    """{low, high}: centre ± 1.645 se on ``scale`` (logit or log), mapped back; the point when se is unknown."""
    if not np.isfinite(se) or se <= 0:
        return _sig(centre)
    if scale == "logit":
        x = logit(centre)
        low, high = expit(x - Z90 * se), expit(x + Z90 * se)
    else:
        x = np.log(centre)
        low, high = np.exp(x - Z90 * se), np.exp(x + Z90 * se)
    return {"low": _sig(low), "high": _sig(high)}


def _logit_se(iv: Interval) -> float:
    """The standard error on the logit scale of an interval symmetric there (95%)."""
    if not (0 < iv.low < 1 and 0 < iv.high < 1):
        return float("nan")
    return float((logit(iv.high) - logit(iv.low)) / (2 * Z95))


def bgbb_ranges(fit: BGBBFit, section: str, fields: dict) -> dict:
    """``fields`` (retention's or repeat_purchase's churn/rate and heterogeneity) as 90% ranges."""
    if section == "retention":
        pairs = {"churn": fit.churn, "heterogeneity": fit.heterogeneity}
    else:
        pairs = {"rate": fit.purchase_rate, "heterogeneity": fit.purchase_heterogeneity}
    out = dict(fields)
    for key, iv in pairs.items():
        if key in out:  # not in the Beta form (heterogeneity beyond the slider): a point
            out[key] = _range(iv.estimate, _logit_se(iv), "logit")
    if isinstance(out.get("heterogeneity"), dict) and out["heterogeneity"]["high"] > 0.99:
        out["heterogeneity"] = _sig(pairs["heterogeneity"].estimate)
    return out


def bgnbd_intervals(fit: BGNBDFit, z: float = Z95) -> dict[str, Interval]:
    """``repeat_purchase.bgnbd``'s fields with their intervals (95% by default; NaN ends without a covariance)."""
    r, alpha, a, b = fit.params
    est = {"rate": r / alpha, "rate_shape": r, "dropout": a / (a + b), "dropout_heterogeneity": 1.0 / (a + b + 1.0)}
    nan = float("nan")
    out = {k: Interval(v, nan, nan) for k, v in est.items()}
    out["rate_shape"] = fit.r
    if fit.covariance is None:
        return out
    c = fit.covariance
    se_rate = np.sqrt(c[0, 0] + c[1, 1] - 2 * c[0, 1])  # log(r/α) = log r - log α
    se_drop = np.sqrt(c[2, 2] + c[3, 3] - 2 * c[2, 3])  # logit(a/(a+b)) = log a - log b
    g = np.array([a, b]) / (a + b)  # d log(a+b) / d(log a, log b)
    se_kappa = np.sqrt(float(g @ c[2:, 2:] @ g))
    x = np.log(est["rate"])
    out["rate"] = Interval(est["rate"], float(np.exp(x - z * se_rate)), float(np.exp(x + z * se_rate)))
    x = logit(est["dropout"])
    out["dropout"] = Interval(est["dropout"], float(expit(x - z * se_drop)), float(expit(x + z * se_drop)))
    # 1/(κ+1) is decreasing in κ = a+b: its interval from κ's, ends swapped
    lo_k, hi_k = (a + b) * np.exp(-z * se_kappa), (a + b) * np.exp(z * se_kappa)
    out["dropout_heterogeneity"] = Interval(est["dropout_heterogeneity"], float(1 / (hi_k + 1)), float(1 / (lo_k + 1)))
    return out


def bgnbd_fields(fit: BGNBDFit, ranges: bool = False) -> dict:
    """``repeat_purchase.bgnbd``: rate, rate_shape, dropout, dropout_heterogeneity (90% ranges when asked)."""
    iv = bgnbd_intervals(fit, Z90)
    out = {k: _sig(v.estimate) for k, v in iv.items()}
    # a + b near 0 (everyone either leaves at the first purchase or never): the schema's ceiling, said in the
    # fit's notes (bgnbd.polarised_note); the BG/NBD's drop-out has no α, β form to carry more
    out["dropout_heterogeneity"] = min(out["dropout_heterogeneity"], POLARISATION_MAX)
    if not ranges or fit.covariance is None:
        return out
    for key in ("rate", "dropout", "dropout_heterogeneity"):
        v = iv[key]
        if np.isfinite(v.low) and np.isfinite(v.high) and v.low < v.high and (key != "dropout_heterogeneity"
                                                                             or v.high <= POLARISATION_MAX):
            out[key] = {"low": _sig(v.low), "high": _sig(v.high)}
    return out
