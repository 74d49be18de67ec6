"""Matching the lending terms of catalogue/lending.yaml against texts and identifiers.

Pure functions over strings, no APK: auditor/analysis/lending.py feeds them the app's label,
package, component and resource names, resource strings and URLs.

Texts are normalised (Unicode NFKC, then case folding, then, for the languages that ask
for it, accents removed) and searched with one compiled regular expression per (set of
languages, normalisation, family): the terms of a set form a trie, so a string costs one
regex pass whatever the number of terms. A word term must not touch a letter, a combining
mark or a digit on either side: Python's `\\b` treats Devanagari vowel signs as word breaks
and would cut Hindi words in half, so the boundary class adds the marks. Chinese and Thai
terms match as substrings. Within one string the longest match wins (a `not_within` phrase
masks its span), and every term counts once per string.

Identifiers (package tokens, class names, resource names, URL parts) are split on
punctuation, camelCase and letter/digit changes and compared token by token with the ASCII
terms; a `compound` term may also sit inside a longer token (fairlend -> lend), unless a
`not_within` word holds it there (calendar -> lend).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from auditor.datafiles import load_derived

TEXT_FAMILIES = ("label", "res_text", "asset_text")
ID_FAMILIES = ("package", "components", "res_names", "network")
#: Latin-script terms shorter than this are never matched inside identifiers.
MIN_ID_TERM = 3
#: Compound (inside-a-token) matching needs at least this many letters.
MIN_COMPOUND = 4


def _mark_ranges() -> list[list[int]]:
    """[first, last] code points of each run of combining marks (Mn, Mc, Me) in the BMP."""
    ranges: list[list[int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp))[0] == "M":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return ranges


def _are_ranges(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(r, list) and len(r) == 2 and all(isinstance(c, int) for c in r) and r[0] <= r[1]
        for r in value
    )


@cache
def _marks() -> str:
    """A regex class body of every combining mark (Mn, Mc, Me) in the Basic Multilingual Plane.
    Walking 64K code points costs each process several ms: the runs are kept in the cache
    directory per Unicode version of the running Python."""
    ranges = load_derived(
        f"unicode-marks-{unicodedata.unidata_version}", _mark_ranges, _are_ranges
    )
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


@cache
def _word_class() -> str:
    return r"\w" + _marks()


@cache
def _mark_re() -> re.Pattern[str]:
    return re.compile(f"[{_marks()}]")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _mark_re().sub("", unicodedata.normalize("NFKD", text)))


def normalise(text: str, casefold: bool, fold: bool) -> str:
    """NFKC, then case folding and accent removal as asked (the form terms are compared in)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if fold:
        text = strip_accents(text)
    if casefold:
        text = text.casefold()
    return text


