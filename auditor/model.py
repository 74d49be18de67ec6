"""The one data model that flows through auditor: load -> evidence -> policies -> render.

Every stage produces plain dataclasses; renderers read them and never re-analyse.
`Report.to_dict()` is the JSON report contract (docs/report-format.md), checked against
auditor/schema/report.schema.json in the tests; `Report.from_dict()` reads it back (the diff
works on reports saved as JSON that way).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

#: 1.1: categories.<id> carry name, meaning, harm, icon; 1.2: hybrid runtimes (app.runtimes),
#: script_call / js_bridge evidence with reason and script, webview_bridges; 1.3: the code-hit
#: reasons (argument, needs_permission, ...) and categories.<id>.why_not.
#: 1.4: score.basis (the score is the baseline pack's); evidence note_parts, warning_messages
#: (texts as language-file keys); citation.texts, sdks[].display_name/display_vendor,
#: packer_name (translations); endpoints[].kind (api, asset, link).
#: 1.5: app.kind (code-only inputs). 1.6: source_method of evidence and permission requests
#: (compiler-made callers), library of requests. 1.7: lending recognition (app.lending), rules
#: set aside (not_applicable, verdicts[].not_applicable). All additive.
SCHEMA_VERSION = "1.7"

#: The data categories, in report order. Use exactly these ids everywhere.
CATEGORIES: tuple[str, ...] = (
    "contacts",
    "call_log",
    "sms",
    "accounts",
    "installed_apps",
    "device_ids",
    "phone_number",
    "location",
    "photos_media",
    "calendar",
    "camera",
    "microphone",
    "clipboard",
    "sns",
)

SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")
LEVELS: tuple[str, ...] = ("low", "medium", "high", "critical")


def level_at_least(level: str, threshold: str | None) -> bool:
    """Whether a risk level reaches a --fail-on threshold (None never does)."""
    return threshold is not None and LEVELS.index(level) >= LEVELS.index(threshold)


#: Evidence kinds. `permission` is a manifest fact; the others come from code and resources.
EVIDENCE_KINDS: tuple[str, ...] = (
    "permission",
    "api_call",
    "field_read",
    "string",
    "sdk",
    "resource",
    "alternative",
    "exfiltration_suspected",
    "dynamic_code",
    "permission_request",
    "indicator",
    "script_call",
    "js_bridge",
)

#: Why an evidence item that looks like collection does not count as collection (it then has
#: strength `reference`, is kept for the record and never scored). Absent on everything else.
#: See docs/report-format.md.
REASONS: tuple[str, ...] = (
    "weak",  # touches the area only (a path, a handle, a getter on a value not obtained), or a
    # script hint too generic to show a read (low-confidence pattern, a one-item probe)
    "argument",  # the argument shows a harmless use (another key, one action, own package)
    "argument_unknown",  # the deciding argument could not be determined in the method
    "needs_permission",  # the platform refuses the call without a permission not declared
    "own_process_only",  # the platform returns only the app's own processes / services
    "user_action",  # runs on the user's own action (the Paste menu item)
    "not_called",  # library or plugin code the app (or its scripts) never calls
    "benign_loader",  # loads the app's own code (MultiDex, split install), not extra code
)
#: Why a category is not claimed in code (CategoryStatus.why_not): the reasons above of its
#: unscored evidence, and `declared_only` when the manifest asks for it and no code reads it.
WHY_NOT: tuple[str, ...] = ("declared_only", *REASONS)

#: How strongly one evidence shows collection, weakest first. Only `code` and
#: `exfiltration` set categories.<id>.in_code; `alternative` is the compliant choice
#: (system picker, SMS Retriever) and never counts as collection.
STRENGTHS: tuple[str, ...] = ("alternative", "reference", "declared", "code", "exfiltration")
COLLECTING_STRENGTHS: frozenset[str] = frozenset({"code", "exfiltration"})

#: What a bundled SDK does (`Sdk.kind`): the catalogue's sdks.yaml and the rules' `sdk` leaf
#: use exactly these ids.
SDK_KINDS: tuple[str, ...] = (
    "sns_login",
    "social_share",
    "analytics",
    "ads",
    "push",
    "risk_control",
    "kyc_face_ocr",
    "location",
    "payment",
    "carrier_login",
    "credit_scoring",
    "networking",
    "crash_reporting",
    "other",
    # Libraries: code that runs only when the app (or an SDK) calls it and collects nothing on
    # its own; a read in their code counts only when the app reaches it (analysis/reach.py).
    "platform_library",
    "ui_library",
    "utility_library",
    "test_library",
)
#: SDK kinds whose code runs only when called (networking clients included).
LIBRARY_KINDS: frozenset[str] = frozenset(
    {"platform_library", "ui_library", "utility_library", "test_library", "networking"}
)

#: A citation's legal status and how sure we are that the instrument says what a rule claims
#: (`Citation.status`, `Citation.confidence`; docs/rules.md, "Field notes").
CITATION_STATUSES: tuple[str, ...] = ("in_force", "draft", "guidance")
CONFIDENCES: tuple[str, ...] = ("confirmed", "secondary", "unconfirmed")


#: Is the app a lending app (`app.lending.verdict`, docs/lending.md)?
LENDING_VERDICTS: tuple[str, ...] = ("lender", "not_lender", "unclear")
#: Where a lending signal was found (catalogue/lending.yaml `families`), in report order.
LENDING_FAMILIES: tuple[str, ...] = (
    "label",
    "package",
    "components",
    "res_names",
    "res_text",
    "asset_text",
    "network",
    "sdk",
    "hints",
)
#: Which rule of docs/lending.md decided the verdict.
LENDING_RULES: tuple[str, ...] = (
    "score",  # lender: score, items and families all reach the thresholds
    "text",  # lender: enough distinct strong terms in the app's texts alone
    "counter",  # unclear: a lender by points, but the app also looks like another kind of app
    "below_threshold",  # unclear: some lending evidence, not enough
    "weak_only",  # not a lender: only ambiguous (weak) words
    "no_signal",  # not a lender: nothing
    "nothing_readable",  # unclear: nothing could be read
)
#: Whom a policy rule applies to (`applies_to` in a pack, docs/rules.md).
RULE_SCOPES: tuple[str, ...] = ("lending", "any")
#: A pack's verdict (`verdicts[].verdict`).
POLICY_VERDICTS: tuple[str, ...] = ("compliant", "violations", "incomplete", "not_applicable")


_T = TypeVar("_T")


def _plain_copy(value: Any) -> Any:
    """A copy of JSON data, so an object made from a dict shares no list or dict with it."""
    if isinstance(value, list):
        return [_plain_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_copy(v) for k, v in value.items()}
    return value


def _known_fields(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of `data` that are fields of the dataclass `cls`. Keys a newer 1.x report
    may add are ignored; fields the report leaves out keep their defaults."""
    names = {f.name for f in fields(cls)}
    return {k: _plain_copy(v) for k, v in data.items() if k in names}


