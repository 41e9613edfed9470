"""New requests: emergency trees, mandatory repairs and optional wishes."""

from __future__ import annotations

from scheduler.generate.catalogue import (
    DURATION,
    MANDATORY_REQUESTS,
    OPTIONAL_REQUESTS,
    TREE_SPECIES,
)
from scheduler.generate.draft import Draft
from scheduler.generate.parts import Buurt, Item
from scheduler.generate.works import cost_of


def draw_requests(g: Draft) -> None:
    rng = g.rng
    kinds = ("emergency", "mandatory", "optional")
    soon = min(g.n, 78)
    for i in range(g.n_requests):
        sort = kinds[i] if i < 3 else rng.choices(kinds, (30, 35, 35))[0]
        buurt = g.pick_buurt()
        street = rng.choice(buurt.streets)
        if sort == "emergency":
            item = make_emergency(g, i, buurt, street)
        elif sort == "mandatory":
            kind, text, (d_lo, d_hi), digs, _ = rng.choice(MANDATORY_REQUESTS)
            item = make_request(g, i, kind, text, buurt, street, rng.randint(d_lo, d_hi))
            item.digs = digs
            item.reason = "Veiligheid: herstel kan niet wachten tot het volgende programma"
        else:
            kind, text, (d_lo, d_hi), (v_lo, v_hi) = rng.choice(OPTIONAL_REQUESTS)
            item = make_request(g, i, kind, text, buurt, street, rng.randint(d_lo, d_hi))
            item.mandatory = False
            item.value = rng.randint(v_lo, v_hi)
            item.reason = "Wens uit de wijk (bewonersinitiatief)"
        item.desired = rng.randint(2, max(2, soon - item.duration))
        g.requests.append(item)


def make_request(
    g: Draft, i: int, kind: str, text: str, buurt: Buurt, street: str, duration: int
) -> Item:
    cost = cost_of(g, kind, min(duration, DURATION[kind][2])) // 4 // 500 * 500 + 500
    item = Item(
        id=f"R-{i + 1:02d}",
        name=text.format(s=street, b=buurt.name),
        kind=kind,
        buurt=buurt,
        street=street if "{s}" in text else None,
        duration=duration,
        demand={g.resource_for(g.kind_resources[kind][0], buurt): 1},
        cost=cost,
        budget=g.line_for(kind, None),
        requested_by=f"Wijkambtenaar {buurt.wijk.name}",
    )
    return item


def make_emergency(g: Draft, i: int, buurt: Buurt, street: str) -> Item:
    species = g.rng.choice(TREE_SPECIES)
    item = make_request(g, i, "tree", f"Rooien {species} met plakoksel, {{s}}", buurt, street, 1)
    item.cost = g.rng.randint(4, 16) * 500
    item.emergency = True
    item.reason = (
        "Plakoksel bij VTA-inspectie: risico op uitscheuren; zorgplicht eigenaar (BW 6:162)"
    )
    return item
