"""Calibrating a scenario from a business's own data (issue 5).

Entry points (pure: bytes or a path in, typed results out; no Streamlit):

* :func:`preview` — columns, detected kind, columns and date format, for pre-filling choices;
* :func:`fit_data` — read, check and fit a retention table (sBG) or a transaction
  log (BG/BB), returning a :class:`FitReport` with the fits, their 95% intervals,
  the historical tables, a ready scenario and its notes (codes; the words, the
  scenario's description and its YAML with TODO comments: :mod:`presentation.calibration_text`);
* :func:`holdout_comparison` — simulate the fitted scenario after the calibration
  end and compare with what happened;
* the charts of a fit are presentation: :mod:`presentation.calibration_charts`.

Bad input raises :class:`CalibrationError` (one :class:`~simulator.problems.Problem`
per thing wrong, naming the file, row and column); a fit that does not converge
raises :class:`FitError` with the optimiser's reason.
"""

from .fit import TODO_FIELDS, FitReport, fit_data, to_scenario
from .holdout import HoldoutComparison, holdout_comparison
from .reading import MAX_CSV_BYTES, CalibrationError, CsvPreview, FitError, preview

__all__ = [
    "MAX_CSV_BYTES",
    "CalibrationError",
    "CsvPreview",
    "FitError",
    "FitReport",
    "HoldoutComparison",
    "fit_data",
    "holdout_comparison",
    "preview",
    "TODO_FIELDS",
    "to_scenario",
]
