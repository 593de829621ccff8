"""Problems of the core (:class:`simulator.problems.Problem`) as sentences, in English or 中文.

One rendering for every interface: the CLI, the app's notices, the Calibrate
page. The words are the ``pr_*`` entries of the one catalogue
(:mod:`presentation.catalogue`), looked up with :func:`presentation.i18n.t`.
A sentence is ``where: rule``:

* where: the field path as the file spells it (``back_end[1].take_rate``),
  with a Chinese gloss of the field in zh (``back_end[1].take_rate（购买率）``);
  then, for data files, the row and column and the cohort;
* rule: the code's template with its parameters (``must be ≤ 1 (got 1.3)``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from simulator.problems import Problem, ProblemError

from . import i18n
from .catalogue import FIELD_ZH, TEXT

_TYPE_ZH = {"dict": "映射", "list": "列表", "str": "文本", "int": "整数", "float": "数字", "bool": "布尔值",
            "NoneType": "空值"}

# codes rendered by one of several templates, chosen by the parameters: (parameter, key suffix) in order
_VARIANTS = {
    "extra_forbidden": (("suggestion", "suggestion"), ("known", "known")),
    "yaml_syntax": (("line", "at"),),
    "period_twice": (("cohort", "cohort"),),
    "nesting_too_deep": (("line", "at"),),
}


def _describe(value: object) -> str:
    """The offending input as the reader typed it: text quoted (and cut at 40 characters), numbers plain."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, float):
        return i18n.plain_number(value) if math.isfinite(value) else str(value)
    return repr(value)


def _or_list(values: Iterable[object], lang: str) -> str:
    items = [repr(v) for v in values]
    if len(items) < 2:
        return "".join(items)
    last = i18n.t(lang, "pr_or")
    sep = "、" if lang == "zh" else ", "
    return sep.join(items[:-1]) + last + items[-1]


def _fields(problem: Problem, lang: str) -> dict[str, object]:
    fields = dict(problem.params)
    if "got" in fields:
        fields["got"] = _describe(fields["got"])
    elif "got_type" in fields:
        kind = str(fields["got_type"])
        fields["got"] = _TYPE_ZH.get(kind, kind) if lang == "zh" else kind
    for key in ("ge", "le", "gt", "lt"):  # a bound as the schema gives it (pydantic keeps 0.0 for float fields)
        if key in fields:
            fields[key] = str(fields[key])
    if "expected" in fields:
        fields["expected"] = _or_list(fields["expected"], lang)
    for key in ("known", "columns"):
        if key in fields and not isinstance(fields[key], str):
            fields[key] = ", ".join((repr if key == "columns" else str)(c) for c in fields[key])
    if "commission" in fields:
        fields["commission_text"] = i18n.t(lang, "pr_commission_kept", **fields) if fields["commission"] else ""
    for key in ("what", "role", "model", "lever", "rule", "cause", "filekind", "side", "unit"):
        if key in fields and f"pr_{key}_{fields[key]}" in TEXT:
            fields[f"{key}_text"] = i18n.t(lang, f"pr_{key}_{fields[key]}", **fields)
    return fields


def _key(problem: Problem) -> str:
    for param, suffix in _VARIANTS.get(problem.code, ()):
        if param in problem.params:
            return f"pr_{problem.code}_{suffix}"
    return f"pr_{problem.code}"


def _gloss(path: str, lang: str) -> str:
    if lang != "zh" or not path:
        return path
    leaf = re.sub(r"\[.*?\]$", "", path.rsplit(".", 1)[-1])
    gloss = FIELD_ZH.get(leaf)
    return f"{path}（{gloss}）" if gloss else path


def problem_text(problem: Problem, lang: str) -> str:
    """One problem as one line in ``lang``: ``retention.churn: must be ≤ 1 (got 1.3)``.

    The field path keeps the file's spelling; in Chinese a gloss of the field follows it.
    A code the catalogue does not know is shown as itself with its parameters, never dropped.
    """
    fields = _fields(problem, lang)
    key = _key(problem)
    rule = i18n.t(lang, key, **fields) if key in TEXT else str(Problem("", problem.code, problem.params))
    where = [_gloss(problem.path, lang)] if problem.path else []
    if "channel" in fields:
        where[-1:] = [f"{where[-1] if where else ''} ({fields['channel']})".strip()]
    if "row" in fields and "column" in fields:
        where.append(i18n.t(lang, "pr_at_row_column", row=fields["row"], column=fields["column"]))
    elif "row" in fields:
        where.append(i18n.t(lang, "pr_at_row", row=fields["row"]))
    elif "column" in fields:
        where.append(i18n.t(lang, "pr_at_column", column=fields["column"]))
    if "cohort" in fields:
        where.append(i18n.t(lang, "pr_at_cohort", cohort=fields["cohort"]))
    sep = "：" if lang == "zh" else ": "
    return sep.join([*where, rule])


def problems_text(problems: ProblemError | Iterable[Problem], lang: str) -> list[str]:
    """Every problem of an exception (or a list of problems) as one line each, in ``lang``."""
    items = problems.problems if isinstance(problems, ProblemError) else problems
    return [problem_text(p, lang) for p in items]
