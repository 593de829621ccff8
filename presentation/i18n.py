"""Every word and number the app shows, in English and 中文.

``t(lang, key, **fields)`` looks a string up; the ``fmt_*`` functions format
numbers the way each language reads them (English groups thousands,
``12,345``; Chinese counts in 万 and 亿, ``1.23万``); :func:`translate_error`
turns the one-line messages of :mod:`simulator.scenario` (``path: rule``) into
the chosen language, keeping the field path as written in the file so the
reader can find it.

Pure Python: no Streamlit, so the CLI and report code can use it too.
"""

from __future__ import annotations

import math
import re
from typing import Callable

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "中文"}
DEFAULT_LANG = "en"


def detect_language(locale: str | None) -> str:
    """The app's language for a browser locale such as ``zh-CN`` or ``en-GB``."""
    if locale and str(locale).lower().replace("_", "-").split("-")[0] == "zh":
        return "zh"
    return DEFAULT_LANG


def normalise_lang(value: object) -> str | None:
    """``"en"``/``"zh"`` for a query-parameter value, None if it is not one of ours."""
    text = str(value).strip().lower() if value is not None else ""
    if text in LANGS:
        return text
    if text.startswith("zh") or text == "中文":
        return "zh"
    if text.startswith("en") or text == "english":
        return "en"
    return None


# --------------------------------------------------------------------------
# Strings
# --------------------------------------------------------------------------

