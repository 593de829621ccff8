"""The one catalogue: every word the app, the CLI and the reports show, in English and 中文.

One table, ``TEXT``: key → {"en": ..., "zh": ...}, each a :meth:`str.format`
template. Look strings up with :func:`presentation.i18n.t`; problems
(:class:`simulator.problems.Problem`) are rendered by
:mod:`presentation.messages` from the ``pr_*`` entries. Sections: the app,
the workshop tools and the report, calibration (page and charts), problems,
the command line.
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    # == the app =============================================================
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
    # the scenario's own settings, and its channels (the editor)
    "group_settings": {"en": "Scenario settings", "zh": "场景设置"},
    "set_name": {"en": "Scenario name", "zh": "场景名称"},
    "set_description": {"en": "Description (the story, where the numbers come from)",
                        "zh": "描述（故事，以及数字的来源）"},
    "set_currency": {"en": "Currency", "zh": "货币"},
    "set_currency_other": {"en": "Other…", "zh": "其他…"},
    "set_currency_code": {"en": "Currency code", "zh": "货币代码"},
    "set_period": {"en": "Period length", "zh": "每期时长"},
    "set_period_help": {"en": "What one period is. Rates, delays and the horizon stay per period: check them "
                                  "after a change.",
                        "zh": "一期代表多长时间。比率、间隔和模拟期数仍按“期”计算：修改后请检查它们。"},
    "period_week": {"en": "Week", "zh": "周"},
    "period_month": {"en": "Month", "zh": "月"},
    "period_quarter": {"en": "Quarter", "zh": "季度"},
    "period_year": {"en": "Year", "zh": "年"},
    "set_front_end_name": {"en": "Front-end offer's name", "zh": "前端产品名称"},
    "settings_failed": {"en": "The setting was not changed:", "zh": "设置未修改："},
    "channel_name": {"en": "Name of channel {n}", "zh": "第 {n} 个渠道名称"},
    "new_scenario": {"en": "New scenario", "zh": "新建场景"},
    "new_help": {"en": "Start from a blank funnel or a template, then type your own numbers.",
                 "zh": "从空白漏斗或模板开始，再填入你自己的数字。"},
    "tpl_blank": {"en": "Blank funnel", "zh": "空白漏斗"},
    "tpl_blank_help": {"en": "One channel, a front end, churn: nothing else.", "zh": "一个渠道、一个前端产品和流失率，别无其他。"},
    "tpl_course_ladder": {"en": "Course ladder", "zh": "课程阶梯"},
    "tpl_course_ladder_help": {"en": "A cheap intro course, then two dearer courses.", "zh": "便宜的入门课，再接两门更贵的课程。"},
    "tpl_saas_trial": {"en": "SaaS with a free trial", "zh": "带免费试用的 SaaS"},
    "tpl_saas_trial_help": {"en": "A free trial, a monthly plan, a Pro upgrade.", "zh": "免费试用、月度套餐和专业版升级。"},
    "tpl_membership": {"en": "Membership", "zh": "会员制"},
    "tpl_membership_help": {"en": "A yearly membership, low-margin goods, a premium tier.", "zh": "年度会员、低毛利商品和高级会员。"},
    "tpl_ecommerce_repeat": {"en": "E-commerce repeat buying", "zh": "电商复购"},
    "tpl_ecommerce_repeat_help": {"en": "A first order, repeat orders, a loyalty programme.", "zh": "首单、复购订单和会员忠诚计划。"},
    "tpl_services_retainer": {"en": "Services retainer", "zh": "服务包月"},
    "tpl_services_retainer_help": {"en": "An audit, then a monthly retainer, with a save offer.",
                                   "zh": "先做一次诊断，再签月度服务，并有挽留优惠。"},
    "undo": {"en": "Undo", "zh": "撤销"},
    "redo": {"en": "Redo", "zh": "重做"},
    "undo_help": {"en": "Step back through your changes (the browser's Back button does too).",
                  "zh": "逐步撤回你的修改（浏览器的“后退”按钮也可以）。"},
    "reset": {"en": "Reset", "zh": "重置"},
    "reset_preset_help": {"en": "Back to the preset as it ships.", "zh": "恢复为预设的原始状态。"},
    "reset_upload_help": {"en": "Back to the file you uploaded.", "zh": "恢复为你上传的文件。"},
    "reset_link_help": {"en": "Back to the scenario the link opened.", "zh": "恢复为链接打开的场景。"},
    "reset_template_help": {"en": "Back to the template you started from.", "zh": "恢复为你所用的模板。"},
    "reset_fit_help": {"en": "Back to the scenario fitted from your data.", "zh": "恢复为根据你的数据拟合出的场景。"},
    "add_channel": {"en": "Add a channel", "zh": "添加渠道"},
    "remove_channel": {"en": "Remove channel {n}", "zh": "删除第 {n} 个渠道"},
    "new_channel_name": {"en": "Channel {n}", "zh": "渠道 {n}"},
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
    "ctl_customers": {"en": "Buyers simulated in each future", "zh": "每种模拟未来中的买家数"},
    "ctl_replicates": {"en": "Simulated futures", "zh": "模拟未来数"},
    "ctl_seed": {"en": "Random seed", "zh": "随机种子"},
    "uncertain": {"en": "±", "zh": "±"},
    "uncertain_help": {
        "en": "± switch: unsure of this number? Give a low–high range (a 90% interval) instead. "
        "Each simulated future draws its own value, so the bands show what we don't know as well as chance.",
        "zh": "± 开关：不确定这个数值？改用“低–高”区间（90% 区间）。每种模拟未来各自抽取一个值，区间带因此同时反映未知因素和随机性。",
    },
    "range_label": {"en": "{label} — 90% range", "zh": "{label} —— 90% 区间"},
    "range_low": {"en": "{label} · low", "zh": "{label} · 下限"},
    "range_high": {"en": "{label} · high", "zh": "{label} · 上限"},
    "sample_note": {
        "en": "{customers} buyers × {replicates} simulated futures",
        "zh": "{customers} 位买家 × {replicates} 种模拟未来",
    },
    # headline numbers
    "m_clv": {"en": "Lifetime value", "zh": "客户终身价值"},
    "m_cac": {"en": "CAC", "zh": "获客成本"},
    "m_ltv_cac": {"en": "LTV : CAC", "zh": "LTV : CAC"},
    "m_net_value": {"en": "Net value per buyer", "zh": "每位买家净价值"},
    "m_payback": {"en": "Payback", "zh": "回本时间"},
    "m_max_cac": {"en": "Most you can pay ({confidence} sure)", "zh": "获客最多可付（{confidence} 把握）"},
    "m_max_cac_none": {"en": "none", "zh": "无"},
    "m_prob_profit": {"en": "Chance of profit", "zh": "盈利概率"},
    "m_front_end_profit": {"en": "Front-end profit per buyer", "zh": "每位买家的前端利润"},
    # headline numbers' help: what each is and how to read it
    "h_front_end_profit": {
        "en": "The first sale's price minus its unit cost minus CAC. Negative is the investment the back end has "
        "to pay back: with a rich back end you can run the front end at break-even, at a loss, or even free.",
        "zh": "首次销售的价格减去单位成本再减去获客成本。为负表示需要由后端收回的投入：后端越丰厚，前端越可以做到"
        "保本、亏本，甚至免费。",
    },
    "h_clv": {
        "en": "What one paid front-end buyer is worth over the horizon: the gross profit of the first sale and every "
        "later one, and of the buyers they refer (net of rewards), discounted to today, before CAC. Mean of the "
        "simulated futures. Read it against CAC: the bigger it is, the more you can spend to win a buyer.",
        "zh": "在模拟时长内，一位付费前端买家值多少钱：首次销售和之后每次销售的毛利，加上其推荐买家的利润（已扣除奖励），"
        "折现到今天，未扣除获客成本。取各种模拟未来的均值。与获客成本对照来看：它越大，获取一位买家就可以花得越多。",
    },
    "h_cac": {
        "en": "What it costs to win one paid front-end buyer: the channel's cost (or cost per lead ÷ conversion) "
        "plus any affiliate commission. Lower is better; compare it with lifetime value and with the most you can pay.",
        "zh": "获得一位付费前端买家的成本：渠道成本（或每条线索成本 ÷ 转化率）加上联盟佣金。越低越好；"
        "请与客户终身价值和最高可承受获客成本对照。",
    },
    "h_ltv_cac": {
        "en": "Lifetime value divided by CAC: how many times over a buyer pays back what it cost to win them. "
        "Below 1× every buyer loses money; a common rule of thumb asks for 3× or more.",
        "zh": "终身价值除以获客成本：一位买家能把获取成本赚回几倍。低于 1 倍，每位买家都在亏钱；常见的经验法则是 3 倍或以上。",
    },
    "h_net_value": {
        "en": "Lifetime value minus CAC: what each extra buyer adds, in today's money. Above zero, buying more "
        "customers at this cost grows the profit.",
        "zh": "终身价值减去获客成本：每多一位买家带来的价值（按现值计）。大于零时，以这个成本多买客户就能增加利润。",
    },
    "h_payback": {
        "en": "When the cash from one buyer, CAC included, is back at zero or above: the median of the simulated "
        "futures. The sooner, the less money acquisition ties up.",
        "zh": "一位买家带来的累计现金（含获客成本）回到零或以上的时间：各种模拟未来的中位数。越早回本，获客占用的资金越少。",
    },
    "h_max_cac": {
        "en": "The highest CAC at which the plan still breaks even in {confidence} of the simulated futures: the same "
        "number as Tools › Most you can pay, where you can also pick 50% or 95%. Above today's CAC there is room "
        "to pay more for buyers (or fish a dearer pond); below it, you pay too much.",
        "zh": "在 {confidence} 的模拟未来中计划仍能保本的最高获客成本：与“工具 › 最高获客成本”中的数字相同，"
        "在那里还可以选择 50% 或 95%。高于当前获客成本，说明还有加价获客（或去更贵的鱼塘）的空间；低于它，说明付得太多了。",
    },
    "h_prob_profit": {
        "en": "Share of the simulated futures in which net value per buyer is above zero. 100% means a buyer pays "
        "back their CAC within the horizon in every future; near 50% is a coin toss.",
        "zh": "每位买家净价值大于零的模拟未来所占比例。100% 表示在每种模拟未来中买家都能在模拟时长内赚回获客成本；接近 50% 就像抛硬币。",
    },
    "band": {"en": "90%: {low} – {high}", "zh": "90% 区间：{low} – {high}"},
    "prob_note": {"en": "of {replicates} simulated futures", "zh": "共 {replicates} 种模拟未来"},
    "bands_note": {
        "en": "The small range under each number: 9 in 10 simulated futures fall in it.",
        "zh": "每个数字下方的小区间：10 种模拟未来中有 9 种落在其中。",
    },
    "bands_noise": {
        "en": "Every input is a fixed number, so this range is only the sampling noise of {customers} simulated "
        "customers; make an input a range (±) to see what you don't know.",
        "zh": "所有输入都是固定数值，因此这个区间只是 {customers} 位模拟客户的抽样误差；把某个输入改为区间（±），才能看到你不确定的部分。",
    },
    "per_buyer_note": {
        "en": "Money per paid front-end buyer, in {currency}.",
        "zh": "金额均为每位付费前端买家的数值，货币：{currency}。",
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
    "hb_total_profit": {
        "en": "Profit of every cohort of buyers over the horizon, CAC included, not discounted. Above zero, the "
        "whole plan has made money by the end of the horizon.",
        "zh": "模拟时长内所有批次买家的利润（含获客成本，未折现）。大于零表示到模拟时长结束时，整个计划已经赚钱。"},
    "hb_npv": {
        "en": "Total profit with later money discounted to today (at the discount rate): the fairer number for "
        "comparing plans that pay back at different speeds.",
        "zh": "把未来的钱按折现率折算到今天的总利润：比较回本速度不同的计划时，这个数字更公平。"},
    "hb_capital_needed": {
        "en": "The deepest the business's cumulative cash goes below zero: the money you must have (or raise) "
        "before the back end pays for acquisition.",
        "zh": "整体业务累计现金低于零的最大深度：在后端收入覆盖获客成本之前，你必须准备（或筹集）的资金。"},
    "hb_cash_positive_period": {
        "en": "When the business's cumulative cash is back at zero or above after its low point: the median of the "
        "simulated futures. Until then the plan is still being funded.",
        "zh": "整体业务累计现金在最低点之后回到零或以上的时间：各种模拟未来的中位数。在此之前，计划仍需要资金支持。"},
    "hb_average_cac": {
        "en": "CAC averaged over every paid buyer acquired; it rises with CAC growth, as the good ponds get fished out.",
        "zh": "所有付费买家的平均获客成本；随着好鱼塘被捕捞殆尽，它会随获客成本增长而上升。"},
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
    # workshop tools (the app's Tools view)
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
              "zh": "在每个获客成本下，仍能保本的模拟未来所占比例。"},
    "a_x": {"en": "Acquisition cost per buyer ({currency})", "zh": "每位买家的获客成本（{currency}）"},
    "a_today": {"en": "Today", "zh": "当前"},
    "a_most": {"en": "Most you can pay", "zh": "最高可承受"},
    "a_today_label": {"en": "Today: {cost} → {share}", "zh": "当前：{cost} → {share}"},
    "a_most_label": {"en": "Most: {cost} at {share}", "zh": "最高：{cost}（{share}）"},
    "mc_payback_toggle": {"en": "Also pay back within a set time", "zh": "同时要求在限定时间内回本"},
    "mc_payback_within": {"en": "Pay back within ({units})", "zh": "回本期限（{units}）"},
    "mc_verify": {
        "en": "Check: simulated again at {value} with the same seed, the plan breaks even in {share} of the futures.",
        "zh": "检验：以 {value} 和相同随机种子重新模拟，方案在 {share} 的模拟未来中保本。",
    },
    "mc_payback_binds": {
        "en": "Paying back within {when} is the tighter rule: without it you could pay {break_even}.",
        "zh": "“在 {when}内回本”是更紧的约束：不要求回本时最多可付 {break_even}。",
    },
    "mc_band": {"en": "Break-even cost across the futures, 90%: {low} – {high}",
                "zh": "各模拟未来的盈亏平衡成本，90% 区间：{low} – {high}"},
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
    # glossary page (appviews/glossary.py): per term g_<term> (heading), g_<term>_text (what it is),
    # g_<term>_where (where it shows up in this app)
    "view_glossary": {"en": "Glossary", "zh": "术语表"},
    "glossary_title": {"en": "Glossary", "zh": "术语表"},
    "glossary_intro": {
        "en": "The words this app uses, in plain terms, and where each one shows up on screen.",
        "zh": "本应用用到的词，用大白话解释，并说明它们出现在屏幕上的哪里。",
    },
    "glossary_where": {"en": "In this app:", "zh": "在本应用中："},
    "g_front_back": {"en": "Front end / back end", "zh": "前端 / 后端"},
    "g_front_back_text": {
        "en": "The front end is where you spend: win the customer and make the first sale, often at break-even, "
        "at a loss, or even free. The first sale is the customer testing whether you can be trusted. The back end "
        "is where you harvest: every later sale, at almost no acquisition cost.",
        "zh": "前端是花钱的地方：获取客户、完成第一笔销售，往往只求保本、甚至亏本或免费。第一笔交易是客户在试探你是否值得信任。"
        "后端是收获的地方：之后的每一笔销售，几乎没有获客成本。",
    },
    "g_front_back_where": {
        "en": "Levers › Front end (the first product's price and cost) and Levers › Back end (the ladder of later "
        "offers). “Front-end profit per buyer” is the investment; the cash chart's dip and climb are the "
        "investment and the harvest.",
        "zh": "杠杆 › 前端产品（首个产品的价格和成本）与 杠杆 › 后端产品（之后的一级级产品）。“每位买家的前端利润”就是投入；"
        "累计现金图中先下探、后爬升，分别是投入和收获。",
    },
    "g_clv": {"en": "Customer lifetime value (CLV, LTV)", "zh": "客户终身价值（CLV、LTV）"},
    "g_clv_text": {
        "en": "How much one customer is worth to you over the whole relationship: the profit of the first sale and "
        "of every repeat purchase, upgrade and referral. Your biggest marketing lever: it decides how much you can "
        "spend to win a customer and which fish pond to fish in.",
        "zh": "一位客户在整个合作期间为你带来多少价值：首次销售以及之后每一次复购、升级和转介绍的利润。它是你最大的营销杠杆："
        "决定了获取一位客户能花多少钱，以及该去哪个鱼塘钓鱼。",
    },
    "g_clv_where": {
        "en": "The headline “Lifetime value”: gross profit per paid front-end buyer over the horizon, discounted to "
        "today, before CAC. The Back end and Retention levers raise it; Costs lower it.",
        "zh": "核心指标“客户终身价值”：每位付费前端买家在模拟时长内的毛利，折现到今天，未扣除获客成本。后端产品和留存杠杆会提高它，成本会降低它。",
    },
    "g_cac": {"en": "Customer acquisition cost (CAC)", "zh": "获客成本（CAC）"},
    "g_cac_text": {
        "en": "What it costs to win one paying customer: the advertising, the cost per lead divided by the share of "
        "leads who buy, or the commission paid to an affiliate. Online it has risen from a few tenths of a yuan "
        "to hundreds per customer.",
        "zh": "获得一位付费客户的成本：广告费、每条线索成本除以线索的成交比例，或付给联盟推广者的佣金。线上获客成本已经从几毛钱涨到每位客户几百元。",
    },
    "g_cac_where": {
        "en": "Levers › Acquisition: “CAC”, “Cost per lead”, “Lead → buyer conversion” and “Affiliate commission”; "
        "the headline “CAC”.",
        "zh": "杠杆 › 获客：“获客成本”“每条线索成本”“线索转化率”和“每位买家的联盟佣金”；核心指标“获客成本”。",
    },
    "g_ltv_cac": {"en": "LTV : CAC", "zh": "LTV : CAC 比值"},
    "g_ltv_cac_text": {
        "en": "Lifetime value divided by acquisition cost: how many times over a customer pays back what it cost to "
        "win them. Below 1× every customer loses money. If a customer is worth 5,000 and costs 50, spend as much "
        "as you can on ads.",
        "zh": "终身价值除以获客成本：一位客户能把获取他的成本赚回几倍。低于 1 倍，每位客户都在亏钱。如果一位客户值 5000 元、"
        "只要 50 元就能获得，那就尽可能多地投放广告。",
    },
    "g_ltv_cac_where": {
        "en": "The headline “LTV : CAC”; Tools › Which fish pond compares it channel by channel.",
        "zh": "核心指标“LTV : CAC”；“工具 › 选哪个鱼塘”逐个渠道比较它。",
    },
    "g_payback": {"en": "Payback period", "zh": "回本时间"},
    "g_payback_text": {
        "en": "How long until the cash a customer brings covers what you spent to win them. The sooner, the less "
        "money acquisition ties up, and the faster you can buy the next customer.",
        "zh": "客户带来的现金要多久才能覆盖获取他的花费。回本越快，获客占用的资金越少，也就越快能去获取下一位客户。",
    },
    "g_payback_where": {
        "en": "The headline “Payback” (the median of the simulated futures) and the point where the cumulative cash "
        "curve crosses zero. Tools › Most you can pay can also require paying back within a set time.",
        "zh": "核心指标“回本时间”（各种模拟未来的中位数），以及累计现金曲线穿过零的位置。“工具 › 最高获客成本”还可以要求在限定时间内回本。",
    },
    "g_max_cac": {"en": "Most you can pay", "zh": "最高可承受获客成本"},
    "g_max_cac_text": {
        "en": "The highest cost of winning a customer at which the plan still breaks even, with a stated confidence: "
        "at 80%, 8 in 10 simulated futures still make money. Set ad bids and affiliate commissions from it: "
        "IXwebhosting pays affiliates a whole first year's revenue because its customers stay for years.",
        "zh": "在给定把握下，计划仍能保本的最高获客成本：80% 把握表示 10 种模拟未来中有 8 种仍然赚钱。据此设定广告出价和联盟佣金："
        "IXwebhosting 把客户第一年的全部收入付给推广者，因为它的客户会留很多年。",
    },
    "g_max_cac_where": {
        "en": "The headline “Most you can pay (80% sure)”; Tools › Most you can pay, at 50, 80 or 95% and with an "
        "optional payback rule (the same number at 80%).",
        "zh": "核心指标“获客最多可付（80% 把握）”；“工具 › 最高获客成本”可选 50%、80% 或 95% 把握，并可附加回本期限"
        "（80% 时与核心指标相同）。",
    },
    "g_prob_profit": {"en": "Chance of profit", "zh": "盈利概率"},
    "g_prob_profit_text": {
        "en": "How likely a customer is to be worth more than they cost to win: the share of the simulated futures "
        "in which net value per buyer is above zero.",
        "zh": "一位客户的价值高于获取成本的可能性有多大：每位买家净价值大于零的模拟未来所占比例。",
    },
    "g_prob_profit_where": {
        "en": "The headline “Chance of profit”; Tools › Most you can pay shows it at the cost you can afford.",
        "zh": "核心指标“盈利概率”；“工具 › 最高获客成本”显示在可承受成本下的盈利概率。",
    },
    "g_futures": {"en": "Simulated futures and the 90% band", "zh": "模拟未来与 90% 区间"},
    "g_futures_text": {
        "en": "The app plays your plan forward many times. Each run is a simulated future with its own customers "
        "and, for an input given as a range, its own value of that input. The small range under each number is "
        "where 9 in 10 of those futures fall.",
        "zh": "本应用把你的计划向前推演很多次。每一次都是一种模拟未来：有自己的一批客户；对于以区间给出的输入，也会各自抽取一个数值。"
        "每个数字下方的小区间，就是 10 种模拟未来中有 9 种落入的范围。",
    },
    "g_futures_where": {
        "en": "“90%: … – …” under every headline number, and the shaded bands of the charts. When every input is a "
        "fixed number the band is only sampling noise: switch an input's ± on to give a range and see what you "
        "don't know. How many futures and customers: Levers › Advanced.",
        "zh": "每个核心指标下方的“90% 区间：… – …”，以及图表中的阴影带。所有输入都是固定数值时，区间只是抽样误差：打开某个输入的 ± 开关，"
        "给出一个范围，才能看到你不确定的部分。模拟多少种未来、多少位客户：杠杆 › 高级设置。",
    },
    "g_take_rate": {"en": "Take rate", "zh": "购买率"},
    "g_take_rate_text": {
        "en": "The share of customers offered a back-end product who buy it. In Peter's English school, 80% of those "
        "who finish the first course go on to the intermediate course.",
        "zh": "收到后端产品推荐的客户中真正购买的比例。在 Peter 的英语学校，学完第一门课的学员有 80% 会接着报中级课程。",
    },
    "g_take_rate_where": {
        "en": "Levers › Back end: the “Take rate” of each step of the ladder; the funnel chart shows how many of "
        "100 buyers reach each step.",
        "zh": "杠杆 › 后端产品：每一级的“购买率”；漏斗图显示每 100 位买家中有多少人走到每一级。",
    },
    "g_heterogeneity": {"en": "Heterogeneity", "zh": "异质性"},
    "g_heterogeneity_text": {
        "en": "How much customers differ from one another. At 0 everyone has the same chance of leaving (or of "
        "ordering again); towards 1 they split into loyal customers who stay for years and fickle ones who leave "
        "at once, with the same average.",
        "zh": "客户之间差别有多大。为 0 时，每个人流失（或再次下单）的概率都一样；越接近 1，客户越分化为留很多年的忠实客户和"
        "马上离开的游离客户，而平均值不变。",
    },
    "g_heterogeneity_where": {
        "en": "Levers › Retention: “Churn heterogeneity”; Levers › Back end: “Repeat chance heterogeneity”. The "
        "“Spread of customer value” chart shows the effect.",
        "zh": "杠杆 › 留存：“流失异质性”；杠杆 › 后端产品：“复购概率异质性”。“客户价值分布”图显示它的影响。",
    },
    "g_save_offer": {"en": "Save offer (the lifeboat)", "zh": "挽留优惠（救生艇）"},
    "g_save_offer_text": {
        "en": "An offer made to a customer who is about to cancel, such as a discount or a plan that fits better, "
        "so that they stay. Keeping a customer costs far less than winning a new one.",
        "zh": "在客户准备取消时给出的优惠，例如折扣或更合适的套餐，让他留下来。留住一位老客户的成本远低于获取一位新客户。",
    },
    "g_save_offer_where": {
        "en": "Levers › Retention: “Save offer: acceptance” (the share of leaving customers who accept) and "
        "“Save offer: discount” (taken off later subscription and per-period prices).",
        "zh": "杠杆 › 留存：“挽留优惠：接受率”（准备离开的客户中接受优惠的比例）和“挽留优惠：折扣”（之后的订阅和按期收费价格打折）。",
    },
    "g_loyalty": {"en": "Loyalty programme", "zh": "会员计划"},
    "g_loyalty_text": {
        "en": "A reward for staying: a stamp card (buy N, get one free) or a membership. It costs something per "
        "member and makes customers less likely to leave.",
        "zh": "对留下来的奖励：集章卡（买 N 次送一次）或会员卡。每位会员都有成本，但能让客户更不容易流失。",
    },
    "g_loyalty_where": {
        "en": "Levers › Retention: “Loyalty programme: churn reduction” and “Loyalty programme: cost per member”.",
        "zh": "杠杆 › 留存：“会员计划：流失降低比例”和“会员计划：每位会员成本”。",
    },
    "g_fatigue": {"en": "Upsell fatigue", "zh": "追销疲劳"},
    "g_fatigue_text": {
        "en": "Bombarding customers with offers hurts their experience and their loyalty: each extra upsell makes "
        "some of them leave sooner.",
        "zh": "对客户狂轰滥炸式地推销会损害他们的体验和忠诚度：每多一次追销，就会有一些客户更早离开。",
    },
    "g_fatigue_where": {
        "en": "Levers › Retention: “Upsell fatigue (extra churn per offer)”, added to a customer's churn for every "
        "back-end offer they receive.",
        "zh": "杠杆 › 留存：“追销疲劳（每次推销增加的流失率）”，客户每收到一次后端推荐，其流失率就增加这么多。",
    },
    "g_referral": {"en": "Referral (word of mouth)", "zh": "转介绍（口碑）"},
    "g_referral_text": {
        "en": "Customers who bring you other customers: second-order traffic. A referred buyer costs no advertising, "
        "at most a reward.",
        "zh": "客户为你带来新客户：二级流量。被推荐来的买家不需要广告费，最多付一笔奖励。",
    },
    "g_referral_where": {
        "en": "Levers › Word of mouth: “Referrals per active customer” and “Reward per referred buyer”; lifetime "
        "value includes the profit of the buyers a customer refers.",
        "zh": "杠杆 › 口碑：“每位活跃客户转介绍人数”和“每位被推荐买家的奖励”；客户终身价值包括其推荐买家的利润。",
    },
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
    "p_funnel_none": {"en": "No back end yet: the front-end sale is all the revenue.",
                      "zh": "还没有后端：前端销售就是全部收入。"},
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
        "en": "The top 20% of customers bring {share} of the value; the median customer is worth {median}.",
        "zh": "前 20% 的客户贡献了 {share} 的价值；中位客户的价值为 {median}。",
    },
    "p_most": {
        "en": "The most you can pay to win a buyer, {confidence} sure, is {most}; today you pay {cac}.",
        "zh": "有 {confidence} 把握的前提下，获取一位买家最多可以支付 {most}；目前支付 {cac}。",
    },
    "p_most_none": {
        "en": "No acquisition cost breaks even {confidence} sure; today you pay {cac}.",
        "zh": "在 {confidence} 把握下，任何获客成本都无法保本；目前支付 {cac}。",
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
        "en": "B (current settings) against A (pinned: “{name}”). Both run on the same random numbers, "
        "so the differences come from the levers, not from chance.",
        "zh": "B（当前设置）对比 A（已固定：“{name}”）。两者使用相同的随机数，因此差异来自杠杆，而不是随机性。",
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
    # the channel chart ("which fish pond")
    "c_channel_title": {"en": "Which fish pond? {metric} by channel", "zh": "哪个鱼塘？各渠道的{metric}"},
    "c_channel_sub": {
        "en": "Each channel simulated as the only source of buyers, same seed.\nDot: mean; bar: 90% band.",
        "zh": "每个渠道单独模拟（同一随机种子）。\n圆点：均值；横线：90% 区间。",
    },
    "c_channel": {"en": "Channel", "zh": "渠道"},
    "c_channel_mean": {"en": "Mean", "zh": "均值"},
    "c_channel_band": {"en": "90% band", "zh": "90% 区间"},
    "c_channel_x_money": {"en": "{metric} ({currency})", "zh": "{metric}（{currency}）"},
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
    # == workshop tools and the HTML report ==================================
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
              "Bars: mean change; whiskers: 90% band across the simulated futures.",
        "zh": "每个杠杆分别下调 {step} 和上调 {step}，其余不变，使用相同的随机数。\n条形：平均变化；细线：各种模拟未来的 90% 区间。",
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
        "zh": "每位买家最多支付 {value}，在 {confidence} 的模拟未来中计划仍能保本。",
    },
    "mc_none": {"en": "No cost ≥ 0 works at {confidence} confidence.", "zh": "在 {confidence} 置信度下，没有任何 ≥ 0 的成本可行。"},
    "mc_note": {
        "en": "Break-even cost of each simulated future: the acquisition cost at which its net value per buyer is 0. "
              "With {confidence} confidence = the cost that {confidence} of the simulated futures can afford.",
        "zh": "每种模拟未来的盈亏平衡成本：使每位买家净价值为 0 的获客成本。{confidence} 置信度 = {confidence} 的模拟未来都能承受的成本。",
    },
    # -- quick calculators -----------------------------------------------------
    "calc_title": {"en": "The formulas people know, next to the simulation", "zh": "常见公式与模拟结果对照"},
    "calc_type_help": {"en": "Each formula is filled from the scenario's own numbers; type yours (last year's books, "
                                 "say: 1,500,000 of profit from 2,000 customers gives 750) and it answers at once.",
                       "zh": "每个公式先用场景中的数字填好；你可以填入自己的数字（例如去年的账：2,000 位客户带来 "
                             "1,500,000 利润，得出 750），结果立即更新。"},
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
        "en": "{customers} buyers × {replicates} simulated futures, seed {seed}; money per paid buyer in {currency}.",
        "zh": "{customers} 位买家 × {replicates} 种模拟未来，随机种子 {seed}；金额为每位付费买家，单位 {currency}。",
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
    "r_noscript": {
        "en": "This chart is drawn by the script inside this file: allow scripts to see it, or export the charts "
        "as pictures (python -m simulator report … --png-dir).",
        "zh": "此图表由本文件内的脚本绘制：请允许运行脚本后查看，或将图表导出为图片（python -m simulator report … --png-dir）。",
    },
    # == calibration: the Calibrate page ====================================
    "cal_title": {"en": "Calibrate from your data", "zh": "用你的数据校准"},
    "cal_intro": {
        "en": "Fit churn and repeat buying to your own records and open the result as a scenario. "
              "The file stays in this session; nothing is stored.",
        "zh": "用你自己的记录拟合流失率和复购，并把结果作为场景打开。文件只在本次会话中使用，不会被保存。",
    },
    "cal_upload": {
        "en": "Upload a CSV: a retention table (cohort, period, customers still active) or a transaction log "
              "(customer id, date, amount)",
        "zh": "上传 CSV：留存表（同期群、期、仍活跃客户数）或交易记录（客户编号、日期、金额）",
    },
    "cal_upload_help": {
        "en": "Comma, semicolon or tab separated, UTF-8, at most 50 MB. A transaction log has one row per purchase; "
              "a retention table one row per cohort and period.",
        "zh": "以逗号、分号或制表符分隔，UTF-8 编码，最大 50 MB。交易记录每次购买一行；留存表每个同期群每期一行。",
    },
    "cal_try": {"en": "Or try it with sample data:", "zh": "或者用示例数据试一试："},
    "cal_sample_transactions": {"en": "Sample transaction log", "zh": "示例交易记录"},
    "cal_sample_retention": {"en": "Sample retention table", "zh": "示例留存表"},
    "cal_sample_transactions_help": {
        "en": "400 customers' purchases over 34 weeks (synthetic).",
        "zh": "400 位客户在 34 周内的购买记录（模拟数据）。",
    },
    "cal_sample_retention_help": {
        "en": "Four monthly cohorts of subscribers (synthetic).",
        "zh": "四个按月划分的订阅客户同期群（模拟数据）。",
    },
    "cal_no_data": {"en": "Upload a file or pick a sample to begin.", "zh": "请上传文件或选择示例数据开始。"},
    "cal_file": {"en": "**{name}**: {rows} rows, columns {columns}", "zh": "**{name}**：{rows} 行，列 {columns}"},
    "cal_sample_note": {"en": "(sample data)", "zh": "（示例数据）"},
    "cal_first_rows": {"en": "First rows", "zh": "前几行"},
    "cal_choices": {"en": "What the file holds", "zh": "文件内容"},
    "cal_kind": {"en": "Kind of data", "zh": "数据类型"},
    "cal_kind_transactions": {"en": "Transaction log", "zh": "交易记录"},
    "cal_kind_retention": {"en": "Retention table", "zh": "留存表"},
    "cal_kind_unknown": {
        "en": "Could not tell the kind of data from its columns: choose the kind and the columns below.",
        "zh": "无法从列名判断数据类型：请在下方选择数据类型和各列。",
    },
    "cal_period": {"en": "Period", "zh": "期"},
    "cal_period_help": {
        "en": "The scenario's period. For a retention table, the unit of its period column.",
        "zh": "场景的期。对留存表而言，即其“期”列的单位。",
    },
    "cal_period_week": {"en": "Week", "zh": "周"},
    "cal_period_month": {"en": "Month", "zh": "月"},
    "cal_period_year": {"en": "Year", "zh": "年"},
    "cal_customer_column": {"en": "Customer id column", "zh": "客户编号列"},
    "cal_date_column": {"en": "Date column", "zh": "日期列"},
    "cal_amount_column": {"en": "Amount column", "zh": "金额列"},
    "cal_date_format": {"en": "Date format (e.g. %Y-%m-%d)", "zh": "日期格式（如 %Y-%m-%d）"},
    "cal_date_format_help": {
        "en": "strptime codes: %Y year, %m month, %d day, e.g. %d/%m/%Y. Leave empty to detect it.",
        "zh": "strptime 格式代码：%Y 年、%m 月、%d 日，例如 %d/%m/%Y。留空则自动识别。",
    },
    "cal_cohort_column": {"en": "Cohort column", "zh": "同期群列"},
    "cal_period_column": {"en": "Period column", "zh": "期列"},
    "cal_active_column": {"en": "Customers still active column", "zh": "仍活跃客户数列"},
    "cal_no_column": {"en": "(none)", "zh": "（无）"},
    "cal_pick_column": {"en": "Choose a column", "zh": "请选择一列"},
    "cal_end": {"en": "Fit on data up to (optional)", "zh": "拟合截止日期（可选）"},
    "cal_end_help": {
        "en": "Fit on the purchases up to this date and check the prediction against what happened after it. "
              "Empty: fit on everything.",
        "zh": "只用此日期及之前的购买拟合，并用之后的实际数据检验预测。留空：使用全部数据拟合。",
    },
    "cal_fit": {"en": "Fit", "zh": "拟合"},
    "cal_fitting": {"en": "Fitting…", "zh": "正在拟合…"},
    "cal_stale": {
        "en": "The choices changed since this fit: press Fit to fit again.",
        "zh": "拟合后选项已更改：请再次点击“拟合”。",
    },
    "cal_report": {"en": "Fit report", "zh": "拟合报告"},
    "cal_params": {"en": "Fitted parameters (95% interval)", "zh": "拟合参数（95% 置信区间）"},
    "cal_col_parameter": {"en": "Parameter", "zh": "参数"},
    "cal_col_field": {"en": "Scenario field", "zh": "场景字段"},
    "cal_estimate": {"en": "Estimate", "zh": "估计值"},
    "cal_low": {"en": "95% low", "zh": "95% 下限"},
    "cal_high": {"en": "95% high", "zh": "95% 上限"},
    "cal_p_churn": {"en": "Mean churn per period", "zh": "每期平均流失率"},
    "cal_p_churn_het": {"en": "Churn heterogeneity", "zh": "流失率异质性"},
    "cal_p_churn_shape": {"en": "Churn distribution, shape {symbol}", "zh": "流失率分布形状参数 {symbol}"},
    "cal_p_rate": {"en": "Repeat-order chance per period", "zh": "每期复购概率"},
    "cal_p_rate_het": {"en": "Repeat-chance heterogeneity", "zh": "复购概率异质性"},
    "cal_p_rate_shape": {"en": "Repeat-chance distribution, shape {symbol}", "zh": "复购概率分布形状参数 {symbol}"},
    "cal_p_order_value": {"en": "Repeat order value", "zh": "复购订单金额"},
    "cal_p_price": {"en": "First purchase (front end)", "zh": "首次购买（前端）"},
    "cal_params_note": {
        "en": "Heterogeneity 0: every customer alike; towards 1: customers differ widely. "
              "The shapes are the Beta distribution the scenario draws from.",
        "zh": "异质性为 0：所有客户相同；接近 1：客户之间差异很大。形状参数是场景抽样所用的 Beta 分布。",
    },
    "cal_summary_transactions": {
        "en": "Transaction log: {customers} customers, {unit}s {first} to {last}; fitted on {fitted} customers "
              "up to the {unit} of {end}.",
        "zh": "交易记录：{customers} 位客户，{first} 至 {last}（按{unit}）；用截至 {end} 所在{unit}的 {fitted} 位客户拟合。",
    },
    "cal_summary_retention": {
        "en": "Retention table: {cohorts} cohort(s), {customers} customers, {unit}s 0 to {last}.",
        "zh": "留存表：{cohorts} 个同期群，{customers} 位客户，第 0 至 {last} {unit}。",
    },
    "cal_holdout_title": {"en": "Holdout check", "zh": "留出期检验"},
    "cal_holdout": {
        "en": "Holdout: actual {actual}, predicted {predicted} ({error})",
        "zh": "留出期检验：实际 {actual}，预测 {predicted}（{error}）",
    },
    "cal_holdout_note": {
        "en": "Repeat purchases after the {unit} of {end} by the customers who started up to then: what happened, and what the "
              "fitted scenario predicts (engine, {replicates} simulated futures; the BG/BB formula gives {closed}).",
        "zh": "截至 {end} 所在{unit}已开始购买的客户在此之后的复购次数：实际发生的与拟合场景的预测（模拟引擎，{replicates} 种模拟未来；"
              "BG/BB 公式给出 {closed}）。",
    },
    "cal_holdout_none": {
        "en": "To check the fit against later data, choose a date under “Fit on data up to” and fit again.",
        "zh": "若要用之后的数据检验拟合，请在“拟合截止日期”中选择日期后重新拟合。",
    },
    "cal_notes": {"en": "Notes", "zh": "说明"},
    "cal_charts": {"en": "Charts", "zh": "图表"},
    "cal_todo": {
        "en": "Acquisition cost, costs and the back-end ladder are not in the data: fill in the fields marked TODO.",
        "zh": "获客成本、各项成本和后端阶梯不在数据中：请填写标记为 TODO 的字段。",
    },
    "cal_use": {"en": "Use this scenario", "zh": "使用此场景"},
    "cal_use_help": {
        "en": "Open the fitted scenario in the simulator; then fill in the TODO fields with the levers.",
        "zh": "在模拟器中打开拟合出的场景，然后用滑块填写标记为 TODO 的字段。",
    },
    "cal_download": {"en": "Download scenario YAML", "zh": "下载场景 YAML"},
    "cal_download_help": {
        "en": "The scenario as a file, with comments on the fields to fill in.",
        "zh": "场景文件，待填写的字段附有注释。",
    },
    "cal_failed": {"en": "The data cannot be fitted:", "zh": "无法拟合这些数据："},
    "cal_read_failed": {"en": "The file cannot be read:", "zh": "无法读取此文件："},
    "cal_fit_failed": {"en": "The fit did not converge:", "zh": "拟合未收敛："},
    "cal_unexpected": {
        "en": "Something went wrong while reading or fitting this file. Check that it is a CSV as described above.",
        "zh": "读取或拟合此文件时出错。请确认它是上面所述格式的 CSV 文件。",
    },
    "cal_uploader_limit": {"en": "CSV, at most 50 MB", "zh": "CSV 文件，最大 50 MB"},
    # == calibration: charts =================================================
    "cc_survival_title": {"en": "Customers still active: data and fitted model", "zh": "仍活跃的客户：数据与拟合模型"},
    "cc_survival_sub": {"en": "Dots: data. Line: sBG fit; dashed beyond the data: projection.",
                     "zh": "圆点：数据。实线：sBG 拟合；数据之后的虚线：预测。"},
    "cc_survival_y": {"en": "Share still active", "zh": "仍活跃比例"},
    "cc_actual": {"en": "Actual", "zh": "实际"},
    "cc_fitted": {"en": "Fitted", "zh": "拟合"},
    "cc_projection": {"en": "Projection", "zh": "预测"},
    "cc_cohort": {"en": "Cohort", "zh": "同期群"},
    "cc_share": {"en": "Share", "zh": "比例"},
    "cc_customers": {"en": "Customers", "zh": "客户数"},
    "cc_heatmap_title": {"en": "Cohorts: share buying in each period", "zh": "同期群：各期购买的客户比例"},
    "cc_heatmap_title_retention": {"en": "Cohorts: share still active", "zh": "同期群：仍活跃的比例"},
    "cc_heatmap_sub": {"en": "One row per cohort (the period of the first purchase).",
                    "zh": "每行一个同期群（首次购买所在的期）。"},
    "cc_since_first": {"en": "{unit}s since the first purchase", "zh": "首次购买后的{unit}数"},
    "cc_repeat_title": {"en": "Repeat buying by age", "zh": "按客户年龄的复购"},
    "cc_repeat_sub": {"en": "Share of customers buying in each period, and share who have bought again at least once.",
                   "zh": "每期购买的客户比例，以及至少复购过一次的客户比例。"},
    "cc_repeat_rate": {"en": "Bought in the period", "zh": "当期购买"},
    "cc_ever_repeated": {"en": "Bought again at least once", "zh": "至少复购一次"},
    "cc_holdout_title": {"en": "Repeat purchases per {unit}: predicted vs actual",
                      "zh": "每{unit}复购次数：预测与实际"},
    "cc_holdout_sub": {"en": "Fitted on the data left of the line; right of it the model predicts (engine, 90% band).",
                    "zh": "用竖线左侧的数据拟合；右侧为模型预测（模拟引擎，90% 区间）。"},
    "cc_repeat_purchases": {"en": "Repeat purchases", "zh": "复购次数"},
    "cc_predicted": {"en": "Predicted (engine)", "zh": "预测（模拟引擎）"},
    "cc_closed_form": {"en": "BG/BB formula", "zh": "BG/BB 公式"},
    "cc_calibration_end": {"en": "end of calibration", "zh": "拟合期结束"},
    "cc_series": {"en": "Series", "zh": "数据"},
    "cc_period": {"en": "Period", "zh": "期"},
    "cc_clv_title": {"en": "Historical value per customer, by cohort", "zh": "各同期群每位客户的历史价值"},
    "cc_clv_sub": {"en": "Profit so far / customers (margin {margin}); older cohorts have had longer to buy.",
                "zh": "至今利润 / 客户数（毛利率 {margin}）；越早的同期群购买时间越长。"},
    "cc_clv_y": {"en": "Profit per customer ({currency})", "zh": "每位客户利润（{currency}）"},
    "cc_repeat_orders": {"en": "Repeat orders per customer", "zh": "每位客户复购次数"},
    # == problems (simulator.problems.Problem), rendered by presentation.messages ==
    # where: row, column and cohort of a data file
    "pr_at_row_column": {"en": "row {row}, column {column!r}", "zh": "第 {row} 行，列 {column!r}"},
    "pr_at_row": {"en": "row {row}", "zh": "第 {row} 行"},
    "pr_at_column": {"en": "column {column!r}", "zh": "列 {column!r}"},
    "pr_at_cohort": {"en": "cohort {cohort!r}", "zh": "同期群 {cohort!r}"},
    "pr_or": {"en": " or ", "zh": " 或 "},
    # scenario files: reading
    "pr_file_too_large": {"en": "file is {size:,} bytes; scenario files are limited to {limit:,} bytes",
                          "zh": "文件大小为 {size:,} 字节；场景文件最大为 {limit:,} 字节"},
    "pr_upload_too_large": {"en": "file is {size:,} bytes; uploads are limited to {limit:,} bytes",
                            "zh": "文件大小为 {size:,} 字节；上传文件最大为 {limit:,} 字节"},
    "pr_not_utf8": {"en": "file is not UTF-8 text (byte {byte})", "zh": "文件不是 UTF-8 文本（第 {byte} 字节）"},
    "pr_cannot_read": {"en": "cannot read ({reason})", "zh": "无法读取（{reason}）"},
    "pr_yaml_syntax_at": {"en": "not valid YAML: line {line}, column {col}: {detail}",
                          "zh": "不是有效的 YAML：第 {line} 行第 {col} 列：{detail}"},
    "pr_yaml_syntax": {"en": "not valid YAML: {detail}", "zh": "不是有效的 YAML：{detail}"},
    "pr_yaml_alias": {"en": "line {line}: YAML aliases (*name) are not allowed in scenario files",
                      "zh": "第 {line} 行：场景文件中不允许使用 YAML 别名（*name）"},
    "pr_empty_file": {"en": "a scenario must be a YAML mapping of keys to values (got empty)",
                      "zh": "场景必须是 YAML 键值映射（实际为空文件）"},
    "pr_not_a_mapping": {"en": "a scenario must be a YAML mapping of keys to values (got {got})",
                         "zh": "场景必须是 YAML 键值映射（实际为{got}）"},
    # scenario files: pydantic's rules
    "pr_extra_forbidden_suggestion": {"en": "unknown key; did you mean '{suggestion}'?",
                                      "zh": "未知的键；您是不是想写 '{suggestion}'？"},
    "pr_extra_forbidden_known": {"en": "unknown key; known keys: {known}", "zh": "未知的键；可用的键：{known}"},
    "pr_extra_forbidden": {"en": "unknown key", "zh": "未知的键"},
    "pr_missing": {"en": "is required", "zh": "为必填项"},
    "pr_float_type": {"en": "must be a number (got {got})", "zh": "必须是数字（实际为 {got}）"},
    "pr_int_type": {"en": "must be a whole number (got {got})", "zh": "必须是整数（实际为 {got}）"},
    "pr_string_type": {"en": "must be text (got {got})", "zh": "必须是文本（实际为 {got}）"},
    "pr_bool_type": {"en": "must be true or false (got {got})", "zh": "必须是 true 或 false（实际为 {got}）"},
    "pr_list_type": {"en": "must be a list (got {got})", "zh": "必须是列表（实际为 {got}）"},
    "pr_model_type": {"en": "must be a mapping of keys to values (got {got})", "zh": "必须是键值映射（实际为 {got}）"},
    "pr_model_attributes_type": {"en": "must be a mapping of keys to values (got {got})",
                                 "zh": "必须是键值映射（实际为 {got}）"},
    "pr_dict_type": {"en": "must be a mapping of keys to values (got {got})", "zh": "必须是键值映射（实际为 {got}）"},
    "pr_finite_number": {"en": "must be a finite number (not NaN or infinity) (got {got})",
                         "zh": "必须是有限数值（不能是 NaN 或无穷大）（实际为 {got}）"},
    "pr_greater_than_equal": {"en": "must be ≥ {ge} (got {got})", "zh": "必须 ≥ {ge}（实际为 {got}）"},
    "pr_less_than_equal": {"en": "must be ≤ {le} (got {got})", "zh": "必须 ≤ {le}（实际为 {got}）"},
    "pr_greater_than": {"en": "must be > {gt} (got {got})", "zh": "必须 > {gt}（实际为 {got}）"},
    "pr_less_than": {"en": "must be < {lt} (got {got})", "zh": "必须 < {lt}（实际为 {got}）"},
    "pr_string_too_short": {"en": "must not be empty", "zh": "不能为空"},
    "pr_string_too_long": {"en": "must have at most {max_length} characters", "zh": "最多 {max_length} 个字符"},
    "pr_too_short": {"en": "needs at least one entry", "zh": "至少需要一项"},
    "pr_too_long": {"en": "must have at most {max_length} entries (got {actual_length})",
                    "zh": "最多 {max_length} 项（实际为 {actual_length} 项）"},
    "pr_literal_error": {"en": "must be {expected} (got {got})", "zh": "必须为 {expected}（实际为 {got}）"},
    "pr_union_tag_invalid": {"en": "must be a number or a range (got {got})", "zh": "必须是数字或区间（实际为 {got}）"},
    # scenario files: our rules
    "pr_low_above_high": {"en": "low must be ≤ high (got low {low}, high {high})",
                          "zh": "下限 low 必须 ≤ 上限 high（实际 low 为 {low}，high 为 {high}）"},
    "pr_triangular_needs_mode": {"en": "triangular needs a mode", "zh": "三角分布（triangular）需要给出众数 mode"},
    "pr_mode_outside_range": {"en": "mode must lie between low and high (got {got})",
                              "zh": "众数 mode 必须介于 low 和 high 之间（实际为 {got}）"},
    "pr_mode_needs_triangular": {"en": "mode is only used with dist: triangular",
                                 "zh": "众数 mode 只能与 dist: triangular 一起使用"},
    "pr_lognormal_needs_positive_low": {"en": "lognormal needs low > 0 (got {got})",
                                        "zh": "对数正态分布（lognormal）要求 low > 0（实际为 {got}）"},
    "pr_cac_and_cost_per_lead": {"en": "give either cac, or cost_per_lead with conversion, not both",
                                 "zh": "请给出 cac，或者给出 cost_per_lead 加 conversion，不能同时给出"},
    "pr_cac_or_cost_per_lead": {"en": "needs cac, or cost_per_lead together with conversion",
                                "zh": "需要 cac，或者同时给出 cost_per_lead 和 conversion"},
    "pr_conversion_positive": {"en": "conversion must be > 0 (got {got})", "zh": "转化率 conversion 必须 > 0（实际为 {got}）"},
    "pr_shares_sum": {"en": "channel shares must sum to 1 (got {got})", "zh": "各渠道占比之和必须为 1（实际为 {got}）"},
    "pr_rate_and_rate_beta": {"en": "give either rate with heterogeneity, or rate_beta, not both",
                              "zh": "请给出 rate（及 heterogeneity），或者给出 rate_beta，不能同时给出"},
    "pr_churn_and_churn_beta": {"en": "give either churn with heterogeneity, or churn_beta, not both",
                                "zh": "请给出 churn（及 heterogeneity），或者给出 churn_beta，不能同时给出"},
    "pr_duplicate_name": {"en": "'{name}' is already the name of {first}; each step of the funnel needs its own name",
                          "zh": "'{name}' 已经是 {first} 的名称；漏斗的每一步都需要自己的名称"},
    "pr_duplicate_id": {"en": "'{id}' is already the id of {first}; ids must be unique",
                        "zh": "'{id}' 已是 {first} 的 id；id 不能重复"},
    "pr_string_pattern_mismatch": {"en": "must be 1 to 40 lower-case letters, digits, - or _ (got {got})",
                                   "zh": "必须是 1 到 40 个小写字母、数字、- 或 _（实际为 {got}）"},
    "pr_run_too_large": {
        "en": "customers × simulated futures (replicates) = {lifetimes:,} exceeds the limit of {limit:,} "
              "customer-lifetimes per run",
        "zh": "客户数 × 模拟未来数（replicates）= {lifetimes:,}，超过了每次运行 {limit:,} 个客户生命周期的上限"},
    "pr_series_too_large": {"en": "simulated futures (replicates) × horizon = {cells:,} exceeds {limit:,}; "
                                  "lower the simulated futures or the horizon",
                            "zh": "模拟未来数（replicates）× 模拟时长 = {cells:,}，超过上限 {limit:,}；请减少模拟未来数或模拟时长"},
    "pr_referral_snowball": {
        "en": "each customer would refer {referred:.2f} buyers over an expected {active_periods:.1f} active periods "
              "(the slowest-leaving customers the file allows: churn's lower tail, channel churn multipliers, saves, "
              "loyalty), so referrals snowball without bound; the rate must be below {max_rate:.4f} per period",
        "zh": "每位客户在预期 {active_periods:.1f} 个活跃期内会推荐 {referred:.2f} 位买家（按文件允许的流失最慢的客户计算："
              "流失率的下尾、渠道流失倍数、挽留、会员计划），转介绍会无限滚雪球；该比例必须低于每期 {max_rate:.4f}"},
    # links and the app's ladder
    "pr_link_too_long": {"en": "the scenario in the link is longer than {limit:,} characters",
                         "zh": "链接中的场景超过 {limit:,} 个字符"},
    "pr_link_unknown_version": {"en": "not a scenario link of a known version", "zh": "不是可识别版本的场景链接"},
    "pr_link_too_large": {"en": "the scenario in the link is larger than {limit:,} bytes",
                          "zh": "链接中的场景超过 {limit:,} 字节"},
    "pr_link_damaged": {"en": "the scenario link is damaged or cut short", "zh": "场景链接已损坏或不完整"},
    "pr_no_rung": {"en": "there is no rung {n}", "zh": "没有第 {n} 级"},
    # workshop tools
    "pr_finite_at_least": {"en": "must be a finite number ≥ {ge} (got {got})", "zh": "必须是 ≥ {ge} 的有限数值（实际为 {got}）"},
    "pr_unknown_channel": {"en": "no channel named '{name}' (channels: {known})", "zh": "没有名为 '{name}' 的渠道（渠道：{known}）"},
    "pr_free_channel_unbounded": {
        "en": "costs nothing per buyer and has no max_buyers, so the best split is unbounded; give it max_buyers",
        "zh": "每位买家成本为零且没有 max_buyers，最优分配没有上限；请给出 max_buyers"},
    "pr_no_affordable_cost": {
        "en": "no {lever_text} ≥ 0 works: even with the {lever_text} at 0{commission_text} the plan {rule_text} in "
              "only {at_zero:.0%} of the simulated futures, below the {confidence:.0%} confidence asked for",
        "zh": "没有任何 ≥ 0 的{lever_text}可行：即使{lever_text}为 0{commission_text}，也只有 {at_zero:.0%} 的模拟未来中"
              "方案{rule_text}，低于所要求的 {confidence:.0%} 置信度"},
    "pr_lever_cac": {"en": "acquisition cost", "zh": "获客成本"},
    "pr_lever_commission": {"en": "affiliate commission", "zh": "联盟佣金"},
    "pr_rule_break_even": {"en": "breaks even", "zh": "保本"},
    "pr_rule_payback": {"en": "pays back within {payback_within} periods", "zh": "在 {payback_within} 期内回本"},
    "pr_commission_kept": {"en": " (still paying the affiliate commission of {commission:,.2f})",
                           "zh": "（仍需支付 {commission:,.2f} 的联盟佣金）"},
    # calibration data: reading the file
    "pr_csv_too_large": {
        "en": "file is {size:,} bytes; the limit is {limit:,} bytes (50 MB). Nothing was read: aggregate it first "
              "(one row per purchase, or a retention table)",
        "zh": "文件大小为 {size:,} 字节，上限为 {limit:,} 字节（50 MB）。未读取任何内容：请先汇总（每次购买一行，或改用留存表）"},
    "pr_csv_not_utf8": {"en": "file is not UTF-8 text (byte {byte}); save it as UTF-8 CSV",
                        "zh": "文件不是 UTF-8 文本（第 {byte} 字节）；请另存为 UTF-8 编码的 CSV"},
    "pr_csv_empty": {"en": "file is empty", "zh": "文件为空"},
    "pr_csv_ragged": {"en": "line {line}: expected {fields} fields like the first line, found {found}",
                      "zh": "第 {line} 行：应与首行一样有 {fields} 个字段，实际有 {found} 个"},
    "pr_csv_unreadable": {"en": "not a readable CSV ({detail})", "zh": "不是可读取的 CSV（{detail}）"},
    "pr_header_only": {"en": "the file has a header but no rows of data", "zh": "文件只有表头，没有数据行"},
    # calibration data: columns
    "pr_role_customer": {"en": "customer id", "zh": "客户编号"},
    "pr_role_date": {"en": "purchase date", "zh": "购买日期"},
    "pr_role_amount": {"en": "amount", "zh": "金额"},
    "pr_role_active": {"en": "customers still active", "zh": "仍活跃客户数"},
    "pr_role_period": {"en": "period", "zh": "期"},
    "pr_role_cohort": {"en": "cohort", "zh": "同期群"},
    "pr_column_missing": {"en": "no column named {name!r} for the {role_text}; the columns are {columns}",
                          "zh": "没有名为 {name!r} 的列（{role_text}）；文件的列为 {columns}"},
    "pr_column_unknown": {
        "en": "cannot tell which column holds the {role_text}; the columns are {columns} (name it with {option}, "
              "or rename the column)",
        "zh": "无法判断哪一列是{role_text}；文件的列为 {columns}（用 {option} 指定，或重命名该列）"},
    "pr_same_column": {
        "en": "customer, date and amount must be three different columns (got {customer!r}, {date!r}, {amount!r})",
        "zh": "客户、日期和金额必须是三个不同的列（实际为 {customer!r}、{date!r}、{amount!r}）"},
    "pr_kind_unknown": {
        "en": "cannot tell a retention table (period, customers still active) from a transaction log (customer id, "
              "date, amount) by its columns {columns}; give the kind (--kind retention|transactions) and the columns",
        "zh": "无法根据列 {columns} 判断这是留存表（期、仍活跃客户数）还是交易记录（客户编号、日期、金额）；"
              "请指定数据类型（--kind retention|transactions）和各列"},
    "pr_kind_invalid": {"en": "kind must be retention or transactions (got {got})",
                        "zh": "数据类型必须是 retention 或 transactions（实际为 {got}）"},
    "pr_period_invalid": {"en": "period must be week, month or year (got {got})",
                          "zh": "期必须是 week、month 或 year（实际为 {got}）"},
    # calibration data: dates
    "pr_date_format_unknown": {
        "en": "cannot recognise the date format of {got} (row {first_row}); give it, e.g. --date-format %d/%m/%Y",
        "zh": "无法识别 {got} 的日期格式（第 {first_row} 行）；请给出格式，例如 --date-format %d/%m/%Y"},
    "pr_date_format_invalid": {"en": "date format {format!r} is not valid ({detail})",
                               "zh": "日期格式 {format!r} 无效（{detail}）"},
    "pr_date_unreadable": {"en": "cannot read {got} as a date in the format {format}",
                           "zh": "无法按格式 {format} 读取日期 {got}"},
    "pr_calibration_end_unreadable": {"en": "calibration end: cannot read {got} as a date (use YYYY-MM-DD)",
                                      "zh": "拟合截止日期：无法将 {got} 读取为日期（请使用 YYYY-MM-DD）"},
    "pr_calibration_end_early": {"en": "calibration end {end} is before the first purchase ({first})",
                                 "zh": "拟合截止日期 {end} 早于首次购买（{first}）"},
    "pr_more_rows": {"en": "... and {count:,} more rows with the same problem", "zh": "……另有 {count:,} 行存在同样的问题"},
    # calibration data: values
    "pr_what_count": {"en": "the count", "zh": "人数"},
    "pr_what_period": {"en": "the period", "zh": "期"},
    "pr_customer_id_empty": {"en": "the customer id is empty", "zh": "客户编号为空"},
    "pr_amount_empty": {"en": "the amount is empty", "zh": "金额为空"},
    "pr_value_empty": {"en": "{what_text} is empty", "zh": "{what_text}为空"},
    "pr_not_a_number": {"en": "{got} is not a number", "zh": "{got} 不是数字"},
    "pr_negative_amount": {
        "en": "negative amount {got}; amounts must be ≥ 0 (take refunds off the purchase they refund)",
        "zh": "金额为负数 {got}；金额必须 ≥ 0（退款请从对应的购买中扣除）"},
    "pr_not_whole": {"en": "{what_text} must be a whole number (got {got}); give counts of customers, not shares",
                     "zh": "{what_text}必须是整数（实际为 {got}）；请给出客户人数，而不是比例"},
    "pr_negative_value": {"en": "{what_text} must be ≥ 0 (got {got})", "zh": "{what_text}必须 ≥ 0（实际为 {got}）"},
    "pr_one_customer": {
        "en": "only one customer ({customer!r}) in {rows:,} rows; a fit needs the purchases of at least 2 customers "
              "(better hundreds)",
        "zh": "{rows:,} 行中只有一位客户（{customer!r}）；拟合至少需要 2 位客户的购买记录（最好数百位）"},
    # calibration data: retention tables
    "pr_period_twice_cohort": {"en": "period {period} appears twice", "zh": "第 {period} 期出现了两次"},
    "pr_period_twice": {
        "en": "period {period} appears twice (several cohorts? name their column with --cohort-column)",
        "zh": "第 {period} 期出现了两次（有多个同期群？请用 --cohort-column 指定其所在列）"},
    "pr_no_period_zero": {"en": "no row for period 0 (the cohort's starting size); the first period is {first}",
                          "zh": "没有第 0 期的行（同期群的初始人数）；第一期为 {first}"},
    "pr_no_customers": {"en": "no customers at period 0", "zh": "第 0 期没有客户"},
    "pr_active_rises": {
        "en": "active customers rise from {before} to {after} between periods {start} and {end}; a retention table "
              "counts customers still active, which can only fall",
        "zh": "活跃客户数在第 {start} 期到第 {end} 期之间从 {before} 增加到 {after}；留存表统计的是仍活跃的客户，只会减少"},
    "pr_only_period_zero": {"en": "only period 0 is given; a fit needs at least one later period",
                            "zh": "只给出了第 0 期；拟合至少需要之后的一期"},
    # calibration: fitting
    "pr_too_few_customers": {"en": "fewer than 2 customers first bought before the calibration end: nothing to fit",
                             "zh": "在拟合截止日期前首次购买的客户少于 2 位：无法拟合"},
    "pr_too_few_histories": {
        "en": "fewer than 2 customers had a period after their first purchase within the calibration window: choose "
              "a later calibration end or a shorter period",
        "zh": "在拟合窗口内，首次购买之后还有至少一期的客户少于 2 位：请选择更晚的拟合截止日期或更短的期"},
    "pr_no_repeat_buying": {
        "en": "no customer bought again within the calibration window: repeat buying cannot be fitted (choose a later "
              "calibration end or a longer window)",
        "zh": "在拟合窗口内没有客户再次购买：无法拟合复购（请选择更晚的拟合截止日期或更长的窗口）"},
    "pr_too_many_terms": {
        "en": "{histories:,} distinct purchase histories with {terms:,} likelihood terms exceed the limit of {limit:,}: "
              "use a longer period (month instead of week) or a shorter calibration window",
        "zh": "{histories:,} 种不同的购买历史共有 {terms:,} 个似然项，超过上限 {limit:,}：请使用更长的期（用月代替周）"
              "或更短的拟合窗口"},
    "pr_no_churn": {"en": "no customer left in the data: churn cannot be estimated from a table where everyone stays",
                    "zh": "数据中没有客户流失：所有人都留下时无法估计流失率"},
    "pr_model_bgbb": {"en": "the repeat-buying (BG/BB)", "zh": "复购（BG/BB）"},
    "pr_model_sbg": {"en": "the retention (sBG)", "zh": "留存（sBG）"},
    "pr_fit_not_converged": {"en": "{model_text} fit did not converge after {iterations} iterations: {reason}",
                             "zh": "{model_text}拟合在 {iterations} 次迭代后仍未收敛：{reason}"},
    # == calibration: the fits' notes and the data's warnings (Problem codes of the core, issue 9) ======
    "pr_fit_everyone_left": {"en": "every customer had left by the last period", "zh": "到最后一期时所有客户都已流失"},
    "pr_fit_no_heterogeneity": {
        "en": "no detectable heterogeneity: every customer churns alike (a + b ran to its upper limit)",
        "zh": "未检测到异质性：所有客户的流失率相同（a + b 达到了上限）"},
    "pr_fit_no_purchase_heterogeneity": {
        "en": "no detectable heterogeneity in the purchase chance (α + β ran to its upper limit)",
        "zh": "未检测到购买概率的异质性（α + β 达到了上限）"},
    "pr_fit_no_dropout_heterogeneity": {"en": "no detectable heterogeneity in drop-out (γ + δ ran to its upper limit)",
                                        "zh": "未检测到流失的异质性（γ + δ 达到了上限）"},
    "pr_fit_no_intervals": {"en": "no confidence intervals: {cause_text}", "zh": "没有置信区间：{cause_text}"},
    "pr_cause_at_limit": {"en": "a parameter is at its limit", "zh": "有参数处于其取值上限"},
    "pr_cause_curvature_unknown": {"en": "the curvature of the likelihood could not be computed",
                                   "zh": "无法计算似然函数的曲率"},
    "pr_cause_flat": {"en": "the likelihood is flat in some direction (singular Hessian)",
                      "zh": "似然函数在某个方向上是平的（Hessian 矩阵奇异）"},
    "pr_cause_not_a_maximum": {
        "en": "the likelihood is not curved like a maximum at the estimate (Hessian not positive definite)",
        "zh": "似然函数在估计值处不像最大值那样弯曲（Hessian 矩阵非正定）"},
    "pr_fit_wide_intervals": {
        "en": "the data pin a or b down poorly (very wide intervals): more periods or customers would help",
        "zh": "数据对 a 或 b 的约束很弱（区间非常宽）：更多的期数或客户会有帮助"},
    "pr_fit_wide_intervals_bgbb": {
        "en": "the data pin some parameters down poorly (very wide intervals): more periods per customer "
              "(a shorter period or a longer calibration window) would help",
        "zh": "数据对部分参数的约束很弱（区间非常宽）：每位客户有更多的期（更短的期或更长的拟合窗口）会有帮助"},
    "pr_fit_few_opportunities": {
        "en": "at most {most} repeat-purchase period(s) per customer: too few to tell heterogeneity apart; "
              "use a shorter period or a later calibration end",
        "zh": "每位客户最多只有 {most} 个可复购的期：太少，无法区分异质性；请使用更短的期或更晚的拟合截止日期"},
    "pr_dates_ambiguous": {
        "en": "dates read as {chosen}; {swapped} also reads them all: give the date format if that is wrong",
        "zh": "日期按 {chosen} 读取；按 {swapped} 也能读取全部日期：如果不对，请指定日期格式"},
    "pr_few_customers": {"en": "only {customers:,} customers: the fitted parameters will be very uncertain",
                         "zh": "只有 {customers:,} 位客户：拟合出的参数会非常不确定"},
    "pr_calibration_end_late": {"en": "calibration end {end} is after the last purchase ({last}): all data is used",
                                "zh": "拟合截止日期 {end} 晚于最后一次购买（{last}）：使用全部数据"},
    "pr_late_first_purchases": {
        "en": "{customers:,} customers first bought after the calibration end; they are not used in the fit",
        "zh": "{customers:,} 位客户在拟合截止日期之后才首次购买；拟合中未使用他们"},
    # the analysis tools' arguments (simulator.problems.ArgumentError)
    "pr_confidence_range": {"en": "must be a number between 0 and 1, e.g. 0.8 for 80% (got {got})",
                            "zh": "必须是 0 到 1 之间的数，例如 0.8 表示 80%（实际为 {got}）"},
    "pr_step_range": {"en": "must be a number between 0 and 1, e.g. 0.1 for ±10% (got {got})",
                      "zh": "必须是 0 到 1 之间的数，例如 0.1 表示 ±10%（实际为 {got}）"},
    "pr_payback_beyond_horizon": {"en": "must be between 0 and {last} (the horizon is {horizon} periods; got {got})",
                                  "zh": "必须在 0 到 {last} 之间（模拟时长为 {horizon} 期；实际为 {got}）"},
    "pr_open_unit_interval": {"en": "must lie strictly between 0 and 1 (got {got})",
                              "zh": "必须严格介于 0 和 1 之间（实际为 {got}）"},
    # a fit's report (CLI `fit`), the fitted scenario's name and description, and its YAML comments
    "fit_summary_retention": {"en": "Retention table: {cohorts} cohort(s), {customers} customers, periods 0..{last} ({unit}s)",
                              "zh": "留存表：{cohorts} 个同期群，{customers} 位客户，第 0..{last} 期（按{unit}）"},
    "fit_summary_sbg": {"en": "sBG fit: a = {a}, b = {b}, log-likelihood {loglik}",
                        "zh": "sBG 拟合：a = {a}，b = {b}，对数似然 {loglik}"},
    "fit_summary_transactions": {
        "en": "Transaction log: {customers} customers; {unit}s from {origin}; calibration periods 0..{end} of "
              "0..{last}; columns {columns}; dates {date_format}",
        "zh": "交易记录：{customers} 位客户；自 {origin} 起按{unit}计；拟合期 0..{end}（全部 0..{last}）；"
              "列 {columns}；日期格式 {date_format}"},
    "fit_summary_bgbb": {
        "en": "BG/BB fit on {customers} customers: α = {alpha}, β = {beta}, γ = {gamma}, δ = {delta}, "
              "log-likelihood {loglik}",
        "zh": "BG/BB 拟合（{customers} 位客户）：α = {alpha}，β = {beta}，γ = {gamma}，δ = {delta}，对数似然 {loglik}"},
    "fit_note": {"en": "note: {note}", "zh": "说明：{note}"},
    "fit_name": {"en": "Fitted: {stem}", "zh": "拟合：{stem}"},
    "fit_uploaded": {"en": "uploaded data", "zh": "上传的数据"},
    "fit_channel": {"en": "Paid ads", "zh": "付费广告"},
    "fit_front_end": {"en": "First purchase", "zh": "首次购买"},
    "fit_description": {"en": "Fitted from {source}: {what}. From the data: {from_data}. {todo}",
                        "zh": "拟合自 {source}：{what}。来自数据：{from_data}。{todo}"},
    "fit_what_bgbb": {
        "en": "BG/BB fit on {customers} customers' purchases: per-{unit} repeat-order chance and drop-out, "
              "both varying between customers",
        "zh": "基于 {customers} 位客户购买记录的 BG/BB 拟合：每{unit}的复购概率和流失率，两者都因客户而异"},
    "fit_what_sbg": {"en": "sBG fit on the retention of {customers} customers in {cohorts} cohort(s)",
                     "zh": "基于 {cohorts} 个同期群共 {customers} 位客户留存数据的 sBG 拟合"},
    "fit_from_data_bgbb": {
        "en": "retention.churn and retention.heterogeneity, repeat_purchase (rate, heterogeneity, order_value) "
              "and front_end.price",
        "zh": "retention.churn 和 retention.heterogeneity、repeat_purchase（rate、heterogeneity、order_value）"
              "以及 front_end.price"},
    "fit_from_data_sbg": {"en": "retention.churn and retention.heterogeneity",
                          "zh": "retention.churn 和 retention.heterogeneity"},
    "fit_todo_bgbb": {
        "en": "TODO (not in the data, fill in): acquisition.channels[0].cac, front_end.unit_cost, "
              "repeat_purchase.margin (1 = no cost of goods yet), cost_to_serve, and the back-end ladder (back_end).",
        "zh": "TODO（数据中没有，请填写）：acquisition.channels[0].cac、front_end.unit_cost、"
              "repeat_purchase.margin（1 = 尚未计入商品成本）、cost_to_serve，以及后端阶梯（back_end）。"},
    "fit_todo_sbg": {
        "en": "TODO (not in the data, fill in): acquisition.channels[0].cac, front_end.price and "
              "front_end.unit_cost, cost_to_serve, and the back-end ladder (back_end).",
        "zh": "TODO（数据中没有，请填写）：acquisition.channels[0].cac、front_end.price 和 front_end.unit_cost、"
              "cost_to_serve，以及后端阶梯（back_end）。"},
    "fit_header_retention": {"en": "Fitted from {source} (retention table, sBG) by `python -m simulator fit`.",
                             "zh": "由 `python -m simulator fit` 拟合自 {source}（留存表，sBG）。"},
    "fit_header_transactions": {
        "en": "Fitted from {source} (transaction log, BG/BB, {unit}s; calibration {origin} to the end of period "
              "{end}) by `python -m simulator fit`.",
        "zh": "由 `python -m simulator fit` 拟合自 {source}（交易记录，BG/BB，按{unit}；拟合期为 {origin} 至第 {end} 期末）。"},
    "fit_header_data": {
        "en": "From the data: retention and repeat buying (and the first purchase's price for transaction logs).",
        "zh": "来自数据：留存与复购（交易记录还包括首次购买的价格）。"},
    "fit_header_todo": {
        "en": "TODO: fill in the lines marked TODO: acquisition cost, costs and the back-end ladder are not in the data.",
        "zh": "TODO：请填写标记为 TODO 的行：获客成本、各项成本和后端阶梯不在数据中。"},
    "fit_todo_cac": {"en": "TODO: your cost per paid front-end buyer (not in the data)",
                     "zh": "TODO：每位付费前端买家的获客成本（数据中没有）"},
    "fit_todo_unit_cost": {"en": "TODO: cost of goods of the first purchase (not in the data)",
                           "zh": "TODO：首次购买的商品成本（数据中没有）"},
    "fit_todo_margin": {"en": "TODO: gross margin of repeat orders (1 = no cost of goods entered yet)",
                        "zh": "TODO：复购订单的毛利率（1 = 尚未填入商品成本）"},
    "fit_todo_cost_to_serve": {"en": "TODO: cost to serve an active customer per period (not in the data)",
                               "zh": "TODO：每期服务一位活跃客户的成本（数据中没有）"},
    "fit_todo_back_end": {"en": "TODO: your upsell ladder, if you have one (not in the data)",
                          "zh": "TODO：你的追加销售阶梯（如果有；数据中没有）"},
    "fit_todo_price": {"en": "TODO: price of the first purchase (not in the data)", "zh": "TODO：首次购买的价格（数据中没有）"},
    # == the command line (python -m simulator) ==============================
    "cli_m_clv": {"en": "Lifetime value (CLV)", "zh": "客户终身价值（CLV）"},
    "cli_m_cac": {"en": "Acquisition cost (CAC)", "zh": "获客成本（CAC）"},
    "cli_m_net_value": {"en": "Net value per buyer", "zh": "每位买家净价值"},
    "cli_m_ltv_cac": {"en": "LTV : CAC", "zh": "LTV : CAC"},
    "cli_m_front_end_profit": {"en": "Front-end profit", "zh": "前端利润"},
    "cli_m_back_end_profit": {"en": "Back-end profit", "zh": "后端利润"},
    "cli_m_payback_period": {"en": "Payback period (periods)", "zh": "回本期（期）"},
    "cli_m_referred_buyers": {"en": "Referred buyers", "zh": "推荐来的买家"},
    "cli_b_total_profit": {"en": "Total profit", "zh": "总利润"},
    "cli_b_npv": {"en": "Net present value", "zh": "净现值"},
    "cli_b_capital_needed": {"en": "Capital needed", "zh": "所需资金"},
    "cli_b_cash_positive_period": {"en": "Cash positive (period)", "zh": "现金转正（期）"},
    "cli_b_average_cac": {"en": "Average CAC", "zh": "平均获客成本"},
    "cli_never": {"en": "never", "zh": "从未"},
    "cli_mean": {"en": "mean", "zh": "均值"},
    "cli_sizes": {"en": "{customers:,} customers × {replicates:,} simulated futures, seed {seed}",
                  "zh": "{customers:,} 位客户 × {replicates:,} 种模拟未来，随机种子 {seed}"},
    "cli_run_head": {"en": "{name}  ({sizes}, horizon {horizon} periods; money in {currency} per paid buyer)",
                     "zh": "{name}  （{sizes}，模拟时长 {horizon} 期；金额为每位付费买家，单位 {currency}）"},
    "cli_chances": {"en": "Chance the plan is profitable: {profit}   chance it pays back within the horizon: {payback}",
                    "zh": "方案盈利的概率：{profit}   在模拟时长内回本的概率：{payback}"},
    "cli_funnel": {"en": "Funnel (share of paid buyers who bought):", "zh": "漏斗（购买各步骤的付费买家比例）："},
    "cli_front_end": {"en": "Front end", "zh": "前端"},
    "cli_customer_value": {"en": "Customer value: {percentiles}; top 20% of customers earn {top} of the value",
                           "zh": "客户价值：{percentiles}；前 20% 的客户贡献了 {top} 的价值"},
    "cli_not_available": {"en": "n/a", "zh": "无"},
    "cli_business": {"en": "Business view (all cohorts, money in total):", "zh": "整体业务（所有批次客户，金额为总额）："},
    "cli_valid": {"en": "{file}: valid scenario '{name}' ({rungs} back-end rungs)",
                  "zh": "{file}：有效场景“{name}”（{rungs} 级后端产品）"},
    "cli_compare_head": {"en": "A: {a}\nB: {b}\nSame seed ({seed}) for both: differences are the levers, not noise.\n",
                         "zh": "A：{a}\nB：{b}\n两者使用相同的随机种子（{seed}）：差异来自杠杆，而不是随机性。\n"},
    "cli_a_mean": {"en": "A mean", "zh": "A 均值"},
    "cli_b_mean": {"en": "B mean", "zh": "B 均值"},
    "cli_diff_mean": {"en": "B - A mean", "zh": "B - A 均值"},
    "cli_diff_p5": {"en": "B - A p5", "zh": "B - A p5"},
    "cli_diff_p95": {"en": "B - A p95", "zh": "B - A p95"},
    "cli_compare_profit": {"en": "Chance of profit: A {a}, B {b}", "zh": "盈利概率：A {a}，B {b}"},
    "cli_channels_head": {
        "en": "Which fish pond: {name}  ({sizes}, horizon {horizon} periods; money in {currency} per paid buyer, "
              "mean (p5 – p95))\nEach channel is simulated as if it brought every buyer, all with the same seed.",
        "zh": "选哪个鱼塘：{name}  （{sizes}，模拟时长 {horizon} 期；金额为每位付费买家，单位 {currency}，均值（p5 – p95））\n"
              "每个渠道都按带来全部买家模拟，使用相同的随机种子。"},
    "cli_channel": {"en": "Channel", "zh": "渠道"},
    "cli_cac": {"en": "CAC", "zh": "获客成本"},
    "cli_clv": {"en": "CLV", "zh": "终身价值"},
    "cli_payback_median": {"en": "Payback, median (p5 – p95)", "zh": "回本期，中位数（p5 – p95）"},
    "cli_prob_profit": {"en": "P(profit)", "zh": "盈利概率"},
    "cli_best_channel": {"en": "Best channel by net value per buyer: {name}", "zh": "按每位买家净价值计最好的渠道：{name}"},
    "cli_split_head": {"en": "Best split of a budget of {budget} per period:", "zh": "每期预算 {budget} 的最优分配："},
    "cli_buyers": {"en": "Buyers", "zh": "买家数"},
    "cli_spend": {"en": "Spend", "zh": "花费"},
    "cli_expected_profit": {"en": "Expected profit", "zh": "预期利润"},
    "cli_capacity": {"en": "Capacity", "zh": "容量"},
    "cli_unlimited": {"en": "unlimited", "zh": "不限"},
    "cli_total": {"en": "Total", "zh": "合计"},
    "cli_unspent": {
        "en": "Unspent: {unspent}; expected profit of one period's buyers over the horizon {band}",
        "zh": "未花费：{unspent}；一期买家在模拟时长内的预期利润 {band}"},
    "cli_mc_head": {"en": "{name}: the most you can pay per paid buyer  ({sizes}; money in {currency})",
                    "zh": "{name}：每位付费买家最多能付多少  （{sizes}；货币 {currency}）"},
    "cli_mc_what_cac": {"en": "Acquisition cost per buyer (CAC)", "zh": "每位买家的获客成本（CAC）"},
    "cli_mc_what_commission": {"en": "Affiliate commission", "zh": "联盟佣金"},
    "cli_mc_value": {"en": "{what} with {confidence} confidence: {value}", "zh": "{what}（{confidence} 置信度）：{value}"},
    "cli_mc_today": {"en": "Today: {current}   headroom: {headroom}", "zh": "当前：{current}   余量：{headroom}"},
    "cli_mc_commission": {
        "en": "   (includes the affiliate commission of {commission}, kept as it is; channel costs are scaled together)",
        "zh": "   （含联盟佣金 {commission}，保持不变；各渠道成本一起缩放）"},
    "cli_mc_band": {"en": "Break-even cost across the simulated futures: mean {mean}, p5 {p5}, p50 {p50}, p95 {p95}",
                    "zh": "各模拟未来的盈亏平衡成本：均值 {mean}，p5 {p5}，p50 {p50}，p95 {p95}"},
    "cli_mc_profitable": {"en": "At {value}, {share} of the simulated futures are profitable.",
                          "zh": "在 {value} 时，{share} 的模拟未来是盈利的。"},
    "cli_mc_payback": {
        "en": "Paying back within {n} periods allows up to {payback} (break-even alone: {break_even}); {binds}",
        "zh": "要求 {n} 期内回本时最多可付 {payback}（仅要求保本：{break_even}）；{binds}"},
    "cli_mc_payback_binds": {"en": "payback sets the limit.", "zh": "回本要求决定了上限。"},
    "cli_mc_break_even_binds": {"en": "break-even sets the limit.", "zh": "保本要求决定了上限。"},
    "cli_mc_pay_back_share": {"en": "At {value}, {share} of the simulated futures pay back within {n} periods.",
                              "zh": "在 {value} 时，{share} 的模拟未来在 {n} 期内回本。"},
    "cli_sens_head": {
        "en": "{name}: change in net value per paid buyer with each lever moved by ±{step}  ({sizes}; money in "
              "{currency}; base mean {base})\n",
        "zh": "{name}：每个杠杆调整 ±{step} 时每位付费买家净价值的变化  （{sizes}；货币 {currency}；基准均值 {base}）\n"},
    "cli_lever": {"en": "Lever", "zh": "杠杆"},
    "cli_group": {"en": "Group", "zh": "类别"},
    "cli_band90": {"en": "90% band", "zh": "90% 区间"},
    "cli_to": {"en": " to ", "zh": " 至 "},
    "cli_wrote": {"en": "wrote {out}", "zh": "已写入 {out}"},
    "cli_wrote_pngs": {"en": "wrote {out} and {n} PNG charts in {folder}", "zh": "已写入 {out}，以及 {folder} 中的 {n} 张 PNG 图表"},
    "cli_error": {"en": "error: {message}", "zh": "错误：{message}"},
    "cli_interrupted": {"en": "interrupted", "zh": "已中断"},
    "cli_unexpected": {"en": "unexpected error: {kind}: {detail}", "zh": "意外错误：{kind}：{detail}"},
    "cli_fitting": {"en": "fitting {file} ({period}s)...", "zh": "正在拟合 {file}（按{period}）…"},
    "cli_validate_needs_log": {
        "en": "--validate needs a transaction log and a --calibration-end before its last date",
        "zh": "--validate 需要交易记录，以及早于其最后日期的 --calibration-end"},
    "cli_holdout": {
        "en": "\nHoldout (periods {first}..{last}): actual repeat purchases {actual:,}, predicted by the engine "
              "{predicted:,.0f} ({error:+.1%}), BG/BB formula {closed:,.0f} ({closed_error:+.1%})",
        "zh": "\n留出期（第 {first}..{last} 期）：实际复购 {actual:,} 次，模拟引擎预测 {predicted:,.0f} 次（{error:+.1%}），"
              "BG/BB 公式 {closed:,.0f} 次（{closed_error:+.1%}）"},
    "cli_cannot_write": {"en": "cannot write {file} ({reason})", "zh": "无法写入 {file}（{reason}）"},
    "cli_wrote_fit": {"en": "wrote {out}: fill in the lines marked TODO (CAC, costs, back-end ladder)",
                      "zh": "已写入 {out}：请填写标记为 TODO 的行（获客成本、各项成本、后端阶梯）"},
    "cli_no_folder": {"en": "--out: folder {folder} does not exist", "zh": "--out：文件夹 {folder} 不存在"},
}

# Glosses of the scenario's field names, shown next to a path in Chinese messages and reports.
FIELD_ZH = {
    "version": "格式版本", "name": "名称", "description": "描述", "currency": "货币",
    "periods_per_year": "每年期数", "horizon": "模拟时长", "discount_rate": "折现率",
    "simulation": "模拟设置", "customers": "客户数", "replicates": "模拟未来数", "seed": "随机种子",
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
    "dist": "分布", "mode": "众数", "link": "链接", "budget": "预算", "max_buyers": "渠道容量",
    "channel_multipliers": "渠道倍数", "churn_multiplier": "流失率倍数", "take_rate_multiplier": "购买率倍数",
}


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
    "simulation.customers": "每种模拟未来中模拟的付费前端买家数。",
    "simulation.replicates": "模拟未来的数量（蒙特卡洛重复次数）；每种模拟未来各抽取一次所有不确定输入。",
    "simulation.seed": "随机种子；相同的种子和场景给出完全相同的结果。",
}




# --------------------------------------------------------------------------
# Texts in two languages and buyers who do not subscribe (issue 10, parts 4 and 6)
# --------------------------------------------------------------------------

TEXT.update({
    "source_line": {"en": "Source: {source}", "zh": "来源：{source}"},
    "pr_text_needs_language": {"en": "give the text in at least one language: en or zh",
                               "zh": "请至少给出一种语言的文字：en 或 zh"},
})
FIELD_ZH.update({"source": "来源", "non_adopters": "未订阅者", "en": "英文", "zh": "中文"})
HELP_ZH.update({
    "subscription.non_adopters": "stay：未订阅的买家仍是客户（可购买后端产品、复购，并产生服务成本）；"
                                 "leave：他们从第 1 期起不再活跃（例如无人续订的免费试用）。",
})


# --------------------------------------------------------------------------
# --- wip-hostile-core: hostile input (issue 11, core and CLI)
# --------------------------------------------------------------------------

TEXT.update({
    "pr_lognormal_spread": {
        "en": "a lognormal range may span at most a factor of {limit:,.0f} (got low {low}, high {high}); "
              "narrow it, or give dist: normal or uniform",
        "zh": "对数正态（lognormal）区间的上下限之比最多为 {limit:,.0f}（实际 low 为 {low}，high 为 {high}）；"
              "请缩小区间，或改用 dist: normal 或 uniform"},
    "pr_control_character": {
        "en": "contains the control character {char} at character {position}; remove it",
        "zh": "第 {position} 个字符是控制字符 {char}；请删除它"},
    "pr_duplicate_key": {
        "en": "line {line}: the key {name!r} appears twice (first on line {first}); each key may appear once",
        "zh": "第 {line} 行：键 {name!r} 出现了两次（第一次在第 {first} 行）；每个键只能出现一次"},
    "pr_integer_too_long": {
        "en": "line {line}: a number of {digits:,} digits; numbers in scenario files have at most {limit} digits",
        "zh": "第 {line} 行：数字有 {digits:,} 位；场景文件中的数字最多 {limit} 位"},
    "pr_yaml_anchor": {
        "en": "line {line}: YAML anchors (&{anchor}) are not allowed in scenario files",
        "zh": "第 {line} 行：场景文件中不允许使用 YAML 锚点（&{anchor}）"},
    "pr_nesting_too_deep_at": {
        "en": "line {line}: nested more than {limit} levels deep; a scenario needs at most 5",
        "zh": "第 {line} 行：嵌套超过 {limit} 层；场景最多只需要 5 层"},
    "pr_nesting_too_deep": {
        "en": "nested more than {limit} levels deep; a scenario needs at most 5",
        "zh": "嵌套超过 {limit} 层；场景最多只需要 5 层"},
    "pr_not_a_regular_file": {
        "en": "is a {filekind_text}, not a file; only regular files are read",
        "zh": "是{filekind_text}，不是普通文件；只读取普通文件"},
    "pr_filekind_directory": {"en": "directory", "zh": "目录"},
    "pr_filekind_fifo": {"en": "pipe (FIFO)", "zh": "管道（FIFO）"},
    "pr_filekind_device": {"en": "device or socket", "zh": "设备或套接字"},
    "pr_more_problems": {"en": "... and {count:,} more problems", "zh": "……另有 {count:,} 个问题"},
    "pr_int_parsing_size": {"en": "must be a whole number of at most 19 digits (got {got})",
                            "zh": "必须是最多 19 位的整数（实际为 {got}）"},
    "pr_referral_runaway": {
        "en": "referred buyers per paid buyer passed {limit:,.0f} in a simulated future: word of mouth snowballs; "
              "lower the referral rate",
        "zh": "在某个模拟未来中，每位付费买家带来的转介绍买家超过 {limit:,.0f}：转介绍在滚雪球；请降低转介绍率"},
    # calibration data (simulator.calibration.limits)
    "pr_header_too_long": {"en": "a column name of {length:,} characters; names and cells have at most {limit} characters",
                           "zh": "列名有 {length:,} 个字符；列名和单元格最多 {limit} 个字符"},
    "pr_cell_too_long": {"en": "a cell of {length:,} characters ({got}); cells have at most {limit} characters",
                         "zh": "单元格有 {length:,} 个字符（{got}）；单元格最多 {limit} 个字符"},
    "pr_amount_too_large": {"en": "amount {got} is above the limit of {limit:,.0f}",
                            "zh": "金额 {got} 超过上限 {limit:,.0f}"},
    "pr_value_too_large": {"en": "{what_text} {got} is above the limit of {limit:,.0f}",
                           "zh": "{what_text} {got} 超过上限 {limit:,.0f}"},
    "pr_date_far": {"en": "{got} is {years} years {side_text} the other purchases; a mistyped year?",
                    "zh": "{got} 比其他购买{side_text} {years} 年；年份是否输错？"},
    "pr_side_after": {"en": "after", "zh": "晚"},
    "pr_unit_week": {"en": "weeks", "zh": "周"},
    "pr_unit_month": {"en": "months", "zh": "个月"},
    "pr_unit_year": {"en": "years", "zh": "年"},
    "pr_side_before": {"en": "before", "zh": "早"},
    "pr_too_many_periods": {
        "en": "the purchases span {periods:,} {unit_text}, more than the {limit:,} periods a fit can take; use a longer period "
              "(month or year) or a shorter window",
        "zh": "购买记录跨越 {periods:,} {unit_text}，超过拟合可处理的 {limit:,} 个；请使用更长的期（月或年）或更短的时间窗口"},
})


# --- wip-hostile-app: the page never dies, long runs stop (issue 11, the app's part) ---------------

TEXT.update({
    "view_failed": {
        "en": "This part of the page could not be drawn; the details are in the server log. The scenario and the "
        "levers are as they were.",
        "zh": "页面的这一部分无法绘制，详细信息请查看服务器日志。场景和各项设置保持不变。",
    },
    "drawing_failed": {
        "en": "That scenario could not be drawn (the details are in the server log), so the last one that could "
        "is back on screen.",
        "zh": "该场景无法绘制（详细信息请查看服务器日志），已恢复为上一个可以绘制的场景。",
    },
    "details_in_log": {"en": "an unexpected error; the details are in the server log",
                       "zh": "发生意外错误，详细信息请查看服务器日志"},
    "pr_not_drawable": {"en": "the app cannot draw this scenario (the details are in the server log)",
                        "zh": "应用无法绘制此场景（详细信息请查看服务器日志）"},
    "run_budget": {
        "en": "To answer at once, the app simulates {customers} customers × {replicates} simulated futures here, "
        "not the {asked_customers} × {asked_replicates} the scenario asks for: each run in the app is limited to "
        "{limit} customer-periods (customers × futures × periods). The command line runs the full size: "
        "python -m simulator run FILE.",
        "zh": "为了即时给出结果，应用在这里模拟 {customers} 位客户 × {replicates} 种模拟未来，而不是场景要求的 "
        "{asked_customers} × {asked_replicates}：应用中每次运行最多模拟 {limit} 个客户期（客户数 × 模拟未来数 × 期数）。"
        "命令行可按完整规模运行：python -m simulator run FILE。",
    },
    "run_stop": {"en": "Stop", "zh": "停止"},
    "run_stop_help": {"en": "Stop this run; nothing is computed until you start it again.",
                      "zh": "停止本次运行；在你重新开始之前不会再计算。"},
    "run_progress": {"en": "Running… {done} done", "zh": "运行中…已完成 {done}"},
    "run_stopped": {"en": "Stopped before the end; nothing was computed.", "zh": "已在完成前停止，未得出结果。"},
    "run_again": {"en": "Run again", "zh": "重新运行"},
})


# --- wip-workshop: the workshop kit (issue 14): presenter keys, share with a room, the slide deck
TEXT.update({
    "p_funnel_no_ladder": {
        "en": "No upsell ladder: every buyer takes the front end, and {back} of the revenue comes after it, "
        "from the back end: {sources}.",
        "zh": "没有追加销售阶梯：每位买家都购买前端，{back} 的收入来自之后的后端：{sources}。",
    },
    "p_business_never": {
        "en": "Buying customers every period needs {capital} of capital before the back end pays for acquisition; "
        "cash does not turn positive within {horizon}, and the business makes {profit} over {horizon}.",
        "zh": "每期持续获客，在后端收入覆盖获客成本之前需要 {capital} 的资金；{horizon}内现金没有转正，"
        "整体业务盈利 {profit}。",
    },
    "p_keys_hint": {"en": "→ / Space / PageDown: next · ← / PageUp: back · Esc: leave",
                    "zh": "→ / 空格 / PageDown：下一步 · ← / PageUp：上一步 · Esc：退出"},
    "p_copy_link": {"en": "Copy link", "zh": "复制链接"},
    "p_copied": {"en": "Link copied", "zh": "链接已复制"},
    "p_copy_failed": {"en": "Copy the address bar instead", "zh": "请改为复制地址栏"},
    "p_qr": {"en": "QR code", "zh": "二维码"},
    "p_qr_caption": {"en": "Scan to open this scenario on your phone and play with it.",
                     "zh": "扫码在手机上打开这个场景，自己试一试。"},
    "p_qr_too_long": {"en": "This scenario's link is too long for a QR code; share the link instead.",
                      "zh": "这个场景的链接太长，无法生成二维码；请直接分享链接。"},
    "p_deck_build": {"en": "Slide deck", "zh": "幻灯片"},
    "p_deck_building": {"en": "Building the slide deck…", "zh": "正在生成幻灯片……"},
    "p_deck_download": {"en": "Download the slide deck (PowerPoint)", "zh": "下载幻灯片（PowerPoint）"},
    "p_deck_help": {"en": "One slide per step: its chart, its sentence and the key numbers with 90% bands.",
                    "zh": "每一步一张幻灯片：图表、说明和关键数字（含 90% 区间）。"},
    "d_compare_title": {"en": "{a}  ↔  {b}", "zh": "{a}  ↔  {b}"},
    "d_numbers": {"en": "Key numbers (90% band)", "zh": "关键数字（90% 区间）"},
    "d_link": {"en": "Open it yourself: scan the code", "zh": "扫码自己打开"},
    "d_meta": {"en": "{customers} buyers × {replicates} simulated futures, seed {seed}",
               "zh": "{customers} 位买家 × {replicates} 种模拟未来，随机种子 {seed}"},
    "c_cac_apart": {"en": "Left out: acquisition (CAC) at the start, {money} per buyer (its bar would flatten the rest)",
                    "zh": "未画入：开始时的获客成本，每位买家 {money}（否则会压扁其他柱子）"},
    "cli_wrote_deck": {"en": "wrote {out} ({n} slides)", "zh": "已写入 {out}（{n} 张幻灯片）"},
})


# --- wip-calibration: BG/NBD, model choice by holdout, per-customer forecasts (issue 13)
# --------------------------------------------------------------------------

TEXT.update({
    "pr_model_bgnbd": {"en": "the repeat-buying (BG/NBD)", "zh": "复购（BG/NBD）"},
    "model_bgbb": {"en": "BG/BB (may leave in any period)", "zh": "BG/BB（每期都可能离开）"},
    "model_bgnbd": {"en": "BG/NBD (may leave only after a purchase)", "zh": "BG/NBD（只在购买后可能离开）"},
    "model_reason_holdout_error": {
        "en": "{model} is chosen: its holdout error ({error:+.1%}) is the smallest of the models fitted on the "
              "same calibration periods",
        "zh": "选用 {model}：在相同拟合期上拟合的模型中，它的留出期误差（{error:+.1%}）最小"},
    "model_reason_tracking_error": {
        "en": "{model} is chosen: with no holdout to score on, it tracks the calibration periods' purchases best "
              "(mean error {error:.1%} of a period's purchases)",
        "zh": "选用 {model}：没有留出期可供检验，它对拟合期各期购买的跟踪最好（平均误差为每期购买的 {error:.1%}）"},
    "models_head": {"en": "Models fitted on periods 0..{end}, scored on the holdout periods {first}..{last}:",
                    "zh": "在第 0..{end} 期拟合、在留出期第 {first}..{last} 期检验的模型："},
    "models_head_no_holdout": {"en": "Models fitted on periods 0..{end} (no holdout: give a calibration end to "
                                     "score them on what came after):",
                               "zh": "在第 0..{end} 期拟合的模型（没有留出期：给出拟合截止日期即可用之后的数据检验）："},
    "models_head_no_holdout_app": {"en": "Models fitted on periods 0..{end} (no holdout: choose a calibration end "
                                         "to score them on what came after):",
                                   "zh": "在第 0..{end} 期拟合的模型（没有留出期：选择拟合截止日期即可用之后的数据检验）："},
    "models_row": {"en": "  {model}: {params}; log-likelihood {loglik:,.1f}, BIC {bic:,.1f}",
                   "zh": "  {model}：{params}；对数似然 {loglik:,.1f}，BIC {bic:,.1f}"},
    "models_holdout": {"en": "    holdout: predicted {predicted:,.0f}, actual {actual:,} ({error:+.1%}); by quarter: "
                             "{quarters}",
                       "zh": "    留出期：预测 {predicted:,.0f}，实际 {actual:,}（{error:+.1%}）；按季度：{quarters}"},
    "models_scale_note": {
        "en": "    (the two log-likelihoods are not on one scale: the BG/BB's is a probability of whole periods, "
              "the BG/NBD's a density in continuous time; the holdout decides)",
        "zh": "    （两个对数似然不在同一尺度上：BG/BB 的是按整期计算的概率，BG/NBD 的是连续时间的密度；以留出期为准）"},
    "model_col_model": {"en": "Model", "zh": "模型"},
    "model_col_params": {"en": "Parameters (95% interval)", "zh": "参数（95% 区间）"},
    "model_col_loglik": {"en": "Log-likelihood", "zh": "对数似然"},
    "model_col_bic": {"en": "BIC", "zh": "BIC"},
    "model_col_predicted": {"en": "Holdout predicted", "zh": "留出期预测"},
    "model_col_actual": {"en": "Holdout actual", "zh": "留出期实际"},
    "model_col_error": {"en": "Holdout error", "zh": "留出期误差"},
    "model_col_quarters": {"en": "Error by quarter", "zh": "按季度误差"},
    "cli_wrote_customers": {
        "en": "wrote {out}: {customers:,} customers with P(alive), expected purchase {units} over the next "
              "{periods} and expected value ({model})",
        "zh": "已写入 {out}：{customers:,} 位客户的存活概率、未来 {periods} 期的预期购买{units}数和预期价值（{model}）"},
    "cli_customers_holdout_note": {
        "en": "per customer (holdout): correlation of expected and actual purchase {units} {corr:.2f}; the top tenth "
              "by expected value brought {top_value:.0%} of the holdout revenue and {top_orders:.0%} of its purchase "
              "{units}",
        "zh": "逐客户（留出期）：预期与实际购买{units}数的相关系数 {corr:.2f}；按预期价值排名前十分之一的客户贡献了留出期"
              "收入的 {top_value:.0%}、购买{units}数的 {top_orders:.0%}"},
})
TEXT.update({
    "cli_customers_need_log": {"en": "--customers-out needs a transaction log (customer id, date, amount)",
                               "zh": "--customers-out 需要交易记录（客户编号、日期、金额）"},
})
TEXT.update({
    "pr_rate_and_bgnbd": {"en": "give either rate (with heterogeneity or rate_beta), or bgnbd, not both",
                          "zh": "请给出 rate（及 heterogeneity 或 rate_beta），或者给出 bgnbd，不能同时给出"},
    "fit_what_bgnbd": {
        "en": "BG/NBD fit on {customers} customers' purchases: purchases per {unit} while active and the chance of "
              "leaving after each purchase, both varying between customers",
        "zh": "基于 {customers} 位客户购买记录的 BG/NBD 拟合：活跃时每{unit}的购买次数和每次购买后离开的概率，两者都因客户而异"},
    "fit_from_data_bgnbd": {
        "en": "repeat_purchase.bgnbd (rate, rate_shape, dropout, dropout_heterogeneity), repeat_purchase.order_value "
              "and front_end.price (retention.churn is 0: customers leave only after a purchase)",
        "zh": "repeat_purchase.bgnbd（rate、rate_shape、dropout、dropout_heterogeneity）、repeat_purchase.order_value "
              "以及 front_end.price（retention.churn 为 0：客户只在购买后离开）"},
})
FIELD_ZH.update({"bgnbd": "BG/NBD 购买", "rate_shape": "购买率形状", "dropout": "购买后离开概率",
                 "dropout_heterogeneity": "离开概率的客户差异"})
HELP_ZH.update({
    "repeat_purchase.bgnbd": "改用 BG/NBD 描述购买（拟合交易记录所得）：活跃时在连续时间中下单，客户只在某次购买后离开"
                             "（另加 retention 的流失）。",
    "repeat_purchase.bgnbd.rate": "活跃客户每期的平均购买次数（Gamma 购买率的 r / α）。",
    "repeat_purchase.bgnbd.rate_shape": "各客户购买率的 Gamma 形状 r：越小，越是少数重度买家；离散系数为 1 / √r。",
    "repeat_purchase.bgnbd.dropout": "每次购买后永久离开的平均概率（a / (a + b)）。",
    "repeat_purchase.bgnbd.dropout_heterogeneity": "0 = 每人购买后离开的概率都等于 dropout；越接近 1 越两极分化：各客户的"
                                                   "概率 ~ Beta(a, b)，1 / (a + b + 1) = dropout_heterogeneity。",
})
TEXT.update({
    "pr_fit_bgnbd_rates_alike": {
        "en": "BG/NBD: no detectable difference in purchase rates between customers (r or α ran to its limit)",
        "zh": "BG/NBD：未检测到客户之间购买率的差异（r 或 α 达到了取值上限）"},
    "pr_fit_bgnbd_dropout_polarised": {
        "en": "BG/NBD: the chance of leaving after a purchase is almost all-or-nothing (heterogeneity {fitted}); "
              "the scenario keeps its ceiling, {kept}",
        "zh": "BG/NBD：购买后离开的概率几乎是非此即彼（异质性 {fitted}）；场景取其上限 {kept}"},
    "pr_fit_bgnbd_dropout_alike": {
        "en": "BG/NBD: no detectable difference in the chance of leaving after a purchase (a or b ran to its limit)",
        "zh": "BG/NBD：未检测到购买后离开概率的差异（a 或 b 达到了取值上限）"},
    "cli_holdout_model": {
        "en": "\nHoldout (periods {first}..{last}): actual repeat purchases {actual:,}, predicted by the engine "
              "{predicted:,.0f} ({error:+.1%}), {model} formula {closed:,.0f} ({closed_error:+.1%})",
        "zh": "\n留出期（第 {first}..{last} 期）：实际复购 {actual:,} 次，模拟引擎预测 {predicted:,.0f} 次（{error:+.1%}），"
              "{model} 公式 {closed:,.0f} 次（{closed_error:+.1%}）"},
})
TEXT.update({
    "cc_repeat_purchases": {"en": "Repeat purchases", "zh": "复购次数"},
    "cc_tracking_title": {"en": "Repeat purchases per period: data and models", "zh": "每期复购：数据与模型"},
    "cc_tracking_cumulative_title": {"en": "Repeat purchases, cumulated: data and models", "zh": "累计复购：数据与模型"},
    "cc_tracking_sub": {"en": "Models fitted on the periods left of the dashed line only",
                        "zh": "模型只用虚线左侧的期拟合"},
    "cc_expected": {"en": "Expected", "zh": "预期"},
    "cc_top_customers": {"en": "Top customers (by expected value)", "zh": "排名靠前的客户（按预期价值）"},
    "cc_share_of_purchases": {"en": "Share of future purchases", "zh": "占未来购买的比例"},
    "cc_top_share_title": {"en": "How much the best customers hold", "zh": "最好的客户占多少"},
    "cc_top_share_sub": {"en": "The dashed line: the top tenth", "zh": "虚线：排名前十分之一"},
    "cc_calibration_purchases": {"en": "Repeat purchases in the calibration periods",
                                 "zh": "拟合期内的复购次数"},
    "cc_later_purchases": {"en": "Purchases per customer afterwards", "zh": "之后每位客户的购买次数"},
    "cc_by_frequency_title": {"en": "Afterwards, by how often they bought before", "zh": "之后的购买，按之前的购买频次"},
    "cc_by_frequency_sub": {"en": "Mean per customer: the model's expectation and what they did",
                            "zh": "每位客户的平均值：模型预期与实际"},
    "cc_last_purchase": {"en": "Period of the last purchase (since the first)", "zh": "最后一次购买所在的期（从首购算起）"},
    "cc_p_alive": {"en": "P(still a customer)", "zh": "仍是客户的概率"},
    "cc_p_alive_title": {"en": "Chance a customer is still active", "zh": "客户仍活跃的概率"},
    "cc_p_alive_sub": {"en": "By repeat purchases and the last one's period, for a customer observed {T} periods",
                       "zh": "按复购次数和最后一次购买所在的期，观察了 {T} 期的客户"},
    "cal_models_title": {"en": "Models compared", "zh": "模型比较"},
    "cal_customers_title": {"en": "Each customer's forecast", "zh": "每位客户的预测"},
    "cal_customers_note": {
        "en": "P(alive): the chance the customer still buys from you; expected purchases over the next {periods} "
              "{units}; expected value = those purchases × the Gamma-Gamma spend per purchase. Click a header to sort.",
        "zh": "存活概率：客户仍会向您购买的概率；未来 {periods} {units}的预期购买次数；预期价值 = 这些购买 × Gamma-Gamma "
              "模型估计的每次消费。点击表头可排序。"},
    "cal_customers_download": {"en": "Download the forecasts (CSV)", "zh": "下载预测（CSV）"},
    "cal_save_title": {"en": "Who to send the save offer to", "zh": "该向谁发送挽留优惠"},
    "cal_save_note": {
        "en": "Customers who were worth the most so far and are slipping away: ranked by past spend × the chance "
              "they have left (P(alive) between 10% and 70%).",
        "zh": "迄今价值最高、正在流失的客户：按以往消费 × 已离开的概率排序（存活概率在 10% 到 70% 之间）。"},
    "cal_col_customer": {"en": "Customer", "zh": "客户"},
    "cal_col_p_alive": {"en": "P(alive)", "zh": "存活概率"},
    "cal_col_expected_orders": {"en": "Expected purchases", "zh": "预期购买次数"},
    "cal_col_expected_value": {"en": "Expected value", "zh": "预期价值"},
    "cal_col_past_value": {"en": "Spent so far", "zh": "以往消费"},
    "cal_col_repeat": {"en": "Repeat purchases", "zh": "复购次数"},
    "cal_uncertainty": {"en": "Carry the fit's uncertainty into the scenario", "zh": "把拟合的不确定性带入场景"},
    "cal_uncertainty_help": {
        "en": "Off: the scenario holds the fitted numbers. On: each fitted number becomes its 90% range (from the "
              "fit's curvature), so every simulated future draws its own and the bands show what the data cannot "
              "pin down. The ranges are drawn independently (their correlation is not kept), so the bands are, if "
              "anything, a little wide.",
        "zh": "关闭：场景使用拟合出的数值。开启：每个拟合数值变为其 90% 区间（来自拟合的曲率），每种模拟未来各抽取一次，"
              "区间带会显示数据无法确定的部分。各区间独立抽取（不保留其相关性），因此区间带可能略宽。"},
})
TEXT.update({
    "cal_p_bgnbd_rate": {"en": "Mean purchases per period while active", "zh": "活跃时每期的平均购买次数"},
    "cal_p_bgnbd_shape": {"en": "Spread of purchase rates (shape r)", "zh": "购买率的分散程度（形状 r）"},
    "cal_p_bgnbd_dropout": {"en": "Mean chance of leaving after a purchase", "zh": "购买后离开的平均概率"},
    "cal_p_bgnbd_dropout_het": {"en": "Heterogeneity of leaving", "zh": "离开概率的客户差异"},
})

# --- wip-calib: the BG/NBD with a time-invariant covariate (issue 13, Fader & Hardie 2007)
# --------------------------------------------------------------------------

TEXT.update({
    "model_bgnbd_first_amount": {
        "en": "BG/NBD with a covariate (the purchase rate scales with the first purchase's amount)",
        "zh": "含协变量的 BG/NBD（购买率随首次购买金额变化）"},
    "models_scale_note": {
        "en": "    (the BG/BB's log-likelihood is not on the BG/NBDs' scale: it is a probability of whole periods, "
              "theirs a density in continuous time; the holdout decides)",
        "zh": "    （BG/BB 的对数似然与 BG/NBD 的不在同一尺度上：前者是按整期计算的概率，后者是连续时间的密度；"
              "以留出期为准）"},
    "model_scenario_without_covariate": {
        "en": "The customers' forecasts follow it; the scenario, which simulates new customers whose first "
              "purchase is not known yet, follows the BG/NBD fitted without the covariate.",
        "zh": "每位客户的预测采用该模型；场景模拟的是首次购买尚未发生的新客户，因此采用不含该协变量拟合的 BG/NBD。"},
    "model_reason_and_scenario": {"en": "{reason}. {scenario}", "zh": "{reason}。{scenario}"},
    "cal_customers_model": {"en": "Forecasts by {model}.", "zh": "预测所用模型：{model}。"},
})
