"""The workbench's own words, Dutch and English (results come from the engine's text layer)."""

from __future__ import annotations

from datetime import date

from scheduler import weeks

_WORDS: dict[str, tuple[str, str]] = {
    "skip": ("Naar de inhoud", "Skip to content"),
    "nav": ("Hoofdmenu", "Main menu"),
    "scenarios": ("Scenario's", "Scenarios"),
    "jobs": ("Berekeningen", "Calculations"),
    "other_lang": ("English", "Nederlands"),
    "subtitle": ("Ruimte maken in het programma openbare ruimte",
                 "Making room in the public-space programme"),
    "kind_demo": ("demo", "demo"),
    "kind_file": ("bestand", "file"),
    "kind_variant": ("variant", "variant"),
    "kind_upload": ("geüpload", "uploaded"),
    "valid": ("in orde", "valid"),
    "invalid": ("bevat fouten", "has problems"),
    "open": ("Openen", "Open"),
    "name": ("Naam", "Name"),
    "kind": ("Soort", "Kind"),
    "state": ("Toestand", "State"),
    "upload": ("Scenario uploaden", "Upload a scenario"),
    "upload_help": ("Een .xlsx-werkmap, een .yaml-bestand of een .zip met een CSV-map; "
                    "hoogstens {limit}.",
                    "An .xlsx workbook, a .yaml file or a .zip holding a CSV folder; "
                    "at most {limit}."),
    "upload_file": ("Bestand", "File"),
    "upload_button": ("Uploaden", "Upload"),
    "compare": ("Scenario's vergelijken", "Compare scenarios"),
    "compare_help": ("Kies twee of meer scenario's; ze worden elk opgelost en naast "
                     "elkaar gezet.", "Pick two or more scenarios; each is solved and "
                     "they are shown side by side."),
    "compare_button": ("Vergelijken", "Compare"),
    "templates": ("Sjablonen", "Templates"),
    "template_empty": ("Lege werkmap (.xlsx)", "Empty workbook (.xlsx)"),
    "template_demo": ("Demo-werkmap (.xlsx)", "Demo workbook (.xlsx)"),
    "queue": ("Wachtrij", "Queue"),
    "queue_empty": ("Er loopt nu niets.", "Nothing is running."),
    "problems": ("Dit scenario kan niet worden gebruikt. Alle problemen:",
                 "This scenario cannot be used. Every problem:"),
    "figures": ("Kerncijfers", "Key figures"),
    "works": ("werken", "works"),
    "requests": ("verzoeken", "requests"),
    "resources": ("capaciteiten", "resources"),
    "budgets": ("budgetlijnen", "budget lines"),
    "horizon": ("Horizon", "Horizon"),
    "baseline_breaks": ("Het huidige plan breekt deze regels:",
                        "The current plan breaks these rules:"),
    "solve": ("Oplossen", "Solve"),
    "solve_help": ("Plaatst de verzoeken en verschuift zo weinig mogelijk.",
                   "Places the requests and displaces as little as possible."),
    "new_request": ("Nieuw verzoek", "New request"),
    "briefing": ("Raadsbriefing", "Council briefing"),
    "last_result": ("Laatste oplossing", "Latest solution"),
    "not_solved": ("Nog niet opgelost.", "Not solved yet."),
    "variants": ("Varianten", "Variants"),
    "status": ("Status", "Status"),
    "proof": ("Bewijs", "Proof"),
    "progress": ("Voortgang", "Progress"),
    "stage": ("Stap", "Stage"),
    "best_cost": ("Beste kosten", "Best cost"),
    "bound": ("Ondergrens", "Bound"),
    "time": ("Tijd", "Time"),
    "solutions": ("Oplossingen", "Solutions"),
    "cancel": ("Stoppen (beste plan tot nu toe bewaren)", "Stop (keep the best plan so far)"),
    "cancelling": ("Wordt gestopt; het beste plan tot nu toe blijft bewaard.",
                   "Stopping; the best plan so far is kept."),
    "job_queued": ("In de wachtrij (plaats {n}).", "Queued (position {n})."),
    "job_running": ("Bezig…", "Running…"),
    "job_done": ("Klaar.", "Done."),
    "job_failed": ("Mislukt:", "Failed:"),
    "job_cancelled": ("Gestopt voordat het begon.", "Stopped before it started."),
    "state_queued": ("in de wachtrij", "queued"),
    "state_running": ("bezig", "running"),
    "state_done": ("klaar", "done"),
    "state_failed": ("mislukt", "failed"),
    "state_cancelled": ("gestopt", "stopped"),
    "no_progress": ("Nog geen tussenresultaat.", "No intermediate result yet."),
    "downloads": ("Downloads", "Downloads"),
    "result_json": ("Resultaat (JSON)", "Result (JSON)"),
    "justification_html": ("Onderbouwing (HTML)", "Justification (HTML)"),
    "justification_md": ("Onderbouwing (Markdown)", "Justification (Markdown)"),
    "briefing_html": ("Briefing (HTML)", "Briefing (HTML)"),
    "briefing_pdf": ("Briefing (PDF)", "Briefing (PDF)"),
    "briefing_xlsx": ("Briefing (Excel)", "Briefing (Excel)"),
    "briefing_md": ("Briefing (Markdown)", "Briefing (Markdown)"),
    "save_variant": ("Bewaar als variant", "Save as variant"),
    "save_variant_help": ("Slaat het scenario met dit verzoek op als nieuw bestand naast "
                          "het origineel; het origineel blijft ongewijzigd.",
                          "Saves the scenario with this request as a new file next to the "
                          "original; the original is left unchanged."),
    "form_title": ("Nieuw verzoek voor {name}", "New request for {name}"),
    "form_intro": ("Vul het verzoek in. plooi zoekt uit wat het verschuift, de "
                   "alternatieven en wat ruimte zou maken.",
                   "Fill in the request. plooi works out what it displaces, the "
                   "alternatives and what would make room."),
    "form_errors": ("Het verzoek is nog niet in orde:", "The request is not valid yet:"),
    "f_id": ("Kenmerk", "Id"),
    "f_name": ("Omschrijving", "Name"),
    "f_kind": ("Soort werk", "Kind of work"),
    "f_area": ("Wijk of buurt", "Area"),
    "f_street": ("Straat", "Street"),
    "f_duration": ("Duur (weken)", "Duration (weeks)"),
    "f_earliest": ("Vroegste start", "Earliest start"),
    "f_latest_finish": ("Uiterlijk klaar (deadline)", "Latest finish (deadline)"),
    "f_demand": ("Capaciteit per week", "Capacity per week"),
    "f_cost": ("Kosten (euro)", "Cost (euro)"),
    "f_budget": ("Budgetlijn", "Budget line"),
    "f_after": ("Pas na werk", "Only after work"),
    "f_lag": ("Wachttijd na dat werk (weken)", "Lag after that work (weeks)"),
    "f_digs": ("Graaft in de straat", "Digs up the street"),
    "f_resurfaces": ("Legt nieuwe verharding", "Lays new surface"),
    "f_emergency": ("Spoed (mag in het broedseizoen/breekverbod als de wet het toelaat)",
                    "Emergency (may break the breeding-season and breekverbod rules)"),
    "f_mandatory": ("Verplicht (moet geplaatst worden)", "Mandatory (must be placed)"),
    "f_value": ("Waarde (als niet verplicht)", "Value (when optional)"),
    "f_requested_by": ("Aangevraagd door", "Requested by"),
    "f_reason": ("Reden", "Reason"),
    "none": ("— geen —", "— none —"),
    "horizon_default": ("— begin/eind van de horizon —", "— start/end of the horizon —"),
    "submit_request": ("Impact berekenen", "Work out the impact"),
    "impact_title": ("Impact van {id}", "Impact of {id}"),
    "q1": ("1. Vroegst zonder verschuiving", "1. Earliest without displacement"),
    "q2": ("2. Minste verschuiving binnen de deadline",
           "2. Least displacement within the deadline"),
    "q3": ("3. Alternatieven", "3. Alternatives"),
    "q4": ("4. Hefbomen (niets verschuift)", "4. Levers (nothing displaced)"),
    "q5": ("5. Botsende regels", "5. Clashing rules"),
    "window": ("Venster", "Window"),
    "deadline": ("deadline", "deadline"),
    "duration": ("duur in weken", "duration in weeks"),
    "pareto": ("Kosten per week van het verzoek", "Cost by the request's week"),
    "advice": ("Advies", "Recommendation"),
    "meets": ("haalt de deadline", "meets the deadline"),
    "misses": ("haalt de deadline niet", "misses the deadline"),
    "no_week": ("geen week in de horizon", "no week in the horizon"),
    "no_plan": ("geen plan", "no plan"),
    "cost": ("kosten", "cost"),
    "not_proven": ("niet bewezen optimaal", "not proven optimal"),
    "work": ("werk", "work"),
    "from": ("van", "from"),
    "to": ("naar", "to"),
    "shift": ("schuif", "shift"),
    "cause": ("oorzaak", "cause"),
    "chain": ("Keten", "Chain"),
    "rank": ("nr.", "no."),
    "week": ("week", "week"),
    "moves": ("verschuift", "moves"),
    "nothing": ("niets", "nothing"),
    "minimal": ("laat er één los en het past", "lift any one and it fits"),
    "not_minimal": ("niet bewezen minimaal binnen de tijd",
                    "minimality not proven within the time limit"),
    "comparison": ("Vergelijking", "Comparison"),
    "differing_dates": ("Werken met andere data", "Works whose dates differ"),
    "figure": ("Kengetal", "Figure"),
    "login": ("Inloggen", "Log in"),
    "token": ("Toegangscode", "Access token"),
    "login_wrong": ("Die toegangscode klopt niet.", "That token is not right."),
    "not_found": ("Niet gevonden.", "Not found."),
    "forbidden": ("Geweigerd: het formulier mist een geldig CSRF-token (herlaad de pagina en "
                  "probeer opnieuw).", "Refused: the form lacks a valid CSRF token (reload the "
                  "page and try again)."),
    "upload_too_large": ("Het bestand is te groot: hoogstens {limit}.",
                         "The file is too large: at most {limit}."),
    "upload_kind": ("Dit bestandstype wordt niet gelezen; geef .xlsx, .yaml of .zip.",
                    "This kind of file is not read; give .xlsx, .yaml or .zip."),
    "upload_zip": ("Het zip-bestand is niet bruikbaar: {detail}",
                   "The zip file cannot be used: {detail}"),
    "upload_length": ("Het verzoek zegt niet hoe groot het bestand is; upload het met een "
                      "browser.", "The request does not say how large the file is; upload it "
                      "with a browser."),
    "upload_none": ("Kies eerst een bestand.", "Choose a file first."),
    "compare_two": ("Kies minstens twee scenario's.", "Pick at least two scenarios."),
    "print": ("Afdrukken via het menu van de browser (Ctrl-P).",
              "Print with the browser's menu (Ctrl-P)."),
    "back": ("Terug naar het programma", "Back to the programme"),
    "solve_first": ("Los het scenario eerst op; dan staat de briefing hier.",
                    "Solve the scenario first; the briefing then appears here."),
    "current_plan": ("Het programma zoals het nu staat", "The programme as it stands"),
    "current_help": ("Per wijk de verzoeken met hun venster en de werken als dichtheid; "
                     "de belasting van de ploegen volgens het huidige plan. Na het oplossen "
                     "staat hier de briefing met wat verschuift.",
                     "Per wijk the requests with their windows and the works as a density "
                     "strip; the crews' load under the current plan. After a solve the "
                     "briefing with what moves is shown here."),
    "budget_line": ("Budgetlijn", "Budget line"),
    "year": ("Jaar", "Year"),
    "limit": ("Jaarbedrag", "Limit"),
    "spent": ("Huidig plan", "Current plan"),
    "headroom": ("Ruimte", "Head-room"),
    "use": ("Gebruik", "Use"),
    "gantt": ("Planning per wijk", "Schedule per wijk"),
    "load": ("Belasting van ploegen", "Crew load"),
    "budget_use": ("Budget per lijn en jaar", "Budget per line and year"),
    "risks": ("Risico's", "Risks"),
    "key_message": ("Kernboodschap", "Key message"),
    "show_job": ("Bekijken", "View"),
    "risk": ("Risico", "Risk"),
    "risk_help": ("Voert het plan {n} keer uit met onzekere duur per soort werk en ziekte "
                  "van ploegen (seed {seed}) en toont per werk de eindweek die in 50, 80 en "
                  "95 van de 100 gevallen gehaald wordt, zoals plooi risk.",
                  "Carries out the plan {n} times with uncertain durations per kind of work "
                  "and crew absence (seed {seed}) and shows per work the finish week met in "
                  "50, 80 and 95 of 100 cases, as plooi risk does."),
    "risk_button": ("Risico berekenen", "Work out the risk"),
    "risk_shown": ("De waaier en de tabel van eindweken staan in de briefing hieronder.",
                   "The fan chart and the table of finish weeks are in the briefing below."),
    "risk_no_plan": ("Zonder plan is er geen risico te berekenen.",
                     "Without a plan there is no risk to work out."),
    "briefing_downloads": ("Deze briefing downloaden", "Download this briefing"),
}