TEXT: dict[str, dict[str, str]] = {
    # page
    "app_title": {"en": "Front-end / back-end funnel", "zh": "前端 / 后端 漏斗模拟"},
    "tagline": {
        "en": "Does the loss leader pay back, when, and how sure are we?",
        "zh": "引流产品能回本吗？什么时候回本？有多大把握？",
    },
    "language": {"en": "Language", "zh": "语言"},
    "scenario": {"en": "Scenario", "zh": "场景"},
    "preset": {"en": "Preset", "zh": "预设场景"},
    "preset_help": {
        "en": "Ready-made scenarios from the scenarios/ folder. Picking one replaces every setting below.",
        "zh": "来自 scenarios/ 文件夹的现成场景。选择后会替换下面的所有设置。",
    },
    "preset_custom": {"en": "(your own scenario)", "zh": "（自定义场景）"},
    "upload": {"en": "Upload a scenario (YAML)", "zh": "上传场景文件（YAML）"},
    "upload_help": {
        "en": "A scenario file, as downloaded from here or written by hand (at most 256 KB). "
        "If it is not valid, the current scenario stays as it is.",
        "zh": "场景文件：可以是从这里下载的，也可以是手写的（最大 256 KB）。文件无效时，当前场景保持不变。",
    },
    "download": {"en": "Download this scenario (YAML)", "zh": "下载当前场景（YAML）"},
    "download_help": {
        "en": "Saves every setting, sliders included; uploading the file brings back exactly this state.",
        "zh": "保存所有设置（包括滑块）；重新上传该文件即可恢复到完全相同的状态。",
    },
    "upload_failed": {
        "en": "Could not load {file}; the current scenario is unchanged.",
        "zh": "无法载入 {file}，当前场景保持不变。",
    },
    "fitted_loaded": {
        "en": "Loaded the fitted scenario “{name}”: churn and repeat buying come from your data; fill in CAC, the "
        "back-end ladder and costs (marked TODO in the description).",
        "zh": "已载入拟合场景“{name}”：流失和复购来自你的数据；请补充获客成本、后端阶梯和各项成本（描述中标记为 TODO）。",
    },
    "upload_loaded": {"en": "Loaded “{name}” from {file}.", "zh": "已从 {file} 载入“{name}”。"},
    "link_failed": {
        "en": "The scenario in this link could not be read; showing the default preset instead.",
        "zh": "无法读取链接中的场景，已改为显示默认预设。",
    },
    "pinned_link_failed": {
        "en": "The pinned scenario A in this link could not be read; comparison is off.",
        "zh": "无法读取链接中固定的场景 A，已关闭对比。",
    },
    "bad_presets": {"en": "Preset files that could not be read: {files}", "zh": "无法读取的预设文件：{files}"},
    "no_presets": {"en": "No preset could be read; starting from a blank scenario.", "zh": "没有可用的预设，从空白场景开始。"},
    "settings_invalid": {
        "en": "These settings do not make a valid scenario, so the results below are for the last valid settings:",
        "zh": "当前设置不构成有效场景，下面显示的是上一次有效设置的结果：",
    },
    "simulation_failed": {
        "en": "The simulation could not run: {error}",
        "zh": "模拟无法运行：{error}",
    },
    "unexpected": {
        "en": "Something went wrong while drawing the page; the details are in the server log.",
        "zh": "页面绘制时出错，详细信息请查看服务器日志。",
    },
    "running": {"en": "Simulating…", "zh": "正在模拟…"},
    "share_help": {
        "en": "The page address carries this scenario (and the language): copy it to share exactly this view.",
        "zh": "页面地址中包含当前场景（和语言）：复制地址即可分享完全相同的视图。",
    },
    # control groups
    "group_acquisition": {"en": "Acquisition", "zh": "获客"},
    "group_front_end": {"en": "Front end", "zh": "前端产品"},
    "group_back_end": {"en": "Back end", "zh": "后端产品"},
    "group_retention": {"en": "Retention", "zh": "留存"},
    "group_costs": {"en": "Costs", "zh": "成本"},
    "group_word_of_mouth": {"en": "Word of mouth", "zh": "口碑"},
    "group_business": {"en": "Whole business", "zh": "整体业务"},
    "group_advanced": {"en": "Advanced", "zh": "高级设置"},
    "controls": {"en": "Levers", "zh": "调节杠杆"},
    # control labels
    "ctl_cac": {"en": "CAC · {name}", "zh": "获客成本 · {name}"},
    "ctl_cost_per_lead": {"en": "Cost per lead · {name}", "zh": "每条线索成本 · {name}"},
    "ctl_conversion": {"en": "Lead → buyer conversion · {name}", "zh": "线索转化率 · {name}"},
    "ctl_churn_multiplier": {"en": "Churn × · {name}", "zh": "流失率倍数 · {name}"},
    "ctl_take_rate_multiplier": {"en": "Take rate × · {name}", "zh": "购买率倍数 · {name}"},
    "ctl_repeat_heterogeneity": {"en": "Repeat chance heterogeneity", "zh": "复购概率异质性"},
    "ctl_share": {"en": "Share of buyers · {name}", "zh": "买家占比 · {name}"},
    "shares_caption": {"en": "Shares of paid buyers: {shares} ({rest} takes the rest).",
                       "zh": "付费买家占比：{shares}（{rest} 占其余部分）。"},
    "ctl_buyers_per_period": {"en": "Paid buyers per {unit}", "zh": "每{unit}付费买家数"},
    "ctl_acquisition_periods": {"en": "Acquisition runs for ({units})", "zh": "持续获客（{units}）"},
    "ctl_cac_growth": {"en": "CAC growth per {unit}", "zh": "每{unit}获客成本增长"},
    "ctl_affiliate_commission": {"en": "Affiliate commission per buyer", "zh": "每位买家的联盟佣金"},
    "ctl_fe_price": {"en": "Price · {name}", "zh": "价格 · {name}"},
    "ctl_fe_unit_cost": {"en": "Unit cost · {name}", "zh": "单位成本 · {name}"},
    "rung_heading": {"en": "Rung {n}: {name}", "zh": "第 {n} 级：{name}"},
    "ctl_take_rate": {"en": "Take rate · {name}", "zh": "购买率 · {name}"},
    "ctl_rung_price": {"en": "Price · {name}", "zh": "价格 · {name}"},
    "ctl_delay": {"en": "Delay ({units}) · {name}", "zh": "间隔（{units}）· {name}"},
    "ctl_downsell_take_rate": {"en": "Downsell take rate · {name}", "zh": "降级产品购买率 · {name}"},
    "ctl_downsell_price": {"en": "Downsell price · {name}", "zh": "降级产品价格 · {name}"},
    "rung_name": {"en": "Name of rung {n}", "zh": "第 {n} 级名称"},
    "rung_billing": {"en": "Billing", "zh": "计费方式"},
    "billing_once": {"en": "Once", "zh": "一次性"},
    "billing_per_period": {"en": "Every {unit} while active", "zh": "活跃期间每{unit}"},
    "rung_edit_failed": {"en": "Rung {n} was not changed:", "zh": "第 {n} 级未修改："},
    "add_rung": {"en": "Add a rung", "zh": "添加一级"},
    "remove_rung": {"en": "Remove rung {n}", "zh": "删除第 {n} 级"},
    "new_rung_name": {"en": "Upsell {n}", "zh": "追加销售 {n}"},
    "no_rungs": {"en": "No back-end offers yet.", "zh": "还没有后端产品。"},
    "ctl_sub_adoption": {"en": "Subscription adoption", "zh": "订阅比例"},
    "ctl_sub_price": {"en": "Subscription price per {unit}", "zh": "每{unit}订阅价格"},
    "ctl_repeat_rate": {"en": "Repeat order chance per {unit}", "zh": "每{unit}复购概率"},
    "ctl_repeat_value": {"en": "Repeat order value", "zh": "复购订单金额"},
    "ctl_repeat_margin": {"en": "Repeat order margin", "zh": "复购毛利率"},
    "ctl_churn": {"en": "Churn per {unit}", "zh": "每{unit}流失率"},
    "ctl_heterogeneity": {"en": "Churn heterogeneity", "zh": "流失异质性"},
    "ctl_save_acceptance": {"en": "Save offer: acceptance", "zh": "挽留优惠：接受率"},
    "ctl_save_discount": {"en": "Save offer: discount", "zh": "挽留优惠：折扣"},
    "ctl_loyalty_reduction": {"en": "Loyalty programme: churn reduction", "zh": "会员计划：流失降低比例"},
    "ctl_loyalty_cost": {"en": "Loyalty programme: cost per member per {unit}", "zh": "会员计划：每位会员每{unit}成本"},
    "ctl_upsell_fatigue": {"en": "Upsell fatigue (extra churn per offer)", "zh": "追销疲劳（每次推销增加的流失率）"},
    "ctl_cost_to_serve": {"en": "Cost to serve per customer per {unit}", "zh": "每位客户每{unit}服务成本"},
    "ctl_rung_unit_cost": {"en": "Unit cost · {name}", "zh": "单位成本 · {name}"},
    "ctl_downsell_unit_cost": {"en": "Unit cost · {name}", "zh": "单位成本 · {name}"},
    "ctl_sub_unit_cost": {"en": "Subscription cost per {unit}", "zh": "每{unit}订阅成本"},
    "ctl_referral_rate": {"en": "Referrals per active customer per {unit}", "zh": "每位活跃客户每{unit}转介绍人数"},
    "ctl_referral_reward": {"en": "Reward per referred buyer", "zh": "每位被推荐买家的奖励"},
    "ctl_horizon": {"en": "Horizon ({units})", "zh": "模拟时长（{units}）"},
    "ctl_discount_rate": {"en": "Discount rate (per year)", "zh": "折现率（每年）"},
    "ctl_customers": {"en": "Buyers simulated per replicate", "zh": "每次重复模拟的买家数"},
    "ctl_replicates": {"en": "Replicates", "zh": "重复次数"},
    "ctl_seed": {"en": "Random seed", "zh": "随机种子"},
    "uncertain": {"en": "±", "zh": "±"},
    "uncertain_help": {
        "en": "± switch: unsure of this number? Give a low–high range (a 90% interval) instead. "
        "Each replicate draws its own value, so the bands show what we don't know as well as chance.",
        "zh": "± 开关：不确定这个数值？改用“低–高”区间（90% 区间）。每次重复各自抽取一个值，区间带因此同时反映未知因素和随机性。",
    },
    "range_label": {"en": "{label} — 90% range", "zh": "{label} —— 90% 区间"},
    "sample_note": {
        "en": "{customers} buyers × {replicates} replicates",
        "zh": "{customers} 位买家 × {replicates} 次重复",
    },
    # headline numbers
    "m_clv": {"en": "Lifetime value", "zh": "客户终身价值"},
    "m_cac": {"en": "CAC", "zh": "获客成本"},
    "m_ltv_cac": {"en": "LTV : CAC", "zh": "LTV : CAC"},
    "m_net_value": {"en": "Net value per buyer", "zh": "每位买家净价值"},
    "m_payback": {"en": "Payback", "zh": "回本时间"},
    "m_max_cac": {"en": "Most you can pay per buyer", "zh": "最高可承受获客成本"},
    "m_prob_profit": {"en": "Chance of profit", "zh": "盈利概率"},
    "m_front_end_profit": {"en": "Front-end profit per buyer", "zh": "每位买家的前端利润"},
    "h_front_end_profit": {
        "en": "Front-end price minus its unit cost minus CAC, at the first sale: negative is the investment "
        "the back end has to pay back.",
        "zh": "前端价格减去单位成本再减去获客成本（首次销售时）：为负表示需要由后端收回的投入。",
    },
    "h_clv": {
        "en": "Discounted gross profit per paid front-end buyer over the horizon, before CAC, "
        "including the profit of the buyers they refer (net of rewards). Mean, with the 90% band.",
        "zh": "在模拟时长内每位付费前端买家带来的折现毛利（未扣除获客成本），包括其推荐买家的利润（已扣除奖励）。显示均值和 90% 区间。",
    },
    "h_cac": {
        "en": "Cost to acquire one paid front-end buyer: channel cost plus affiliate commission.",
        "zh": "获得一位付费前端买家的成本：渠道成本加联盟佣金。",
    },
    "h_ltv_cac": {
        "en": "Lifetime value divided by CAC; above 1 the buyer is worth more than they cost to win.",
        "zh": "终身价值除以获客成本；大于 1 表示买家的价值高于获取成本。",
    },
    "h_net_value": {
        "en": "Lifetime value minus CAC: what one more buyer adds, in today's money.",
        "zh": "终身价值减去获客成本：每多一位买家带来的价值（按现值计）。",
    },
    "h_payback": {
        "en": "First period in which the cumulative cash per buyer, CAC included, is back at zero or above. Median.",
        "zh": "每位买家的累计现金（含获客成本）首次回到零或以上的时间。显示中位数。",
    },
    "h_max_cac": {
        "en": "The acquisition cost at which net value would be zero: the break-even CAC.",
        "zh": "使净价值为零的获客成本，即盈亏平衡的获客成本。",
    },
    "h_prob_profit": {
        "en": "Share of the replicates in which net value per buyer is above zero.",
        "zh": "在所有重复模拟中，每位买家净价值大于零的比例。",
    },
    "band": {"en": "90%: {low} – {high}", "zh": "90% 区间：{low} – {high}"},
    "prob_note": {"en": "of {replicates} replicates", "zh": "共 {replicates} 次重复"},
    "per_buyer_note": {
        "en": "Money per paid front-end buyer, in {currency}. {sample}, seed {seed}.",
        "zh": "金额均为每位付费前端买家的数值，货币：{currency}。{sample}，随机种子 {seed}。",
    },
    "not_available": {"en": "n/a", "zh": "无"},
    "never": {"en": "not within {horizon}", "zh": "{horizon}内未回本"},
    "never_short": {"en": "never", "zh": "未回本"},
    "at_once": {"en": "at once", "zh": "立即"},
    # business view
    "business_title": {"en": "The whole business", "zh": "整体业务"},
    "business_note": {
        "en": "{buyers} paid buyers a {unit} for {periods}, CAC growing {growth} a {unit} (average CAC paid "
        "{cac}, {cac_band}): money for the whole business, in {currency}.",
        "zh": "每{unit} {buyers} 位付费买家，持续 {periods}，获客成本每{unit}增长 {growth}（平均获客成本 {cac}，"
        "{cac_band}）：整体业务的金额，货币：{currency}。",
    },
    "business_off": {
        "en": "The whole business: set “paid buyers per {unit}” under Whole business in the levers to see "
        "the capital needed and when cash turns positive.",
        "zh": "整体业务：在杠杆的“整体业务”中设置“每{unit}付费买家数”，即可查看所需资金和现金何时转正。",
    },
    "b_total_profit": {"en": "Total profit", "zh": "总利润"},
    "b_npv": {"en": "Net present value", "zh": "净现值"},
    "b_capital_needed": {"en": "Capital needed", "zh": "所需资金"},
    "b_cash_positive_period": {"en": "Cash positive", "zh": "现金转正"},
    "b_average_cac": {"en": "Average CAC paid", "zh": "平均获客成本"},
    "hb_total_profit": {"en": "Undiscounted profit of every cohort over the horizon.",
                        "zh": "模拟时长内所有批次客户的未折现利润。"},
    "hb_npv": {"en": "Profit of every cohort over the horizon, discounted to today.",
               "zh": "模拟时长内所有批次客户的利润，折现到今天。"},
    "hb_capital_needed": {
        "en": "The deepest the business's cumulative cash goes below zero: what you must fund before the back "
        "end pays for acquisition.",
        "zh": "整体业务累计现金低于零的最大深度：后端收入覆盖获客成本之前需要投入的资金。"},
    "hb_cash_positive_period": {"en": "When cumulative cash is back at zero or above after its low point. Median.",
                                "zh": "累计现金在最低点之后回到零或以上的时间。显示中位数。"},
    "hb_average_cac": {"en": "CAC averaged over every paid buyer acquired; it rises with CAC growth.",
                       "zh": "所有付费买家的平均获客成本；随获客成本增长而上升。"},
    "c_business_title": {"en": "Cumulative cash of the whole business", "zh": "整体业务的累计现金"},
    "c_business_sub": {
        "en": "New paid buyers every {unit}. Line: mean; band: 90%. ▼ capital needed; ◆ cash positive (median).",
        "zh": "每{unit}都有新的付费买家。线：均值；带：90% 区间。▼ 所需资金；◆ 现金转正（中位数）。",
    },
    "c_capital": {"en": "Capital needed: {money}", "zh": "所需资金：{money}"},
    "c_cash_positive": {"en": "Cash positive: {when}", "zh": "现金转正：{when}"},
    # uploader (Streamlit's own words, replaced)
    "uploader_button": {"en": "Upload", "zh": "上传"},
    "uploader_limit": {"en": "YAML, at most 256 KB", "zh": "YAML 文件，最大 256 KB"},
    # workshop tools (the app's Tools view; the tools' own words are in report_i18n)
    "view_tools": {"en": "Tools", "zh": "工具"},
    "view_calibrate": {"en": "Calibrate", "zh": "校准"},
    "tools_title": {"en": "Workshop tools", "zh": "工作坊工具"},
    "tools_intro": {
        "en": "Direct answers for the scenario on the left: move its levers and the tools follow.",
        "zh": "针对左侧当前场景的直接答案：调整杠杆，工具结果随之更新。",
    },
    "tool_pick": {"en": "Tool", "zh": "工具"},
    "tool_max_cac": {"en": "Most you can pay", "zh": "最高获客成本"},
    "tool_channels": {"en": "Which fish pond", "zh": "选哪个鱼塘"},
    "tool_sensitivity": {"en": "Which lever", "zh": "哪个杠杆"},
    "tool_calc": {"en": "Formulas", "zh": "常见公式"},
    "tool_report": {"en": "Report", "zh": "报告"},
    "a_title": {"en": "How much can you pay to win a buyer?", "zh": "获取一位买家最多能花多少钱？"},
    "a_sub": {"en": "Share of the simulated futures that still break even at each acquisition cost per buyer.",
              "zh": "在每个获客成本下，仍能保本的模拟情景所占比例。"},
    "a_x": {"en": "Acquisition cost per buyer ({currency})", "zh": "每位买家的获客成本（{currency}）"},
    "a_today": {"en": "Today", "zh": "当前"},
    "a_most": {"en": "Most you can pay", "zh": "最高可承受"},
    "a_today_label": {"en": "Today: {cost} → {share}", "zh": "当前：{cost} → {share}"},
    "a_most_label": {"en": "Most: {cost} at {share}", "zh": "最高：{cost}（{share}）"},
    "mc_payback_toggle": {"en": "Also pay back within a set time", "zh": "同时要求在限定时间内回本"},
    "mc_payback_within": {"en": "Pay back within ({units})", "zh": "回本期限（{units}）"},
    "mc_verify": {
        "en": "Check: simulated again at {value} with the same seed, the plan breaks even in {share} of the futures.",
        "zh": "检验：以 {value} 和相同随机种子重新模拟，方案在 {share} 的模拟情景中保本。",
    },
    "mc_payback_binds": {
        "en": "Paying back within {when} is the tighter rule: without it you could pay {break_even}.",
        "zh": "“在 {when}内回本”是更紧的约束：不要求回本时最多可付 {break_even}。",
    },
    "mc_band": {"en": "Break-even cost across the futures, 90%: {low} – {high}",
                "zh": "各模拟情景的盈亏平衡成本，90% 区间：{low} – {high}"},
    "ch_one": {
        "en": "This scenario has one acquisition channel. Open the “Which fish pond” preset, or add channels "
        "(with their cost, conversion and customer quality) to a scenario file, to compare ponds.",
        "zh": "当前场景只有一个获客渠道。打开“选哪个鱼塘”预设，或在场景文件中添加多个渠道（含成本、转化率和客户质量），即可比较。",
    },
    "ch_metric": {"en": "Compare by", "zh": "比较指标"},
    "ch_channel": {"en": "Channel", "zh": "渠道"},
    "ch_capacity": {"en": "Capacity per {unit}", "zh": "每{unit}容量"},
    "ch_unlimited": {"en": "unlimited", "zh": "不限"},
    "ch_quality": {"en": "Quality (churn × / take rate ×)", "zh": "客户质量（流失 × / 购买率 ×）"},
    "ch_budget": {"en": "Acquisition budget per {unit} ({currency})", "zh": "每{unit}获客预算（{currency}）"},
    "ch_split_title": {"en": "Best split of the budget", "zh": "预算最优分配"},
    "ch_buyers": {"en": "Buyers", "zh": "买家数"},
    "ch_spend": {"en": "Spend", "zh": "花费"},
    "ch_profit": {"en": "Expected profit", "zh": "预期利润"},
    "ch_split_note": {
        "en": "{buyers} buyers for {spend} a {unit}, expected net value {profit} (90%: {low} – {high}); "
        "{unspent} left unspent where no channel adds value or capacity runs out.",
        "zh": "每{unit}花费 {spend} 获得 {buyers} 位买家，预期净价值 {profit}（90% 区间：{low} – {high}）；"
        "因渠道无利可图或容量已满而未花费：{unspent}。",
    },
    "ch_best": {"en": "Best pond per buyer: {name}.", "zh": "按每位买家计，最好的鱼塘是：{name}。"},
    "sens_sizes": {
        "en": "Each lever moved alone, with the same random numbers; {sample} per variant.",
        "zh": "每次只调整一个杠杆，使用相同的随机数；每个变体{sample}。",
    },
    "sens_top": {"en": "Biggest lever: {lever} ({change} per buyer for +{step}).",
                 "zh": "影响最大的杠杆：{lever}（上调 {step} 时每位买家变化 {change}）。"},
    "report_intro": {
        "en": "One self-contained HTML file (opens without a network): assumptions, headline numbers with bands, "
        "every chart, the sensitivity and these tools. With scenario A pinned, it compares A and B.",
        "zh": "一个自包含的 HTML 文件（无需联网即可打开）：假设、带区间的核心指标、所有图表、敏感度分析和这些工具。固定场景 A 后，报告会对比 A 和 B。",
    },
    "report_build": {"en": "Build the report", "zh": "生成报告"},
    "report_ready": {"en": "Report ready ({size}).", "zh": "报告已生成（{size}）。"},
    "report_png": {"en": "Chart to export as PNG", "zh": "导出为 PNG 的图表"},
    "report_failed": {"en": "The report could not be built: {error}", "zh": "无法生成报告：{error}"},
    # presenter mode
    "view_simulate": {"en": "Simulate", "zh": "模拟"},
    "view_present": {"en": "Present", "zh": "演示"},
    "view_label": {"en": "View", "zh": "视图"},
    "p_exit": {"en": "Leave presenter mode", "zh": "退出演示模式"},
    "p_prev": {"en": "Back", "zh": "上一步"},
    "p_next": {"en": "Next", "zh": "下一步"},
    "p_step": {"en": "Step {n} of {total}", "zh": "第 {n} 步，共 {total} 步"},
    "p_no_story": {"en": "A scenario without a written story.", "zh": "这个场景没有文字说明。"},
    "p_front_cost": {"en": "Each buyer costs {x} at the first sale, CAC included: that is the investment.",
                     "zh": "扣除获客成本后，每位买家在首次销售时亏损 {x}：这就是投入。"},
    "p_front_even": {"en": "The front end breaks even: the first sale pays for winning the buyer.",
                     "zh": "前端刚好保本：首次销售的收入抵消了获客成本。"},
    "p_front_earn": {"en": "The front end already earns {x} per buyer after CAC.",
                     "zh": "扣除获客成本后，前端每位买家已经赚 {x}。"},
    "p_payback_in": {"en": "The back end pays it back in {when}.", "zh": "后端在 {when}内收回投入。"},
    "p_payback_never": {"en": "Within {horizon} the back end does not pay it back.",
                        "zh": "在{horizon}内，后端无法收回投入。"},
    "p_worth": {
        "en": "Over {horizon} a buyer is worth {net} after CAC; the plan is profitable in {prob} of the simulations.",
        "zh": "{horizon}内每位买家扣除获客成本后价值 {net}；在 {prob} 的模拟中这个方案是盈利的。",
    },
    "p_funnel": {"en": "Of every 100 front-end buyers, {steps}.", "zh": "每 100 位前端买家中，{steps}。"},
    "p_funnel_step": {"en": "{n} buy {name}", "zh": "{n} 位购买 {name}"},
    "p_list_sep": {"en": ", ", "zh": "，"},
    "p_funnel_none": {"en": "No back-end ladder yet: the front end is the whole funnel.",
                      "zh": "还没有后端产品阶梯：前端就是整个漏斗。"},
    "p_money": {
        "en": "Over {horizon} each buyer brings {revenue} of revenue; {back} of it comes after the front-end sale. "
        "The biggest source: {top}.",
        "zh": "{horizon}内每位买家带来 {revenue} 的收入，其中 {back} 来自前端销售之后。最大的收入来源：{top}。",
    },
    "p_active": {
        "en": "By {when}, {n} of every 100 buyers are still customers (referred ones included); at the end, {end}.",
        "zh": "到{when}，每 100 位买家中仍有 {n} 位是客户（含推荐来的客户）；到最后还有 {end} 位。",
    },
    "p_value": {
        "en": "The top 20% of customers bring {share} of the value; the median customer is worth {median}. "
        "The most you could pay to win a buyer is {most}; today you pay {cac}.",
        "zh": "前 20% 的客户贡献了 {share} 的价值；中位客户的价值为 {median}。获取一位买家最多可以支付 {most}；目前支付 {cac}。",
    },
    "p_business": {
        "en": "Buying customers every period needs {capital} of capital before the back end pays for acquisition; "
        "cash turns positive after {when}, and the business makes {profit} over {horizon}.",
        "zh": "每期持续获客，在后端收入覆盖获客成本之前需要 {capital} 的资金；{when}后现金转正，{horizon}内整体业务盈利 {profit}。",
    },
    # compare
    "compare": {"en": "Compare", "zh": "对比"},
    "pin": {"en": "Pin as A", "zh": "固定为 A"},
    "pin_help": {
        "en": "Keep the current settings as A; then move sliders and see B (the current settings) against A.",
        "zh": "把当前设置固定为 A；然后移动滑块，查看 B（当前设置）与 A 的对比。",
    },
    "unpin": {"en": "Unpin A", "zh": "取消固定"},
    "compare_note": {
        "en": "B (current settings) against A (pinned: “{name}”). Both use seed {seed} and {sample}, "
        "so the differences come from the levers, not from chance.",
        "zh": "B（当前设置）对比 A（已固定：“{name}”）。两者使用相同的随机种子 {seed} 和{sample}，因此差异来自杠杆，而不是随机性。",
    },
    "label_a": {"en": "A (pinned)", "zh": "A（已固定）"},
    "label_b": {"en": "B (current)", "zh": "B（当前）"},
    "label_one": {"en": "This scenario", "zh": "当前场景"},
    # charts
    "c_cash_title": {"en": "Cumulative cash per buyer", "zh": "每位买家的累计现金"},
    "c_cash_sub": {
        "en": "The front-end dip is the investment, the back-end climb the harvest. Line: mean; band: 90%; "
        "◆ payback (median).",
        "zh": "前端的下探是投入，后端的攀升是收获。线：均值；带：90% 区间；◆ 回本点（中位数）。",
    },
    "c_payback": {"en": "Payback: {when}", "zh": "回本：{when}"},
    "c_funnel_title": {"en": "Of 100 buyers, how many buy each step", "zh": "每 100 位买家中购买各步骤的人数"},
    "c_funnel_x": {"en": "Buyers of 100", "zh": "人数（每 100 人）"},
    "c_step": {"en": "Step", "zh": "步骤"},
    "c_money_title": {"en": "Where the money comes from, per {unit}", "zh": "每{unit}的收入来源与成本"},
    "c_money_sub": {
        "en": "Revenue by source above zero, costs below, per paid buyer (mean). Black: profit.",
        "zh": "零线以上为各来源收入，以下为成本，均为每位付费买家的均值。黑色：利润。",
    },
    "c_money_sub_compare": {
        "en": "Left bar of each pair: A (pinned, paler); right bar: B (current). Black ticks: profit.",
        "zh": "每对柱子中左边为 A（已固定，颜色较浅），右边为 B（当前）。黑色短横：利润。",
    },
    "c_money_y": {"en": "Per buyer ({currency})", "zh": "每位买家（{currency}）"},
    "c_source": {"en": "Source", "zh": "来源"},
    "c_active_title": {"en": "Active customers per 100 buyers", "zh": "每 100 位买家中的活跃客户"},
    "c_active_sub": {
        "en": "Paid buyers still with you, plus those they referred.\nLine: mean; band: 90%.",
        "zh": "仍在的付费买家，加上他们推荐来的客户。\n线：均值；带：90% 区间。",
    },
    "c_active_y": {"en": "Active customers", "zh": "活跃客户数"},
    "c_value_title": {"en": "Spread of customer value", "zh": "客户价值分布"},
    "c_value_sub": {
        "en": "Each customer's own discounted gross profit (before CAC, without referrals).",
        "zh": "每位客户自身的折现毛利（未扣除获客成本，不含转介绍）。",
    },
    "c_value_x": {"en": "Customer value ({currency})", "zh": "客户价值（{currency}）"},
    "c_value_y": {"en": "Share of customers", "zh": "客户占比"},
    "c_top20": {"en": "Top 20% of customers bring {share} of the value", "zh": "前 20% 的客户贡献了 {share} 的价值"},
    "c_top20_none": {"en": "No positive customer value to share out", "zh": "没有正的客户价值可供分配"},
    "c_value_pct": {
        "en": "Median {p50}; middle half {p25} – {p75}; top 5% above {p95}.",
        "zh": "中位数 {p50}；中间一半 {p25} – {p75}；前 5% 高于 {p95}。",
    },
    "c_cash_y": {"en": "Cumulative cash ({currency})", "zh": "累计现金（{currency}）"},
    "c_scenario": {"en": "Scenario", "zh": "场景"},
    "c_mean": {"en": "Mean", "zh": "均值"},
    "c_p5": {"en": "5th percentile", "zh": "第 5 百分位"},
    "c_p95": {"en": "95th percentile", "zh": "第 95 百分位"},
    "c_value": {"en": "Value", "zh": "数值"},
    "c_range": {"en": "Range", "zh": "区间"},
    "c_revenue": {"en": "Revenue", "zh": "收入"},
    "c_cost": {"en": "Cost", "zh": "成本"},
    "c_profit": {"en": "Profit", "zh": "利润"},
    "c_kind": {"en": "Kind", "zh": "类别"},
    # cash-flow sources
    "src_front_end": {"en": "Front end", "zh": "前端"},
    "src_subscription": {"en": "Subscription", "zh": "订阅"},
    "src_repeat_orders": {"en": "Repeat orders", "zh": "复购"},
    "src_referrals": {"en": "Referred buyers", "zh": "推荐来的买家"},
    "src_goods": {"en": "Cost of goods", "zh": "产品成本"},
    "src_service": {"en": "Cost to serve", "zh": "服务成本"},
    "src_loyalty": {"en": "Loyalty programme", "zh": "会员计划"},
    "src_acquisition": {"en": "Acquisition (CAC)", "zh": "获客成本"},
    "src_referral_costs": {"en": "Referral rewards and costs", "zh": "转介绍奖励与成本"},
}

