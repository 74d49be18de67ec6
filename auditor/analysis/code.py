"""Turn DEX references to catalogued APIs into evidence, one calling method at a time.

The catalogue roles (catalogue/apis.yaml) combine within a method:
- `collect` reads a category by itself (getDeviceId, getInstalledPackages, ...);
- `query` (ContentResolver.query, CursorLoader, ...) takes the category of the provider Uri
  obtained in the same method (`uri` field read or content:// string); with no Uri there it
  is reported as "Uri not determined", never guessed;
- a `uri` next to a `picker` action (ACTION_PICK, GET_CONTENT) and no query is the system
  picker: `alternative` evidence, the minimum-necessary choice, not collection;
- `reflection` names a provider class in a string: code evidence of that category;
- `sink` (network output) in a method that also collects gives `exfiltration_suspected`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.analysis.attribution import Attributor
from auditor.analysis.sns import sns_targets
from auditor.catalogue.knowledge import ApiEntry, Knowledge
from auditor.dex import FieldTarget, MethodTarget, Reference, StringTarget, TargetSet
from auditor.model import Evidence

_EVIDENCE_KIND = {"invoke": "api_call", "field_read": "field_read", "const_string": "string"}
PICKER_NOTE = "system picker: the user chooses one item; the app does not read them all"


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
    sns_methods, sns_strings = sns_targets(knowledge)
    methods.extend(sns_methods)
    strings.extend(sns_strings)
    return TargetSet(tuple(methods), tuple(fields), tuple(strings))


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

    def role(self, name: str) -> list[_Hit]:
        return [h for h in self.hits if h.entry.role == name]

    def evidence(
        self,
        hit: _Hit,
        category: str | None,
        strength: str,
        note: str | None = None,
        kind: str | None = None,
    ) -> Evidence:
        return Evidence(
            category=category,
            kind=kind or _EVIDENCE_KIND[hit.ref.kind],
            detail=hit.ref.target,
            caller=self.caller,
            dex=self.dex,
            sdk=self.sdk,
            offset=hit.ref.offset,
            note=note,
            by=self.by,
            strength=strength,
        )

    def build(self) -> list[Evidence]:
        out: list[Evidence] = []
        collected: list[Evidence] = []
        uris, queries, pickers = self.role("uri"), self.role("query"), self.role("picker")

        for h in self.role("collect"):
            collected.append(self.evidence(h, h.entry.category, "code"))
        for h in self.role("reflection"):
            note = "provider class named by a string (reflection)"
            collected.append(self.evidence(h, h.entry.category, "code", note))

        uri_categories = sorted({h.entry.category for h in uris if h.entry.category})
        for q in queries:
            if not uri_categories:
                note = "content query whose Uri could not be determined statically"
                out.append(self.evidence(q, None, "reference", note))
            for cat in uri_categories:
                names = sorted({u.ref.target for u in uris if u.entry.category == cat})
                collected.append(self.evidence(q, cat, "code", "provider Uri: " + ", ".join(names)))
        for u in uris:
            if queries:
                collected.append(
                    self.evidence(u, u.entry.category, "code", "Uri passed to a query here")
                )
            elif pickers:
                out.append(
                    self.evidence(u, u.entry.category, "alternative", PICKER_NOTE, "alternative")
                )
            else:
                note = "provider Uri referenced; no query in this method"
                out.append(self.evidence(u, u.entry.category, "reference", note))
        if not uris:
            for p in pickers:
                note = "system picker / document chooser"
                out.append(self.evidence(p, p.entry.category, "alternative", note, "alternative"))
        for h in self.role("alternative"):
            out.append(self.evidence(h, h.entry.category, "alternative", kind="alternative"))
        for h in self.role("dynamic_code"):
            out.append(self.evidence(h, None, "code", "loads code at run time", "dynamic_code"))
        for h in self.role("identifier_string"):
            if not any(c.category == h.entry.category for c in collected):
                out.append(self.evidence(h, h.entry.category, "reference"))

        out.extend(collected)
        out.extend(self._exfiltration(collected))
        return out

    def _exfiltration(self, collected: list[Evidence]) -> list[Evidence]:
        sinks = self.role("sink")
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
            note = (
                f"reads {cat} via {first.detail} at +{first.offset or 0:#x} and sends via "
                f"{sink.ref.target} at +{sink.ref.offset:#x} in the same method"
            )
            out.append(self.evidence(sink, cat, "exfiltration", note, "exfiltration_suspected"))
        return out


def build_code_evidence(
    references: Iterable[Reference], knowledge: Knowledge, attributor: Attributor
) -> list[Evidence]:
    grouped: dict[tuple[str, str], list[_Hit]] = defaultdict(list)
    for ref in references:
        entry = knowledge.apis_by_id.get(ref.key)
        if entry is not None:
            grouped[(ref.dex, ref.caller)].append(_Hit(ref, entry))
    out: list[Evidence] = []
    for (dex, caller), hits in sorted(grouped.items()):
        by, sdk = attributor.who(hits[0].ref.caller_class)
        out.extend(_Method(dex, caller, by, sdk, hits).build())
    return out
