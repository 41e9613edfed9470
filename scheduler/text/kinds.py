"""Kinds of work in words: the one place their Dutch and English names are spelled.

Two forms, each with its use: the *name* of one item's kind (``riool`` /
``sewer``; the Dutch names are also the spreadsheet's vocabulary, so they must
stay as they are), and the *group* a chart or table gathers items under
(``riolering`` / ``sewers``).
"""

from __future__ import annotations

from scheduler.scenario import Kind

KIND_NAMES_NL: dict[Kind, str] = {
    Kind.ROAD: "weg",
    Kind.SEWER: "riool",
    Kind.GREEN: "groen",
    Kind.TREE: "boom",
    Kind.PLAY: "spelen",
    Kind.LIGHTING: "verlichting",
    Kind.HEAT: "warmte",
    Kind.OTHER: "overig",
}

KIND_GROUPS: dict[str, dict[str, str]] = {
    "nl": {"road": "wegen", "sewer": "riolering", "green": "groen", "tree": "bomen",
           "play": "spelen", "lighting": "verlichting", "heat": "warmtenet", "other": "overig"},
    "en": {"road": "roads", "sewer": "sewers", "green": "green", "tree": "trees",
           "play": "play", "lighting": "lighting", "heat": "heat network", "other": "other"},
}


def kind_name(kind: Kind | str, lang: str = "nl") -> str:
    """One item's kind: ``riool`` (nl), ``sewer`` (en); an unknown kind as it is."""
    text = str(kind)
    if lang != "nl":
        return text
    try:
        return KIND_NAMES_NL[Kind(text)]
    except ValueError:
        return text


def kind_group(kind: Kind | str, lang: str = "nl") -> str:
    """The group items of a kind are gathered under: ``riolering`` / ``sewers``."""
    return KIND_GROUPS[lang].get(str(kind), str(kind))