# time units, by periods per year: (singular, plural) in English, one word in Chinese
_UNITS_EN = {1: ("year", "years"), 2: ("half-year", "half-years"), 4: ("quarter", "quarters"),
             12: ("month", "months"), 52: ("week", "weeks"), 365: ("day", "days")}
_UNITS_ZH = {1: ("年", "年"), 2: ("半年", "个半年"), 4: ("季度", "个季度"), 12: ("月", "个月"),
             52: ("周", "周"), 365: ("天", "天")}


def t(lang: str, key: str, **fields: object) -> str:
    """The string ``key`` in ``lang`` (English where a translation is missing), with fields filled in."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


def unit(lang: str, periods_per_year: int) -> str:
    """The name of one period: ``month`` / ``月``."""
    if lang == "zh":
        return _UNITS_ZH.get(periods_per_year, ("期", "期"))[0]
    return _UNITS_EN.get(periods_per_year, ("period", "periods"))[0]


def units(lang: str, periods_per_year: int) -> str:
    """The plural name of periods: ``months`` / ``个月``."""
    if lang == "zh":
        return _UNITS_ZH.get(periods_per_year, ("期", "期"))[1]
    return _UNITS_EN.get(periods_per_year, ("period", "periods"))[1]


def period_label(lang: str, periods_per_year: int, n: int) -> str:
    """One period by its number: ``Month 3`` / ``第 3 个月``."""
    if lang == "zh":
        word = _UNITS_ZH.get(periods_per_year, ("期", "期"))[1]
        return f"第 {n} {word}"
    return f"{unit(lang, periods_per_year).capitalize()} {n}"


def period_axis(lang: str, periods_per_year: int) -> str:
    """Axis title for the time axis: ``Month`` / ``月份``."""
    if lang == "zh":
        word = _UNITS_ZH.get(periods_per_year, ("期", "期"))[0]
        return {"月": "月份", "年": "年份", "天": "天数", "周": "周数"}.get(word, word)
    return unit(lang, periods_per_year).capitalize()


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

_CURRENCY_SYMBOLS = {"USD": "$", "CNY": "¥", "RMB": "¥", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$",
                     "AUD": "A$", "CAD": "C$", "SGD": "S$", "INR": "₹", "KRW": "₩"}


def _plain(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}"
    if decimals and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _decimals(ax: float) -> int:
    if ax >= 100:
        return 0
    if ax >= 10:
        return 1
    return 2


def fmt_number(x: float | None, lang: str, decimals: int | None = None) -> str:
    """A plain number: ``12,345`` / ``1.23万``; small numbers keep a few decimals."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return t(lang, "not_available")
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    ax = abs(x)
    if lang == "zh" and ax >= 1e4:
        scale, word = (1e8, "亿") if ax >= 1e8 else (1e4, "万")
        v = x / scale
        return _plain(v, decimals if decimals is not None else (2 if abs(v) < 100 else 0)) + word
    if lang != "zh" and ax >= 1e6:
        scale, word = (1e9, "B") if ax >= 1e9 else (1e6, "M")
        v = x / scale
        return _plain(v, decimals if decimals is not None else (2 if abs(v) < 100 else 0)) + word
    text = _plain(x, decimals if decimals is not None else _decimals(ax))
    return "0" if text in ("-0", "-0.0") else text


