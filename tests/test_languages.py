"""Languages: texts in any language with an English fallback, and the locale files."""

from __future__ import annotations

import copy
import pickle

import pytest

from auditor.model import Text


def test_text_falls_back_to_english():
    t = Text("Contacts", "通讯录", id="Kontak")
    assert (t.get("en"), t.get("zh"), t.get("id")) == ("Contacts", "通讯录", "Kontak")
    assert t.get("fr") == "Contacts"
    assert Text("Contacts", "").get("zh") == "Contacts"  # an empty translation is a missing one
    assert (t.en, t.zh) == ("Contacts", "通讯录")


def test_text_is_an_immutable_mapping_with_the_json_shape():
    t = Text.of({"en": "a", "zh": "b", "id": "c"})
    assert t.to_dict() == {"en": "a", "zh": "b", "id": "c"} == dict(t)
    assert t == Text("a", "b", id="c") and hash(t) == hash(Text("a", "b", id="c"))
    assert copy.deepcopy(t) == t and pickle.loads(pickle.dumps(t)) == t
    with pytest.raises(AttributeError):
        t.en = "x"  # type: ignore[misc]


def test_a_pack_may_carry_more_languages(tmp_path):
    from auditor.policy.packs import available_packs, load_pack

    source = available_packs()["id"].read_text(encoding="utf-8")
    # give the pack's name an Indonesian text: nothing but data changes
    text = source.replace("name: {en:", "name: {id: \"Paket OJK\", en:", 1)
    assert text != source
    (tmp_path / "id.yaml").write_text(text, encoding="utf-8")
    pack = load_pack(tmp_path / "id.yaml")
    assert pack.name.get("id") == "Paket OJK"
    assert pack.rules[0].title.get("id") == pack.rules[0].title.en  # untranslated: English


# ---------------------------------------------------------------- the language files


def _keys(tree: object, path: str = "") -> dict[str, object]:
    """Every leaf of a language file by its dotted path (lists and texts with plural forms,
    {one: ..., other: ...}, count as one leaf)."""
    from auditor.render.locale import is_plural

    if not isinstance(tree, dict) or is_plural(tree):
        return {path: tree}
    out: dict[str, object] = {}
    for key, value in tree.items():
        out.update(_keys(value, f"{path}.{key}" if path else str(key)))
    return out


def _raw(lang: str) -> dict:
    import yaml

    from auditor.render.locale import LOCALE_DIR

    return yaml.safe_load((LOCALE_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))


def test_every_english_key_is_in_every_language_file():
    from auditor.render.locale import is_plural, languages

    english = _keys(_raw("en"))
    assert len(languages()) >= 2 and languages()[0] == "en"
    for lang in languages()[1:]:
        texts = _keys(_raw(lang))
        missing = sorted(set(english) - set(texts))
        assert not missing, f"{lang}.yaml lacks {missing}"
        unknown = sorted(set(texts) - set(english))
        assert not unknown, f"{lang}.yaml has keys en.yaml does not: {unknown}"
        for key, value in english.items():
            if is_plural(value) or is_plural(texts[key]):
                # a language says a count its own way: English has one/other, Chinese one form
                other = texts[key]
                assert isinstance(other, str) or "other" in other, (lang, key)
                continue
            assert type(texts[key]) is type(value), (lang, key)
            if isinstance(value, list):
                assert len(texts[key]) == len(value), (lang, key)


def test_a_missing_key_or_language_reads_english(tmp_path, monkeypatch):
    import shutil

    from auditor.render import locale

    for path in locale.LOCALE_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    # a new language is a new file, and it may start with a handful of texts
    (tmp_path / "id.yaml").write_text(
        "report:\n  take: Apa yang bisa diambil aplikasi ini dari Anda\n", encoding="utf-8"
    )
    monkeypatch.setattr(locale, "LOCALE_DIR", tmp_path)
    locale.languages.cache_clear()
    locale._texts.cache_clear()
    try:
        assert locale.languages() == ("en", "id", "zh")
        texts = locale.ui("id")
        assert texts["report"]["take"] == "Apa yang bisa diambil aplikasi ini dari Anda"
        assert texts["report"]["level"] == locale.ui("en")["report"]["level"]
        assert texts["terminal"] == locale.ui("en")["terminal"]
        assert locale.ui("xx") is locale.ui("en")
    finally:
        locale.languages.cache_clear()
        locale._texts.cache_clear()


def test_every_output_renders_in_every_language():
    from auditor.diff import compute_diff
    from auditor.render import DIFF_FORMATS, FORMATS, RenderOptions, get_renderer, render_diff
    from auditor.render.dashboard import render_dashboard
    from auditor.render.locale import languages
    from tests.conftest import scan_sample

    harvester, compliant = scan_sample("harvester"), scan_sample("compliant")
    diff = compute_diff(compliant.to_dict(), harvester.to_dict())
    row = {"sha256": "a" * 64, "label": "x", "score": 50.0, "level": "high",
           "categories_in_code": "contacts", "categories_declared": "contacts,sms"}  # fmt: skip
    for lang in languages():
        for fmt in FORMATS:
            assert get_renderer(fmt).render(harvester, RenderOptions(lang=lang, verbose=True))
        for fmt in DIFF_FORMATS:
            assert render_diff(diff, fmt, RenderOptions(lang=lang))
        assert render_dashboard([row], lang, set())