class _FromDict:
    """`from_dict` for a dataclass whose fields are plain JSON values: the inverse of asdict."""

    @classmethod
    def from_dict(cls: type[_T], data: Mapping[str, Any]) -> _T:
        return cls(**_known_fields(cls, data))



class Text(Mapping[str, str]):
    """One sentence in several languages: an immutable mapping of language code -> text.

    English is required because it is what every other language falls back to: a new
    language (a locale file, `id:` texts in a pack) can then be added piecemeal, and a
    sentence nobody translated yet still reads. `Text(en, zh)` stays the short form for the
    two languages every built-in text has; others come as keywords (`Text(en, zh, id=...)`)
    or from a mapping (`Text.of({...})`). In JSON a Text is the object `{"en": ..., "zh": ...}`.
    """

    __slots__ = ("_texts",)

    def __init__(self, en: str, zh: str | None = None, /, **others: str) -> None:
        texts = {"en": en}
        if zh is not None:
            texts["zh"] = zh
        texts.update(others)
        self._texts: dict[str, str] = texts

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> Text:
        """A Text from a {language: text} mapping (a JSON object, a YAML entry)."""
        rest = {k: v for k, v in texts.items() if k != "en"}
        return cls(texts["en"], **rest)

    def get(self, lang: str, default: str | None = None) -> str:  # type: ignore[override]
        """The text in `lang`, or the English one when that language is missing or empty.

        `default` is only there to keep Mapping's signature: English is always present.
        """
        return self._texts.get(lang) or self._texts["en"]

    @property
    def en(self) -> str:
        return self._texts["en"]

    @property
    def zh(self) -> str:
        return self._texts.get("zh", "")

    def to_dict(self) -> dict[str, str]:
        return dict(self._texts)

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(frozenset(self._texts.items()))

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, "_texts"):  # set once in __init__, like the frozen dataclass it replaced
            raise AttributeError("Text is immutable")
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"Text({self._texts!r})"



