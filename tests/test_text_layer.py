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


def test_compare_gives_typed_places_and_the_report_words_them() -> None:
    from scheduler.compare import Place, PlaceKind, item_diffs
    from scheduler.report.comparison import date_diffs
    from scheduler.workflow import solve_scenario
    from tests.test_impact import FULL_WEEK, load, w, without_requests

    with_r = solve_scenario(load(FULL_WEEK), "met", time_limit=10, workers=2)
    without = solve_scenario(load(without_requests(FULL_WEEK)), "zonder", time_limit=10, workers=2)
    # With R-1 in W05, W-1 goes to W09 (+4) and W-2 stays; without it nothing moves.
    diffs = {d.id: d for d in item_diffs([with_r, without])}
    assert diffs["W-1"].places == (Place(PlaceKind.PLACED, w("2027-W09"), 4),
                                   Place(PlaceKind.PLACED, w("2027-W05"), 0))
    assert diffs["R-1"].places == (Place(PlaceKind.PLACED, w("2027-W05"), 0),
                                   Place(PlaceKind.ABSENT))
    assert "W-2" not in diffs
    cells = {d.id: d.cells for d in date_diffs([with_r, without], "en")}
    assert cells == {"R-1": ("2027-W05", "—"), "W-1": ("2027-W09 (+4)", "2027-W05")}
