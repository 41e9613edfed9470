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
