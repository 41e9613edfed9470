"""plooi risk: carry out a solved plan many times with uncertain durations and crews.

The plan is not re-optimised: every sampled execution keeps the plan's order
and planned starts as earliest starts and pushes items later only where a rule
forces it (docs/risk.md). :func:`scheduler.risk.run.risk_document` is the entry
point; the simulation itself is in :mod:`scheduler.risk.simulate`.
"""
