"""Messages for input problems, in Dutch (default) and English.

Codes are stable; tests match on the rendered text. A template is a format
string, or a function of the parameters where the wording depends on them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Template = str | Callable[..., str]

LANGUAGES = ("nl", "en")


def _hint_nl(field: str, hint: str = "") -> str:
    tail = f" (bedoelt u '{hint}'?)" if hint else ""
    return f"onbekend veld '{field}'{tail}"


def _hint_en(field: str, hint: str = "") -> str:
    tail = f" (did you mean '{hint}'?)" if hint else ""
    return f"unknown field '{field}'{tail}"


CATALOG: dict[str, dict[str, Template]] = {
    # -- files
    "file_missing": {"nl": "bestand bestaat niet", "en": "file does not exist"},
    "file_unreadable": {
        "nl": "bestand kan niet gelezen worden ({detail})",
        "en": "file cannot be read ({detail})",
    },
    "file_empty": {"nl": "bestand is leeg", "en": "file is empty"},
    "file_binary": {
        "nl": "dit is geen tekstbestand (bevat binaire gegevens)",
        "en": "this is not a text file (it holds binary data)",
    },
    "file_not_utf8": {
        "nl": "tekst is geen UTF-8 (ongeldige byte 0x{byte:02x} op positie {offset})",
        "en": "text is not UTF-8 (invalid byte 0x{byte:02x} at offset {offset})",
    },
    "file_too_large": {
        "nl": "bestand is te groot ({size} bytes; hooguit {limit} bytes)",
        "en": "file is too large ({size} bytes; at most {limit} bytes)",
    },
    "file_format": {
        "nl": "onbekend bestandstype '{suffix}': verwacht .yaml, .yml, .xlsx of een map met CSV-bestanden",
        "en": "unknown file type '{suffix}': expected .yaml, .yml, .xlsx or a folder of CSV files",
    },
    "yaml_syntax": {"nl": "YAML-fout: {detail}", "en": "YAML error: {detail}"},
    "yaml_too_deep": {
        "nl": "te diep genest (meer dan {limit} niveaus)",
        "en": "nested too deeply (more than {limit} levels)",
    },
    "yaml_too_many_nodes": {
        "nl": "te veel elementen (meer dan {limit}; een YAML-aliasbom?)",
        "en": "too many elements (more than {limit}; a YAML alias bomb?)",
    },
    "yaml_duplicate_key": {
        "nl": "sleutel '{key}' staat er twee keer (eerst op regel {first})",
        "en": "key '{key}' appears twice (first on line {first})",
    },
    "yaml_bad_key": {
        "nl": "sleutel moet tekst of een getal zijn, niet {got}",
        "en": "a key must be text or a number, not {got}",
    },
    "yaml_tag": {
        "nl": "YAML-tag '{tag}' is niet toegestaan",
        "en": "YAML tag '{tag}' is not allowed",
    },
    # -- fields
    "top_not_mapping": {
        "nl": "een scenario moet een mapping (sleutel: waarde) zijn, niet {got}",
        "en": "a scenario must be a mapping (key: value), not {got}",
    },
    "unknown_field": {"nl": _hint_nl, "en": _hint_en},
    "missing": {"nl": "verplicht veld ontbreekt", "en": "required field is missing"},
    "expected_text": {"nl": "verwacht tekst, niet '{got}'", "en": "expected text, got '{got}'"},
    "expected_list": {"nl": "verwacht een lijst, niet {got}", "en": "expected a list, got {got}"},
    "expected_mapping": {
        "nl": "verwacht een mapping (sleutel: waarde), niet '{got}'",
        "en": "expected a mapping (key: value), got '{got}'",
    },
    "expected_int": {
        "nl": "verwacht een heel getal, niet '{got}'",
        "en": "expected a whole number, got '{got}'",
    },
    "expected_number": {"nl": "verwacht een getal, niet '{got}'", "en": "expected a number, got '{got}'"},
    "expected_bool": {
        "nl": "verwacht true of false, niet '{got}'",
        "en": "expected true or false, got '{got}'",
    },
    "too_small": {
        "nl": "moet minstens {limit} zijn, niet {got}",
        "en": "must be at least {limit}, got {got}",
    },
    "too_small_strict": {
        "nl": "moet groter dan {limit} zijn, niet {got}",
        "en": "must be greater than {limit}, got {got}",
    },
    "too_large": {
        "nl": "mag hooguit {limit} zijn, niet {got}",
        "en": "must be at most {limit}, got {got}",
    },
    "too_long": {
        "nl": "tekst is te lang (hooguit {limit} tekens)",
        "en": "text is too long (at most {limit} characters)",
    },
    "expected_one_of": {
        "nl": lambda allowed, got: f"verwacht een van {allowed.replace(' or ', ' of ')}, niet '{got}'",
        "en": "expected one of {allowed}, got '{got}'",
    },
    "invalid": {"nl": "ongeldige waarde '{got}' ({detail})", "en": "invalid value '{got}' ({detail})"},
    "week_format": {
        "nl": "'{value}' is geen ISO-week; verwacht de vorm JJJJ-Www, bijvoorbeeld 2027-W09",
        "en": "'{value}' is not an ISO week; expected the form YYYY-Www, for example 2027-W09",
    },
    "week_missing": {
        "nl": "week '{value}' bestaat niet: ISO-jaar {year} heeft weken W01..W{last:02d}",
        "en": "week '{value}' does not exist: ISO year {year} has weeks W01..W{last:02d}",
    },
    "day_format": {
        "nl": "'{value}' is geen dag van het jaar; verwacht MM-DD, bijvoorbeeld 03-15",
        "en": "'{value}' is not a day of the year; expected MM-DD, for example 03-15",
    },
    "area_code": {
        "nl": "'{value}' is geen CBS-code; verwacht WK + 6 cijfers (wijk) of BU + 8 cijfers (buurt)",
        "en": "'{value}' is not a CBS code; expected WK + 6 digits (wijk) or BU + 8 digits (buurt)",
    },
    "empty_text": {"nl": "mag niet leeg zijn", "en": "must not be empty"},
    "range_order": {
        "nl": "{value} is geen [min, waarschijnlijk, max]: verwacht min <= waarschijnlijk <= max",
        "en": "{value} is not [min, likely, max]: expected min <= likely <= max",
    },
    "id_spaces": {
        "nl": "id '{value}' begint of eindigt met een spatie",
        "en": "id '{value}' starts or ends with a space",
    },
    # -- cross references
    "horizon_order": {
        "nl": "einde {end} ligt voor begin {start}",
        "en": "end {end} lies before start {start}",
    },
    "duplicate_id": {
        "nl": "id '{id}' komt al voor bij {first}",
        "en": "id '{id}' is already used by {first}",
    },
    "duplicate_area": {
        "nl": "gebied '{id}' komt al voor bij {first}",
        "en": "area '{id}' is already listed at {first}",
    },
    "unknown_area": {
        "nl": "gebied '{code}' staat niet in areas (en is geen buurt van een wijk daarin)",
        "en": "area '{code}' is not listed in areas (nor a buurt of a listed wijk)",
    },
    "unknown_resource": {
        "nl": "onbekende capaciteit '{id}': verwacht een id uit resources",
        "en": "unknown resource '{id}': expected an id from resources",
    },
    "unknown_budget": {
        "nl": "onbekende budgetlijn '{id}': verwacht een id uit budgets",
        "en": "unknown budget line '{id}': expected an id from budgets",
    },
    "cost_without_budget": {
        "nl": "kosten {cost} zonder budgetlijn: verwacht een budget-id",
        "en": "cost {cost} without a budget line: expected a budget id",
    },
    "after_self": {
        "nl": "'{id}' kan niet na zichzelf komen",
        "en": "'{id}' cannot come after itself",
    },
    "unknown_item": {
        "nl": "onbekend werk of verzoek '{id}'",
        "en": "unknown work or request '{id}'",
    },
    "bundle_too_few": {
        "nl": "een bundel (werk met werk) noemt minstens twee werken of verzoeken, niet {count}",
        "en": "a bundle (werk met werk) names at least two works or requests, got {count}",
    },
    "bundle_item_twice": {
        "nl": "'{id}' staat al in een bundel ({first}); een werk of verzoek zit in hooguit één bundel",
        "en": "'{id}' is already in a bundle ({first}); an item is in at most one bundle",
    },
    "bundle_span_short": {
        "nl": "max_span {span} is korter dan {id}, dat {duration} weken duurt",
        "en": "max_span {span} is shorter than {id}, which lasts {duration} weeks",
    },
    "after_cycle": {
        "nl": "volgorde 'after' is een kringloop: {cycle}",
        "en": "the 'after' order forms a cycle: {cycle}",
    },
    "needs_planned_start": {
        "nl": "'{field}' vraagt om een planned_start",
        "en": "'{field}' needs a planned_start",
    },
    "outside_horizon": {
        "nl": "week {week} ligt buiten de horizon {start}..{end}",
        "en": "week {week} lies outside the horizon {start}..{end}",
    },
    "planned_beyond_horizon": {
        "nl": "gepland werk loopt tot {finish}, voorbij de horizon {start}..{end}",
        "en": "the planned work runs until {finish}, beyond the horizon {start}..{end}",
    },
    "window_order": {
        "nl": "latest_finish {latest_finish} ligt voor earliest {earliest}",
        "en": "latest_finish {latest_finish} lies before earliest {earliest}",
    },
    "period_order": {
        "nl": "einde {end} ligt voor begin {start}",
        "en": "end {end} lies before start {start}",
    },
    "exception_overlap": {
        "nl": "overlapt met uitzondering {other}; uitzonderingen mogen niet overlappen",
        "en": "overlaps exception {other}; exceptions must not overlap",
    },
    # -- outputs
    "output_dir_missing": {
        "nl": "map '{folder}' bestaat niet",
        "en": "folder '{folder}' does not exist",
    },
    "output_not_writable": {
        "nl": "kan niet schrijven ({detail})",
        "en": "cannot be written ({detail})",
    },
}


def render(code: str, lang: str = "nl", params: dict[str, Any] | None = None) -> str:
    """The message for ``code`` in ``lang``; unknown codes show themselves, never crash."""
    params = params or {}
    entry = CATALOG.get(code)
    if entry is None:
        return f"{code} {params}" if params else code
    template = entry.get(lang) or entry["en"]
    try:
        if callable(template):
            return template(**params)
        return template.format(**params)
    except (KeyError, ValueError, TypeError, IndexError):
        return f"{code} {params}"


# -- spreadsheets (scheduler/io/tables/)
# Sheet cells get field-aware wording: the column's label is passed in both
# languages (label_nl, label_en) and each template picks its own.

_NUMBER_HINTS = {
    "nl": {
        "decimal_comma": " (decimale komma)",
        "thousands": " (zonder scheidingsteken voor duizendtallen schrijven)",
        "": "",
    },
    "en": {
        "decimal_comma": " (a decimal comma)",
        "thousands": " (write it without a thousands separator)",
        "": "",
    },
}


def _whole_nl(label_nl: str, got: str, minimum: int, hint: str = "", **_: Any) -> str:
    tail = _NUMBER_HINTS["nl"][hint]
    return f"{label_nl} moet een heel getal >= {minimum} zijn, niet '{got}'{tail}"


def _whole_en(label_en: str, got: str, minimum: int, hint: str = "", **_: Any) -> str:
    return f"{label_en} must be a whole number >= {minimum}, got '{got}'{_NUMBER_HINTS['en'][hint]}"


def _weeks_nl(label_nl: str, got: str, minimum: int, hint: str = "", **_: Any) -> str:
    return (
        f"{label_nl} moet een heel aantal weken >= {minimum} zijn, niet '{got}'"
        f"{_NUMBER_HINTS['nl'][hint]}"
    )


def _weeks_en(label_en: str, got: str, minimum: int, hint: str = "", **_: Any) -> str:
    return (
        f"{label_en} must be a whole number of weeks >= {minimum}, got '{got}'"
        f"{_NUMBER_HINTS['en'][hint]}"
    )


def _found(names: str, none: str) -> str:
    return names if names else none


_SHEET_MESSAGES: dict[str, dict[str, Template]] = {
    "sheet_not_xlsx": {
        "nl": "dit is geen leesbaar xlsx-werkboek ({detail})",
        "en": "this is not a readable xlsx workbook ({detail})",
    },
    "sheet_macros": {
        "nl": "werkboek bevat macro's; plooi leest alleen werkboeken zonder macro's "
        "(sla het op als .xlsx)",
        "en": "the workbook holds macros; plooi only reads workbooks without macros "
        "(save it as .xlsx)",
    },
    "sheet_old_xls": {
        "nl": "het oude Excel-formaat .xls wordt niet gelezen; sla het werkboek op als .xlsx",
        "en": "the old Excel format .xls is not read; save the workbook as .xlsx",
    },
    "sheet_single_csv": {
        "nl": "een los CSV-bestand is geen scenario; geef de map met werken.csv, "
        "verzoeken.csv, ...",
        "en": "a single CSV file is not a scenario; give the folder holding works.csv, "
        "requests.csv, ...",
    },
    "sheet_unpacked_too_large": {
        "nl": "werkboek is uitgepakt te groot ({size} bytes; hooguit {limit} bytes)",
        "en": "the workbook is too large when unpacked ({size} bytes; at most {limit} bytes)",
    },
    "sheet_missing": {
        "nl": lambda name_nl, name_en, found: (
            f"blad '{name_nl}' (of '{name_en}') ontbreekt; gevonden bladen: "
            f"{_found(found, '(geen)')}"
        ),
        "en": lambda name_nl, name_en, found: (
            f"sheet '{name_en}' (or '{name_nl}') is missing; sheets found: "
            f"{_found(found, '(none)')}"
        ),
    },
    "csv_missing": {
        "nl": lambda name_nl, name_en, found: (
            f"bestand {name_nl} (of {name_en}) ontbreekt; gevonden CSV-bestanden: "
            f"{_found(found, '(geen)')}"
        ),
        "en": lambda name_nl, name_en, found: (
            f"file {name_en} (or {name_nl}) is missing; CSV files found: {_found(found, '(none)')}"
        ),
    },
    "sheet_twice": {
        "nl": "'{first}' en '{second}' zijn hetzelfde deel van het scenario; houd er één",
        "en": "'{first}' and '{second}' are the same part of the scenario; keep one",
    },
    "sheet_unknown": {
        "nl": "onbekend blad '{name}' (bedoelt u '{hint}'?)",
        "en": "unknown sheet '{name}' (did you mean '{hint}'?)",
    },
    "sheet_no_horizon": {
        "nl": "blad 'Scenario' ontbreekt; daarin staan 'horizon begin' en 'horizon einde' "
        "(de planperiode)",
        "en": "sheet 'Scenario' is missing; it holds 'horizon start' and 'horizon end' "
        "(the planning period)",
    },
    "csv_no_horizon": {
        "nl": "bestand scenario.csv ontbreekt; daarin staan 'horizon begin' en 'horizon einde' "
        "(de planperiode)",
        "en": "file scenario.csv is missing; it holds 'horizon start' and 'horizon end' "
        "(the planning period)",
    },
    "sheet_not_table": {
        "nl": "'{name}' is geen werkblad met cellen",
        "en": "'{name}' is not a worksheet with cells",
    },
    "sheet_merged": {
        "nl": "samengevoegde cellen {range}; plooi leest alleen losse cellen "
        "(maak de samenvoeging ongedaan)",
        "en": "merged cells {range}; plooi only reads single cells (unmerge them)",
    },
    "sheet_formula_no_value": {
        "nl": "formule {formula} heeft geen opgeslagen uitkomst; open het werkboek in Excel "
        "en sla het op (plooi rekent formules niet zelf uit)",
        "en": "formula {formula} has no stored result; open the workbook in Excel and save "
        "it (plooi does not evaluate formulas)",
    },
    "sheet_excel_error": {
        "nl": "cel bevat de Excel-fout {value}",
        "en": "the cell holds the Excel error {value}",
    },
    "sheet_empty_row": {
        "nl": "lege rij midden in de tabel; verwijder hem (de rijen eronder tellen wel mee)",
        "en": "an empty row inside the table; delete it (the rows below it are read)",
    },
    "sheet_unknown_column": {
        "nl": lambda header, hint="": (
            f"onbekende kolom '{header}'" + (f" (bedoelt u '{hint}'?)" if hint else "")
        ),
        "en": lambda header, hint="": (
            f"unknown column '{header}'" + (f" (did you mean '{hint}'?)" if hint else "")
        ),
    },
    "sheet_duplicate_column": {
        "nl": "kolom '{header}' staat er twee keer (ook in {first})",
        "en": "column '{header}' appears twice (also in {first})",
    },
    "sheet_missing_column": {
        "nl": "verplichte kolom '{label_nl}' ontbreekt",
        "en": "required column '{label_en}' is missing",
    },
    "sheet_no_header": {
        "nl": "kolom met gegevens maar zonder kop; geef hem een kop of maak hem leeg",
        "en": "a column with data but no header; give it a header or empty it",
    },
    "sheet_whole_number": {"nl": _whole_nl, "en": _whole_en},
    "sheet_weeks": {"nl": _weeks_nl, "en": _weeks_en},
    "sheet_number": {
        "nl": lambda label_nl, got, hint="", **_: (
            f"{label_nl} moet een getal zijn, niet '{got}'"
            + (" (schrijf een decimale punt)" if hint == "decimal_comma" else "")
        ),
        "en": lambda label_en, got, hint="", **_: (
            f"{label_en} must be a number, got '{got}'"
            + (" (write a decimal point)" if hint == "decimal_comma" else "")
        ),
    },
    "sheet_week": {
        "nl": "{label_nl} moet een week zijn zoals 2027-W14, of een datum, niet '{got}'",
        "en": "{label_en} must be a week such as 2027-W14, or a date, got '{got}'",
    },
    "sheet_date_text": {
        "nl": "'{got}' is een datum als tekst; schrijf de week (2027-W14), een datum als "
        "2027-04-05, of maak er een echte Excel-datum van",
        "en": "'{got}' is a date written as text; write the week (2027-W14), a date as "
        "2027-04-05, or make it a real Excel date",
    },
    "sheet_day": {
        "nl": "{label_nl} moet een dag zijn als 03-15 (maand-dag) of een datum, niet '{got}'",
        "en": "{label_en} must be a day such as 03-15 (month-day) or a date, got '{got}'",
    },
    "sheet_bool": {
        "nl": "{label_nl} moet ja of nee zijn, niet '{got}'",
        "en": "{label_en} must be yes or no, got '{got}'",
    },
    "sheet_kind": {
        "nl": "'{got}' is geen soort; kies uit {allowed_nl}",
        "en": "'{got}' is not a kind; choose from {allowed_en}",
    },
    "sheet_range": {
        "nl": "'{got}' in {label_nl}: verwacht drie hele weken met komma's ertussen, "
        "bijvoorbeeld 8, 10, 14",
        "en": "'{got}' in {label_en}: expected three whole weeks separated by commas, "
        "for example 8, 10, 14",
    },
    "sheet_after": {
        "nl": "'{got}' in {label_nl}: verwacht ids met komma's ertussen en +weken voor een "
        "wachttijd, bijvoorbeeld W-100+2, W-101",
        "en": "'{got}' in {label_en}: expected ids separated by commas, with +weeks for a "
        "lag, for example W-100+2, W-101",
    },
    "sheet_value_type": {
        "nl": "{label_nl}: deze celwaarde ('{got}') kan hier niet staan",
        "en": "{label_en}: this cell value ('{got}') cannot stand here",
    },
    "sheet_unknown_setting": {
        "nl": lambda key, hint="": (
            f"onbekende instelling '{key}'" + (f" (bedoelt u '{hint}'?)" if hint else "")
        ),
        "en": lambda key, hint="": (
            f"unknown setting '{key}'" + (f" (did you mean '{hint}'?)" if hint else "")
        ),
    },
    "sheet_duplicate_setting": {
        "nl": "instelling '{key}' staat er twee keer (ook in {first})",
        "en": "setting '{key}' appears twice (also in {first})",
    },
    "sheet_unknown_rule": {
        "nl": "onbekende regel '{got}'; kies uit {allowed_nl}",
        "en": "unknown rule '{got}'; choose from {allowed_en}",
    },
    "sheet_rule_twice": {
        "nl": "regel '{rule}' staat er twee keer (ook in {first})",
        "en": "rule '{rule}' appears twice (also in {first})",
    },
    "sheet_rule_column": {
        "nl": "kolom '{header}' hoort niet bij regel '{rule}'; maak de cel leeg",
        "en": "column '{header}' does not belong to rule '{rule}'; empty the cell",
    },
    "csv_syntax": {"nl": "CSV-fout: {detail}", "en": "CSV error: {detail}"},
    "csv_not_utf8": {
        "nl": "tekst is geen UTF-8 (ongeldige byte 0x{byte:02x} op positie {offset}); sla het "
        "bestand in Excel op als 'CSV UTF-8'",
        "en": "text is not UTF-8 (invalid byte 0x{byte:02x} at offset {offset}); save the file "
        "in Excel as 'CSV UTF-8'",
    },
    "csv_read_as_cp1252": {
        "nl": "let op: geen UTF-8; gelezen als Windows-1252 (zoals Excel 'CSV' opslaat)",
        "en": "note: not UTF-8; read as Windows-1252 (as Excel saves 'CSV')",
    },
    "csv_header_one_cell": {
        "nl": "de kopregel is één cel ('{header}'); staat elke regel tussen aanhalingstekens? "
        "Open het bestand in Excel en sla het op als CSV",
        "en": "the header line is one cell ('{header}'); is every line in quotes? Open the "
        "file in Excel and save it as CSV",
    },
    # outputs
    "output_format": {
        "nl": "onbekend uitvoertype '{suffix}': verwacht .yaml, .yml, .xlsx of een map",
        "en": "unknown output type '{suffix}': expected .yaml, .yml, .xlsx or a folder",
    },
    "output_other_language": {
        "nl": "map bevat al {name}, een scenariobestand in de andere taal; kies een lege map",
        "en": "the folder already holds {name}, a scenario file in the other language; "
        "choose an empty folder",
    },
    "output_bad_character": {
        "nl": "tekst '{text}' bevat een stuurteken dat een werkboek niet kan bewaren",
        "en": "text '{text}' holds a control character that a workbook cannot store",
    },
    "output_comma_in_id": {
        "nl": "id '{id}' bevat een komma en kan daarom niet in de kolom 'na' staan",
        "en": "id '{id}' holds a comma and so cannot stand in the column 'after'",
    },
    "output_comma_in_bundle": {
        "nl": "id '{id}' bevat een komma en kan daarom niet in de kolom 'werken' van Bundels staan",
        "en": "id '{id}' holds a comma and so cannot stand in the column 'items' of Bundles",
    },
    "output_same_as_input": {
        "nl": "uitvoer is hetzelfde bestand als de invoer",
        "en": "the output is the same file as the input",
    },
}
CATALOG.update(_SHEET_MESSAGES)


# -- reliability (scheduler/io/atomic.py, scheduler/references.py): outputs that cannot
# be written, and scenarios whose numbers plooi cannot compute exactly.

def _os_reasons() -> dict[int, tuple[str, str]]:
    """errno -> (nl, en) for the usual reasons; other errors show the system's own text."""
    import errno

    return {
        errno.EACCES: ("geen schrijfrecht", "permission denied"),
        errno.EPERM: ("niet toegestaan", "operation not permitted"),
        errno.EROFS: ("het bestandssysteem is alleen-lezen", "the file system is read-only"),
        errno.ENOSPC: ("de schijf is vol", "no space left on the device"),
        errno.EDQUOT: ("het schijfquotum is op", "the disk quota is used up"),
    }


