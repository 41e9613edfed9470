"""The names, kinds, durations, costs and templates a generated programme draws from.

The area codes follow the CBS form for Eindhoven (GM0772) but are illustrative,
as are all names and amounts.
"""

from __future__ import annotations

GEMEENTE = "0772"
MAX_WIJKEN = 20
MAX_BUURTEN = 120
BREEDING = ("03-15", "07-15")
BREEDING_KINDS = ("tree", "green")
HINDER_KINDS = ("road", "sewer", "heat")
BREEKVERBOD_YEARS = 3
MAX_MOVE = 12  # in the witness, a displaced work stands at most this many weeks from its plan
ROOM_TIGHT = (0.02, 0.05)  # head-room of a tight budget line (share of its need)
ROOM_LOOSE = (0.10, 0.30)

WIJK_NAMES = (
    "Centrum", "Strijp", "Woensel-Zuid", "Stratum", "Tongelre", "Gestel", "Woensel-Noord",
    "Meerhoven", "Oud-Woensel", "Begijnenbroek", "Kortonjo", "Ontginning", "De Laak", "Erp",
    "Aanschot", "'t Ven", "Doornakkers", "Lakerlopen", "Genderdal", "Achtse Barrier",
)
BUURT_PARTS = ("Noord", "Zuid", "Oost", "West", "Midden", "Park", "Dorp", "Kwartier")
STREET_STEMS = (
    "Kastanje", "Linden", "Berken", "Esdoorn", "Beuken", "Wilgen", "Populieren", "Meidoorn",
    "Hazelaar", "Eiken", "Platanen", "Iepen", "Vlier", "Hulst", "Jasmijn", "Seringen",
    "Tulpen", "Rozen", "Narcissen", "Klaver", "Vondel", "Bilderdijk", "Huygens", "Kepler",
    "Rembrandt", "Vermeer", "Mozart", "Händel", "Kempen", "Dommel", "Gender", "Tongelreep",
    "Molen", "Kerk", "School", "Hoeve", "Akker", "Heide", "Ven", "Beemd",
)
STREET_SUFFIXES = ("laan", "straat", "weg", "plein", "hof", "dreef", "pad", "singel")
TREE_SPECIES = ("kastanje", "eik", "linde", "plataan", "es", "beuk", "esdoorn", "iep")

# kind -> share of the works, (min, mode, max) duration in weeks, cost range in euros,
# base weight (displacement cost per week).
KIND_MIX = {
    "road": 22, "sewer": 11, "green": 18, "tree": 15,
    "play": 7, "lighting": 10, "heat": 4, "other": 11,
}
DURATION = {
    "tree": (1, 1, 2), "green": (1, 2, 8), "play": (2, 4, 8), "lighting": (1, 2, 8),
    "road": (2, 4, 16), "sewer": (8, 12, 20), "heat": (6, 12, 26), "other": (1, 2, 10),
}
COST = {
    "tree": (2_000, 40_000), "green": (10_000, 250_000), "play": (30_000, 250_000),
    "lighting": (15_000, 300_000), "road": (50_000, 1_500_000),
    "sewer": (200_000, 2_500_000), "heat": (300_000, 3_000_000), "other": (5_000, 200_000),
}
WEIGHT = {
    "tree": 1, "green": 1, "play": 1, "lighting": 1, "road": 2, "sewer": 3, "heat": 4, "other": 1,
}

