"""Is this a lending app? `app.lending`: a verdict, a confidence and the signals behind them.

The knowledge is catalogue/lending.yaml (terms in 19 languages, SDK classes, hints, weights,
thresholds); docs/lending.md explains the rules and how to recompute a verdict by hand.

Two passes (auditor/pipeline.py):

* `recognise`, before the DEX pass: the label in every language, the package, the manifest's
  components and deep links, every string of resources.arsc (read once for the scan, through
  `OpenedApk.string_table`), literal texts of the layouts, UI text in assets, URLs in the
  resources, and indicator matches. It decides a first verdict, which `--only-lenders` uses to
  skip the DEX pass of an app that does not look like a lender.
* `finish`, after the code passes: the app's own class names, SDKs, URLs used in code and the
  hint strings of the dex join the signals, and the verdict is decided again. Without a DEX
  pass (--no-code, --only-lenders, a packed app) the first verdict stands, and says so.

What is read is bounded (TextBudget): at most 30,000 strings and 2 million characters of text
per app, the default configuration first, then English and the languages the catalogue has
terms for; strings in other languages are not read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from auditor.analysis.context import ScanContext
from auditor.analysis.lending_match import (
    Matcher,
    PhraseSet,
    Term,
    TextBudget,
    build_terms,
    iter_chunks,
    strip_accents,
)
from auditor.apk.arsc import StringTable, string_pool
from auditor.apk.container import OpenedApk
from auditor.datafiles import catalogue_dir, catalogue_schema, load_data
from auditor.errors import AuditorError, RuleError
from auditor.model import (
    LENDING_FAMILIES,
    CounterDomain,
    Endpoint,
    Lending,
    LendingFamily,
    LendingSignal,
    Text,
)

_ANDROID = "{http://schemas.android.com/apk/res/android}"
_COMPONENT_TAGS = ("activity", "activity-alias", "service", "receiver", "provider")
#: Layout files read for literal texts, and bytes of them.
MAX_LAYOUTS = 400
MAX_LAYOUT_BYTES = 8 * 1024**2
#: Asset files read for UI text: each at most this large, all together at most MAX_ASSET_BYTES.
MAX_ASSET_FILE = 4 * 1024**2
MAX_ASSET_BYTES = 8 * 1024**2
#: Names (resource entries, own classes) matched at most.
MAX_NAMES = 50_000
_ASSET_TEXT = re.compile(
    r"^assets/(index\.android\.bundle|.+\.(html?|arb)|flutter_assets/.+\.json|apps/[^/]+/www/.+\.(js|html?|json))$",
    re.I,
)
_LABEL_WORDS = re.compile(r"[\s\-–—:|/,.()（）：·]+")
_URL_PATH_PARTS = re.compile(r"[/._\-?=&#]+")
#: An ASCII word or dotted name: what a binary XML string pool holds besides literal texts.
_IDENTIFIER = re.compile(r"[A-Za-z_][\w.$:-]*")


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Hint:
    id: str
    points: float
    meaning: str
    indicator: bool = False
    phrase_groups: tuple[tuple[str, ...], ...] = ()
    code_prefixes: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class LendingCatalogue:
    multipliers: dict[str, float]
    caps: dict[str, float]
    verdict: dict[str, Any]
    matcher: Matcher
    counter_terms: int
    always_in_label: frozenset[str]
    counter_domains: dict[str, frozenset[str]]  # domain -> its words
    package_skip: frozenset[str]
    library_prefixes: tuple[str, ...]
    shortened_share: float
    sdk_class: dict[str, tuple[str, float]]  # sdk id -> (strong|medium|weak, points)
    sdk_counter: dict[str, str]  # sdk id -> counter domain
    hints: tuple[Hint, ...]
    phrases: PhraseSet  # counter-domain words and hint phrases, found in one pass per text
    domains_of: dict[str, tuple[str, ...]]  # a counter word -> its domains
    hint_phrases: frozenset[str]
    term_languages: frozenset[str]  # resource languages some block is written for
    not_applicable: Text

    @property
    def code_prefixes(self) -> tuple[str, ...]:
        return tuple(sorted({p for h in self.hints for p in h.code_prefixes}))


@lru_cache(maxsize=1)
def catalogue() -> LendingCatalogue:
    """catalogue/lending.yaml, checked against its schema and against sdks.yaml."""
    from auditor.catalogue.knowledge import load_knowledge

    path = catalogue_dir() / "lending.yaml"
    data = load_data(path, catalogue_schema("lending.yaml"))
    known = {s.id for s in load_knowledge().sdks}
    sdks = data["sdks"]
    sdk_class: dict[str, tuple[str, float]] = {}
    sdk_counter: dict[str, str] = {}
    listed: list[str] = []
    for kind in ("strong", "medium", "weak"):
        for sid in sdks[kind]:
            listed.append(sid)
            sdk_class[sid] = (kind, float(sdks["points"][kind]))
    for domain, ids in sdks["counter"].items():
        for sid in ids:
            listed.append(sid)
            sdk_counter[sid] = domain
    unknown = sorted(set(listed) - known)
    if unknown:
        raise RuleError(f"sdks: unknown SDK id(s) {', '.join(unknown)} (not in sdks.yaml)", str(path))
    twice = sorted({s for s in listed if listed.count(s) > 1})
    if twice:
        raise RuleError(f"sdks: SDK id(s) listed twice: {', '.join(twice)}", str(path))
    domains = data["counter"]["domains"]
    unknown_domains = sorted(
        (set(sdk_counter.values()) | set(data["counter"]["always_in_label"])) - set(domains)
    )
    if unknown_domains:
        raise RuleError(f"counter: unknown domain(s) {', '.join(unknown_domains)}", str(path))
    hints = tuple(
        Hint(
            id=h["id"],
            points=float(h["points"]),
            meaning=h["meaning"],
            indicator=bool(h.get("indicator")),
            phrase_groups=tuple(tuple(g) for g in h.get("phrases") or ()),
            code_prefixes=tuple(h.get("code_prefixes") or ()),
            schemes=tuple(s.lower() for s in h.get("schemes") or ()),
            hosts=tuple(s.lower() for s in h.get("hosts") or ()),
            paths=tuple(h.get("paths") or ()),
        )
        for h in data["hints"]
    )
    matching = data["matching"]
    terms = build_terms(data["languages"], data["weights"])
    fams = data["families"]
    return LendingCatalogue(
        multipliers={f: float(fams[f]["multiplier"]) for f in fams},
        caps={f: float(fams[f]["cap"]) for f in fams},
        verdict=data["verdict"],
        matcher=Matcher(terms, matching["card_words"], matching["card_window"]),
        counter_terms=int(data["counter"]["terms"]),
        always_in_label=frozenset(data["counter"]["always_in_label"]),
        counter_domains={d: frozenset(str(t) for t in spec["terms"]) for d, spec in domains.items()},
        package_skip=frozenset(matching["package_skip"]),
        library_prefixes=tuple(matching["library_resource_prefixes"]),
        shortened_share=float(matching["shortened_names_share"]),
        sdk_class=sdk_class,
        sdk_counter=sdk_counter,
        hints=hints,
        phrases=PhraseSet(
            [str(t) for spec in domains.values() for t in spec["terms"]]
            + [p for h in hints for g in h.phrase_groups for p in g]
        ),
        domains_of={
            str(t): tuple(d for d, spec in domains.items() if t in spec["terms"])
            for spec in domains.values()
            for t in spec["terms"]
        },
        hint_phrases=frozenset(p for h in hints for g in h.phrase_groups for p in g),
        term_languages=frozenset(
            loc
            for block in data["languages"].values()
            for loc in block["locales"]
            if loc not in ("*", "default")
        ),
        not_applicable=Text.of(data["texts"]["not_applicable"]),
    )


def code_string_prefixes() -> tuple[str, ...]:
    """Strings of the dex the DEX pass collects for the hints (upi://mandate, ...)."""
    return catalogue().code_prefixes


# ---------------------------------------------------------------- the tally


@dataclass
class Tally:
    """What recognition has seen so far: signals per family, counter words, facts."""

    signals: dict[str, dict[str, LendingSignal]] = field(default_factory=dict)
    counter_text: dict[str, set[str]] = field(default_factory=dict)
    counter_label: dict[str, set[str]] = field(default_factory=dict)
    counter_other: dict[str, set[str]] = field(default_factory=dict)  # SDKs, appCategory
    readable: bool = False  # anything at all (a label, a package, a component) could be read
    notes: list[str] = field(default_factory=list)

    def add_term(self, family: str, term: Term, where: Where, cat: LendingCatalogue) -> None:
        self._add(family, term.key, term.text, term.kind, term.weight, where, cat, term.language)

    def _add(
        self,
        family: str,
        key: str,
        term: str,
        kind: str,
        weight: float,
        where: Where,
        cat: LendingCatalogue,
        language: str | None = None,
    ) -> None:
        fam = self.signals.setdefault(family, {})
        prev = fam.get(key)
        if prev is not None:
            prev.seen += 1
            if weight <= prev.weight:
                return
        fam[key] = LendingSignal(
            family=family,
            term=term,
            kind=kind,
            weight=weight,
            points=round(weight * cat.multipliers[family], 2),
            where=_short(where.english()),
            language=language,
            seen=prev.seen if prev is not None else 1,
            place=where.place,
            source=where.source,
            locale=where.locale,
            excerpt=where.excerpt,
        )

    def add_sdk(self, sdk_id: str, where: Where, cat: LendingCatalogue) -> None:
        kind, points = cat.sdk_class[sdk_id]
        self._add("sdk", sdk_id, sdk_id, kind, points, where, cat)

    def add_hint(self, hint: Hint, where: Where, cat: LendingCatalogue) -> None:
        kind = "strong" if hint.points >= 3 else "medium" if hint.points >= 2 else "weak"
        self._add("hints", hint.id, hint.id, kind, hint.points, where, cat)

    def counter(self, domain: str, term: str, *, label: bool = False, other: bool = False) -> None:
        table = self.counter_label if label else self.counter_other if other else self.counter_text
        table.setdefault(domain, set()).add(term)


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Where:
    """Where a signal was seen: a place key (the language files word it, group
    `lending.place`), what there (a resource or class name, a URL, a file), the resource
    configuration, and an excerpt of the text."""

    place: str
    source: str = ""
    locale: str | None = None
    excerpt: str | None = None

    def english(self) -> str:
        """The same in English, the signal's `where` (for readers of the JSON)."""
        p, src, loc, ex = self.place, self.source, self.locale or "default", self.excerpt or ""
        if p == "label":
            return f"label [{loc}]: {ex}"
        if p == "package":
            return f"package {src} (token {ex})"
        if p == "string":
            return f'string {src} [{loc}]: "{ex}"'
        if p == "layout":
            return f'{src}: "{ex}"'
        if p == "resource_name":
            return f"resource name {src}"
        if p == "deep_link":
            return f"deep link {src} {ex}"
        if p == "url":
            return f"URL {src}"
        if p == "sdk":
            return f"SDK {ex}: {src}"
        if p == "scheme":
            return f'manifest <data android:scheme="{ex}">'
        if p == "phrases":
            return f"texts: {ex}"
        if p == "code_string":
            return f"string in code: {ex}"
        if p in ("indicator", "asset"):
            return src or ex
        return f"{p} {src}"  # a component (activity, service...) or a class


# ---------------------------------------------------------------- reading the app


def _language(locale: str) -> str:
    """'zh-rTW' -> 'zh'; '' (the default configuration) stays ''."""
    return locale.split("-", 1)[0].lower()


def _label_values(
    opened: OpenedApk, table: StringTable | None, fallback: str | None
) -> list[tuple[str, str]]:
    """(locale, label) in every configuration the label resource has."""
    raw = _manifest_attribute(opened, "label")
    out: list[tuple[str, str]] = []
    if raw.startswith("@") and table is not None:
        try:
            res_id = int(raw[1:], 16)
        except ValueError:
            res_id = None
        if res_id is not None:
            out = table.values_of(res_id)
    elif raw and not raw.startswith("@"):
        out = [("", raw)]
    if not out and fallback:
        out = [("", fallback)]
    return [(loc, val) for loc, val in out if val.strip()]


def _label(tally: Tally, labels: list[tuple[str, str]], cat: LendingCatalogue) -> None:
    m = cat.matcher
    for locale, value in labels:
        tally.readable = True
        where = Where("label", locale=locale or None, excerpt=_short(value, 80))
        text_hits = m.text_hits(value, "label", _language(locale))
        covered = ["".join(t.ident) or t.key for t in text_hits]
        for term in text_hits:
            tally.add_term("label", term, where, cat)
        for word in _LABEL_WORDS.split(value):
            if not word:
                continue
            for term in m.identifier_hits(word, "label"):
                flat = "".join(term.ident)
                if not any(flat in c for c in covered):
                    tally.add_term("label", term, where, cat)
        for found in cat.phrases.find(value):
            for domain in cat.domains_of.get(found, ()):
                tally.counter(domain, found, label=True)


def _package(tally: Tally, package: str, cat: LendingCatalogue) -> None:
    if not package:
        return
    tally.readable = True
    tokens = package.split(".")
    if tokens and tokens[0] in cat.package_skip:
        tokens = tokens[1:]
    for tok in tokens:
        if tok.lower() in cat.package_skip:
            continue
        for term in cat.matcher.identifier_hits(tok, "package"):
            tally.add_term("package", term, Where("package", package, excerpt=tok), cat)


def _qualify(package: str, name: str) -> str:
    if name.startswith("."):
        return package + name
    return name if "." in name else f"{package}.{name}"


def _simple(class_name: str) -> str:
    return class_name.rsplit(".", 1)[-1].rsplit("/", 1)[-1].split("$", 1)[0].rstrip(";")


def _manifest_attribute(opened: OpenedApk, name: str) -> str:
    """An attribute of <application>, "" without one (or without a manifest: code-only input)."""
    if opened.apk is None:
        return ""
    return str(opened.apk.get_attribute_value("application", name) or "")


def _manifest_xml(opened: OpenedApk) -> Any:
    """The parsed manifest (an lxml element), or None without one."""
    return opened.apk.get_android_manifest_xml() if opened.apk is not None else None


def _components(tally: Tally, opened: OpenedApk, package: str, cat: LendingCatalogue) -> None:
    xml = _manifest_xml(opened)
    if xml is None:
        return
    seen: set[str] = set()
    for el in xml.iter(*_COMPONENT_TAGS):
        name = el.get(_ANDROID + "name")
        if not name:
            continue
        full = _qualify(package, name)
        simple = _simple(full)
        if simple in seen or len(simple) <= 2:
            continue
        seen.add(simple)
        tally.readable = True
        for term in cat.matcher.identifier_hits(simple, "components"):
            tally.add_term("components", term, Where(el.tag, full), cat)


def own_classes(tally: Tally, classes: list[str], cat: LendingCatalogue) -> None:
    """Simple names of the app's own dex classes (descriptors Lcom/x/LoanApi;)."""
    seen: set[str] = set()
    for descriptor in classes[:MAX_NAMES]:
        simple = _simple(descriptor)
        if len(simple) <= 2 or simple in seen:
            continue
        seen.add(simple)
        for term in cat.matcher.identifier_hits(simple, "components"):
            java = descriptor[1:].rstrip(";").replace("/", ".") if descriptor.startswith("L") else descriptor
            tally.add_term("components", term, Where("class", java), cat)


def _manifest_data(opened: OpenedApk) -> tuple[list[tuple[str, str]], set[str]]:
    """(deep links as (what, value) of intent-filter <data>, every <data> scheme incl. <queries>)."""
    xml = _manifest_xml(opened)
    links: list[tuple[str, str]] = []
    schemes: set[str] = set()
    if xml is None:
        return links, schemes
    for el in xml.iter("data"):
        scheme = el.get(_ANDROID + "scheme")
        if scheme:
            schemes.add(scheme.lower())
        parent = el.getparent()
        if parent is None or parent.tag != "intent-filter":
            continue
        for attr in ("scheme", "host", "path", "pathPrefix", "pathPattern"):
            value = el.get(_ANDROID + attr)
            if value:
                links.append((attr, value))
    return links, schemes


def _host_parts(host: str, cat: LendingCatalogue) -> list[str]:
    """Labels of a URL host without its top-level domain and the usual filler (www, com...)."""
    labels = host.lower().split(".")
    return [p for p in labels[:-1] if p not in cat.package_skip and p != "www"]


def _path_parts(path: str) -> list[str]:
    return [p for p in _URL_PATH_PARTS.split(path) if p]


def _network(tally: Tally, where: Where, parts: list[str], cat: LendingCatalogue) -> None:
    for part in dict.fromkeys(parts):
        for term in cat.matcher.identifier_hits(part, "network"):
            tally.add_term("network", term, where, cat)


def urls(tally: Tally, endpoints: list[Endpoint], cat: LendingCatalogue) -> None:
    """URLs of the app's resources and own code (an SDK's URLs say nothing about the app)."""
    for ep in endpoints:
        if ep.by not in (None, "app", "third_party"):
            continue
        try:
            parts = urlsplit(ep.url)
        except ValueError:
            continue
        _network(tally, Where("url", ep.url), _host_parts(ep.host, cat) + _path_parts(parts.path), cat)
        host = ep.host.lower()
        for hint in cat.hints:
            if any(host == h or host.endswith("." + h) for h in hint.hosts) or any(
                p in parts.path for p in hint.paths
            ):
                tally.add_hint(hint, Where("url", ep.url), cat)


def _deep_links(tally: Tally, opened: OpenedApk, cat: LendingCatalogue) -> None:
    links, schemes = _manifest_data(opened)
    for attr, value in links:
        # a deep-link host may be a bare word (rupeeflash://loan): every label counts
        parts = value.lower().split(".") if attr == "host" else _path_parts(value)
        _network(tally, Where("deep_link", attr, excerpt=value), parts, cat)
    for hint in cat.hints:
        hit = sorted(s for s in schemes if s in hint.schemes)
        if hit:
            tally.add_hint(hint, Where("scheme", excerpt=hit[0]), cat)


def _not_ui_text(value: str) -> bool:
    """Patterns and data rather than words a person reads: regex alternations (framework-res
    autofill patterns hold 'credito'), JSON, a bare URL."""
    v = value.strip()
    return (
        v.count("|") >= 3
        or v.startswith(("{", "["))
        or (v.startswith(("http://", "https://")) and " " not in v)
    )


@dataclass
class _Texts:
    """Hint phrases found in the texts so far (a hint may need two phrases of two strings)."""

    hint_phrases: set[str] = field(default_factory=set)


def _text(
    tally: Tally,
    family: str,
    value: str,
    language: str,
    where: Where | Callable[[], Where],
    texts: _Texts,
    cat: LendingCatalogue,
) -> None:
    """Match one string; `where` may be a function, called only when a term is found."""
    hits = cat.matcher.text_hits(value, family, language)
    if hits:
        shown = where() if callable(where) else where
        for term in hits:
            tally.add_term(family, term, shown, cat)
    for found in cat.phrases.find(value):
        for domain in cat.domains_of.get(found, ()):
            tally.counter(domain, found)
        if found in cat.hint_phrases:
            texts.hint_phrases.add(found)


def _resources(
    tally: Tally,
    table: StringTable,
    label_id: int | None,
    budget: TextBudget,
    texts: _Texts,
    cat: LendingCatalogue,
) -> None:
    lib = cat.library_prefixes
    # entry names (any type): res_names, unless a shrinker made them meaningless
    names = [n for n in dict.fromkeys(table.names(MAX_NAMES * 4)) if not n.startswith(lib)][:MAX_NAMES]
    if names:
        tally.readable = True
    short = sum(1 for n in names if len(n) <= 2)
    if names and short / len(names) >= cat.shortened_share:
        tally.notes.append(f"resource names look shortened ({short} of {len(names)}): not matched")
    else:
        for name in names:
            for term in cat.matcher.identifier_hits(name, "res_names"):
                tally.add_term("res_names", term, Where("resource_name", name), cat)

    # String values: the default configuration first, then English and the languages a term
    # block is written for. Other languages are not read: a term of another language found in
    # them is a false friend (Romanian 'cardului de credit', Latvian 'Kopā'), and an English
    # string a translator left untranslated is in the default configuration anyway.
    read = cat.term_languages | {"en"}

    ordered = itertools.chain(
        table.iter_entries(lambda locale: not locale),
        table.iter_entries(lambda locale: bool(locale) and _language(locale) in read),
    )
    for entry in ordered:
        if entry[0] == label_id:
            continue
        name = table.name(entry)
        if name.startswith(lib):
            continue
        value = table.value(entry)
        if not value.strip() or _not_ui_text(value):
            continue
        taken = budget.take(value, "resource strings")
        if taken is None:
            break
        locale = entry[1]

        def shown(name: str = name, locale: str = locale, taken: str = taken) -> Where:
            return Where("string", name, locale or None, _short(taken, 60))

        _text(tally, "res_text", taken, _language(locale), shown, texts, cat)


def _layouts(
    tally: Tally, opened: OpenedApk, budget: TextBudget, texts: _Texts, cat: LendingCatalogue
) -> None:
    names = sorted(n for n in opened.files() if n.startswith("res/layout") and n.endswith(".xml"))
    read = 0
    for name in names[:MAX_LAYOUTS]:
        try:
            size = opened.base.declared_size(name)
            if read + size > MAX_LAYOUT_BYTES:
                tally.notes.append(f"layouts read up to {MAX_LAYOUT_BYTES // 1024**2} MiB")
                break
            read += size
            data = opened.read(name)
        except AuditorError as err:
            if err.code == "too_large":
                raise
            continue
        for value in string_pool(data):
            # literal texts only: not the names of elements, attributes and classes, nor URLs
            if _IDENTIFIER.fullmatch(value) or value.startswith(("http://", "https://")):
                continue
            taken = budget.take(value, "layout texts")
            if taken is None:
                return
            _text(tally, "res_text", taken, "", Where("layout", name, excerpt=_short(taken, 60)), texts, cat)


def _assets(
    tally: Tally, opened: OpenedApk, budget: TextBudget, texts: _Texts, cat: LendingCatalogue
) -> None:
    read = 0
    for name in sorted(n for n in opened.files() if _ASSET_TEXT.match(n)):
        try:
            size = opened.base.declared_size(name)
            if size > MAX_ASSET_FILE or read + size > MAX_ASSET_BYTES:
                tally.notes.append(f"asset {name} not read for text ({size} bytes)")
                continue
            read += size
            data = opened.read(name)
        except AuditorError as err:
            if err.code == "too_large":
                raise
            continue
        text = data.decode("utf-8", "replace")
        for chunk in iter_chunks(text):
            if budget.used_chars + len(chunk) > budget.max_chars:
                budget.cut.append("asset texts")
                return
            budget.used_chars += len(chunk)
            _text(tally, "asset_text", chunk, "", Where("asset", name), texts, cat)


def _phrase_hints(tally: Tally, texts: _Texts, cat: LendingCatalogue) -> None:
    found = texts.hint_phrases
    if not found:
        return
    for hint in cat.hints:
        for group in hint.phrase_groups:
            if all(p in found for p in group):
                tally.add_hint(hint, Where("phrases", excerpt=" + ".join(group)), cat)
                break


def _indicator_hint(tally: Tally, details: list[str], cat: LendingCatalogue) -> None:
    for hint in cat.hints:
        if hint.indicator and details:
            tally.add_hint(hint, Where("indicator", details[0]), cat)


def _app_category(tally: Tally, opened: OpenedApk) -> None:
    category = _manifest_attribute(opened, "appCategory")
    is_game = _manifest_attribute(opened, "isGame")
    if category.strip().lower() in ("0", "game") or is_game.strip().lower() == "true":
        tally.counter("game", "android:appCategory=game", other=True)


# ---------------------------------------------------------------- the verdict


def decide(tally: Tally, cat: LendingCatalogue, *, code_read: bool, less_seen: bool) -> Lending:
    """The verdict from the tally (docs/lending.md, "How the verdict is reached")."""
    v = cat.verdict
    families: list[LendingFamily] = []
    signals: list[LendingSignal] = []
    for fam in LENDING_FAMILIES:
        members = list(tally.signals.get(fam, {}).values())
        if not members:
            continue
        raw = round(sum(s.points for s in members), 2)
        families.append(LendingFamily(fam, raw, cat.caps[fam], round(min(raw, cat.caps[fam]), 2)))
        signals.extend(members)
    signals.sort(key=lambda s: (-s.points, -s.weight, LENDING_FAMILIES.index(s.family), s.term))
    score = round(sum(f.points for f in families), 2)
    strong_items = {
        (s.family in ("sdk", "hints"), strip_accents(s.term).casefold()) for s in signals if s.weight >= 2
    }
    items = len(strong_items)
    fams_with = len({s.family for s in signals if s.weight >= 2})
    strong_text = max(
        (
            sum(1 for s in tally.signals.get(f, {}).values() if s.kind == "strong")
            for f in ("res_text", "asset_text")
        ),
        default=0,
    )

    counter: list[CounterDomain] = []
    present: list[str] = []
    for domain in sorted(set(tally.counter_text) | set(tally.counter_label) | set(tally.counter_other)):
        terms = tally.counter_text.get(domain, set()) | tally.counter_label.get(domain, set())
        other = tally.counter_other.get(domain, set())
        in_label = bool(tally.counter_label.get(domain))
        is_present = len(terms) >= cat.counter_terms or in_label or bool(other)
        counter.append(CounterDomain(domain, sorted(terms | other), in_label, is_present))
        if is_present:
            present.append(domain)
    lending_name = any(
        s.weight >= 2 for fam in ("label", "package") for s in tally.signals.get(fam, {}).values()
    )
    capped_by = [] if lending_name else list(present)
    capped_by += [d for d in sorted(cat.always_in_label) if tally.counter_label.get(d) and d not in capped_by]

    lender = v["lender"]
    main = score >= lender["score"] and items >= lender["items"] and fams_with >= lender["families"]
    text_only = strong_text >= v["text_only_strong_terms"]
    conf = v["confidence"]
    if not tally.readable:
        verdict, decided_by, confidence = "unclear", "nothing_readable", float(conf["nothing_readable"])
    elif (main or text_only) and capped_by:
        verdict, decided_by, confidence = "unclear", "counter", float(conf["unclear"])
    elif main:
        c = conf["lender"]
        confidence = (
            c["base"]
            + (score - lender["score"]) * c["per_point"]
            + (fams_with - lender["families"]) * c["per_family"]
        )
        verdict, decided_by, confidence = "lender", "score", max(c["base"], min(c["max"], confidence))
    elif text_only:
        c = conf["text_only"]
        confidence = min(c["max"], c["base"] + c["per_term"] * (strong_text - v["text_only_strong_terms"]))
        verdict, decided_by = "lender", "text"
    elif items >= v["unclear_items"]:
        verdict, decided_by, confidence = "unclear", "below_threshold", float(conf["unclear"])
    else:
        c = conf["not_lender"]
        confidence = max(c["min"], min(c["base"], c["base"] - c["per_point"] * score))
        if less_seen:
            confidence *= c["less_seen"]
        verdict, decided_by = "not_lender", "weak_only" if signals else "no_signal"
    if decided_by != "counter":
        capped_by = []  # only the domains that changed the verdict are named
    return Lending(
        verdict=verdict,
        confidence=round(confidence, 2),
        score=score,
        items=items,
        families_with_items=fams_with,
        decided_by=decided_by,
        signals=signals,
        families=families,
        counter=counter,
        capped_by=capped_by,
        thresholds={
            "score": float(lender["score"]),
            "items": float(lender["items"]),
            "families": float(lender["families"]),
            "text_strong_terms": float(v["text_only_strong_terms"]),
            "unclear_items": float(v["unclear_items"]),
        },
        code_read=code_read,
        notes=list(dict.fromkeys(tally.notes)),
    )


# ---------------------------------------------------------------- the passes


def recognise(ctx: ScanContext) -> None:
    """The first verdict, from everything but the code (before the DEX pass). A code-only
    input (no manifest) has no label, package or components: its verdict rests on its code."""
    cat = catalogue()
    tally = Tally()
    opened, app = ctx.opened, ctx.app
    table = opened.string_table()
    if table is not None and table.error:
        tally.notes.append(table.error)
    raw_label = _manifest_attribute(opened, "label")
    label_id = None
    if raw_label.startswith("@"):
        try:
            label_id = int(raw_label[1:], 16)
        except ValueError:
            label_id = None
    _label(tally, _label_values(opened, table, app.label), cat)
    _package(tally, app.package, cat)
    _components(tally, opened, app.package, cat)
    budget = TextBudget()
    texts = _Texts()
    if table is not None:
        if table.truncated:
            tally.notes.append("resources.arsc has more string entries than are read")
        _resources(tally, table, label_id, budget, texts, cat)
    _layouts(tally, opened, budget, texts, cat)
    _assets(tally, opened, budget, texts, cat)
    if budget.cut:
        tally.notes.append(
            f"text read up to {budget.max_strings} strings / {budget.max_chars} characters: "
            + ", ".join(budget.cut)
            + " partly unread"
        )
    _deep_links(tally, opened, cat)
    urls(tally, [e for e in ctx.endpoints.values() if e.source == "resources"], cat)
    _phrase_hints(tally, texts, cat)
    _app_category(tally, opened)
    from auditor.analysis.indicators import builtin_families, match_indicators

    hits = match_indicators(app, opened.sha1, [], builtin_families())
    _indicator_hint(tally, [e.detail for e in hits], cat)
    ctx.lending = tally
    app.lending = decide(tally, cat, code_read=False, less_seen=_less_seen(ctx))
    app.lending.assumed_lender = ctx.options.assume_lender


def finish(ctx: ScanContext) -> None:
    """The verdict again, with what the code passes found (own classes, SDKs, URLs, strings)."""
    tally = ctx.lending
    if tally is None:
        return
    cat = catalogue()
    code = ctx.code
    code_read = code is not None and bool(code.dex_names)
    if code_read:
        tally.readable = True  # the code's names were read (all a code-only input has)
    if code is not None:
        who = ctx.attributor.who if ctx.attributor is not None else None
        own = [c for c in code.app_classes if who is None or who(c)[0] == "app"]
        own_classes(tally, own, cat)
        for prefix, strings in code.strings.items():
            for hint in cat.hints:
                if prefix in hint.code_prefixes and strings:
                    tally.add_hint(hint, Where("code_string", excerpt=strings[0]), cat)
    for sdk in ctx.sdks:
        if sdk.id in cat.sdk_class:
            first = sdk.classes[0][1:].rstrip(";").replace("/", ".") if sdk.classes else sdk.id
            tally.add_sdk(sdk.id, Where("sdk", first, excerpt=sdk.name), cat)
        if sdk.id in cat.sdk_counter:
            tally.counter(cat.sdk_counter[sdk.id], f"SDK {sdk.id}", other=True)
    urls(tally, [e for e in ctx.endpoints.values() if e.source == "code"], cat)
    indicators = [e.detail for e in ctx.evidence if e.kind == "indicator"]
    _indicator_hint(tally, indicators, cat)
    assumed = ctx.options.assume_lender
    ctx.app.lending = decide(tally, cat, code_read=code_read, less_seen=_less_seen(ctx))
    ctx.app.lending.assumed_lender = assumed


def _less_seen(ctx: ScanContext) -> bool:
    """Less than the whole app could be read: packed code, no code read, no resource table."""
    table = ctx.opened.string_table()
    return bool(ctx.packer) or ctx.code is None or table is None or table.error is not None