def currency_symbol(currency: str) -> str:
    return _CURRENCY_SYMBOLS.get(currency.upper(), "")


def fmt_money(x: float | None, lang: str, currency: str) -> str:
    """Money: ``¥2,260``, ``$1.5``, ``-$500``; codes without a symbol go after: ``2,260 CHF``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return t(lang, "not_available")
    symbol = currency_symbol(currency)
    body = fmt_number(abs(x), lang)
    sign = "-" if x < 0 and body.strip("0.,") else ""
    if symbol:
        return f"{sign}{symbol}{body}"
    return f"{sign}{body} {currency}".rstrip()


def fmt_percent(x: float | None, lang: str, decimals: int | None = None) -> str:
    """A share: ``80%``, ``4.5%``, ``0.25%``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return t(lang, "not_available")
    pct = 100 * x
    if decimals is None:
        decimals = 0 if abs(pct) >= 10 or pct == 0 else (1 if abs(pct) >= 1 else 2)
    return _plain(pct, decimals) + "%"


def fmt_ratio(x: float | None, lang: str) -> str:
    """A multiple: ``4.5×`` / ``4.5 倍``."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return t(lang, "not_available")
    body = _plain(x, 1 if abs(x) >= 10 else 2)
    return f"{body} 倍" if lang == "zh" else f"{body}×"


def fmt_periods(x: float | None, lang: str, periods_per_year: int, horizon: int | None = None) -> str:
    """A time span in periods: ``3 months`` / ``3 个月``; never reached: ``not within 12 months``."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        if horizon is None:
            return t(lang, "never_short")
        return t(lang, "never", horizon=fmt_periods(horizon, lang, periods_per_year))
    if x == 0:
        return t(lang, "at_once")
    n = _plain(float(x), 0 if float(x).is_integer() else 1)
    if lang == "zh":
        return f"{n} {units(lang, periods_per_year)}"
    word = unit(lang, periods_per_year) if float(x) == 1 else units(lang, periods_per_year)
    return f"{n} {word}"