# (name template, budget line if not the kind's own, digs, resurfaces); {s} street, {b} buurt.
TEMPLATES: dict[str, tuple[tuple[str, str | None, bool, bool], ...]] = {
    "road": (
        ("Groot onderhoud asfalt {s}", None, False, True),
        ("Vervangen klinkerverharding {s}", None, False, True),
        ("Herinrichting {s}", None, False, True),
        ("Reconstructie kruispunt {s}", None, False, True),
        ("Fietsstraat {s}", "verkeer", False, True),
        ("Verkeersveilige schoolzone {s}", "verkeer", False, False),
        ("Herstel elementenverharding {s}", None, False, False),
    ),
    "sewer": (
        ("Vervangen riool {s}", None, True, False),
        ("Relinen riool {s}", None, False, False),
        ("Afkoppelen hemelwater {s}", "klimaat", True, False),
        ("Vervangen huisaansluitingen riool {s}", None, True, False),
    ),
    "heat": (
        ("Aanleg warmtenet {s}", None, True, False),
        ("Warmtenet aansluitleidingen {s}", None, True, False),
    ),
    "green": (
        ("Renovatie plantsoen {b}", None, False, False),
        ("Vervangen heesters {s}", None, False, False),
        ("Aanleg wadi {b}", "klimaat", False, False),
        ("Omvormen gazon naar bloemrijk grasland {b}", None, False, False),
        ("Herstel vijverranden {b}", None, False, False),
    ),
    "tree": (
        ("Snoeien laanbomen {s}", None, False, False),
        ("Vervangen zieke essen {s}", None, False, False),
        ("Kandelaberen platanen {s}", None, False, False),
        ("Aanplant laanbomen {s}", None, False, False),
        ("Begeleidingssnoei jonge bomen {b}", None, False, False),
    ),
    "play": (
        ("Vervangen speeltoestellen {b}", None, False, False),
        ("Renovatie speeltuin {b}", None, False, False),
        ("Aanleg natuurspeelplaats {b}", None, False, False),
        ("Vervangen valondergrond {b}", None, False, False),
    ),
    "lighting": (
        ("Ombouw openbare verlichting naar LED {b}", None, False, False),
        ("Vervangen lichtmasten {s}", None, False, False),
        ("Vervangen OVL-kabels {s}", None, True, False),
    ),
    "other": (
        ("Plaatsen ondergrondse containers {s}", "overig", True, False),
        ("Vervangen straatmeubilair {s}", "overig", False, False),
        ("Plaatsen laadpalen {s}", "overig", True, False),
        ("Vervangen bebording {s}", "overig", False, False),
    ),
}

# Resources: id, name, own team (no bouwvak, fewer people in summer), kinds it serves.
BASE_RESOURCES = (
    ("riool-aannemer", "Raamcontract riolering", False, ("sewer",)),
    ("wegen-aannemer", "Raamcontract wegen (asfalt en elementen)", False, ("road",)),
    ("warmte-aannemer", "Aannemer warmtenet", False, ("heat",)),
    ("groenploeg", "Team Groen (eigen dienst)", True, ("green",)),
    ("boomploeg", "Boomverzorgers (bestek bomen)", False, ("tree",)),
    ("speelaannemer", "Aannemer speelvoorzieningen", False, ("play",)),
    ("ovl-aannemer", "Aannemer openbare verlichting", False, ("lighting",)),
    ("toezicht", "Toezichthouders openbare ruimte", True, ("road", "sewer", "heat")),
)
EXTRA_RESOURCES = (
    ("kleine-werken", "Aannemer kleine werken", False, ("other",)),
    ("verkeersregelaars", "Verkeersregelaars en omleidingen", False, ("road", "sewer", "heat")),
)
# Resources that, in larger cities, are split into two lots (percelen): Noord and Zuid.
SPLIT_RESOURCES = ("wegen-aannemer", "riool-aannemer", "groenploeg", "boomploeg", "toezicht")

BASE_LINES = (
    ("riool", "Gemeentelijk rioleringsplan (GRP)"),
    ("wegen", "Beheerplan wegen"),
    ("groen", "Beheerplan groen"),
    ("spelen", "Beheerplan spelen"),
    ("verlichting", "Beheerplan openbare verlichting"),
    ("warmte", "Programma warmtetransitie"),
)
EXTRA_LINES = (
    ("bomen", "Bomenbeheerplan"),
    ("klimaat", "Klimaatadaptatie"),
    ("verkeer", "Verkeersveiligheid"),
    ("overig", "Overig openbare ruimte"),
)
OWN_LINE = {
    "road": "wegen", "sewer": "riool", "green": "groen", "tree": "bomen",
    "play": "spelen", "lighting": "verlichting", "heat": "warmte", "other": "overig",
}
FALLBACK_LINE = {"bomen": "groen", "overig": "wegen"}