# The solver's stage names (scheduler/solver/run.py, scheduler/impact/) as users read them.
STAGES = {
    "value": ("waarde van optionele verzoeken", "value of optional requests"),
    "displacement": ("verschuiving", "displacement"),
    "makespan": ("doorlooptijd", "makespan"),
    "parts": ("deelproblemen", "parts"),
    "without request": ("plan zonder het verzoek", "plan without the request"),
    "least displacement near the request": ("minste verschuiving in de buurt",
                                            "least displacement nearby"),
    "least displacement": ("minste verschuiving", "least displacement"),
    "earliest": ("vroegste week", "earliest week"),
    "capacity lever": ("hefboom capaciteit", "capacity lever"),
    "budget lever": ("hefboom budget", "budget lever"),
}

MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def words(lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in _WORDS.items()}


def stage_text(name: str, lang: str) -> str:
    pair = STAGES.get(name)
    return name if pair is None else pair[1 if lang == "en" else 0]


def week_label(ordinal: int, lang: str) -> str:
    """``2027-W10 (ma 8 mrt 2027)``: the ISO week with the date of its Monday."""
    monday: date = weeks.monday(ordinal)
    day = "ma" if lang == "nl" else "Mon"
    return f"{weeks.format_week(ordinal)} ({day} {monday.day} {MONTHS[lang][monday.month - 1]} " \
           f"{monday.year})"


def size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"
