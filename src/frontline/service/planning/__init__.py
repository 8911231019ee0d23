"""Workforce planning as one closed loop: forecast, staffing, schedule, then simulation.

`pipeline.run_plan` chains the stages and reports, per interval, what was required, what was
scheduled and what the simulator says the schedule delivers. `multiskill` searches agent-group
sizes by simulation when queues share agents. The guide is docs/guides/planning.md.
"""