# Requests: (kind, name, (min, max) duration, digs, needs a street, value range or None).
MANDATORY_REQUESTS = (
    ("sewer", "Herstel verzakt riool {s}", (2, 6), True, True),
    ("road", "Veilige oversteek bij basisschool {s}", (2, 6), False, True),
    ("lighting", "Vervangen aangereden lichtmasten {s}", (1, 2), False, True),
    ("play", "Herstel speeltoestel na keuring {b}", (1, 3), False, False),
)
OPTIONAL_REQUESTS = (
    ("green", "Vergroenen schoolplein {b}", (2, 6), (20, 60)),
    ("play", "Extra speelplek {b}", (3, 8), (10, 50)),
    ("green", "Geveltuinen {s}", (1, 2), (5, 20)),
    ("lighting", "Slimme lichtmasten {s}", (1, 4), (10, 40)),
    ("other", "Plaatsen laadpalen {s}", (1, 3), (15, 45)),
)

# -- the coupled profile ----------------------------------------------------------------------

# Resources of the coupled profile: id, name, own team. Toezicht and verkeersregelaars are
# shared by almost every kind of work, as in a real city.
COUPLED_RESOURCES = (
    ("riool-aannemer", "Raamcontract riolering", False),
    ("wegen-aannemer", "Raamcontract wegen (asfalt en elementen)", False),
    ("warmte-aannemer", "Aannemer warmtenet", False),
    ("groenploeg", "Team Groen (eigen dienst)", True),
    ("boomploeg", "Boomverzorgers (bestek bomen)", False),
    ("speelaannemer", "Aannemer speelvoorzieningen", False),
    ("ovl-aannemer", "Aannemer openbare verlichting", False),
    ("kleine-werken", "Aannemer kleine werken", False),
    ("toezicht", "Toezichthouders openbare ruimte", True),
    ("verkeersregelaars", "Verkeersregelaars en omleidingen", False),
)
# kind -> (resource, chance that a work of the kind needs it); the first is the kind's own crew.
COUPLED_DEMAND: dict[str, tuple[tuple[str, float], ...]] = {
    "sewer": (("riool-aannemer", 1.0), ("toezicht", 1.0), ("verkeersregelaars", 1.0)),
    "road": (("wegen-aannemer", 1.0), ("toezicht", 1.0), ("verkeersregelaars", 0.5)),
    "heat": (("warmte-aannemer", 1.0), ("toezicht", 1.0), ("verkeersregelaars", 1.0)),
    "green": (("groenploeg", 1.0), ("toezicht", 0.4)),
    "tree": (("boomploeg", 1.0), ("toezicht", 0.4), ("verkeersregelaars", 0.2)),
    "play": (("speelaannemer", 1.0), ("toezicht", 1.0)),
    "lighting": (("ovl-aannemer", 1.0), ("verkeersregelaars", 1.0)),
    "other": (("kleine-werken", 1.0), ("toezicht", 1.0), ("verkeersregelaars", 0.3)),
}
COUPLED_USE = (0.85, 0.95)  # average use of a crew's working weeks that capacities aim at
# The current plan spends this share of every budget line in every year (per_year = spend / u).
BUDGET_USE = (0.925, 0.975)
REQUEST_BUDGET_SHARE = 0.04  # requests take at most this share of a line-year's spend
# Mandatory requests of the coupled profile: kind, name, (min, max) duration, digs.
COUPLED_MANDATORY = (
    ("sewer", "Herstel verzakt riool {s}", (2, 6), True),
    ("road", "Veilige oversteek bij basisschool {s}", (2, 6), False),
    ("heat", "Spoedaansluiting warmtenet zorgcentrum {s}", (3, 6), True),
    ("lighting", "Vervangen aangereden lichtmasten {s}", (1, 2), False),
    ("road", "Herstel wortelopdruk fietspad {s}", (1, 3), False),
)