_OS_REASONS = _os_reasons()


def _write_failed(lang: str) -> Callable[..., str]:
    def template(errno: int | None = None, detail: str = "", **_: Any) -> str:
        reason = _OS_REASONS.get(errno or 0)
        text = (reason[0] if lang == "nl" else reason[1]) if reason else detail
        return f"kan niet schrijven: {text}" if lang == "nl" else f"cannot be written: {text}"

    return template


_RELIABILITY_MESSAGES: dict[str, dict[str, Template]] = {
    "output_parent_not_folder": {
        "nl": "'{folder}' is geen map",
        "en": "'{folder}' is not a folder",
    },
    "output_is_folder": {
        "nl": "dit is een map; geef een bestandsnaam",
        "en": "this is a folder; give a file name",
    },
    "output_is_file": {
        "nl": "dit is een bestand; geef een map voor de CSV-bestanden",
        "en": "this is a file; give a folder for the CSV files",
    },
    "output_read_only": {
        "nl": "kan niet schrijven: map '{folder}' is alleen-lezen",
        "en": "cannot be written: folder '{folder}' is read-only",
    },
    "output_write_failed": {"nl": _write_failed("nl"), "en": _write_failed("en")},
    "more_problems": {
        "nl": "... en nog {count} problemen (de eerste {shown} staan hierboven)",
        "en": "... and {count} more problems (the first {shown} are shown above)",
    },
    "sheet_too_many_cells": {
        "nl": "te veel cellen (meer dan {limit}); plooi leest hier niet verder",
        "en": "too many cells (more than {limit}); plooi stops reading here",
    },
    "horizon_too_long": {
        "nl": "de horizon {start}..{end} beslaat {weeks} weken; plooi plant hooguit {limit} weken (100 jaar)",
        "en": "the horizon {start}..{end} spans {weeks} weeks; plooi plans at most {limit} weeks (100 years)",
    },
    "displacement_too_large": {
        "nl": "de grootst mogelijke verschuivingskosten (gewicht x {weeks} weken per werk plus move_penalty, opgeteld) zijn {total}, meer dan {limit} (2^53), tot waar plooi exact rekent; verlaag de gewichten of move_penalty",
        "en": "the largest possible displacement cost (weight x {weeks} weeks per work plus move_penalty, summed) is {total}, more than {limit} (2^53), up to which plooi computes exactly; lower the weights or move_penalty",
    },
    "value_too_large": {
        "nl": "de waarden van de optionele verzoeken zijn samen {value}, meer dan {limit} (2^53), tot waar plooi exact rekent; verlaag de waarden",
        "en": "the values of the optional requests add up to {value}, more than {limit} (2^53), up to which plooi computes exactly; lower the values",
    },
}
CATALOG.update(_RELIABILITY_MESSAGES)

from scheduler.geo.messages import GEO_MESSAGES  # noqa: E402  (kept beside the geo code)

CATALOG.update(GEO_MESSAGES)
