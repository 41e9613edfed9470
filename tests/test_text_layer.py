"""The text layer's kind names and the spreadsheet layers' re-exports."""

from __future__ import annotations

import inspect

from scheduler.io import tabular
from scheduler.io.tables import cells, columns, reading, tables, writing
from scheduler.scenario import Kind
from scheduler.text.kinds import KIND_GROUPS, kind_group, kind_name


def test_every_kind_has_one_name_and_one_group_in_each_language() -> None:
    assert [kind_name(k, "nl") for k in Kind] == [
        "weg", "riool", "groen", "boom", "spelen", "verlichting", "warmte", "overig"
    ]
    assert [kind_name(k, "en") for k in Kind] == [k.value for k in Kind]
    assert kind_group(Kind.SEWER, "nl") == "riolering" and kind_group("sewer", "en") == "sewers"
    assert all(set(KIND_GROUPS[lang]) == {k.value for k in Kind} for lang in ("nl", "en"))
    assert kind_name("unheard-of", "nl") == "unheard-of"


def test_the_spreadsheet_vocabulary_is_the_text_layers_kind_names() -> None:
    assert {name: kind_name(kind, "nl") for kind, name in tabular.KIND_NAMES.items()} == {
        name: name for name in tabular.KIND_NAMES.values()
    }


def test_tabular_re_exports_every_public_class_and_function_of_its_layers() -> None:
    for layer in (columns, cells, tables, reading, writing):
        defined = {
            name for name, value in vars(layer).items()
            if not name.startswith("_")
            and (inspect.isclass(value) or inspect.isfunction(value))
            and value.__module__ == layer.__name__
        }
        assert defined <= set(tabular.__all__), layer.__name__
        for name in defined:
            assert getattr(tabular, name) is getattr(layer, name)
