"""Optional stage: put named agents on the chosen shifts (``frontline schedule``'s rostering).

Days in ``AGENTS.yaml`` (``days_off``, ``availability``) are the plan's open days in order:
day 0 is the first planned day. A contract that cannot be honoured (a minimum of hours that
days off, availability or skills rule out) stops the plan with a message naming the agent.
"""

from __future__ import annotations

from typing import Any

from frontline.service.planning.errors import PlanningError
from frontline.service.planning.schedule_stage import ScheduleStage
from frontline.wfm.scheduling import SchedulingInputError
from frontline.wfm.scheduling.roster import build_roster
from frontline.wfm.scheduling.roster_model import RosterResult
from frontline.wfm.scheduling.roster_spec import parse_agents, shifts_to_roster


def roster_stage(
    schedule: ScheduleStage, interval_minutes: int, agents_document: Any, time_limit_s: float
) -> RosterResult:
    """Assign the agents of ``agents_document`` to the selected shifts."""
    try:
        agents = parse_agents(agents_document)
        seats = shifts_to_roster(schedule.problem, schedule.result, interval_minutes)
        return build_roster(agents, seats, time_limit=time_limit_s)
    except SchedulingInputError as exc:
        raise PlanningError(f"agents file: {exc}") from None
