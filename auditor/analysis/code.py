"""Turn DEX references to catalogued APIs into evidence, one calling method at a time.

The catalogue roles (catalogue/apis.yaml) combine within a method:
- `collect` reads a category by itself (getDeviceId, getInstalledPackages, ...);
- `query` (ContentResolver.query, CursorLoader, ...) takes the category of the provider Uri
  obtained in the same method (`uri` field read or content:// string); with no Uri there it
  is reported as "Uri not determined", never guessed;
- a `uri` next to a `picker` action (ACTION_PICK, GET_CONTENT) and no query is the system
  picker: `alternative` evidence, the minimum-necessary choice, not collection;
- `reflection` names a provider class in a string: code evidence of that category;
- `sink` (network output) in a method that also collects gives `exfiltration_suspected`;
  only sinks that send a body (`direction: upload`) count, a connection alone may download.

Each hit is then judged by its entry's strength rules (auditor/analysis/judge.py): a hit
that does not really read the data stays as evidence with strength `reference` and a
`reason`, and is never scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from auditor.analysis.attribution import Attributor
from auditor.analysis.judge import AppFacts, Verdict, judge, needs_flow, permission_verdict
from auditor.analysis.notes import message, note
from auditor.analysis.sns import sns_targets
from auditor.catalogue.knowledge import ApiEntry, Knowledge
from auditor.dex import FieldTarget, MethodFlow, MethodTarget, Reference, StringTarget, TargetSet
from auditor.model import Evidence, Message

GATE = "gate:"  # target keys of the calls that switch a gated library feature on
_EVIDENCE_KIND = {"invoke": "api_call", "field_read": "field_read", "const_string": "string"}


def target_set(knowledge: Knowledge) -> TargetSet:
    """The catalogue as scanner targets (keys are catalogue entry ids)."""
    methods, fields, strings = [], [], []
    for e in knowledge.apis:
        if e.kind == "method":
            methods.append(MethodTarget(e.id, e.cls or "", e.name or "", e.descriptor))
        elif e.kind == "field":
            fields.append(FieldTarget(e.id, e.cls or "", e.name or "", e.descriptor))
        else:
            strings.append(StringTarget(e.id, e.value or "", e.match))
    for sdk in knowledge.sdks:
        for i, gate in enumerate(sdk.gates):
            for ref in gate.needs_call:
                cls, name = ref.split("->", 1)
                methods.append(MethodTarget(f"{GATE}{sdk.id}:{i}", cls, name, None))
    sns_methods, sns_strings = sns_targets(knowledge)
    methods.extend(sns_methods)
    strings.extend(sns_strings)
    return TargetSet(tuple(methods), tuple(fields), tuple(strings))


def apply_gates(
    evidence: list[Evidence], references: Iterable[Reference], knowledge: Knowledge
) -> list[Evidence]:
    """Collecting hits in library code that runs only when the app turns a feature on
    (sdks.yaml `runs_only_if`) are not_called when no code makes the switching call."""
    opened = {r.key for r in references if r.key.startswith(GATE)}
    closed = [
        (sdk, gate)
        for sdk in knowledge.sdks
        for i, gate in enumerate(sdk.gates)
        if f"{GATE}{sdk.id}:{i}" not in opened
    ]
    if not closed:
        return evidence
    out = []
    for ev in evidence:
        if ev.scored and ev.strength in ("code", "exfiltration") and ev.caller:
            for sdk, gate in closed:
                if ev.caller.startswith(gate.code):
                    calls = [c.split("->")[1] for c in gate.needs_call]
                    off = message("gate_never_on", sdk=sdk.id, what=gate.what, calls=calls)
                    ev = replace(ev, strength="reference", reason="not_called", **note(off))
                    break
        out.append(ev)
    return out


def inspect_keys(knowledge: Knowledge) -> frozenset[str]:
    """Entries whose hits need the def-use pass of their calling method (strength rules, and
    queries, whose Uri may come from a constant field)."""
    return frozenset(e.id for e in knowledge.apis if needs_flow(e) or e.role == "query")


def is_upload(entry: ApiEntry) -> bool:
    """A sink that sends a body (the default); `direction: connect` may only download."""
    return entry.role == "sink" and (entry.strength is None or entry.strength.direction != "connect")


def _seed(ref: Reference) -> tuple | None:
    """The value a string or field hit loads (a call hit's value is its result)."""
    if ref.kind == "const_string":
        return ("s", ref.target)
    if ref.kind == "field_read":
        return ("f", ref.target)
    return None


@dataclass(frozen=True)
class _Hit:
    ref: Reference
    entry: ApiEntry


@dataclass
class _Method:
    """All catalogue hits inside one calling method, and who wrote that method."""

    dex: str
    caller: str
    by: str
    sdk: str | None
    hits: list[_Hit]
    app: AppFacts | None = None
    flow: MethodFlow | None = None
    benign_loader: bool = False
    # class -> the provider Uri hits of its static initialiser (constants like
    # `static final Uri INBOX = Uri.parse("content://sms/inbox")` used by a query elsewhere)
    class_uris: dict[str, list[_Hit]] | None = None

    def role(self, name: str) -> list[_Hit]:
        return [h for h in self.hits if h.entry.role == name]

    def evidence(
        self,
        hit: _Hit,
        category: str | None,
        strength: str,
        parts: Message | list[Message | None] | None = None,
        kind: str | None = None,
        reason: str | None = None,
    ) -> Evidence:
        """One piece of evidence; `parts` is its note as language-file keys."""
        if isinstance(parts, Message):
            parts = [parts]
        if reason is not None:
            strength = "reference"
        return Evidence(
            category=category,
            kind=kind or _EVIDENCE_KIND[hit.ref.kind],
            detail=hit.ref.target,
            caller=self.caller,
            dex=self.dex,
            sdk=self.sdk,
            offset=hit.ref.offset,
            by=self.by,
            strength=strength,
            reason=reason,
            **note(*(parts or ())),
        )

    def judged(self, hit: _Hit, verdict: Verdict, *parts: Message | None) -> Evidence:
        return self.evidence(
            hit, verdict.category, "code", [*parts, verdict.note], reason=verdict.reason
        )

    def _uri_verdict(self, uri: _Hit) -> Verdict:
        """A provider read is gated by the provider's permission (on the Uri entry)."""
        rules = uri.entry.strength
        if rules is not None and self.app is not None:
            refused = permission_verdict(rules, uri.entry.category, self.app)
            if refused is not None:
                return refused
        return Verdict(uri.entry.category, None)

    def _uris_from_constants(self, query: _Hit) -> tuple[list[_Hit], Message | None]:
        """The provider Uri of a query that reads it from a static field whose class sets it
        in its static initialiser (one category only; several would be a guess)."""
        inv = self.flow.invoke_at(query.ref.offset) if self.flow is not None else None
        if inv is None or not self.class_uris:
            return [], None
        fields = sorted(
            v[1] for a in inv.args for v in a if v[0] == "f" and v[1].endswith(":Landroid/net/Uri;")
        )
        for f in fields:
            hits = self.class_uris.get(f.split("->", 1)[0], [])
            if len({h.entry.category for h in hits}) == 1:
                return hits, message("uri_from_constant", field=f)
        return [], None

    def build(self) -> list[Evidence]:
        out: list[Evidence] = []
        collected: list[Evidence] = []
        uris, queries, pickers = self.role("uri"), self.role("query"), self.role("picker")

        for h in self.role("collect") + self.role("reflection"):
            named = message("reflection") if h.entry.role == "reflection" else None
            if self.app is None:
                collected.append(self.evidence(h, h.entry.category, "code", [named]))
                continue
            for v in judge(h.entry, h.ref.offset, self.flow, self.app, _seed(h.ref)):
                ev = self.judged(h, v, named)
                (out if ev.reason else collected).append(ev)

        uri_categories = sorted({h.entry.category for h in uris if h.entry.category})
        for q in queries:
            q_uris = uris
            q_categories = uri_categories
            note_from = None
            if not q_categories:
                q_uris, note_from = self._uris_from_constants(q)
                q_categories = sorted({h.entry.category for h in q_uris if h.entry.category})
            if not q_categories:
                out.append(self.evidence(q, None, "reference", message("query_uri_unknown")))
            for cat in q_categories:
                cat_uris = [u for u in q_uris if u.entry.category == cat]
                names = sorted({u.ref.target for u in cat_uris})
                verdicts = [self._uri_verdict(u) for u in cat_uris]
                v = next((v for v in verdicts if v.reason is None), verdicts[0])
                ev = self.judged(q, v, message("provider_uri", uris=names), note_from)
                (out if ev.reason else collected).append(ev)
        for u in uris:
            if queries:
                ev = self.judged(u, self._uri_verdict(u), message("uri_queried"))
                (out if ev.reason else collected).append(ev)
            elif pickers:
                out.append(
                    self.evidence(u, u.entry.category, "alternative", message("picker"), "alternative")
                )
            else:
                out.append(self.evidence(u, u.entry.category, "reference", message("uri_only")))
        if not uris:
            for p in pickers:
                chooser = message("picker_chooser")
                out.append(self.evidence(p, p.entry.category, "alternative", chooser, "alternative"))
        for h in self.role("alternative"):
            out.append(self.evidence(h, h.entry.category, "alternative", kind="alternative"))
        for h in self.role("dynamic_code"):
            if self.benign_loader:
                own = message("loads_own_code")
                out.append(self.evidence(h, None, "code", own, "dynamic_code", "benign_loader"))
            else:
                loads = message("dynamic_code")
                out.append(self.evidence(h, None, "code", loads, "dynamic_code"))
        for h in self.role("identifier_string"):
            if not any(c.category == h.entry.category for c in collected):
                out.append(self.evidence(h, h.entry.category, "reference"))

        out.extend(collected)
        out.extend(self._exfiltration(collected))
        return out

    def _exfiltration(self, collected: list[Evidence]) -> list[Evidence]:
        sinks = [h for h in self.role("sink") if is_upload(h.entry)]
        if not sinks or not collected:
            return []
        sink = min(sinks, key=lambda s: s.ref.offset)
        out = []
        for cat in sorted({c.category for c in collected if c.category}):
            # Name the read itself (the query or getter), not the Uri it was given.
            first = min(
                (c for c in collected if c.category == cat),
                key=lambda c: (c.kind != "api_call", c.offset or 0),
            )
            sends = message(
                "exfil_same_method",
                cat=cat,
                read=first.detail,
                read_at=f"{first.offset or 0:#x}",
                sink=sink.ref.target,
                sink_at=f"{sink.ref.offset:#x}",
            )
            out.append(self.evidence(sink, cat, "exfiltration", sends, "exfiltration_suspected"))
        return out


def build_code_evidence(
    references: Iterable[Reference],
    knowledge: Knowledge,
    attributor: Attributor,
    app: AppFacts | None = None,
    flows: dict[tuple[str, str], MethodFlow] | None = None,
) -> list[Evidence]:
    """Code evidence per calling method. Without `app` every hit counts as it is (the
    pre-strength behaviour, kept for callers that judge nothing)."""
    grouped: dict[tuple[str, str], list[_Hit]] = defaultdict(list)
    for ref in references:
        entry = knowledge.apis_by_id.get(ref.key)
        if entry is not None:
            grouped[(ref.dex, ref.caller)].append(_Hit(ref, entry))
    loaders = {s.id for s in knowledge.sdks if s.loads_own_code}
    flows = flows or {}
    class_uris: dict[str, list[_Hit]] = defaultdict(list)
    for (_dex, caller), hits in grouped.items():
        if "-><clinit>()V" in caller:
            class_uris[caller.split("->", 1)[0]].extend(h for h in hits if h.entry.role == "uri")
    out: list[Evidence] = []
    for (dex, caller), hits in sorted(grouped.items()):
        by, sdk = attributor.who(hits[0].ref.caller_class)
        method = _Method(
            dex, caller, by, sdk, hits, app, flows.get((dex, caller)), sdk in loaders, class_uris
        )
        out.extend(method.build())
    return out
