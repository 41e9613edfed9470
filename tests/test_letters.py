"""The resident letter: dates, reasons, plain words, short sentences, and the command."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest

from scheduler.cli import main
from scheduler.commands.common import demo_path
from scheduler.explain import Cause
from scheduler.geo.areas import geometry_path, load_areas
from scheduler.io.load import load_scenario, scenario_from_text
from scheduler.letters.batch import LetterError, letters
from scheduler.letters.content import Letter, _plain_cause
from scheduler.letters.plain import jargon_in, mean_sentence_length
from scheduler.letters.render import render_html, render_markdown
from scheduler.plan import Plan
from scheduler.rules import CAUSES, Rule
from scheduler.scenario import Scenario
from scheduler.weeks import monday
from scheduler.workflow import SolveOutcome, solve_scenario
from tests import geo_city


@pytest.fixture(scope="module")
def demo() -> SolveOutcome:
    scenario = load_scenario(demo_path())
    return solve_scenario(scenario, "demo", time_limit=30)


@pytest.fixture(scope="module")
def demo_letters(demo: SolveOutcome) -> list[Letter]:
    plan = demo.result.plan
    assert plan is not None
    geometry = load_areas(demo.scenario, geometry_path(demo.scenario, demo_path(), None))
    return letters(demo.scenario, plan, demo.explanation, geometry=geometry)


def test_one_letter_per_buurt_of_the_demo(demo: SolveOutcome,
                                         demo_letters: list[Letter]) -> None:
    buurten = [a.code for a in demo.scenario.areas if a.code.startswith("BU")]
    assert [letter.key for letter in demo_letters] == sorted(buurten)
    assert all(letter.map_svg and letter.map_pdf for letter in demo_letters)


def test_dates_are_monday_to_friday_of_the_planned_weeks(demo: SolveOutcome,
                                                        demo_letters: list[Letter]) -> None:
    plan = demo.result.plan
    assert plan is not None
    for letter in demo_letters:
        for item in letter.items:
            placed = plan[item.id]
            assert placed.start is not None and placed.finish is not None
            assert item.first_day == monday(placed.start)
            assert item.last_day == monday(placed.finish) + timedelta(days=4)
            assert item.first_day.weekday() == 0 and item.last_day.weekday() == 4


def test_bergen_letter_says_when_why_what_changed_and_whom_to_call(
        demo: SolveOutcome, demo_letters: list[Letter]) -> None:
    bergen = next(letter for letter in demo_letters if letter.key == "BU07720103")
    w101 = next(item for item in bergen.items if item.id == "W-101")
    plan = demo.result.plan
    assert plan is not None and plan["W-101"].shift == 8  # R-2 takes a sewer crew first
    assert w101.when == ("Van maandag 3 mei 2027 tot en met vrijdag 6 augustus 2027 "
                         "(14 weken).")
    assert w101.where == "Kanaalstraat, buurt Bergen."
    assert w101.why == "Het riool onder de Kanaalstraat is meer dan tachtig jaar oud en lekt."
    assert w101.after.startswith("Er ligt een nieuw riool.")
    assert w101.change == (
        "Eerst zou dit werk beginnen op maandag 8 maart 2027. Het begint nu 8 weken later. "
        "Dat komt doordat eerst ander, dringend werk moet gebeuren: herstel verzakt riool "
        "Vestdijk.")
    w102 = next(item for item in bergen.items if item.id == "W-102")
    assert "Projectleider Kanaalstraat" in w102.contact  # its own contact
    assert "telefoon 14 040" in bergen.contact  # the scenario's


def test_every_demo_letter_has_reasons_no_jargon_and_short_sentences(
        demo_letters: list[Letter]) -> None:
    for letter in demo_letters:
        assert letter.items, letter.key
        assert all(item.why and item.after and item.hinder for item in letter.items)
        text = letter.text()
        assert jargon_in(text) == [], (letter.key, jargon_in(text))
        assert mean_sentence_length(text) <= 15, (letter.key, mean_sentence_length(text))
        visible = re.sub(r"<[^>]+>", " ", render_html(letter))  # ids are not read
        for rendered in (render_markdown(letter), visible):
            assert jargon_in(rendered) == []


def test_english_letter(demo: SolveOutcome) -> None:
    plan = demo.result.plan
    assert plan is not None
    [letter] = letters(demo.scenario, plan, demo.explanation, buurt="BU07720103", lang="en")
    assert letter.title == "Work in the Bergen neighbourhood"
    w101 = letter.items[0]
    assert w101.when == "From Monday 3 May 2027 to Friday 6 August 2027 (14 weeks)."
    assert w101.change.endswith("This is because other, urgent work must be done first: "
                                "herstel verzakt riool Vestdijk.")
    assert jargon_in(letter.text()) == [] and mean_sentence_length(letter.text()) <= 15


def test_plain_word_checks_catch_jargon() -> None:
    assert jargon_in("De capaciteit is op; breekverbod in 2027-W10 (BU07720103).") == [
        "breekverbod", "capaciteit", "2027-W10", "BU07720103"]
    assert mean_sentence_length("Een twee drie. Vier vijf!") == 2.5


def test_street_letter_and_unknown_filters(demo: SolveOutcome) -> None:
    plan = demo.result.plan
    assert plan is not None
    [letter] = letters(demo.scenario, plan, demo.explanation, street="kanaalstraat")
    assert [item.id for item in letter.items] == ["W-101", "W-102"]
    with pytest.raises(LetterError, match="no work in the street 'Nergensstraat'"):
        letters(demo.scenario, plan, demo.explanation, street="Nergensstraat")
    with pytest.raises(LetterError, match="buurt 'BU09999999' is not in the scenario"):
        letters(demo.scenario, plan, demo.explanation, buurt="BU09999999")


def test_user_text_is_escaped(tmp_path: Path) -> None:
    text = geo_city.SCENARIO.replace('reason: "Het oude riool lekt."',
                                     'reason: "<script>x</script> [klik](http://x)"')
    scenario: Scenario = scenario_from_text(text)
    plan = Plan.baseline(scenario)
    [letter] = letters(scenario, plan, None, buurt="BU09990101")
    assert "<script>" not in render_html(letter)
    assert "&lt;script&gt;" in render_html(letter)
    assert "[klik](http://x)" not in render_markdown(letter)


def test_bewoners_command_writes_a_folder_and_single_files(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(geo_city.SCENARIO + "areas_geometry: b.geojson\n", encoding="utf-8")
    geo_city.rd_geojson(tmp_path / "b.geojson")
    folder = tmp_path / "brieven"
    assert main(["bewoners", str(scenario), "-o", str(folder), "--time-limit", "20"]) == 0
    # R-1 (Oost) is placed; W-1 moves; Dorp has no work, so no letter.
    assert sorted(p.name for p in folder.iterdir()) == [
        "BU09990101-oost.html", "BU09990102-west.html", "BU09990201-haven.html"]
    oost = (folder / "BU09990101-oost.html").read_text(encoding="utf-8")
    assert "<script" not in oost and 'id="BU09990101"' in oost
    assert "Er zakt een stuk weg in." in oost  # R-1's reason
    pdf = tmp_path / "oost.pdf"
    assert main(["bewoners", str(scenario), "--buurt", "BU09990101", "-o", str(pdf),
                 "--time-limit", "20"]) == 0
    pages = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages
    page = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Werk in de buurt Oost" in page and "Het oude riool lekt." in page
    md = tmp_path / "kerk.md"
    assert main(["bewoners", str(scenario), "--street", "Kerkstraat", "-o", str(md),
                 "--time-limit", "20", "--lang", "en"]) == 0
    assert md.read_text(encoding="utf-8").startswith("# Work in Kerkstraat")
    capsys.readouterr()
    assert main(["bewoners", str(scenario), "--buurt", "BU09990303", "-o", str(md),
                 "--time-limit", "20", "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == "plooi: buurt 'BU09990303' is not in the scenario"


def test_pdf_letter_beyond_latin1_embeds_a_font(tmp_path: Path) -> None:
    from scheduler.letters.render import render_pdf

    text = geo_city.SCENARIO.replace('reason: "Het oude riool lekt."',
                                     'reason: "Het riool lekt – kosten € 40.000; Łódź-buis."')
    scenario = scenario_from_text(text)
    [letter] = letters(scenario, Plan.baseline(scenario), None, buurt="BU09990101")
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(letter)))
    page = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "kosten € 40.000; Łódź-buis." in page
    plain = scenario_from_text(geo_city.SCENARIO)
    [simple] = letters(plain, Plan.baseline(plain), None, buurt="BU09990101")
    fonts = {str(f.get("/BaseFont")) for p in pypdf.PdfReader(
        io.BytesIO(render_pdf(simple))).pages for f in p["/Resources"]["/Font"].values()}
    assert fonts == {"/Helvetica", "/Helvetica-Bold"}  # Latin-1 text: no font embedded


def test_a_buurt_without_work_gets_a_letter_that_says_so() -> None:
    scenario = scenario_from_text(geo_city.SCENARIO)
    [letter] = letters(scenario, Plan.baseline(scenario), None, buurt="BU09990202")
    assert letter.items == ()
    assert letter.intro == "Er staat op dit moment geen werk van de gemeente gepland in de " \
                           "buurt Dorp."


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_cause_kind_has_its_own_plain_sentence(lang: str) -> None:
    """Every CauseRule through the letter's plain cause (a new kind must get words here)."""
    scenario = scenario_from_text(geo_city.SCENARIO)
    plan = Plan.from_starts(scenario, {"R-1": scenario.week("2027-W02")})
    blockers = ("W-2", "W-3")  # both unchanged: the plain branch of capacity
    names = {"nl": "stoep Dorpsstraat en bomen Havenweg",
             "en": "stoep Dorpsstraat and bomen Havenweg"}[lang]
    texts = {}
    for rule in CAUSES:
        cause = Cause(rule, blockers, detail={"event": "Koningsdag"})
        texts[rule] = _plain_cause(scenario, plan, cause, lang)
    urgent = _plain_cause(scenario, plan, Cause(Rule.CAPACITY, ("R-1", "W-2")), lang)
    for text in [*texts.values(), urgent]:
        assert text.endswith(".") and jargon_in(text) == [], text
        assert not re.search(r"\w_\w|[{}<>]|Rule\.", text), text  # no internal key or field
    assert len(set(texts.values())) == len(CAUSES)  # no kind borrows another's sentence
    assert urgent not in texts.values() and urgent.endswith(": verzakking Kerkstraat.")
    assert "Koningsdag" in texts[Rule.EVENT]
    for rule in (Rule.CAPACITY, Rule.AFTER, Rule.BEFORE, Rule.BUNDLE):
        assert names in texts[rule], rule