def _frozen(value: Any) -> Any:
    """A parameter value as something hashable: lists become tuples, a {language: text}
    mapping a Text, a {key, params} mapping (a message inside a message) a Message."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, Mapping) and not isinstance(value, Text):
        if set(value) == {"key", "params"}:
            return Message.from_dict(value)
        return Text.of(value)
    return value


@dataclass(frozen=True)
class Message:
    """A sentence for a reader, kept as a key of the language files' `notes` group and its
    parameters, so every renderer says it in the reader's language.

    The analysis never writes prose in one language: it names what it saw (`picker`,
    `exfil_same_method` with `cat`, `read`, `sink`...) and the language files word it
    (auditor/render/locale/, `notes`). Parameters are plain values: strings, numbers,
    booleans or lists of them, a {language: text} object (a Text, shown in the reader's
    language) or another Message (said in turn); some names have a meaning renderers
    translate (`cat` is a data category id, `kind` an SDK kind, `network` a social network).
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **params: Any) -> Message:
        return cls(key, tuple(sorted((k, _frozen(v)) for k, v in params.items())))

    def param_dict(self) -> dict[str, Any]:
        def thaw(v: Any) -> Any:
            if isinstance(v, (Text, Message)):
                return v.to_dict()
            return [thaw(x) for x in v] if isinstance(v, tuple) else v

        return {k: thaw(v) for k, v in self.params}

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "params": self.param_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        return cls.of(str(data["key"]), **dict(data.get("params") or {}))


def _texts(text: Text | None, fallback: str) -> dict[str, str]:
    """A text object for JSON: en and zh always (the fallback when there is no text)."""
    out = text.to_dict() if text is not None else {"en": fallback}
    out.setdefault("zh", out["en"])
    return out


def _text_or_none(value: Any) -> Text | None:
    return Text.of(value) if isinstance(value, Mapping) and "en" in value else None

@dataclass
class Signing(_FromDict):
    """Signing facts: information for the reader, not a verdict on their own."""

    schemes: list[str] = field(default_factory=list)  # v1, v2, v3
    subject: str | None = None
    issuer: str | None = None
    not_after: str | None = None
    debug_or_test_key: bool = False  # Android Debug / AOSP test keys: not a release build
    v1_only: bool = False  # JAR signing only: weak against tampering on Android 7+


@dataclass
class RuntimePlugin(_FromDict):
    """A plugin a hybrid runtime lists in the APK (present is not used)."""

    name: str  # its id in the registry: pub package, Cordova plugin or service, 5+ feature
    registry: str  # where it is listed (e.g. "flutter_registrant", "cordova_config")
    classes: list[str] = field(default_factory=list)  # its Java classes, when the registry names them
    called: bool | None = None  # True: the app's scripts call it; False: never; None: cannot tell
    categories: list[str] = field(default_factory=list)  # what its Java code reads (counted or not)


@dataclass
class Runtime:
    """A hybrid runtime the app's logic runs in (JavaScript, Dart), and what was read of it."""

    id: str  # catalogue/runtimes.yaml id: dcloud, cordova, capacitor, react_native, flutter, ...
    name: str
    family: str  # js_webview | js_engine | dart_aot | webview_shell
    evidence: list[str] = field(default_factory=list)  # what recognised it
    variant: str | None = None  # e.g. "hermes v89", "plain" (React Native bundles)
    scripts: list[str] = field(default_factory=list)  # script files read
    script_bytes: int = 0
    complete: bool = True  # every script file in scope was read to the end
    plugins: list[RuntimePlugin] = field(default_factory=list)
    hot_update: list[str] = field(default_factory=list)  # ways the scripts can change after install
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Runtime:
        values = _known_fields(cls, data)
        values["plugins"] = [RuntimePlugin.from_dict(p) for p in data.get("plugins") or ()]
        return cls(**values)


@dataclass
class LendingSignal(_FromDict):
    """One reason to think the app lends money: a term, an SDK or a hint, and where it was."""

    family: str  # see LENDING_FAMILIES
    term: str  # the term as the catalogue writes it, an SDK id, or a hint id
    kind: str  # strong | medium | weak
    weight: float  # the term's weight, or the SDK's or hint's points
    points: float  # weight x the family's multiplier (the family's cap applies to the sum)
    where: str  # the first place it was seen: a label, a resource, a class, a URL...
    language: str | None = None  # the catalogue's language block of a term
    seen: int = 1  # in how many places (strings, names, classes) it was seen
    # `where` in parts, for the reader's language: the kind of place (label, string, layout,
    # asset, activity, service, receiver, provider, class, resource_name, package, deep_link,
    # url, sdk, scheme, phrases, code_string, indicator), what there (a resource, class or
    # file name, a URL, a package), the resource configuration, and an excerpt of the text
    place: str = ""
    source: str = ""
    locale: str | None = None
    excerpt: str | None = None


@dataclass
class LendingFamily(_FromDict):
    """A family's share of the lending score: the sum of its signals' points, and its cap."""

    family: str
    raw: float
    cap: float
    points: float  # min(raw, cap)


