"""UI strings and small helpers shared by the HTML, Markdown and SARIF renderers.

Everything here reads a finished Report; nothing analyses. The Chinese is written for a
borrower reading on a phone, not translated word for word from the English.
"""

from __future__ import annotations

from auditor.catalogue.knowledge import CategoryInfo, load_knowledge
from auditor.model import CATEGORIES, Evidence, Report

LANGS = ("en", "zh")

UI: dict[str, dict] = {
    "en": {
        "html_lang": "en",
        "colon": ": ",
        "space": " ",
        "doc_title": "Privacy risk report: {name}",
        "risk_level": "Risk level: {level}",
        "score": "Score {score}/100",
        "level": {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"},
        "severity": {
            "info": "Info",
            "low": "Low",
            "medium": "Medium",
            "high": "High",
            "critical": "Critical",
        },
        "verdict": {
            "low": "Asks for little beyond what a loan needs.",
            "medium": "Asks for some data a loan does not need.",
            "high": "Can take personal data a loan does not need.",
            "critical": "Built to take far more personal data than a loan needs.",
        },
        "clean": "No rule of the selected policies is broken: it asks for little beyond "
        "what a loan needs.",
        "reads": "This app can read your {cats}",
        "uploads": ", and appears to upload your {cats}",
        "declared_only": "This app asks for access to your {cats}, but no code that reads "
        "it was found",
        "end": ".",
        "and": " and ",
        "sep": ", ",
        "more_kinds": "{n} more kinds of data",
        "static_note": "Static analysis of the installation file: it shows what the app can do, "
        "not what it has already done on your phone.",
        # identity
        "package": "Package",
        "version": "Version",
        "sha256": "SHA-256",
        "size": "Size",
        "target_sdk": "Target SDK",
        "min_sdk": "Min SDK",
        "file": "File",
        "no_label": "(no name)",
        # categories
        "take": "What this app can take from you",
        "take_intro": "One card for each kind of personal data the app asks for or reads.",
        "nothing": "This app does not ask for or read any of the personal data we check.",
        "badge_perm": "Permission",
        "badge_perm_title": "A permission in the manifest opens this data",
        "badge_code": "Read in code",
        "badge_code_title": "The app's code reads this data",
        "badge_upload": "Uploaded",
        "badge_upload_title": "The same code reads this data and sends data over the network",
        "meaning": "What it reveals",
        "harm": "Why it matters",
        "who": "Who takes it",
        "who_app": "the app itself",
        "who_third_party": "unknown third-party code",
        "who_nobody": "Only the permission is requested; no code reading it was found.",
        "rules_broken": "Rules broken",
        # policies and findings
        "policies": "Verdict by rulebook",
        "pv": {
            "compliant": "No violations",
            "violations": "{n} violations",
            "incomplete": "Could not check fully",
        },
        "pv_one": "1 violation",
        "worst": "worst: {sev}",
        "no_findings_policy": "No rule of this rulebook is broken.",
        "findings": "Findings",
        "nofindings": "No rule of the selected policies is broken.",
        "findings_n": "Findings ({n})",
        "why": "Why it matters",
        "evidence": "Evidence ({n})",
        "evidence_none": "Seen in the app's manifest settings.",
        "ev_caller": "Where",
        "ev_dex": "File",
        "ev_detail": "What",
        "ev_note": "Note",
        "ev_who": "Who",
        "ev_kind": {
            "permission": "Permission in the manifest",
            "api_call": "API call",
            "field_read": "Field read",
            "string": "String in code",
            "sdk": "SDK bundled",
            "resource": "Resource",
            "alternative": "Compliant alternative",
            "exfiltration_suspected": "Read and sent out",
            "dynamic_code": "Loads code at run time",
            "permission_request": "Asks for a permission at run time",
        },
        "strength": {
            "alternative": "compliant alternative",
            "reference": "mentioned only",
            "declared": "permission only",
            "code": "read in code",
            "exfiltration": "read and sent out",
        },
        "citation": "Source",
        "issuer": "Issued by",
        "date": "Date",
        "status": {"in_force": "In force", "draft": "Draft", "guidance": "Guidance"},
        "confidence": {
            "confirmed": "source confirmed",
            "secondary": "from secondary sources",
            "unconfirmed": "unconfirmed",
        },
        "read_source": "Read the source",
        "advice": "What you can do",
        "advice_dev": "For the developer",
        # permissions, sdks, warnings
        "permissions": "Permissions requested ({n})",
        "perm_name": "Permission",
        "perm_prot": "Protection level",
        "perm_dangerous": "Dangerous",
        "perm_cats": "Data",
        "perm_meaning": "Meaning",
        "perm_max": "Max SDK",
        "yes": "Yes",
        "no": "No",
        "up_to_api": "up to API {n}",
        "unknown_perm": "unknown (vendor or custom permission)",
        "no_permissions": "The app requests no permissions.",
        "sdks": "Third-party SDKs ({n})",
        "no_sdks": "No known third-party SDK was found.",
        "sdk_kind": "Kind",
        "sdk_vendor": "Vendor",
        "packed": "This app is packed with {p}: its code is hidden, so what it reads in code "
        "could not be fully checked. Findings based on permissions still stand.",
        "incomplete": "The code could not be fully analysed (see Warnings). Findings based on "
        "permissions still stand.",
        "warnings": "Warnings",
        # footer
        "generated": "Generated by auditor {v}.",
        "policies_applied": "Rulebooks applied: {p}.",
        "score_how": "How the score is computed: each concern (a kind of data, or a rule that "
        "names none) counts once, with the weight of its strongest finding (severity × "
        "evidence strength); score = 100 × (1 − ∏(1 − weight)). 75 or more is critical, "
        "40 or more high, 15 or more medium.",
        "terms": "Score terms",
        "t_concern": "Concern",
        "t_rule": "Rule",
        "t_severity": "Severity",
        "t_strength": "Evidence",
        "t_points": "Points",
        "no_terms": "No finding counts towards the score.",
        "more": "… and {n} more",
        "md_more": "and {n} more (see the HTML or JSON report)",
    },
    "zh": {
        "html_lang": "zh-CN",
        "colon": "：",
        "space": "",
        "doc_title": "隐私风险报告：{name}",
        "risk_level": "风险等级：{level}",
        "score": "风险分 {score}/100",
        "level": {"low": "低", "medium": "中", "high": "高", "critical": "极高"},
        "severity": {
            "info": "提示",
            "low": "低",
            "medium": "中",
            "high": "高",
            "critical": "严重",
        },
        "verdict": {
            "low": "索取的信息基本不超出借款所需。",
            "medium": "索取了部分借款并不需要的信息。",
            "high": "能拿走借款并不需要的个人信息。",
            "critical": "大量收集远超借款所需的个人信息。",
        },
        "clean": "没有违反所选的任何规则，索取的信息基本不超出借款所需。",
        "reads": "这个应用会读取你的{cats}",
        "uploads": "，并疑似上传你的{cats}",
        "declared_only": "这个应用申请了{cats}权限，但代码里没发现读取",
        "end": "。",
        "and": "和",
        "sep": "、",
        "more_kinds": "等 {n} 类信息",
        "static_note": "本报告基于对安装包的静态分析：说明的是这个应用能做什么，"
        "而不是它已经在你手机上做了什么。",
        "package": "包名",
        "version": "版本",
        "sha256": "SHA-256",
        "size": "大小",
        "target_sdk": "目标 SDK",
        "min_sdk": "最低 SDK",
        "file": "文件",
        "no_label": "（无名称）",
        "take": "这个应用能从你这里拿走什么",
        "take_intro": "每张卡片是这个应用申请或读取的一类个人信息。",
        "nothing": "没有发现这个应用申请或读取我们检查的个人信息。",
        "badge_perm": "申请了权限",
        "badge_perm_title": "安装包清单里有打开这类数据的权限",
        "badge_code": "代码会读取",
        "badge_code_title": "应用的代码会读取这类数据",
        "badge_upload": "疑似上传",
        "badge_upload_title": "同一段代码既读取这类数据又往网络发送数据",
        "meaning": "能看到什么",
        "harm": "为什么要当心",
        "who": "谁在拿",
        "who_app": "应用本身",
        "who_third_party": "来历不明的第三方代码",
        "who_nobody": "只申请了权限，代码里没发现读取。",
        "rules_broken": "违反的规则",
        "policies": "按规则逐项检查",
        "pv": {
            "compliant": "未发现违规",
            "violations": "{n} 处违规",
            "incomplete": "无法完整检查",
        },
        "pv_one": "1 处违规",
        "worst": "最高级别：{sev}",
        "no_findings_policy": "没有违反这套规则。",
        "findings": "发现的问题",
        "nofindings": "没有违反所选的任何规则。",
        "findings_n": "发现的问题（{n} 条）",
        "why": "为什么有问题",
        "evidence": "证据（{n} 条）",
        "evidence_none": "依据是安装包清单里的设置。",
        "ev_caller": "位置",
        "ev_dex": "文件",
        "ev_detail": "内容",
        "ev_note": "说明",
        "ev_who": "谁",
        "ev_kind": {
            "permission": "清单中的权限",
            "api_call": "调用系统接口",
            "field_read": "读取字段",
            "string": "代码中的字符串",
            "sdk": "内置 SDK",
            "resource": "资源文件",
            "alternative": "合规的替代做法",
            "exfiltration_suspected": "读取后往外发送",
            "dynamic_code": "运行时加载代码",
            "permission_request": "运行时请求权限",
        },
        "strength": {
            "alternative": "合规替代",
            "reference": "仅提及",
            "declared": "仅申请权限",
            "code": "代码读取",
            "exfiltration": "读取并发送",
        },
        "citation": "依据",
        "issuer": "发布机关",
        "date": "日期",
        "status": {"in_force": "现行有效", "draft": "征求意见稿", "guidance": "指引"},
        "confidence": {
            "confirmed": "出处已核实",
            "secondary": "来自二手资料",
            "unconfirmed": "出处未核实",
        },
        "read_source": "查看原文",
        "advice": "你可以怎么做",
        "advice_dev": "给开发者的建议",
        "permissions": "申请的权限（{n} 项）",
        "perm_name": "权限",
        "perm_prot": "保护级别",
        "perm_dangerous": "危险权限",
        "perm_cats": "涉及数据",
        "perm_meaning": "含义",
        "perm_max": "最高 SDK",
        "yes": "是",
        "no": "否",
        "up_to_api": "至 API {n}",
        "unknown_perm": "未知（厂商或自定义权限）",
        "no_permissions": "这个应用没有申请任何权限。",
        "sdks": "第三方 SDK（{n} 个）",
        "no_sdks": "没有发现已知的第三方 SDK。",
        "sdk_kind": "类型",
        "sdk_vendor": "厂商",
        "packed": "这个应用用 {p} 加固过，代码被隐藏，代码里读取了什么无法完整检查；"
        "基于权限得出的结论仍然成立。",
        "incomplete": "代码没能完整分析（见下方提示），基于权限得出的结论仍然成立。",
        "warnings": "提示",
        "generated": "由 auditor {v} 生成。",
        "policies_applied": "适用的规则：{p}。",
        "score_how": "风险分的算法：每个关注点（一类数据，或不涉及具体数据的一条规则）只算一次，"
        "取其中最重的一条发现，权重 = 严重程度 × 证据强度；风险分 = 100 ×（1 − ∏(1 − 权重)）。"
        "75 分及以上为极高，40 分及以上为高，15 分及以上为中。",
        "terms": "风险分明细",
        "t_concern": "关注点",
        "t_rule": "规则",
        "t_severity": "严重程度",
        "t_strength": "证据强度",
        "t_points": "分值",
        "no_terms": "没有计入风险分的发现。",
        "more": "……另有 {n} 条",
        "md_more": "另有 {n} 条（完整列表见 HTML 或 JSON 报告）",
    },
}

#: Report order of severities for display, worst first.
SEVERITY_ORDER: tuple[str, ...] = ("critical", "high", "medium", "low", "info")


def lang_of(lang: str | None) -> str:
    return lang if lang in UI else "en"


def ui_for(lang: str | None) -> dict:
    return UI[lang_of(lang)]


def categories() -> dict[str, CategoryInfo]:
    return load_knowledge().categories


def category_name(cid: str, lang: str) -> str:
    info = categories().get(cid)
    return info.name.get(lang) if info else cid


def sdk_name(report: Report, sdk_id: str) -> str:
    for s in report.sdks:
        if s.id == sdk_id:
            return s.name
    return sdk_id


def who_label(report: Report, by: str | None, lang: str) -> str:
    """`app` -> the app itself, `third_party` -> unknown third party, else the SDK's name."""
    ui = ui_for(lang)
    if by is None:
        return ""
    if by == "app":
        return ui["who_app"]
    if by == "third_party":
        return ui["who_third_party"]
    return sdk_name(report, by)


def uploaded_categories(report: Report) -> set[str]:
    """Categories with exfiltration evidence (read and sent in the same method)."""
    return {
        e.category
        for e in report.evidence
        if e.category and (e.strength == "exfiltration" or e.kind == "exfiltration_suspected")
    }


def shown_categories(report: Report) -> list[str]:
    """Categories declared or collected, strongest first (uploaded, read in code, declared)."""
    uploaded = uploaded_categories(report)
    ids = [
        cid
        for cid in CATEGORIES
        if cid in report.categories
        and (report.categories[cid].declared or report.categories[cid].in_code)
    ]

    def rank(cid: str) -> int:
        if cid in uploaded:
            return 0
        return 1 if report.categories[cid].in_code else 2

    return sorted(ids, key=lambda c: (rank(c), CATEGORIES.index(c)))


def join_names(names: list[str], lang: str, limit: int = 4) -> str:
    ui = ui_for(lang)
    if len(names) > limit:
        if lang == "zh":
            return ui["sep"].join(names[:limit]) + ui["more_kinds"].format(n=len(names))
        return (
            ui["sep"].join(names[:limit])
            + ui["and"]
            + ui["more_kinds"].format(n=len(names) - limit)
        )
    if len(names) <= 1:
        return "".join(names)
    return ui["sep"].join(names[:-1]) + ui["and"] + names[-1]


def _in_sentence(cid: str, lang: str) -> str:
    """A category name as it reads after "your" in an English sentence."""
    name = category_name(cid, lang)
    if lang == "zh":
        return name
    lowered = name[:1].lower() + name[1:]
    return lowered[5:] if lowered.startswith("your ") else lowered


def verdict_sentence(report: Report, lang: str) -> str:
    """One sentence for the banner: what the app reads and uploads, in plain words."""
    ui = ui_for(lang)
    if not report.findings:
        return ui["clean"]
    shown = shown_categories(report)
    in_code = [c for c in shown if report.categories[c].in_code]
    uploaded = [c for c in shown if c in uploaded_categories(report)]
    if in_code:
        text = ui["reads"].format(cats=join_names([_in_sentence(c, lang) for c in in_code], lang))
        if uploaded:
            text += ui["uploads"].format(
                cats=join_names([_in_sentence(c, lang) for c in uploaded], lang)
            )
        return text + ui["end"]
    declared = [c for c in shown if report.categories[c].declared]
    if declared:
        names = join_names([_in_sentence(c, lang) for c in declared], lang)
        return ui["declared_only"].format(cats=names) + ui["end"]
    return ui["verdict"][report.score.level]


def concern_label(concern: str, lang: str) -> str:
    """A score concern (`contacts+sms` or a rule id) in words."""
    parts = concern.split("+")
    if all(p in CATEGORIES for p in parts):
        return " + ".join(category_name(p, lang) for p in parts)
    return concern


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def smali_to_java(caller: str) -> str:
    """`Lcom/x/Y$Z;->m(I)V` -> `com.x.Y$Z.m(I)V`; anything else is returned unchanged."""
    if caller.startswith("L") and ";->" in caller:
        cls, member = caller[1:].split(";->", 1)
        return cls.replace("/", ".") + "." + member
    return caller


def method_name(caller: str) -> str:
    if ";->" in caller:
        member = caller.split(";->", 1)[1]
        return member.split("(", 1)[0].split(":", 1)[0]
    return caller


def evidence_summary(ev: Evidence, report: Report, lang: str) -> str:
    """One line of plain text naming what was seen and where."""
    ui = ui_for(lang)
    kind = ui["ev_kind"].get(ev.kind, ev.kind)
    text = f"{kind}{ui['colon']}{ev.detail}"
    if ev.caller:
        text += f" @ {ev.caller}"
    if ev.dex:
        text += f" [{ev.dex}]"
    if ev.by:
        text += f" ({who_label(report, ev.by, lang)})"
    return text
