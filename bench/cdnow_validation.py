"""CDNOW validation of the transaction-log fit: fit weeks 1–39, simulate weeks 40–78, compare.

    python bench/cdnow_validation.py [--data ../shared/data/cdnow/CDNOW_master.txt] [--png docs/cdnow_holdout_weekly.png]

Prints the actual and predicted repeat purchases in the holdout weeks (a
repeat purchase = a customer-week with at least one purchase after the
customer's first week, the unit the model predicts), the engine's and the
formula's errors, and the median of 3 timings of CSV → scenario and every
customer's forecast for the whole log. Writes the week-by-week chart as a PNG.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from presentation.calibration_charts import holdout_chart  # noqa: E402
from presentation.calibration_text import fit_summary  # noqa: E402
from simulator.calibration.fit import fit_data  # noqa: E402
from simulator.calibration.holdout import holdout_comparison  # noqa: E402
from simulator.calibration.models import customer_forecasts  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_master.txt"
CALIBRATION_END = "1997-09-30"  # the end of week 39 (weeks counted from 1997-01-01)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--png", default=str(ROOT / "docs" / "cdnow_holdout_weekly.png"))
    ap.add_argument("--replicates", type=int, default=50)
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not data.exists():
        print(f"error: {data} not found (the CDNOW data stays in ../shared/data/cdnow/)", file=sys.stderr)
        return 2

    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        whole = fit_data(data, period="week")
        customer_forecasts(whole.models)
        times.append(time.perf_counter() - t0)
    print(f"CSV → scenario and each customer's forecast, whole log (69,659 rows, {len(whole.models.scores)} models): "
          f"median of 3 = {statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})")

    report = fit_data(data, period="week", calibration_end=CALIBRATION_END)
    print(fit_summary(report, "en"))
    t0 = time.perf_counter()
    cmp = holdout_comparison(report.log, report.scenario, report.scenario_fit, replicates=args.replicates)
    sim_time = time.perf_counter() - t0
    t = cmp.table
    hold = t[t.holdout]
    print(f"\nHoldout weeks {int(hold.period.min()) + 1}–{int(hold.period.max()) + 1}, "
          f"{cmp.customers:,} customers, engine {cmp.replicates} replicates ({sim_time:.2f} s):")
    print(f"  actual repeat purchases (customer-weeks)   {cmp.actual_total:>8,}")
    print(f"  predicted by the engine (mean)             {cmp.predicted_total:>8,.0f}  ({cmp.error:+.1%})")
    print(f"  closed form                                 {cmp.closed_form_total:>8,.0f}  ({cmp.closed_form_error:+.1%})")
    calib = t[~t.holdout]
    print(f"  (calibration weeks: actual {int(calib.actual.sum()):,}, engine {calib.predicted.sum():,.0f})")
    # where the gap comes from: weeks whose actual exceeds the prediction by more than 20%
    gap = hold.actual - hold.predicted
    burst = hold[gap > 0.2 * hold.predicted]
    print(f"  weeks with actual > 1.2 × predicted: {', '.join(str(int(w) + 1) for w in burst.period)}; "
          f"their excess {float((burst.actual - burst.predicted).sum()):,.0f} of the total gap "
          f"{float(gap.sum()):,.0f}")

    import vl_convert as vlc

    chart = holdout_chart(cmp, 52, "en", width=900)
    Path(args.png).write_bytes(vlc.vegalite_to_png(chart.to_json(), scale=1))
    print(f"\nwrote {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