@dataclass
class CounterDomain(_FromDict):
    """Words of another kind of app (banking, shopping, game, tool) found in the app."""

    domain: str
    terms: list[str] = field(default_factory=list)
    in_label: bool = False
    present: bool = False  # enough to count (docs/lending.md, "Counter-evidence")


@dataclass
class Lending:
    """Does the app lend money? `app.lending`, recomputable from its signals (docs/lending.md)."""

    verdict: str  # see LENDING_VERDICTS
    confidence: float  # 0..1
    score: float  # the sum of the capped family points
    items: int  # distinct terms, SDKs and hints of weight 2 or more ("E")
    families_with_items: int  # families holding such an item ("F")
    decided_by: str  # see LENDING_RULES
    signals: list[LendingSignal] = field(default_factory=list)  # most points first
    families: list[LendingFamily] = field(default_factory=list)
    counter: list[CounterDomain] = field(default_factory=list)
    capped_by: list[str] = field(default_factory=list)  # counter domains that capped the verdict
    thresholds: dict[str, float] = field(default_factory=dict)
    code_read: bool = True  # SDKs, class names and URLs of the code were part of it
    assumed_lender: bool = False  # --assume-lender: loan rules apply whatever the verdict
    notes: list[str] = field(default_factory=list)  # what limited what was read

    @property
    def loan_rules_apply(self) -> bool:
        """Whether the rules written for lending apps judge this app."""
        return self.assumed_lender or self.verdict != "not_lender"

    def top_signals(self, n: int = 5) -> list[LendingSignal]:
        return self.signals[:n]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lending:
        values = _known_fields(cls, data)
        values["signals"] = [LendingSignal.from_dict(s) for s in data.get("signals", ())]
        values["families"] = [LendingFamily.from_dict(f) for f in data.get("families", ())]
        values["counter"] = [CounterDomain.from_dict(c) for c in data.get("counter", ())]
        return cls(**values)


@dataclass
class AppInfo:
    package: str
    label: str | None
    version_name: str | None
    version_code: int | None
    min_sdk: int | None
    target_sdk: int | None
    sha256: str
    file: str
    size: int
    signing_cert_sha256: list[str] = field(default_factory=list)
    signing: Signing = field(default_factory=Signing)
    application_class: str | None = None
    main_activity: str | None = None
    components: dict[str, int] = field(default_factory=dict)
    declared_permissions: list[dict[str, str | None]] = field(default_factory=list)
    uses_cleartext_traffic: bool | None = None
    debuggable: bool = False
    allow_backup: bool | None = None
    dex_files: list[str] = field(default_factory=list)
    privacy_policy_urls: list[str] = field(default_factory=list)
    cleartext_policy: str | None = None  # allowed | default-allowed | config | blocked
    bundle: str | None = None  # xapk | apks | apkm | nested, or None for a plain APK
    splits: list[str] = field(default_factory=list)
    runtimes: list[Runtime] = field(default_factory=list)  # hybrid runtimes (empty: plain Android)
    #: "apk" (an APK or bundle, with its manifest) or "code_only" (dex code without a
    #: manifest: a dex-only zip or a bare dex file; package is "" and no permission is known)
    kind: str = "apk"
    lending: Lending | None = None  # is it a lending app? (None: a report made before 1.7)

    def display_name(self) -> str:
        """How to name the app to a reader: its label, its package, or the file's name."""
        return self.label or self.package or self.file.replace("\\", "/").rsplit("/", 1)[-1]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AppInfo:
        values = _known_fields(cls, data)
        if "signing" in data:
            values["signing"] = Signing.from_dict(data["signing"])
        values["runtimes"] = [Runtime.from_dict(r) for r in data.get("runtimes") or ()]
        if data.get("lending") is not None:
            values["lending"] = Lending.from_dict(data["lending"])
        return cls(**values)


@dataclass
class Permission:
    name: str
    protection_level: str  # e.g. "dangerous", "normal", "signature|privileged", "unknown"
    dangerous: bool
    categories: list[str]
    max_sdk: int | None = None
    sdk23_only: bool = False  # declared with <uses-permission-sdk-23>
    meaning: Text | None = None
    known: bool = True  # False for vendor / unknown permissions

    def effective_on(self, api_level: int) -> bool:
        """Whether the permission is still requested on a device of this API level."""
        return self.max_sdk is None or self.max_sdk >= api_level

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Permission:
        values = _known_fields(cls, data)
        values["meaning"] = Text.of(data["meaning"]) if data.get("meaning") else None
        return cls(**values)


