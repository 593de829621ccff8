"""Command line: ``python -m simulator run|validate|compare|docs``.

Exit codes: 0 ok, 2 invalid input (one message per problem on stderr), 1 an
unexpected failure. A progress bar goes to stderr for long runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from .engine import simulate
from .metrics import METRICS, Band, Summary, summarise
from .scenario import Scenario, ScenarioError, load_scenario, with_simulation

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2

LABELS = {
    "clv": "Lifetime value (CLV)",
    "cac": "Acquisition cost (CAC)",
    "net_value": "Net value per buyer",
    "ltv_cac": "LTV : CAC",
    "front_end_profit": "Front-end profit",
    "back_end_profit": "Back-end profit",
    "payback_period": "Payback period",
    "referred_buyers": "Referred buyers",
}


BUSINESS_LABELS = {
    "total_profit": "Total profit",
    "npv": "Net present value",
    "capital_needed": "Capital needed",
    "cash_positive_period": "Cash positive (period)",
    "average_cac": "Average CAC",
}


class UsageError(Exception):
    """Bad command-line values (exit code 2)."""


class ProgressBar:
    """A one-line progress bar on stderr, shown only for runs that take a while."""

    def __init__(self, label: str, stream=sys.stderr, delay: float = 0.5):
        self.label, self.stream, self.delay = label, stream, delay
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, fraction: float) -> None:
        elapsed = time.perf_counter() - self.start
        if elapsed < self.delay and fraction < 1:
            return
        if fraction >= 1 and not self.shown:
            return
        width = 30
        filled = int(round(width * fraction))
        eta = elapsed / fraction * (1 - fraction) if fraction > 0 else 0
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%}  eta {eta:4.0f}s")
        if fraction >= 1:
            self.stream.write("\n")
        self.stream.flush()
        self.shown = True


def _fmt(x: float | None, money: bool = True) -> str:
    if x is None:
        return "never"
    if not money:
        return f"{x:,.2f}"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def _band_row(label: str, band: Band, money: bool = True) -> str:
    return (
        f"  {label:<26}{_fmt(band.mean, money):>14}{_fmt(band.p5, money):>14}"
        f"{_fmt(band.p50, money):>14}{_fmt(band.p95, money):>14}"
    )


def format_summary(s: Summary) -> str:
    """The human-readable table the CLI prints."""
    lines = [
        f"{s.name}  ({s.customers:,} customers × {s.replicates:,} replicates, seed {s.seed}, "
        f"horizon {s.horizon} periods; money in {s.currency} per paid buyer)",
        "",
        f"  {'':<26}{'mean':>14}{'p5':>14}{'p50':>14}{'p95':>14}",
    ]
    for key in METRICS:
        money = key not in ("ltv_cac", "payback_period", "referred_buyers")
        label = LABELS[key] + (" (periods)" if key == "payback_period" else "")
        lines.append(_band_row(label, s.metrics[key], money))
    lines += [
        "",
        f"  Chance the plan is profitable: {s.prob_profit:.0%}   "
        f"chance it pays back within the horizon: {s.prob_payback:.0%}",
        "",
        "  Funnel (share of paid buyers who bought):",
    ]
    for step, share in s.funnel.items():
        lines.append(f"    {step.replace('front_end', 'Front end'):<32}{share:8.1%}")
    cv = s.customer_value
    if cv.percentiles:
        top = f"{cv.top20_share:.0%}" if cv.top20_share is not None else "n/a"
        lines += [
            "",
            "  Customer value: "
            + ", ".join(f"{k} {_fmt(v)}" for k, v in cv.percentiles.items())
            + f"; top 20% of customers earn {top} of the value",
        ]
    if s.business:
        lines += ["", "  Business view (all cohorts, money in total):"]
        for key, band in s.business.items():
            lines.append(_band_row(BUSINESS_LABELS[key], band, key != "cash_positive_period"))
    return "\n".join(lines)


@dataclass(frozen=True)
class _RunOptions:
    seed: int | None
    customers: int | None
    replicates: int | None


def _run(scenario: Scenario, opts: _RunOptions, quiet: bool = False):
    scenario = with_simulation(scenario, seed=opts.seed, customers=opts.customers, replicates=opts.replicates)
    sim = scenario.simulation
    bar = None if quiet else ProgressBar(scenario.name[:30])
    return simulate(scenario, seed=sim.seed, progress=bar)


def _diff_band(a: np.ndarray, b: np.ndarray) -> Band:
    return Band.of(np.asarray(b, dtype=float) - np.asarray(a, dtype=float))


def cmd_run(args) -> int:
    scenario = load_scenario(args.file)
    result = _run(scenario, _RunOptions(args.seed, args.customers, args.replicates), args.json)
    summary = summarise(result)
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_summary(summary))
    return EXIT_OK


def cmd_validate(args) -> int:
    scenario = load_scenario(args.file)
    print(f"{args.file}: valid scenario '{scenario.name}' ({len(scenario.back_end)} back-end rungs)")
    return EXIT_OK


def cmd_compare(args) -> int:
    a = load_scenario(args.a)
    b = load_scenario(args.b)
    seed = args.seed if args.seed is not None else a.simulation.seed
    opts = _RunOptions(seed, args.customers, args.replicates)
    ra, rb = _run(a, opts, args.json), _run(b, opts, args.json)
    sa, sb = summarise(ra), summarise(rb)
    per = {
        "clv": ("clv",),
        "cac": ("cac_per_buyer",),
        "net_value": ("net_value",),
        "front_end_profit": ("front_end_profit",),
        "back_end_profit": ("back_end_profit",),
        "referred_buyers": ("referred_buyers_per_buyer",),
    }
    diffs = {}
    for key, (attr,) in per.items():
        if ra.replicates == rb.replicates:
            diffs[key] = _diff_band(getattr(ra, attr), getattr(rb, attr))
    out = {
        "seed": seed,
        "a": sa.to_dict(),
        "b": sb.to_dict(),
        "difference": {k: vars(v) for k, v in diffs.items()},
        "prob_profit_difference": sb.prob_profit - sa.prob_profit,
    }
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"A: {sa.name}\nB: {sb.name}\nSame seed ({seed}) for both: differences are the levers, not noise.\n")
    print(f"  {'':<26}{'A mean':>14}{'B mean':>14}{'B - A mean':>14}{'B - A p5':>14}{'B - A p95':>14}")
    for key in per:
        d = diffs.get(key)
        if d is None:
            continue
        print(
            f"  {LABELS[key]:<26}{_fmt(sa.metrics[key].mean):>14}{_fmt(sb.metrics[key].mean):>14}"
            f"{_fmt(d.mean):>14}{_fmt(d.p5):>14}{_fmt(d.p95):>14}"
        )
    print(f"\n  Chance of profit: A {sa.prob_profit:.0%}, B {sb.prob_profit:.0%}")
    return EXIT_OK


def cmd_docs(args) -> int:
    from .docs import scenario_format_markdown

    text = scenario_format_markdown()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


def cmd_fit(args) -> int:
    """Fit a retention table or a transaction log and write the scenario (exit 2 on bad data)."""
    from .calibration.fit import fit_data
    from .calibration.reading import CalibrationError

    try:
        print(f"fitting {args.file} ({args.period}s)...", file=sys.stderr)
        report = fit_data(
            args.file, period=args.period, kind=args.kind, calibration_end=args.calibration_end,
            customer_column=args.customer_column, date_column=args.date_column, amount_column=args.amount_column,
            date_format=args.date_format, cohort_column=args.cohort_column, period_column=args.period_column,
            active_column=args.active_column, name=args.name, currency=args.currency,
        )
    except CalibrationError as exc:
        for message in exc.messages:
            print(f"error: {message}", file=sys.stderr)
        return EXIT_INVALID
    report_stream = sys.stdout if args.out else sys.stderr
    print(report.summary(), file=report_stream)
    if args.validate:
        if report.log is None or report.log.calibration_end >= report.log.last_period:
            print("error: --validate needs a transaction log and a --calibration-end before its last date",
                  file=sys.stderr)
            return EXIT_INVALID
        from .calibration.holdout import holdout_comparison

        cmp = holdout_comparison(report.log, report.scenario, report.bgbb)
        print(
            f"\nHoldout (periods {report.log.calibration_end + 1}..{report.log.last_period}): actual repeat purchases "
            f"{cmp.actual_total:,}, predicted by the engine {cmp.predicted_total:,.0f} ({cmp.error:+.1%}), "
            f"BG/BB formula {cmp.closed_form_total:,.0f} ({cmp.closed_form_error:+.1%})",
            file=report_stream,
        )
    if args.out:
        try:
            Path(args.out).write_text(report.yaml, encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.out} ({exc.strerror})", file=sys.stderr)
            return EXIT_INVALID
        print(f"wrote {args.out}: fill in the lines marked TODO (CAC, costs, back-end ladder)", file=sys.stderr)
    else:
        print(report.yaml, end="")
    return EXIT_OK


def _int_at_least(minimum: int):
    """An argparse type: a whole number ≥ ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be ≥ {minimum} (got {value})")
        return value

    return parse


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit code 2 with one clear line, no usage dump
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m simulator", description="Front-end/back-end funnel simulator.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def sizes(p):
        p.add_argument("--seed", type=_int_at_least(0), help="random seed (default: the scenario's)")
        p.add_argument("--customers", type=_int_at_least(1), help="paid buyers per replicate")
        p.add_argument("--replicates", type=_int_at_least(1), help="Monte Carlo replicates")
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    run = sub.add_parser("run", help="simulate a scenario and print its numbers with bands")
    run.add_argument("file")
    sizes(run)
    run.set_defaults(func=cmd_run)

    val = sub.add_parser("validate", help="check a scenario file")
    val.add_argument("file")
    val.set_defaults(func=cmd_validate)

    cmp_ = sub.add_parser("compare", help="simulate two scenarios with the same seed and show the differences")
    cmp_.add_argument("a")
    cmp_.add_argument("b")
    sizes(cmp_)
    cmp_.set_defaults(func=cmd_compare)

    docs = sub.add_parser("docs", help="print (or write) the scenario format reference")
    docs.add_argument("--out", help="write to this file instead of stdout")
    docs.set_defaults(func=cmd_docs)

    fit = sub.add_parser("fit", help="fit a retention table or a transaction log (CSV) and write a scenario")
    fit.add_argument("file", help="CSV: cohort, period, customers still active; or customer id, date, amount")
    fit.add_argument("--period", required=True, choices=["week", "month", "year"], help="the scenario's period")
    fit.add_argument("--kind", choices=["retention", "transactions"], help="default: told by the columns")
    fit.add_argument("--calibration-end", metavar="DATE", help="fit on purchases up to this date (YYYY-MM-DD)")
    fit.add_argument("--out", help="write the scenario YAML here (default: stdout)")
    fit.add_argument("--customer-column", help="transaction logs: the customer id column")
    fit.add_argument("--date-column", help="transaction logs: the date column")
    fit.add_argument("--amount-column", help="transaction logs: the amount column")
    fit.add_argument("--date-format", help="e.g. %%Y-%%m-%%d or %%d/%%m/%%Y (default: detected)")
    fit.add_argument("--cohort-column", help="retention tables: the cohort column")
    fit.add_argument("--period-column", help="retention tables: the period column")
    fit.add_argument("--active-column", help="retention tables: the customers-still-active column")
    fit.add_argument("--name", help="scenario name")
    fit.add_argument("--currency", default="USD", help="currency code for display (default USD)")
    fit.add_argument("--validate", action="store_true",
                     help="simulate the fitted scenario after --calibration-end and compare with the data")
    fit.set_defaults(func=cmd_fit)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = None
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except ScenarioError as exc:
        prefix = getattr(args, "file", None)
        for message in exc.messages:
            where = f"{prefix}: " if prefix and not message.startswith(str(prefix)) else ""
            print(f"error: {where}{message}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # an unexpected failure: one line, no traceback
        print(f"unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
