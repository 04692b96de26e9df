"""A short fuzz round in the suite (the long one: ``bench/fuzz.py --minutes 10``): random and hostile
formulas, specs, negative densities and command lines never crash, hang, escape or get accepted wrongly."""
from hypothesis import HealthCheck, given, settings

from fuzz import Outcome, cases, judge, verdict_of


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_no_input_crashes_hangs_escapes_or_passes_a_negative_density(case):
    outcome: Outcome = judge(case)
    assert verdict_of(outcome) in ("ok", "typed"), outcome.detail