@dataclass(frozen=True)
class ScriptSite(_FromDict):
    """Where a script_call was found: a file of the APK, not a dex method."""

    file: str  # path in the APK (assets/www/js/index.js, lib/arm64-v8a/libapp.so)
    line: int | None  # 1-based; None for a Hermes string table or a binary file
    runtime: str  # runtimes.yaml id
    pattern: str  # scripts.yaml id, or "bridge:<name>" for a call to a WebView bridge
    confidence: str  # high | medium | low
    reader: str  # text | hermes | binary | binary_fallback
    plugin: str | None = None  # the plugin the call reaches
    supporting: tuple[str, ...] = ()  # the Java code the call reaches ('Lcls;->m(..) [dex +0x..]')

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScriptSite:
        values = _known_fields(cls, data)
        values["supporting"] = tuple(data.get("supporting") or ())
        return cls(**values)


@dataclass(frozen=True)
class Evidence(_FromDict):
    """One proof that the app can (or does) take a category of data.

    `detail` names what was seen: a permission, an API (`Lcls;->m(..)R`), a field, a string,
    or for a script_call the call text itself.
    `caller` is the calling method (`Lcom/x/Y;->m(I)V`) or None for manifest facts and scripts.
    `reason` (see REASONS) says why something that looks like collection is not counted;
    `script` is set on script_call evidence only. Both are left out of to_dict when unset.
    """

    category: str | None
    kind: str
    detail: str
    caller: str | None = None
    dex: str | None = None
    sdk: str | None = None
    offset: int | None = None
    note: str | None = None  # the note in English (note_parts says it in any language)
    by: str | None = None  # "app" | sdk id | "third_party"; None for manifest facts
    strength: str = "code"  # see STRENGTHS
    reason: str | None = None  # see REASONS
    script: ScriptSite | None = None
    note_parts: tuple[Message, ...] = ()  # the note as language-file keys, in order
    # When `caller` is compiler-made (a lambda body, a lambda or anonymous class, a coroutine),
    # the method a reader recognises, written in the same form (`Lcom/x/Main;->onCreate(..)V`);
    # `caller` stays the exact location the offset counts from. Absent otherwise.
    source_method: str | None = None

    @property
    def scored(self) -> bool:
        """Whether policies may use this evidence (unscored hits carry a reason)."""
        return self.reason is None

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "note_parts"}
        out["script"] = asdict(self.script) if self.script is not None else None
        for key in ("reason", "script", "source_method"):
            if out[key] is None:
                del out[key]
        if self.script is not None:
            out["script"]["supporting"] = list(self.script.supporting)
        out["note_parts"] = [m.to_dict() for m in self.note_parts]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        values = _known_fields(cls, data)
        if data.get("script"):
            values["script"] = ScriptSite.from_dict(data["script"])
        values["note_parts"] = tuple(Message.from_dict(m) for m in data.get("note_parts") or ())
        return cls(**values)


@dataclass
class Endpoint(_FromDict):
    """A URL the app can talk to, where it was found and who uses it."""

    url: str
    host: str
    scheme: str
    cleartext: bool  # plain http: readable and changeable by anyone on the network
    ip_literal: bool  # a hard-coded IP address instead of a host name
    source: str  # "code" | "resources"
    dex: str | None = None
    by: str | None = None  # "app" | sdk id | "third_party"
    sdk: str | None = None
    callers: list[str] = field(default_factory=list)
    #: What the URL is for: `api` (an address the app sends requests or uploads to: where
    #: data can go), `asset` (an image, font, stylesheet or script to download), `link` (a
    #: web page or document shown to a person). Only `api` endpoints count as destinations;
    #: a report before 1.4 has no kind, read as `api`.
    kind: str = "api"


#: Endpoint kinds, the one that counts as a destination first.
ENDPOINT_KINDS: tuple[str, ...] = ("api", "asset", "link")


@dataclass
class PermissionRequest(_FromDict):
    """One runtime permission request call site and what it tells about consent."""

    caller: str
    component: str  # the activity/fragment/application class that asks
    api: str
    dex: str | None
    permissions: list[str]
    dangerous: list[str]
    at_startup: bool  # from the launcher activity or the Application class
    bundled: bool  # two or more dangerous permissions in one prompt
    blocks_on_denial: bool  # a result handler of that component closes the app
    quit_calls: list[str] = field(default_factory=list)
    by: str | None = None
    sdk: str | None = None
    # Optional, absent from the JSON when None:
    source_method: str | None = None  # the source-level method of a compiler-made caller
    library: str | None = None  # the permission library asked through (permission_libraries.yaml)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("source_method", "library"):
            if out[key] is None:
                del out[key]
        return out


@dataclass
class SnsUse(_FromDict):
    """A social SDK the app's own (or other third-party) code actually calls."""

    network: str  # wechat, qq, weibo, facebook, ...
    sdk: str
    scopes: list[str] = field(default_factory=list)  # authorisation scopes loaded by that code
    callers: list[str] = field(default_factory=list)


