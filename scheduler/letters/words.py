"""Plain sentences per kind of work, in Dutch (B1) and English.

Used when a work does not say itself why it happens (``reason``), what is
better afterwards (``outcome``); the hinder to expect always comes from here.
"""

from __future__ import annotations

WHY: dict[str, dict[str, str]] = {
    "nl": {
        "road": "De weg is versleten of moet veiliger worden.",
        "sewer": "Het riool is oud. Het moet vernieuwd worden.",
        "green": "Het groen in de buurt wordt opgeknapt.",
        "tree": "De bomen hebben onderhoud nodig.",
        "play": "De speelplek is aan vernieuwing toe.",
        "lighting": "De straatverlichting is oud. Ze wordt vervangen.",
        "heat": "Huizen kunnen straks op het warmtenet. Dan hebben ze geen gas meer nodig.",
        "other": "Er is onderhoud nodig aan de straat of het plein.",
    },
    "en": {
        "road": "The road is worn or needs to be made safer.",
        "sewer": "The sewer is old. It needs to be renewed.",
        "green": "The green spaces in the area are being improved.",
        "tree": "The trees need care.",
        "play": "The playground needs to be renewed.",
        "lighting": "The street lights are old. They will be replaced.",
        "heat": "Homes can soon join the heat network. Then they no longer need gas.",
        "other": "The street or square needs maintenance.",
    },
}

AFTER: dict[str, dict[str, str]] = {
    "nl": {
        "road": "Daarna is de straat weer heel en veilig.",
        "sewer": "Daarna werkt het riool weer goed, voor vele jaren.",
        "green": "Daarna is de buurt groener en mooier.",
        "tree": "Daarna staan de bomen er weer gezond en veilig bij.",
        "play": "Daarna kunnen kinderen weer veilig spelen.",
        "lighting": "Daarna is de straat 's avonds beter verlicht.",
        "heat": "Daarna kunnen huizen aansluiten op het warmtenet.",
        "other": "Daarna is alles weer netjes.",
    },
    "en": {
        "road": "Afterwards the street is whole and safe again.",
        "sewer": "Afterwards the sewer works well again, for many years.",
        "green": "Afterwards the area is greener and nicer.",
        "tree": "Afterwards the trees are healthy and safe.",
        "play": "Afterwards children can play safely again.",
        "lighting": "Afterwards the street is better lit at night.",
        "heat": "Afterwards homes can join the heat network.",
        "other": "Afterwards everything is tidy again.",
    },
}

HINDER: dict[str, dict[str, str]] = {
    "nl": {
        "road": "Er rijden machines en het kan lawaai geven. Parkeren voor de deur kan soms niet.",
        "sewer": "Er rijden machines en het kan lawaai geven. De straat is soms dicht voor auto's.",
        "green": "U ziet machines en hekken. Een deel van het groen is even dicht.",
        "tree": "Een deel van de stoep of straat is even dicht. Staan er borden? "
                "Zet uw auto dan ergens anders neer.",
        "play": "De speelplek is dicht zolang het werk duurt.",
        "lighting": "Er kan een paar avonden minder licht zijn.",
        "heat": "Er rijden machines en het kan lawaai geven. De straat is soms dicht voor auto's.",
        "other": "U kunt last hebben van geluid en hekken.",
    },
    "en": {
        "road": "There are machines and it may be noisy. Parking at your door is sometimes "
                "not possible.",
        "sewer": "There are machines and it may be noisy. The street is sometimes closed to cars.",
        "green": "You will see machines and fences. Part of the green is closed for a while.",
        "tree": "Part of the pavement or street is closed for a while. Are there signs? "
                "Then please park your car somewhere else.",
        "play": "The playground is closed while the work lasts.",
        "lighting": "There may be less light for a few evenings.",
        "heat": "There are machines and it may be noisy. The street is sometimes closed to cars.",
        "other": "You may notice noise and fences.",
    },
}

DIGS = {
    "nl": "De straat gaat open. U kunt uw huis altijd te voet bereiken.",
    "en": "The street will be dug open. You can always reach your home on foot.",
}
