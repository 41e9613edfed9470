#!/usr/bin/env bash
# Golden outputs of plooi's user-facing commands, to prove a refactor changes no byte:
# every command users meet (solve, validate, brief md+html, export, check of a broken plan,
# impact, compare), nl and en, on scenarios/*.yaml and an infeasible case.
# Usage: benchmarks/golden_outputs.sh CHECKOUT OUTDIR   (runs CHECKOUT/cli.py with $PYTHON,
# default CHECKOUT/.venv/bin/python). Then: diff -r OUTDIR_OLD OUTDIR_NEW
set -u
W=$(cd "$1" && pwd); O=$2
if [ -e "$O" ] && [ ! -f "$O/.golden" ]; then echo "refusing: $O exists and was not made by this script" >&2; exit 2; fi
rm -rf "$O"; mkdir -p "$O"; touch "$O/.golden"
PY="${PYTHON:-$W/.venv/bin/python}"; P() { "$PY" "$W/cli.py" "$@"; }
cat > "$O/infeasible.yaml" <<'Y'
horizon: {start: 2027-W01, end: 2027-W52}
areas: [{code: WK077210, name: Centrum}]
resources: [{id: crew, name: Ploeg, capacity: 1}]
budgets: [{id: b, name: Budget, per_year: {2027: 1000}}]
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 4, planned_start: 2027-W10,
     demand: {crew: 1}, pinned: true, cost: 900, budget: b}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W09,
     latest_finish: 2027-W12, demand: {crew: 1}, cost: 200, budget: b, mandatory: true}
Y
S=("$W"/scenarios/*.yaml "$O/infeasible.yaml")
cd "$O"
for f in "${S[@]}"; do
  b=$(basename "$f" .yaml)
  for l in nl en; do
    P solve "$f" --json "$b.$l.json" --lang $l --workers 1 --seed 1 > "$b.solve.$l.txt" 2>&1; echo "exit $?" >> "$b.solve.$l.txt"
    P validate "$f" --lang $l > "$b.validate.$l.txt" 2>&1; echo "exit $?" >> "$b.validate.$l.txt"
    P brief "$f" -o "$b.brief.$l.md" --format md --lang $l --workers 1 --seed 1 > /dev/null 2>&1
    P brief "$f" -o "$b.brief.$l.html" --format html --lang $l --workers 1 --seed 1 > /dev/null 2>&1
    P export "$f" -o "$b.export.$l.csv" --lang $l --workers 1 --seed 1 > /dev/null 2>&1
  done
  # A broken plan: every start three weeks later, so the checker has much to say.
  if [ -f "$b.nl.json" ]; then
    "$PY" - "$b.nl.json" "$b.broken.json" <<'PYX'
import json, sys, re
d = json.load(open(sys.argv[1]))
def later(w):
    y, n = w.split("-W"); n = int(n) + 3
    return f"{y}-W{n:02d}" if n <= 52 else f"{int(y)+1}-W{n-52:02d}"
for r in d["schedule"]:
    if r.get("start"): r["start"] = later(r["start"]); r["finish"] = later(r["finish"])
json.dump(d, open(sys.argv[2], "w"))
PYX
    for l in nl en; do P check "$f" "$b.broken.json" --lang $l > "$b.check.$l.txt" 2>&1; echo "exit $?" >> "$b.check.$l.txt"; done
    rm -f "$b.broken.json"
  fi
  req=$(grep -m1 -oE "^  - id: R-[0-9]+|\{id: R-[0-9]+" "$f" | grep -oE "R-[0-9]+" | head -1)
  if [ -n "$req" ]; then for l in nl en; do
    P impact "$f" --request "$req" --json "$b.impact.$l.json" --lang $l --workers 1 --seed 1 > "$b.impact.$l.txt" 2>&1; echo "exit $?" >> "$b.impact.$l.txt"
  done; fi
done
P compare "$W/scenarios/budget-squeeze.yaml" "$W/scenarios/werk-met-werk.yaml" --workers 1 --seed 1 > compare.nl.txt 2>&1
P compare "$W/scenarios/budget-squeeze.yaml" "$W/scenarios/werk-met-werk.yaml" --workers 1 --seed 1 --lang en > compare.en.txt 2>&1
# Make paths and the solver's search field comparable across worktrees.
OA=$(pwd); sed -i -E "s#$W#WT#g; s#$OA#OUT#g; s/[0-9]+\.[0-9]+ s\)/T s)/g; s/[0-9]+[.,][0-9]+ s\b/T s/g" *.txt *.md *.html 2>/dev/null
for j in *.json; do "$PY" -c "
import json,sys; d=json.load(open(sys.argv[1]))
s=d.get('solver');
if isinstance(s,dict): s.pop('search',None)
json.dump(d,open(sys.argv[1],'w'),indent=1,sort_keys=True,ensure_ascii=False)" "$j"; done
ls | wc -l