@dataclass
class OtherAppAccess(_FromDict):
    """Code aimed at another app's private data (its files, or its screens)."""

    how: str  # "path" | "accessibility"
    target: str  # the path or the package named
    caller: str
    dex: str | None = None


@dataclass
class BridgeMethod(_FromDict):
    """A method a page can call through a WebView bridge, and the data it reaches."""

    name: str
    categories: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)  # the reads, in the method or one call away


@dataclass
class BridgeUrl(_FromDict):
    url: str
    cleartext: bool  # plain http: anyone on the network can change the page
    local: bool  # a page shipped in the APK (file:///android_asset/)


@dataclass
class WebViewBridge:
    """`addJavascriptInterface(obj, name)`: every page loaded in that WebView can call obj's
    exposed methods as window.<name>.<method>()."""

    name: str  # the JavaScript name, or "?" when it is not a constant
    cls: str  # the class of the object handed over
    caller: str  # the method that registers it
    dex: str | None
    offset: int
    methods: list[BridgeMethod] = field(default_factory=list)  # the exposed methods
    all_public: bool = False  # targetSdk < 17: every public method is exposed, not only annotated ones
    urls: list[BridgeUrl] = field(default_factory=list)  # constant URLs loaded by the registering class
    by: str | None = None
    sdk: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WebViewBridge:
        values = _known_fields(cls, data)
        values["methods"] = [BridgeMethod.from_dict(m) for m in data.get("methods") or ()]
        values["urls"] = [BridgeUrl.from_dict(u) for u in data.get("urls") or ()]
        return cls(**values)


@dataclass
class CategoryStatus:
    declared: bool = False
    in_code: bool = False
    by: list[str] = field(default_factory=list)
    why_not: list[str] = field(default_factory=list)  # see WHY_NOT; empty when in_code
    # How a reader sees the category (from the catalogue). The report carries it so that a
    # renderer, or any consumer of the JSON, needs nothing but the report.
    name: Text | None = None
    meaning: Text | None = None  # what the data reveals
    harm: Text | None = None  # why a borrower should care
    icon: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "declared": self.declared,
            "in_code": self.in_code,
            "by": list(self.by),
            "why_not": list(self.why_not),
        }
        for key in ("name", "meaning", "harm"):
            text = getattr(self, key)
            if text is not None:
                data[key] = text.to_dict()
        if self.icon:
            data["icon"] = self.icon
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CategoryStatus:
        """The inverse of `to_dict`; a 1.0 report has no name, meaning, harm or icon, and a
        report before 1.2 no why_not."""
        return cls(
            declared=data["declared"],
            in_code=data["in_code"],
            by=list(data["by"]),
            why_not=list(data.get("why_not", [])),
            **{k: Text.of(data[k]) for k in ("name", "meaning", "harm") if k in data},
            icon=data.get("icon", ""),
        )


@dataclass
class Sdk:
    id: str
    name: str  # in English (display_name has every language)
    vendor: str
    kind: str  # see SDK_KINDS
    classes: list[str] = field(default_factory=list)
    website: str | None = None
    display_name: Text | None = None
    display_vendor: Text | None = None

    def name_in(self, lang: str) -> str:
        return self.display_name.get(lang) if self.display_name is not None else self.name

    def vendor_in(self, lang: str) -> str:
        return self.display_vendor.get(lang) if self.display_vendor is not None else self.vendor

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "vendor": self.vendor,
            "kind": self.kind,
            "classes": list(self.classes),
            "website": self.website,
            "display_name": _texts(self.display_name, self.name),
            "display_vendor": _texts(self.display_vendor, self.vendor),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sdk:
        values = _known_fields(cls, data)
        for key in ("display_name", "display_vendor"):
            values[key] = _text_or_none(data.get(key))
        return cls(**values)


@dataclass(frozen=True)
class Citation:
    instrument: str  # as the pack gives it (its English text when it has translations)
    issuer: str
    article: str
    date: str
    url: str | None
    status: str  # see CITATION_STATUSES
    confidence: str  # see CONFIDENCES
    #: Translations of instrument, issuer and article, when the pack has them.
    instrument_text: Text | None = None
    issuer_text: Text | None = None
    article_text: Text | None = None

    def text(self, name: str, lang: str) -> str:
        """`instrument`, `issuer` or `article` in `lang` (as given when not translated)."""
        translated = getattr(self, f"{name}_text")
        return translated.get(lang) if translated is not None else getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            k: getattr(self, k)
            for k in ("instrument", "issuer", "article", "date", "url", "status", "confidence")
        }
        data["texts"] = {
            k: _texts(getattr(self, f"{k}_text"), getattr(self, k))
            for k in ("instrument", "issuer", "article")
        }
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Citation:
        texts = data.get("texts") or {}
        translated = {}
        for key in ("instrument", "issuer", "article"):
            text = _text_or_none(texts.get(key))
            # a text that only repeats the string is no translation
            if text is not None and any(v != data[key] for v in text.values()):
                translated[f"{key}_text"] = text
        return cls(**_known_fields(cls, data), **translated)


