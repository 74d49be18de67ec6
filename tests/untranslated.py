"""Find English left in a report meant for a Chinese reader (issue 19, point 2).

A word counts as untranslated when it is a run of Latin letters in the visible text that is
not:

* part of something that is not prose: a URL, an API or class name (`ContentResolver.query()`,
  `Lcom/x/Y;->m()V`), a package or permission name (`com.example.app`, `READ_SMS`), a file
  (`classes2.dex`), a hash, a version;
* a string the app itself carries (its label, package, class and component names, signing
  subject, endpoints, scopes...): the report quotes those, it does not write them;
* on the allow-list below: abbreviations and proper names that Chinese text about phones,
  apps and lending writes in Latin letters too (each group says why).

Everything else is a word auditor wrote in English for a Chinese reader: the test fails.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterable

#: Latin words Chinese text uses as they are. Kept small: a word goes here only when a
#: Chinese borrower would read it in Latin letters in Chinese writing as well.
ALLOWED: dict[str, str] = {
    # How Chinese writes about phones and apps ("App", "SDK", IMEI, Wi-Fi, file formats...)
    **dict.fromkeys(
        ["App", "APP", "SDK", "API", "IMEI", "IMSI", "MAC", "GPS", "SIM", "IP", "Wi", "Fi",
         "http", "HTTPS", "OTP", "KYC", "HTML", "JSON", "KB", "ZIP", "APK", "XAPK", "APKS", "APKM",
         "OAID", "QQ", "Android"],
        "written in Latin letters in Chinese technical text too",
    ),
    # Android's own names for things, which Chinese developer text leaves in Latin: the
    # rules' advice to developers names them (SMS Retriever API, an Intent, a Uri)
    **dict.fromkeys(
        ["Uri", "Intent", "Application", "SMS", "Retriever", "User", "Consent", "Phone",
         "Number", "Hint", "false"],
        "an Android API or value named in a developer's terms",
    ),
    # Regulators, laws and portals named by their own abbreviation in Chinese text as well
    **dict.fromkeys(
        ["RBI", "OJK", "SEOJK", "POJK", "CBK", "FCCPC", "SEC", "SECP", "NPC", "ODPC", "NITDA",
         "CMS", "Sachet", "ESET", "OWASP"],
        "a regulator's, law's, portal's or researcher's own abbreviation or name",
    ),
    # Brands with no Chinese name in use, and lenders named in regulators' decisions
    **dict.fromkeys(
        ["Google", "Play", "Facebook", "Apache", "Cordova", "Ionic", "Capacitor", "React",
         "Native", "Flutter", "Dart", "Hermes", "DCloud", "uni-app", "Java", "JavaScript"],
        "a brand or a programming language written in Latin letters in Chinese",
    ),
    **dict.fromkeys(["Whitepath", "Mulla", "Pride", "Soko", "Lending"], "a lender's name"),
    "auditor": "the tool's name",
}

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"'，。；）)」]+")
#: A token that is code, not prose: has a dot/slash/underscore/$/;/</>/:/=/# between
#: word characters, or parentheses right after a name, or mixes letters and digits.
_TOKEN = re.compile(r"[^\s，。；：、（）《》“”「」！？【】]+")
_CODE_CHARS = re.compile(
    r"[A-Za-z0-9][._/$;:<>=#\\-]+[\"'A-Za-z0-9_$]|->|\w\(|[A-Za-z]\d|\d[A-Za-z]|_|^--?\w|^<[A-Za-z][\w:-]*/?>$"
)
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]")
_HEX = re.compile(r"^[0-9a-fA-F]{8,}$")
_WORD = re.compile(r"[A-Za-z]+")


def _is_code(token: str) -> bool:
    core = token.strip("`'\"[](){}.,;:!?*+|")
    if not core:
        return True
    if _HEX.match(core):
        return True
    if _CODE_CHARS.search(core) and not re.fullmatch(r"[A-Za-z]+-[A-Za-z]+", core):
        return True
    # CamelCase names (ActivityCompat, getDeviceId) are API names; brand words are listed
    return bool(_CAMEL.search(core)) and core not in ALLOWED


def english_words(text: str, quoted: Iterable[str] = ()) -> list[str]:
    """The untranslated English words of `text` (plain text), in order."""
    # one line: a quoted string a terminal wrapped over two lines is still found
    text = " ".join(text.split())
    quoted = [" ".join(q.split()) for q in quoted]
    for q in sorted({q for q in quoted if q and len(q) >= 2}, key=len, reverse=True):
        # whole words only: a plugin called "Device" must not eat part of getDeviceId()
        text = re.sub(rf"(?<![\w.$/-]){re.escape(q)}(?![\w.$/(-])", " ", text)
    text = _URL.sub(" ", text)
    found: list[str] = []
    for token in _TOKEN.findall(text):
        if _is_code(token) or token.strip("()[]{}.,;:!?") in ALLOWED:
            continue
        for word in _WORD.findall(token):
            if len(word) < 2 or word in ALLOWED:
                continue
            found.append(word)
    return found


def html_text(doc: str) -> str:
    """The visible text of an HTML page (and its title/alt/aria attributes)."""
    doc = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", doc)
    doc = re.sub(r"(?is)<!--.*?-->", " ", doc)
    attrs = " ".join(
        m.group(2) for m in re.finditer(r'\b(title|alt|aria-label|data-label)="([^"]*)"', doc)
    )
    text = re.sub(r"(?s)<[^>]+>", " ", doc) + " " + attrs
    return html_lib.unescape(text)


def markdown_text(doc: str) -> str:
    """Markdown without code spans, link targets and escapes (what a reader sees)."""
    doc = re.sub(r"(`+)(.+?)\1", " ", doc)
    doc = re.sub(r"\]\(<?[^)>]*>?\)", "]", doc)
    doc = re.sub(r"</?sub>", " ", doc)
    return doc.replace("\\", "").replace("\u200b", "")


def sarif_texts(doc: str) -> str:
    """The localised texts of a SARIF log: messages, rule descriptions and help."""
    data = json.loads(doc)
    out: list[str] = []
    for run in data["runs"]:
        for rule in run["tool"]["driver"].get("rules", []):
            out += [rule["shortDescription"]["text"], rule["fullDescription"]["text"]]
            out += [rule["help"]["text"], markdown_text(rule["help"]["markdown"])]
        for result in run.get("results", []):
            out.append(result["message"]["text"])
            out.append(result["properties"].get("adviceBorrower", ""))
            for loc in result.get("locations", []):
                if "message" in loc:
                    out.append(loc["message"]["text"])
        for inv in run.get("invocations", []):
            for note in inv.get("toolExecutionNotifications", []):
                out.append(note["message"]["text"])
    return "\n".join(out)


def quoted_strings(report) -> list[str]:
    """Strings the report quotes from the app rather than writes: they stay as they are."""
    app = report.app
    out = [app.label or "", app.package, app.version_name or "", app.file,
           app.signing.subject or "", app.signing.issuer or "", app.application_class or "",
           app.main_activity or ""]  # fmt: skip
    out += app.dex_files + app.splits + app.privacy_policy_urls
    out += [p.name for p in report.permissions]
    out += [p.name.rsplit(".", 1)[-1] for p in report.permissions]
    out += [str(d.get("name")) for d in app.declared_permissions]
    for ev in report.evidence:
        out += [ev.detail, ev.caller or "", ev.dex or ""]
    out += [e.url for e in report.endpoints] + [e.host for e in report.endpoints]
    for r in report.permission_requests:
        out += [r.component, r.caller, r.api, *r.permissions]
    for u in report.sns:
        out += [*u.scopes, *u.callers]
    out += [o.target for o in report.other_app_data]
    for rt in report.app.runtimes:  # plugin and module names of the app's runtime
        out += [p.name for p in rt.plugins]
    for ev in report.evidence:  # strings a script was found to be built from
        for m in ev.note_parts:
            if m.key == "script_strings":
                out += [str(x) for x in m.param_dict().get("found", [])]
    out += [s.website or "" for s in report.sdks]
    # Lending recognition quotes the app: the words it matched (a term is what the app's text
    # or names hold), where (a resource, class or file name, a URL, the label) and an excerpt
    if report.app.lending is not None:
        for sig in report.app.lending.signals:
            out += [sig.term, sig.source, sig.excerpt or "", sig.locale or ""]
            out += [s.name for s in report.sdks if s.id == sig.term]
    # Brand words an SDK keeps in its Chinese name ("Fresco 图片库", "Meta（开源）"): its name,
    # not an untranslated text; only for names that were translated at all
    for s in report.sdks:
        for zh, en in ((s.name_in("zh"), s.name), (s.vendor_in("zh"), s.vendor)):
            if zh != en:
                out += _WORD.findall(zh)
    return out
