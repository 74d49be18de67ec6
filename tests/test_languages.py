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
