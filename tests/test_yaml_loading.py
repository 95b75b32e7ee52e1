"""The loader: strict YAML with line marks (duplicate keys, aliases, tabs, YAML 1.1 surprises)."""

import pytest

from lkip.engine.yamlsrc import YamlProblem, load_file, load_text


def problem(text: str):
    with pytest.raises(YamlProblem) as info:
        load_text(text, "f.yaml")
    return info.value.diagnostic


def test_positions_of_values_and_keys():
    doc = load_text("a:\n  b: 1\n  c: [1, 2]\n", "f.yaml")
    assert doc.data == {"a": {"b": 1, "c": [1, 2]}}
    assert doc.where(("a", "b")) == (2, 6)
    assert doc.where(("a", "c"), key=True) == (3, 3)
    assert doc.where(("a", "c", 1)) == (3, 10)


def test_duplicate_key_names_both_lines():
    d = problem("a: 1\nb: 2\na: 3\n")
    assert (d.code, d.line) == ("LK004", 3)
    assert "line 1" in str(d.message)


def test_alias_and_anchor_are_rejected_with_their_line():
    d = problem("a: &x 1\nb: *x\n")
    assert d.code == "LK005" and d.line == 1
    d = problem("a: 1\nb:\n  - *x\n")
    assert d.code in ("LK003", "LK005")


def test_merge_key_is_rejected():
    assert problem("a: {x: 1}\nb:\n  <<: {y: 2}\n").code == "LK005"


def test_tab_indentation():
    d = problem("a:\n\tb: 1\n")
    assert (d.code, d.line, d.col) == ("LK006", 2, 1)


def test_explicit_tags_are_rejected():
    assert problem("a: !!python/object:os.system x\n").code == "LK008"
    assert problem("a: !!str 1\n").code == "LK008"


def test_deep_nesting_is_refused_without_recursion_error():
    assert problem("a: " + "[" * 5000 + "]" * 5000 + "\n").code == "LK007"


def test_yaml_11_surprises_stay_strings():
    doc = load_text("a: no\nb: on\nc: 1:30\nd: 010\ne: 2024-01-01\nf: yes\ng: true\nh: 1_000\ni: 1.5e3\n", "f")
    assert doc.data == {
        "a": "no",
        "b": "on",
        "c": "1:30",
        "d": "010",
        "e": "2024-01-01",
        "f": "yes",
        "g": True,
        "h": "1_000",
        "i": 1500.0,
    }  # underscores: text since numbers are plain decimals


def test_quoted_numbers_are_strings_and_keys_are_text():
    doc = load_text("'1': '2'\n2024: 3\n", "f")
    assert doc.data == {"1": "2", "2024": 3}


def test_syntax_error_has_line():
    d = problem("a: [1, 2\nb: 3\n")
    assert d.code == "LK003" and d.line >= 1


def test_invalid_utf8_names_line(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(YamlProblem) as info:
        load_file(f, "bad.yaml")
    assert (info.value.diagnostic.code, info.value.diagnostic.line) == ("LK002", 2)


def test_empty_document_is_none():
    assert load_text("# nothing\n", "f").data is None
