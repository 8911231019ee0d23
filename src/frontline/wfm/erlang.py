"""Public queueing API of Frontline's workforce management: Erlang B, C and A, and staffing.

Import from here; the models live in ``erlang_b``, ``erlang_c``, ``erlang_a`` and
``staffing``. Every function takes scalars or numpy arrays (one entry per interval) and
returns numpy arrays (0-d for scalars), so a whole forecast day is one call:

    >>> from frontline.wfm.erlang import erlang_c_stats, staff_for_service_level
    >>> stats = erlang_c_stats(arrival_rate=100 / 1800, aht=180, agents=14, target=20)
    >>> round(float(stats.service_level), 5)
    0.88835
    >>> staffing = staff_for_service_level(100 / 1800, 180, 20, 0.8, shrinkage=0.3)
    >>> int(staffing.agents), int(staffing.positions)
    (14, 20)

Times may be in any unit as long as rate, AHT, threshold and patience agree.
See docs/guides/erlang.md for the formulas, their references and how planners use them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from frontline.wfm.erlang_a import erlang_a_stats
from frontline.wfm.erlang_b import erlang_b
from frontline.wfm.erlang_c import erlang_c, erlang_c_stats
from frontline.wfm.erlang_common import ErlangInputError, FloatArray, QueueStats, as_float_array
from frontline.wfm.staffing import (
    StaffingResult,
    positions_after_shrinkage,
    staff_for_service_level,
)

__all__ = [
    "ErlangInputError",
    "QueueStats",
    "StaffingResult",
    "arrival_rate",
    "erlang_a_stats",
    "erlang_b",
    "erlang_c",
    "erlang_c_stats",
    "offered_traffic",
    "positions_after_shrinkage",
    "staff_for_service_level",
]


def arrival_rate(contacts: npt.ArrayLike, interval: npt.ArrayLike) -> FloatArray:
    """Contacts per time unit from a count per interval (e.g. 100 calls per 1800 s)."""
    count = as_float_array("contacts", contacts, allow_zero=True)
    length = as_float_array("interval", interval, allow_zero=False)
    rate: FloatArray = np.asarray(count / length, dtype=np.float64)
    return rate


def offered_traffic(
    contacts: npt.ArrayLike, interval: npt.ArrayLike, aht: npt.ArrayLike
) -> FloatArray:
    """Offered load in Erlangs: contacts per interval × AHT ÷ interval length."""
    handle = as_float_array("aht", aht, allow_zero=False)
    load: FloatArray = arrival_rate(contacts, interval) * handle
    return load