def fmt_value(x: float | None, kind: str, lang: str, currency: str = "", periods_per_year: int = 12) -> str:
    """Format by kind of field: money, rate, count, int, periods."""
    if kind == "money":
        return fmt_money(x, lang, currency)
    if kind == "rate":
        return fmt_percent(x, lang)
    if kind == "periods":
        return fmt_periods(x, lang, periods_per_year)
    return fmt_number(x, lang)


def vega_number_expr(lang: str, field: str = "datum.value") -> str:
    """A Vega expression formatting ``field`` the way :func:`fmt_number` does (for axis labels)."""
    small = f"format({field}, abs({field}) >= 100 ? ',.0f' : ',.2~f')"
    if lang == "zh":
        return (
            f"abs({field}) >= 1e8 ? format({field} / 1e8, ',.2~f') + '亿' : "
            f"abs({field}) >= 1e4 ? format({field} / 1e4, ',.2~f') + '万' : {small}"
        )
    return (
        f"abs({field}) >= 1e9 ? format({field} / 1e9, ',.2~f') + 'B' : "
        f"abs({field}) >= 1e7 ? format({field} / 1e6, ',.2~f') + 'M' : {small}"
    )


# --------------------------------------------------------------------------
# Error messages
# --------------------------------------------------------------------------

