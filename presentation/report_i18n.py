"""Strings of the workshop tools (max CAC, sensitivity, calculators) and the HTML report, in English and Chinese.

Kept apart from :mod:`presentation.i18n` so the tools can be added without
editing the app's string table; :func:`t` falls back to that table, so a
report can use both through one function.
"""

from __future__ import annotations

from . import i18n

TEXT: dict[str, dict[str, str]] = {
    # -- lever names (sensitivity) ---------------------------------------------
    "lv_fe_price": {"en": "Front-end price · {target}", "zh": "前端价格 · {target}"},
    "lv_rung_price": {"en": "Price · {target}", "zh": "价格 · {target}"},
    "lv_rung_take_rate": {"en": "Take rate · {target}", "zh": "购买率 · {target}"},
    "lv_sub_price": {"en": "Subscription price", "zh": "订阅价格"},
    "lv_sub_adoption": {"en": "Subscription adoption", "zh": "订阅比例"},
    "lv_repeat_rate": {"en": "Repeat order chance", "zh": "复购概率"},
    "lv_repeat_value": {"en": "Repeat order value", "zh": "复购订单金额"},
    "lv_referral_rate": {"en": "Referrals per active customer", "zh": "每位活跃客户的转介绍数"},
    "lv_churn": {"en": "Churn", "zh": "流失率"},
    "lv_save_acceptance": {"en": "Save offer: acceptance", "zh": "挽留优惠：接受率"},
    "lv_save_discount": {"en": "Save offer: discount", "zh": "挽留优惠：折扣"},
    "lv_loyalty_reduction": {"en": "Loyalty programme: churn reduction", "zh": "会员计划：流失降低比例"},
    "lv_loyalty_cost": {"en": "Loyalty programme: cost per member", "zh": "会员计划：每位会员成本"},
    "lv_cost_to_serve": {"en": "Cost to serve", "zh": "服务成本"},
    "lv_channel_cac": {"en": "CAC · {target}", "zh": "获客成本 · {target}"},
    "lv_commission": {"en": "Affiliate commission", "zh": "联盟佣金"},
    "lv_referral_reward": {"en": "Referral reward", "zh": "转介绍奖励"},
    "grp_revenue": {"en": "Revenue per customer", "zh": "客户收入"},
    "grp_loyalty": {"en": "Loyalty", "zh": "忠诚度"},
    "grp_cost": {"en": "Cost", "zh": "成本"},
    # -- tornado chart ---------------------------------------------------------
    "tn_title": {"en": "Which lever moves net value per buyer most", "zh": "哪个杠杆对每位买家净价值影响最大"},
    "tn_sub": {
        "en": "Each lever moved by −{step} and +{step}, the rest held, same random numbers.\n"
              "Bars: mean change; whiskers: 90% band across replicates.",
        "zh": "每个杠杆分别下调 {step} 和上调 {step}，其余不变，使用相同的随机数。\n条形：平均变化；细线：各次重复的 90% 区间。",
    },
    "tn_x": {"en": "Change in net value per buyer ({currency})", "zh": "每位买家净价值的变化（{currency}）"},
    "tn_lever": {"en": "Lever", "zh": "杠杆"},
    "tn_group": {"en": "Group", "zh": "类别"},
    "tn_move": {"en": "Move", "zh": "调整"},
    "tn_input": {"en": "Input", "zh": "输入值"},
    "tn_change": {"en": "Mean change ± standard error", "zh": "平均变化 ± 标准误"},
    "tn_band": {"en": "90% band", "zh": "90% 区间"},
    "tn_down": {"en": "lever −{step}", "zh": "杠杆 −{step}"},
    "tn_up": {"en": "lever +{step}", "zh": "杠杆 +{step}"},
    "tn_empty": {"en": "No lever to move: every input is 0.", "zh": "没有可调整的杠杆：所有输入均为 0。"},
    "tn_refused": {"en": "not possible: {reason}", "zh": "无法计算：{reason}"},
    # -- max affordable CAC ----------------------------------------------------
    "mc_title": {"en": "Most you can pay per buyer", "zh": "最高可承受获客成本"},
    "mc_lever_cac": {"en": "Acquisition cost (CAC)", "zh": "获客成本（CAC）"},
    "mc_lever_commission": {"en": "Affiliate commission", "zh": "联盟佣金"},
    "mc_confidence": {"en": "Confidence", "zh": "置信度"},
    "mc_value": {"en": "Highest affordable", "zh": "最高可承受"},
    "mc_current": {"en": "Today", "zh": "当前"},
    "mc_headroom": {"en": "Headroom", "zh": "余量"},
    "mc_binding": {"en": "Set by", "zh": "决定因素"},
    "mc_by_break_even": {"en": "break-even", "zh": "盈亏平衡"},
    "mc_by_payback": {"en": "payback within {n} {units}", "zh": "{n} {units}内回本"},
    "mc_sentence": {
        "en": "Paying up to {value} per buyer, the plan breaks even in {confidence} of the simulated futures.",
        "zh": "每位买家最多支付 {value}，在 {confidence} 的模拟情景中计划仍能保本。",
    },
    "mc_none": {"en": "No cost ≥ 0 works at {confidence} confidence.", "zh": "在 {confidence} 置信度下，没有任何 ≥ 0 的成本可行。"},
    "mc_note": {
        "en": "Break-even cost of each replicate: the acquisition cost at which its net value per buyer is 0. "
              "With {confidence} confidence = the cost that {confidence} of replicates can afford.",
        "zh": "每次重复的盈亏平衡成本：使每位买家净价值为 0 的获客成本。{confidence} 置信度 = {confidence} 的重复都能承受的成本。",
    },
    # -- quick calculators -----------------------------------------------------
    "calc_title": {"en": "The formulas people know, next to the simulation", "zh": "常见公式与模拟结果对照"},
    "calc_formula": {"en": "Formula", "zh": "公式"},
    "calc_inputs": {"en": "Inputs (from this scenario)", "zh": "输入（取自本场景）"},
    "calc_result": {"en": "Formula gives", "zh": "公式结果"},
    "calc_simulation": {"en": "Simulation gives", "zh": "模拟结果"},
    "calc_why": {"en": "Why they differ", "zh": "差异原因"},
    "calc_historical": {"en": "Historical CLV", "zh": "历史客户终身价值"},
    "calc_historical_f": {"en": "total profit ÷ customers", "zh": "总利润 ÷ 客户数"},
    "calc_average": {"en": "Average-based CLV", "zh": "平均值公式 CLV"},
    "calc_average_f": {
        "en": "order value × purchase frequency × margin × lifespan",
        "zh": "客单价 × 购买频率 × 毛利率 × 客户寿命",
    },
    "calc_channel": {"en": "Channel formula (sales)", "zh": "渠道公式（销售额）"},
    "calc_channel_f": {
        "en": "traffic × conversion × order value × repeat rate",
        "zh": "流量 × 转化率 × 客单价 × 复购率",
    },
    "in_total_profit": {"en": "total profit", "zh": "总利润"},
    "in_customers": {"en": "customers", "zh": "客户数"},
    "in_order_value": {"en": "order value", "zh": "客单价"},
    "in_frequency": {"en": "purchases per {unit}", "zh": "每{unit}购买次数"},
    "in_margin": {"en": "margin", "zh": "毛利率"},
    "in_lifespan": {"en": "lifespan ({units})", "zh": "客户寿命（{units}）"},
    "in_traffic": {"en": "traffic (visitors)", "zh": "流量（访客）"},
    "in_conversion": {"en": "conversion", "zh": "转化率"},
    "in_repeat": {"en": "purchases per buyer", "zh": "每位买家购买次数"},
    "why_agree": {"en": "They agree: no churn before offers, no discounting, no uncertainty.", "zh": "两者一致：没有中途流失、没有折现、没有不确定性。"},
    "why_discount": {"en": "the formula does not discount later money", "zh": "公式没有对未来的钱折现"},
    "why_backward": {"en": "historical CLV looks back at customers already gone; the simulation looks forward", "zh": "历史 CLV 回看已经结束的客户，模拟是向前看"},
    "why_horizon": {"en": "the simulation stops at the horizon", "zh": "模拟在设定时长结束时停止"},
    "why_churn_ladder": {"en": "it ignores customers who leave before the next offer", "zh": "公式忽略了在下一次推销前就流失的客户"},
    "why_heterogeneity": {"en": "it uses one average churn; loyal and fickle customers differ", "zh": "公式只用一个平均流失率，忽略了忠诚客户与易流失客户的差别"},
    "why_saves": {"en": "it leaves out the save offer and its discount", "zh": "公式没有计入挽留优惠及其折扣"},
    "why_fatigue": {"en": "it leaves out churn caused by upsells", "zh": "公式没有计入追销带来的流失"},
    "why_referrals": {"en": "it leaves out referred buyers", "zh": "公式没有计入转介绍带来的买家"},
    "why_uncertainty": {"en": "the simulation averages over uncertain inputs", "zh": "模拟对不确定的输入取了平均"},
    "why_revenue": {"en": "it counts sales (revenue), not profit, and no costs", "zh": "公式计算的是销售额（收入），不是利润，也不扣成本"},
    "why_no_conversion": {"en": "the scenario gives CAC, not conversion: traffic is counted as buyers", "zh": "本场景给出的是获客成本而非转化率：流量按买家计"},
    # -- app panels (buttons and inputs of the tools) --------------------------
    "tool_report_button": {"en": "Download the report (HTML)", "zh": "下载报告（HTML）"},
    "tool_report_help": {
        "en": "One file with every number, chart and assumption; opens without a network.",
        "zh": "一个文件包含所有数字、图表和假设；无需联网即可打开。",
    },
    "tool_png_button": {"en": "Download this chart (PNG)", "zh": "下载此图表（PNG）"},
    "tool_running": {"en": "Working out the tools…", "zh": "正在计算…"},
    "tool_step": {"en": "Move each lever by", "zh": "每个杠杆的调整幅度"},
    "tool_lever": {"en": "Solve for", "zh": "求解对象"},
    "tool_payback_within": {"en": "…and pay back within ({units})", "zh": "……并在（{units}）内回本"},
    "tool_payback_off": {"en": "no payback rule", "zh": "不要求回本时间"},
    "tool_calculators": {"en": "Quick calculators", "zh": "快速计算器"},
    # -- report ----------------------------------------------------------------
    "r_title": {"en": "Funnel report", "zh": "漏斗模拟报告"},
    "r_compare_title": {"en": "Scenario comparison", "zh": "场景对比报告"},
    "r_generated": {
        "en": "{customers} buyers × {replicates} replicates, seed {seed}; money per paid buyer in {currency}.",
        "zh": "{customers} 位买家 × {replicates} 次重复，随机种子 {seed}；金额为每位付费买家，单位 {currency}。",
    },
    "r_headlines": {"en": "Headline numbers", "zh": "核心指标"},
    "r_metric": {"en": "Metric", "zh": "指标"},
    "r_mean": {"en": "Mean", "zh": "均值"},
    "r_band": {"en": "90% band", "zh": "90% 区间"},
    "r_difference": {"en": "B − A", "zh": "B − A"},
    "r_assumptions": {"en": "Assumptions", "zh": "假设"},
    "r_field": {"en": "Input", "zh": "输入"},
    "r_value": {"en": "Value", "zh": "数值"},
    "r_changed": {"en": "changed", "zh": "已修改"},
    "r_charts": {"en": "Charts", "zh": "图表"},
    "r_sensitivity": {"en": "Lever sensitivity", "zh": "杠杆敏感度"},
    "r_tools": {"en": "Workshop tools", "zh": "工作坊工具"},
    "r_prob_payback": {"en": "Chance of payback within the horizon", "zh": "在模拟时长内回本的概率"},
    "r_back_end_profit": {"en": "Back-end profit per buyer", "zh": "每位买家的后端利润"},
    "r_referred": {"en": "Referred buyers per buyer", "zh": "每位买家带来的推荐买家"},
    "r_range": {"en": "{low} – {high} (90%)", "zh": "{low} – {high}（90%）"},
    "r_range_support": {"en": "{low} – {high} ({dist})", "zh": "{low} – {high}（{dist}）"},
    "r_not_set": {"en": "none", "zh": "无"},
    "r_footer": {
        "en": "Written by the funnel simulator (python -m simulator report). Self-contained: opens without a network.",
        "zh": "由漏斗模拟器生成（python -m simulator report）。文件自包含，无需联网即可打开。",
    },
}


def t(lang: str, key: str, **fields: object) -> str:
    """The string ``key`` in ``lang`` (English where a translation is missing); falls back to :mod:`presentation.i18n`."""
    entry = TEXT.get(key)
    if entry is None:
        return i18n.t(lang, key, **fields)
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


def lever_label(lever, lang: str) -> str:
    """A lever's display name (``Price · Advanced course``), from a :class:`simulator.sensitivity.Lever`."""
    return t(lang, f"lv_{lever.key}", target=lever.target or "")


def group_label(group: str, lang: str) -> str:
    return t(lang, f"grp_{group}")


def calculation_reasons(calculation, lang: str = "en") -> str:
    """Why a formula and the simulation differ (a :class:`simulator.calculators.Calculation`), as one line."""
    if calculation.reasons == ("agree",):
        return t(lang, "why_agree")
    sep = "；" if lang == "zh" else "; "
    text = sep.join(t(lang, f"why_{r}") for r in calculation.reasons)
    return text[:1].upper() + text[1:] + ("。" if lang == "zh" else ".")