_CAMEL_1 = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_ALPHA_DIGIT = re.compile(r"(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def split_identifier(ident: str) -> list[str]:
    """'LoanApplyActivity' -> ['Loan', 'Apply', 'Activity']; 'com.x.EMIPlan2' -> [..., 'EMI', 'Plan', '2'].
    Case is kept (acronym terms compare with it); accents are removed."""
    text = strip_accents(ident)
    text = _CAMEL_1.sub(r"\1 \2", text)
    text = _CAMEL_2.sub(r"\1 \2", text)
    text = _ALPHA_DIGIT.sub(" ", text)
    return [t for t in _NON_ALNUM.split(text) if t]


@dataclass(frozen=True)
class Term:
    """One term of lending.yaml, ready to match."""

    text: str  # as written in the catalogue
    language: str  # the block it belongs to (en, zh-Hans, id-ms...)
    kind: str  # strong | medium | weak
    weight: float
    word: bool  # word boundaries (False: substring, Chinese and Thai)
    case_sensitive: bool
    fold: bool  # accents removed before matching
    compound: bool
    only: frozenset[str]  # families where it counts (empty: all)
    not_within: tuple[str, ...]
    skip_near_card: bool
    locales: frozenset[str]
    key: str  # terms with the same key are one term (借款 in zh-Hans and zh-Hant)
    ident: tuple[str, ...] = ()  # the term as identifier tokens (lower-case), () if none

    def counts_in(self, family: str) -> bool:
        return not self.only or family in self.only

    def in_locale(self, language: str) -> bool:
        """Whether strings of a configuration in `language` ('' = default) may hold this term."""
        return not language or "*" in self.locales or language in self.locales


def _term_key(text: str) -> str:
    return strip_accents(text).casefold()


def build_terms(languages: dict[str, Any], weights: dict[str, float]) -> tuple[Term, ...]:
    out: list[Term] = []
    for language, block in languages.items():
        word_block = block["match"] == "word"
        for raw in block["terms"]:
            text = str(raw["t"])
            folded = strip_accents(text)
            ident: tuple[str, ...] = ()
            if folded.isascii():
                tokens = tuple(t.lower() for t in split_identifier(folded))
                if len("".join(tokens)) >= MIN_ID_TERM:
                    ident = tokens
            out.append(
                Term(
                    text=text,
                    language=language,
                    kind=raw["kind"],
                    weight=float(weights[raw["kind"]]),
                    word=word_block,
                    case_sensitive=raw.get("case") == "sensitive",
                    fold=bool(block["fold_accents"]),
                    compound=bool(raw.get("compound")),
                    only=frozenset(raw.get("only") or block.get("only") or ()),
                    not_within=tuple(str(x) for x in raw.get("not_within") or ()),
                    skip_near_card=raw.get("skip_near") == "card",
                    locales=frozenset(block["locales"]),
                    key=_term_key(text),
                    ident=ident,
                )
            )
    return tuple(out)


# ---------------------------------------------------------------- regex tries


@cache
def _word_re() -> re.Pattern[str]:
    return re.compile(f"[{_word_class()}]+")


def canon(text: str) -> str:
    """Words of `text` joined by single spaces: how a term and a matched text are compared
    (a run of spaces or punctuation inside a term matches any such run in the text)."""
    return " ".join(_word_re().findall(text))


def _trie_regex(forms: Iterable[str]) -> str:
    """A regex matching any of the canonical `forms` in a canonical text (`canon`: words
    joined by single spaces), as a prefix trie: one pass per text, whatever the number of
    forms. Matching canonical text keeps the pattern free of the large word class, whose
    compilation at every space of every term used to cost each process ~50 ms."""
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> tuple[str, int]:
        """(pattern, depth) of a node; deeper branches first, so the longest form wins."""
        parts = [(ch, *emit(child)) for ch, child in node.items() if ch]
        parts.sort(key=lambda part: -part[2])  # stable: ties keep insertion order
        depth = 1 + max((d for _ch, _body, d in parts), default=0)
        branches = [re.escape(ch) + body for ch, body, _d in parts]
        if not branches:
            return "", depth
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return (f"(?:{body})?" if "" in node else body), depth

    return emit(trie)[0]


def _alternation(forms: Iterable[str], word: bool) -> re.Pattern[str]:
    """The forms as one pattern over canonical text; with `word`, only whole words (in
    canonical text every character but the single spaces is a word character)."""
    body = _trie_regex(forms)
    if word:
        body = f"(?<!\\S){body}(?!\\S)"
    return re.compile(body)


@dataclass
class _Pattern:
    regex: re.Pattern[str]
    by_form: dict[str, Term | None]  # canonical matched text -> term; None: a masking phrase
    casefold: bool
    fold: bool


class Matcher:
    """The lending terms of the catalogue, compiled on demand per (languages, form, family)."""

    def __init__(self, terms: tuple[Term, ...], card_words: Iterable[str], card_window: int) -> None:
        self.terms = terms
        self.card_words = frozenset(normalise(w, True, True) for w in card_words)
        self.card_window = card_window
        self._patterns: dict[tuple[Any, ...], list[_Pattern]] = {}
        self._by_language: dict[tuple[str, str], list[_Pattern]] = {}
        self._id_terms = [t for t in terms if t.ident]

    # -- texts ---------------------------------------------------------------------------------

    def _compiled(self, language: str, family: str) -> list[_Pattern]:
        hit = self._by_language.get((language, family))
        if hit is None:
            hit = self._by_language[(language, family)] = self._compile(language, family)
        return hit

    def _compile(self, language: str, family: str) -> list[_Pattern]:
        terms = [t for t in self.terms if t.counts_in(family) and t.in_locale(language)]
        key = (frozenset((t.language, t.text) for t in terms), family)
        hit = self._patterns.get(key)
        if hit is not None:
            return hit
        groups: dict[tuple[bool, bool, bool], list[Term]] = {}
        for t in terms:
            groups.setdefault((not t.case_sensitive, t.fold, t.word), []).append(t)
        out = []
        for (casefold, fold, word), members in sorted(groups.items()):
            by_form: dict[str, Term | None] = {}
            for t in members:
                form = canon(normalise(t.text, casefold, fold))
                prev = by_form.get(form)
                if prev is None or prev.weight < t.weight:
                    by_form[form] = t
            for t in members:
                for phrase in t.not_within:
                    by_form.setdefault(canon(normalise(phrase, casefold, fold)), None)
            by_form.pop("", None)
            if by_form:
                out.append(_Pattern(_alternation(by_form, word), by_form, casefold, fold))
        self._patterns[key] = out
        return out

    def text_hits(self, text: str, family: str, language: str = "") -> list[Term]:
        """The distinct terms found in one string of a text family, in a configuration of
        `language` ('' for the default configuration and for text that has none)."""
        found: dict[str, Term] = {}
        forms: dict[tuple[bool, bool], str] = {}
        for pat in self._compiled(language, family):
            key = (pat.casefold, pat.fold)
            hay = forms.get(key)
            if hay is None:
                hay = forms[key] = canon(normalise(text, pat.casefold, pat.fold))
            for m in pat.regex.finditer(hay):
                term = pat.by_form.get(m.group())
                if term is None or term.key in found:
                    continue
                if term.skip_near_card and self._near_card(hay, m.start(), m.end()):
                    continue
                found[term.key] = term
        return list(found.values())

    def _near_card(self, hay: str, start: int, end: int) -> bool:
        span = 24 * self.card_window
        words = _word_re()
        before = words.findall(hay[max(0, start - span) : start])[-self.card_window :]
        after = words.findall(hay[end : end + span])[: self.card_window]
        return any(normalise(w, True, True) in self.card_words for w in before + after)

    # -- identifiers ---------------------------------------------------------------------------

    def _index_identifiers(self) -> None:
        self._first: dict[str, list[tuple[Term, str, tuple[str, ...], tuple[str, ...]]]] = {}
        self._exact: dict[str, list[Term]] = {}
        self._compound: list[tuple[Term, str, tuple[str, ...], tuple[str, ...]]] = []
        for term in self._id_terms:
            if term.case_sensitive:
                self._exact.setdefault(term.text.replace("-", ""), []).append(term)
                continue
            blockers = tuple(
                f for nw in term.not_within if strip_accents(nw).isascii() and (f := _ident_form(nw))
            )
            squeezed = tuple(b.replace(" ", "") for b in blockers)
            entry = (term, " " + " ".join(term.ident) + " ", blockers, squeezed)
            self._first.setdefault(term.ident[0], []).append(entry)
            if term.compound and len(term.ident) == 1 and len(term.ident[0]) >= MIN_COMPOUND:
                self._compound.append(entry)

    def identifier_hits(self, ident: str, family: str) -> list[Term]:
        """The distinct terms in one identifier (a package token, a class or resource name, a
        URL host or path part, a word of the label)."""
        raw_tokens = split_identifier(ident)
        if not raw_tokens:
            return []
        if not hasattr(self, "_first"):
            self._index_identifiers()
        tokens = [t.lower() for t in raw_tokens]
        joined = " " + " ".join(tokens) + " "
        found: dict[str, Term] = {}
        for tok in raw_tokens:  # acronyms: an exact token only (EMI, not Emi or emi)
            for term in self._exact.get(tok.replace("-", ""), ()):
                if term.counts_in(family):
                    found.setdefault(term.key, term)

        def blocked(blockers: tuple[str, ...]) -> bool:
            return any(f" {b} " in joined for b in blockers)

        for tok in dict.fromkeys(tokens):
            for term, form, blockers, _ in self._first.get(tok, ()):
                if (
                    term.key not in found
                    and term.counts_in(family)
                    and form in joined
                    and not blocked(blockers)
                ):
                    found[term.key] = term
        if self._compound:
            words = [w.lower() for w in _NON_ALNUM.split(strip_accents(ident)) if w]
            pieces = list(dict.fromkeys(tokens + words))
            blob = " ".join(pieces)
            for term, _, blockers, squeezed in self._compound:
                needle = term.ident[0]
                if needle not in blob or term.key in found or not term.counts_in(family) or blocked(blockers):
                    continue
                for tok in pieces:
                    if (
                        needle in tok
                        and tok != needle
                        and not any(needle in b and b in tok for b in squeezed)
                    ):
                        found[term.key] = term
                        break
        # Within one identifier a term inside a longer term found there does not count again.
        keep = list(found.values())
        if len(keep) < 2:
            return keep
        flat = {t.key: "".join(t.ident) or t.text for t in keep}
        return [
            t
            for t in keep
            if not any(flat[t.key] != flat[o.key] and flat[t.key] in flat[o.key] for o in keep)
        ]


def _ident_form(text: str) -> str:
    return " ".join(t.lower() for t in split_identifier(text))


# ---------------------------------------------------------------- counter terms and phrases


class PhraseSet:
    """Plain phrases (counter-domain words, hint phrases), found as words (as substrings in
    scripts written without spaces); case-insensitive, except phrases with no lower-case
    letter (acronyms such as IFSC or RBI), which match exactly."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(dict.fromkeys(str(p) for p in phrases))
        self._parts: list[tuple[re.Pattern[str], dict[str, str], bool]] = []
        groups: dict[tuple[bool, bool], dict[str, str]] = {}
        for p in self.phrases:
            acronym = p.isascii() and any(c.isalpha() for c in p) and not any(c.islower() for c in p)
            form = canon(normalise(p, not acronym, False))
            if form:
                groups.setdefault((not acronym, not _unspaced(p)), {})[form] = p
        for (casefold, word), forms in sorted(groups.items()):
            self._parts.append((_alternation(forms, word), forms, casefold))

    def find(self, text: str) -> set[str]:
        """The phrases (as written in the catalogue) found in `text`."""
        out: set[str] = set()
        forms: dict[bool, str] = {}
        for regex, table, casefold in self._parts:
            hay = forms.get(casefold)
            if hay is None:
                hay = forms[casefold] = canon(normalise(text, casefold, False))
            for m in regex.finditer(hay):
                phrase = table.get(m.group())
                if phrase is not None:
                    out.add(phrase)
        return out


def _unspaced(text: str) -> bool:
    """Chinese, Japanese, Korean, Thai: scripts written without spaces between words."""
    return any(
        "\u0e00" <= c <= "\u0e7f"
        or "\u2e80" <= c <= "\u9fff"
        or "\uac00" <= c <= "\ud7af"
        or "\uf900" <= c <= "\ufaff"
        for c in text
    )


@dataclass
class TextBudget:
    """How much text one scan may match (docs/lending.md, "Limits")."""

    max_strings: int = 30_000
    max_chars: int = 2_000_000
    max_string_chars: int = 2_000
    used_strings: int = 0
    used_chars: int = 0
    cut: list[str] = field(default_factory=list)

    def take(self, text: str, what: str) -> str | None:
        if self.used_strings >= self.max_strings or self.used_chars >= self.max_chars:
            if what not in self.cut:
                self.cut.append(what)
            return None
        text = text[: self.max_string_chars]
        self.used_strings += 1
        self.used_chars += len(text)
        return text


def iter_chunks(text: str, size: int = 200_000) -> Iterator[str]:
    """A long text (an asset) in pieces cut at whitespace, so a regex pass stays bounded."""
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = text.rfind(" ", pos + size // 2, end)
            end = cut if cut > pos else end
        yield text[pos:end]
        pos = end


__all__ = [
    "ID_FAMILIES",
    "TEXT_FAMILIES",
    "Matcher",
    "PhraseSet",
    "Term",
    "TextBudget",
    "build_terms",
    "canon",
    "iter_chunks",
    "normalise",
    "split_identifier",
    "strip_accents",
]