# Glosses for field names, shown next to the path in Chinese messages.
FIELD_ZH = {
    "version": "格式版本", "name": "名称", "description": "描述", "currency": "货币",
    "periods_per_year": "每年期数", "horizon": "模拟时长", "discount_rate": "折现率",
    "simulation": "模拟设置", "customers": "客户数", "replicates": "重复次数", "seed": "随机种子",
    "acquisition": "获客", "channels": "渠道", "share": "占比", "cac": "获客成本",
    "cost_per_lead": "每条线索成本", "conversion": "转化率", "affiliate_commission": "联盟佣金",
    "buyers_per_period": "每期买家数", "periods": "获客期数", "cac_growth": "获客成本增长",
    "front_end": "前端产品", "price": "价格", "unit_cost": "单位成本", "back_end": "后端产品",
    "take_rate": "购买率", "delay": "间隔", "billing": "计费方式", "downsell": "降级产品",
    "subscription": "订阅", "adoption": "订阅比例", "repeat_purchase": "复购", "rate": "概率",
    "order_value": "订单金额", "margin": "毛利率", "cost_to_serve": "服务成本", "retention": "留存",
    "churn": "流失率", "heterogeneity": "流失异质性", "churn_beta": "流失 Beta 参数", "alpha": "α",
    "beta": "β", "save_offer": "挽留优惠", "acceptance": "接受率", "discount": "折扣",
    "max_saves": "最多挽留次数", "loyalty_program": "会员计划", "cost_per_member": "每位会员成本",
    "churn_reduction": "流失降低比例", "upsell_fatigue": "追销疲劳", "referral": "转介绍",
    "per_active_customer": "每位活跃客户的推荐数", "reward": "奖励", "low": "下限", "high": "上限",
    "dist": "分布", "mode": "众数",
}