@dataclass
class Finding:
    rule_id: str
    policy: str
    severity: str
    title: Text
    why: Text
    categories: list[str]
    evidence: list[Evidence]
    citation: Citation
    advice_borrower: Text
    advice_developer: Text
    strength: str  # "declared" | "code" | "exfiltration": the strongest evidence behind it
    weight: float  # this finding's contribution before de-duplication (see scoring)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The inverse of `to_dict`. A saved 1.x report may leave out `why`, `strength` and
        `weight`: they become an empty text, "" (not known) and 0.0, which is how the diff
        has always read such reports (such a finding does not count in a recomputed score)."""
        return cls(
            rule_id=data["rule_id"],
            policy=data["policy"],
            severity=data["severity"],
            title=Text.of(data["title"]),
            why=Text.of(data["why"]) if "why" in data else Text("", ""),
            categories=list(data["categories"]),
            evidence=[Evidence.from_dict(e) for e in data["evidence"]],
            citation=Citation.from_dict(data["citation"]),
            advice_borrower=Text.of(data["advice"]["borrower"]),
            advice_developer=Text.of(data["advice"]["developer"]),
            strength=data.get("strength", ""),
            weight=data.get("weight", 0.0),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "policy": self.policy,
            "severity": self.severity,
            "title": self.title.to_dict(),
            "why": self.why.to_dict(),
            "categories": list(self.categories),
            "strength": self.strength,
            "weight": self.weight,
            "evidence": [e.to_dict() for e in self.evidence],
            "citation": self.citation.to_dict(),
            "advice": {
                "borrower": self.advice_borrower.to_dict(),
                "developer": self.advice_developer.to_dict(),
            },
        }


@dataclass
class NotApplicable:
    """A rule for lending apps only, set aside because the app does not look like one."""

    rule_id: str
    policy: str
    severity: str
    title: Text
    matched: bool  # its condition holds: it would be a finding for a lending app
    reason: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "policy": self.policy,
            "severity": self.severity,
            "title": self.title.to_dict(),
            "matched": self.matched,
            "reason": self.reason.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NotApplicable:
        return cls(
            rule_id=data["rule_id"],
            policy=data["policy"],
            severity=data["severity"],
            title=Text.of(data["title"]),
            matched=data["matched"],
            reason=Text.of(data["reason"]),
        )


@dataclass
class PolicyVerdict:
    policy: str
    name: Text
    verdict: str  # see POLICY_VERDICTS
    findings: int
    max_severity: str | None
    not_applicable: int = 0  # rules of the pack set aside: for lending apps only

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PolicyVerdict:
        policy = data["policy"]
        return cls(
            policy=policy,
            # A report may leave the pack's name out: show its id, as for a category.
            name=Text.of(data["name"]) if "name" in data else Text(policy, policy),
            verdict=data["verdict"],
            findings=data["findings"],
            max_severity=data.get("max_severity"),
            not_applicable=data.get("not_applicable", 0),
        )


@dataclass
class ScoreTerm(_FromDict):
    """One line of the score: the finding that counted for a concern, and its points."""

    concern: str
    rule_id: str
    severity: str
    strength: str
    points: float


@dataclass
class Score:
    value: float
    level: str
    terms: list[ScoreTerm] = field(default_factory=list)
    #: The pack whose findings the score is computed from: always `baseline` since 1.4, so
    #: the score does not change with the packs or the language a reader picks. An older
    #: report has no basis (None): its score counted every pack it was made with.
    basis: str | None = "baseline"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Score:
        terms = [ScoreTerm.from_dict(t) for t in data.get("terms", ())]
        return cls(data["value"], data["level"], terms, data.get("basis"))


@dataclass
class Report:
    tool_version: str
    app: AppInfo
    permissions: list[Permission]
    evidence: list[Evidence]
    categories: dict[str, CategoryStatus]
    sdks: list[Sdk]
    packer: str | None
    complete: bool
    warnings: list[str]
    findings: list[Finding]
    verdicts: list[PolicyVerdict]
    score: Score
    policies: list[str]
    lang: str = "en"
    tampering: list[str] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    permission_requests: list[PermissionRequest] = field(default_factory=list)
    sns: list[SnsUse] = field(default_factory=list)
    other_app_data: list[OtherAppAccess] = field(default_factory=list)
    webview_bridges: list[WebViewBridge] = field(default_factory=list)
    not_applicable: list[NotApplicable] = field(default_factory=list)
    #: `warnings` as language-file keys (same order); a warning nobody keyed yet is a
    #: `text` message holding its English.
    warning_messages: list[Message] = field(default_factory=list)
    packer_name: Text | None = None  # the packer's name in every language

    def destinations(self) -> list[Endpoint]:
        """The endpoints data can be sent to (kind `api`), cleartext first."""
        return [e for e in self.endpoints if e.kind == "api"]

    def packer_in(self, lang: str) -> str | None:
        if self.packer is None:
            return None
        return self.packer_name.get(lang) if self.packer_name is not None else self.packer

    def to_dict(self) -> dict[str, Any]:
        app = asdict(self.app)
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "auditor", "version": self.tool_version},
            "app": app,
            "permissions": [
                {
                    "name": p.name,
                    "protection_level": p.protection_level,
                    "dangerous": p.dangerous,
                    "categories": list(p.categories),
                    "max_sdk": p.max_sdk,
                    "sdk23_only": p.sdk23_only,
                    "known": p.known,
                    "meaning": p.meaning.to_dict() if p.meaning else None,
                }
                for p in self.permissions
            ],
            "evidence": [e.to_dict() for e in self.evidence],
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
            "sdks": [s.to_dict() for s in self.sdks],
            "packer": self.packer,
            "packer_name": _texts(self.packer_name, self.packer) if self.packer else None,
            "complete": self.complete,
            "warnings": list(self.warnings),
            "warning_messages": [m.to_dict() for m in self.warning_messages],
            "tampering": list(self.tampering),
            "endpoints": [asdict(e) for e in self.endpoints],
            "permission_requests": [r.to_dict() for r in self.permission_requests],
            "sns": [asdict(u) for u in self.sns],
            "other_app_data": [asdict(o) for o in self.other_app_data],
            "webview_bridges": [asdict(b) for b in self.webview_bridges],
            "policies": list(self.policies),
            "verdicts": [
                {
                    "policy": v.policy,
                    "name": v.name.to_dict(),
                    "verdict": v.verdict,
                    "findings": v.findings,
                    "max_severity": v.max_severity,
                    "not_applicable": v.not_applicable,
                }
                for v in self.verdicts
            ],
            "findings": [f.to_dict() for f in self.findings],
            "not_applicable": [n.to_dict() for n in self.not_applicable],
            "score": {
                "value": self.score.value,
                "level": self.score.level,
                **({"basis": self.score.basis} if self.score.basis else {}),
                "terms": [asdict(t) for t in self.score.terms],
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """The inverse of `to_dict`: `Report.from_dict(r.to_dict()).to_dict() == r.to_dict()`.

        `data` must match the report schema (auditor/schema/report.schema.json; the diff's
        loader checks it first). The optional parts of a 1.x report take their defaults, and
        keys a newer 1.x report adds are ignored. `lang` is not part of to_dict: it is read
        when present, else "en".
        """

        def items(key: str) -> list[Any]:
            return list(data.get(key, ()))

        return cls(
            tool_version=data["tool"]["version"],
            app=AppInfo.from_dict(data["app"]),
            permissions=[Permission.from_dict(p) for p in data["permissions"]],
            evidence=[Evidence.from_dict(e) for e in data["evidence"]],
            categories={k: CategoryStatus.from_dict(v) for k, v in data["categories"].items()},
            sdks=[Sdk.from_dict(s) for s in data["sdks"]],
            packer=data["packer"],
            complete=data["complete"],
            warnings=list(data["warnings"]),
            findings=[Finding.from_dict(f) for f in data["findings"]],
            verdicts=[PolicyVerdict.from_dict(v) for v in items("verdicts")],
            score=Score.from_dict(data["score"]),
            policies=items("policies"),
            lang=data.get("lang", "en"),
            tampering=items("tampering"),
            endpoints=[Endpoint.from_dict(e) for e in items("endpoints")],
            permission_requests=[PermissionRequest.from_dict(r) for r in items("permission_requests")],
            sns=[SnsUse.from_dict(u) for u in items("sns")],
            other_app_data=[OtherAppAccess.from_dict(o) for o in items("other_app_data")],
            webview_bridges=[WebViewBridge.from_dict(b) for b in items("webview_bridges")],
            warning_messages=[Message.from_dict(m) for m in items("warning_messages")],
            packer_name=_text_or_none(data.get("packer_name")),
            not_applicable=[NotApplicable.from_dict(n) for n in items("not_applicable")],
        )
