"""The one relative tolerance of every numeric comparison: certificates, agreement of the two Fisher
forms, verdicts on claims. Values are computed with 20–30 digits, so 1e-10 leaves ten digits of margin."""
from __future__ import annotations

import mpmath

RELATIVE_TOLERANCE = mpmath.mpf("1e-10")