_TYPE_ZH = {
    "a number": "数字", "a whole number": "整数", "text": "文本", "true or false": "true 或 false",
    "a list": "列表", "a mapping of keys to values": "键值映射",
    "a finite number (not NaN or infinity)": "有限数值（不能是 NaN 或无穷大）",
}

_KIND_ZH = {"empty": "空文件", "list": "列表", "str": "文本", "int": "整数", "float": "数字", "bool": "布尔值"}

_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _zh_or(text: str) -> str:
    return text.replace(" or ", " 或 ").replace(", ", "、")


# whole messages (no "path: " in front, or a path we rewrite ourselves)
_WHOLE_ZH: list[_Rule] = [
    (re.compile(r"^file is ([\d,]+) bytes; (?:scenario files|uploads) are limited to ([\d,]+) bytes$"),
     lambda m: f"文件大小为 {m[1]} 字节；场景文件最大为 {m[2]} 字节"),
    (re.compile(r"^file is not UTF-8 text \(byte (\d+)\)$"),
     lambda m: f"文件不是 UTF-8 文本（第 {m[1]} 字节）"),
    (re.compile(r"^not valid YAML: line (\d+), column (\d+): (.*)$", re.S),
     lambda m: f"不是有效的 YAML：第 {m[1]} 行第 {m[2]} 列：{m[3]}"),
    (re.compile(r"^not valid YAML: (.*)$", re.S), lambda m: f"不是有效的 YAML：{m[1]}"),
    (re.compile(r"^line (\d+): YAML aliases \(\*name\) are not allowed in scenario files$"),
     lambda m: f"第 {m[1]} 行：场景文件中不允许使用 YAML 别名（*name）"),
    (re.compile(r"^a scenario must be a YAML mapping of keys to values \(got (.+)\)$"),
     lambda m: f"场景必须是 YAML 键值映射（实际为{_KIND_ZH.get(m[1], ' ' + m[1])}）"),
    (re.compile(r"^simulation: customers × replicates = ([\d,]+) exceeds the limit of ([\d,]+) customer-lifetimes per run$"),
     lambda m: f"simulation（模拟设置）：客户数 × 重复次数 = {m[1]}，超过了每次运行 {m[2]} 个客户生命周期的上限"),
    (re.compile(r"^simulation: replicates × horizon = ([\d,]+) exceeds ([\d,]+); lower replicates or the horizon$"),
     lambda m: f"simulation（模拟设置）：重复次数 × 模拟时长 = {m[1]}，超过上限 {m[2]}；请减少重复次数或模拟时长"),
    (re.compile(r"^referral\.per_active_customer: each customer would refer (\S+) buyers over an expected (\S+) "
                r"active periods, so referrals snowball without bound; the rate must be below (\S+) per period at this churn$"),
     lambda m: f"referral.per_active_customer（每位活跃客户的推荐数）：每位客户在预期 {m[2]} 个活跃期内会推荐 {m[1]} 位买家，"
               f"转介绍会无限滚雪球；在当前流失率下，该比例必须低于每期 {m[3]}"),
    (re.compile(r"^(.+): cannot read \((.+)\)$"), lambda m: f"{m[1]}：无法读取（{m[2]}）"),
    (re.compile(r"^link: the scenario in the link is longer than ([\d,]+) characters$"),
     lambda m: f"链接：链接中的场景超过 {m[1]} 个字符"),
    (re.compile(r"^link: not a scenario link of a known version$"), lambda m: "链接：不是可识别版本的场景链接"),
    (re.compile(r"^link: the scenario in the link is larger than ([\d,]+) bytes$"),
     lambda m: f"链接：链接中的场景超过 {m[1]} 字节"),
    (re.compile(r"^link: the scenario link is damaged or cut short$"), lambda m: "链接：场景链接已损坏或不完整"),
]

# the rule after "path: "
_RULE_ZH: list[_Rule] = [
    (re.compile(r"^unknown key; did you mean '(.+)'\?$"), lambda m: f"未知的键；您是不是想写 '{m[1]}'？"),
    (re.compile(r"^unknown key; known keys: (.+)$"), lambda m: f"未知的键；可用的键：{m[1]}"),
    (re.compile(r"^unknown key$"), lambda m: "未知的键"),
    (re.compile(r"^is required$"), lambda m: "为必填项"),
    (re.compile(r"^must be (a number|a whole number|text|true or false|a list|a mapping of keys to values|"
                r"a finite number \(not NaN or infinity\)) \(got (.+)\)$", re.S),
     lambda m: f"必须是{_TYPE_ZH[m[1]]}（实际为 {m[2]}）"),
    (re.compile(r"^must be (≥|≤|>|<) (\S+) \(got (.+)\)$"), lambda m: f"必须 {m[1]} {m[2]}（实际为 {m[3]}）"),
    (re.compile(r"^must not be empty$"), lambda m: "不能为空"),
    (re.compile(r"^needs at least one entry$"), lambda m: "至少需要一项"),
    (re.compile(r"^low must be ≤ high \(got low (\S+), high (\S+)\)$"),
     lambda m: f"下限 low 必须 ≤ 上限 high（实际 low 为 {m[1]}，high 为 {m[2]}）"),
    (re.compile(r"^triangular needs a mode$"), lambda m: "三角分布（triangular）需要给出众数 mode"),
    (re.compile(r"^mode must lie between low and high \(got (\S+)\)$"),
     lambda m: f"众数 mode 必须介于 low 和 high 之间（实际为 {m[1]}）"),
    (re.compile(r"^mode is only used with dist: triangular$"), lambda m: "众数 mode 只能与 dist: triangular 一起使用"),
    (re.compile(r"^lognormal needs low > 0 \(got (\S+)\)$"), lambda m: f"对数正态分布（lognormal）要求 low > 0（实际为 {m[1]}）"),
    (re.compile(r"^give either cac, or cost_per_lead with conversion, not both$"),
     lambda m: "请给出 cac，或者给出 cost_per_lead 加 conversion，不能同时给出"),
    (re.compile(r"^needs cac, or cost_per_lead together with conversion$"),
     lambda m: "需要 cac，或者同时给出 cost_per_lead 和 conversion"),
    (re.compile(r"^conversion must be > 0 \(got (\S+)\)$"), lambda m: f"转化率 conversion 必须 > 0（实际为 {m[1]}）"),
    (re.compile(r"^channel shares must sum to 1 \(got (\S+)\)$"), lambda m: f"各渠道占比之和必须为 1（实际为 {m[1]}）"),
    (re.compile(r"^give either churn with heterogeneity, or churn_beta, not both$"),
     lambda m: "请给出 churn（及 heterogeneity），或者给出 churn_beta，不能同时给出"),
    (re.compile(r"^string should have at most (\d+) characters?$"), lambda m: f"最多 {m[1]} 个字符"),
    (re.compile(r"^list should have at most (\d+) items? after validation, not (\d+)$"),
     lambda m: f"最多 {m[1]} 项（实际为 {m[2]} 项）"),
    (re.compile(r"^must be (.+) \(got (.+)\)$", re.S), lambda m: f"必须为 {_zh_or(m[1])}（实际为 {m[2]}）"),
    (re.compile(r"^input should be (.+) \(got (.+)\)$", re.S), lambda m: f"必须为 {_zh_or(m[1])}（实际为 {m[2]}）"),
]

