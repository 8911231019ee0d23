"""The Poisson term m^k e^{-m} / Γ(k+1) in log space, accurate for k in the hundred thousands.

Both Erlang B (``pmf(n; A) / cdf(n; A)``) and Erlang A (``Ā = P(x, y) / pmf(x; y)``) are
ratios of an incomplete gamma value to this term. Evaluated naively as
``k log m - m - gammaln(k + 1)`` it subtracts numbers of size k log k and keeps only an
absolute accuracy of about 1e-16 × k log k; at 10^8 (Erlang A with very patient callers)
that is 1e-7. Loader's saddle-point form splits off Stirling's series and the deviance
``bd0(k, m) = k log(k/m) + m - k``, both computed without cancellation, so the error stays
near machine precision relative to the (small) result.

Reference: C. Loader, "Fast and accurate computation of binomial probabilities" (2000),
the method behind R's ``dpois``.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from frontline.wfm.erlang_common import FloatArray

_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)
_SERIES_FROM = 15.0
# Stirling series coefficients of log Γ(k+1) - [(k + 1/2) log k - k + log √(2π)].
_S0, _S1, _S2, _S3, _S4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188


def _stirling_error(k: FloatArray) -> FloatArray:
    """log Γ(k+1) - (k + 1/2) log k + k - log √(2π), for k > 0."""
    safe = np.maximum(k, _SERIES_FROM)
    inv = 1.0 / safe
    inv2 = inv * inv
    series = (_S0 - (_S1 - (_S2 - (_S3 - _S4 * inv2) * inv2) * inv2) * inv2) * inv
    small = np.minimum(k, _SERIES_FROM)
    direct = special.gammaln(small + 1.0) - (small + 0.5) * np.log(small) + small - _HALF_LOG_2PI
    result: FloatArray = np.where(k >= _SERIES_FROM, series, direct)
    return result


def _deviance(k: FloatArray, mean: FloatArray) -> FloatArray:
    """k log(k / mean) + mean - k ≥ 0, for k > 0 and mean > 0, without cancellation.

    Near k = mean the terms cancel, so it is formed from the relative gap with ``log1p``;
    far from it (including a subnormal mean) the plain form has nothing to cancel."""
    gap = k - mean
    near = np.abs(gap) < 0.5 * mean
    relative = np.divide(gap, mean, out=np.zeros_like(gap), where=near)
    close_form = mean * ((1.0 + relative) * np.log1p(relative) - relative)
    with np.errstate(divide="ignore"):
        plain_form = k * (np.log(k) - np.log(mean)) + mean - k
    result: FloatArray = np.maximum(np.where(near, close_form, plain_form), 0.0)
    return result


def log_poisson_term(k: FloatArray, mean: FloatArray) -> FloatArray:
    """log(mean^k e^{-mean} / Γ(k+1)) for k > 0 (real) and mean > 0."""
    result: FloatArray = -_stirling_error(k) - _deviance(k, mean) - 0.5 * np.log(k) - _HALF_LOG_2PI
    return result