_PATH = re.compile(r"^([A-Za-z_][\w]*(?:\[\d+\])?(?:\.[^\s:.\[\]]+(?:\[\d+\])?)*): (.+)$", re.S)


def _zh_path(path: str) -> str:
    leaf = re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1])
    gloss = FIELD_ZH.get(leaf)
    return f"{path}（{gloss}）" if gloss else path


def translate_error(message: str, lang: str) -> str:
    """One scenario error message in ``lang``; the field path stays as written in the file."""
    if lang != "zh":
        return message
    for pattern, render in _WHOLE_ZH:
        m = pattern.match(message)
        if m:
            return render(m)
    m = _PATH.match(message)
    if m:
        path, rule = m[1], m[2]
        for pattern, render in _RULE_ZH:
            r = pattern.match(rule) or pattern.match(rule[:1].lower() + rule[1:])
            if r:
                return f"{_zh_path(path)}：{render(r)}"
        return f"{_zh_path(path)}：{rule}"
    return message


# --------------------------------------------------------------------------
# Help texts of the levers, in Chinese (English comes from the schema's field descriptions)
# --------------------------------------------------------------------------

HELP_ZH = {
    "acquisition.channels.cac": "该渠道每获得一位付费前端买家的成本。",
    "acquisition.channels.cost_per_lead": "每条线索的成本；与转化率一起决定获客成本 = 线索成本 / 转化率。",
    "acquisition.channels.conversion": "线索中购买前端产品的比例。",
    "acquisition.affiliate_commission": "每位前端买家额外支付的联盟佣金，在渠道成本之外。",
    "acquisition.channels.churn_multiplier": "该渠道客户的流失率倍数（客户质量）：1 = 与平均相同，2 = 流失快一倍。",
    "acquisition.channels.take_rate_multiplier": "该渠道客户对后端产品购买率的倍数（客户质量）；结果最高为 100%。",
    "repeat_purchase.heterogeneity": "0 = 所有客户复购概率相同；越接近 1 越两极分化：每位客户的复购概率服从均值为复购概率的 Beta 分布。",
    "acquisition.channels.share": "来自该渠道的付费前端买家占比；所有渠道占比之和为 1（最后一个渠道占其余部分）。",
    "acquisition.buyers_per_period": "整体视图：每期获得的付费买家数（0 = 只看每位买家）。",
    "acquisition.periods": "整体视图：持续获客的期数。",
    "acquisition.cac_growth": "整体视图：获客成本每期的相对增长（获客越来越贵）。",
    "front_end.price": "前端产品价格；0 表示免费。",
    "front_end.unit_cost": "每笔销售的产品成本。",
    "back_end.take_rate": "收到该级推销的客户中购买的比例。",
    "back_end.price": "价格；0 表示免费。",
    "back_end.delay": "距上一步的期数（第一级从前端销售算起）。",
    "back_end.unit_cost": "每笔销售的产品成本（按期计费时为每期成本）。",
    "back_end.downsell.take_rate": "拒绝该级的客户中购买降级产品的比例。",
    "back_end.downsell.price": "降级产品价格。",
    "back_end.downsell.unit_cost": "降级产品每笔销售的成本。",
    "subscription.adoption": "前端买家中在第 0 期开始订阅的比例。",
    "subscription.price": "每个活跃期的订阅价格（包括第 0 期）。",
    "subscription.unit_cost": "每个订阅活跃期的成本。",
    "repeat_purchase.rate": "活跃客户每期下一笔复购订单的概率（第 1 期起）。",
    "repeat_purchase.order_value": "每笔复购订单的收入。",
    "repeat_purchase.margin": "复购订单金额中的毛利比例。",
    "retention.churn": "活跃客户在每个期末离开的平均概率。",
    "retention.heterogeneity": "0 = 所有人流失率相同（几何分布寿命）；越接近 1 越两极分化：每位客户的流失率服从均值为流失率的 Beta 分布。",
    "retention.save_offer.acceptance": "即将离开的客户中接受挽留优惠的比例。",
    "retention.save_offer.discount": "挽留后订阅和按期计费升级的价格折扣。",
    "retention.loyalty_program.churn_reduction": "流失率乘以（1 − 流失降低比例）。",
    "retention.loyalty_program.cost_per_member": "每位活跃客户每期的会员计划成本。",
    "retention.upsell_fatigue": "每向客户推销一次后端产品，其流失率增加的数值。",
    "cost_to_serve": "每位活跃客户每期的服务成本（包括第 0 期）。",
    "referral.per_active_customer": "每位活跃客户每期平均推荐来的新买家数。",
    "referral.reward": "每位被推荐买家的奖励成本（他们不产生获客成本）。",
    "horizon": "模拟的期数；第 0 期为前端销售。",
    "discount_rate": "年折现率；每期折现因子为 (1 + d) ^ (1 / 每年期数)。",
    "simulation.customers": "每次重复模拟的付费前端买家数。",
    "simulation.replicates": "蒙特卡洛重复次数；每次重复各抽取一次所有不确定输入。",
    "simulation.seed": "随机种子；相同的种子和场景给出完全相同的结果。",
}


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown and HTML punctuation so user text shows literally in Streamlit."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'])", r"\\\1", str(text))
