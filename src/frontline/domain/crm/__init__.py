"""CRM and case management rules: pure, no I/O, time passed in as aware datetimes.

The surface the service layer calls:

* `business_calendar.BusinessCalendar` – opening hours in a time zone, holidays, special days;
  ``add_business_time`` / ``business_time_between`` / ``is_open`` / ``next_open``.
* `cases.Case` – the ticket and its status machine (`case_status.LEGAL_TRANSITIONS`), entries,
  linked interactions, reopen rules and the FCR rule.
* `sla.SlaPolicyBook` + `sla_clock.evaluate` – SLA states per target and the warning/breach
  events not yet emitted.
* `escalation.escalate` (manual) and `escalation.plan_escalations` (rules as data).
* `scripts.Script` (authoring and validation) and `script_runner.ScriptRun` (running, saving).
* `identity` (normalisation and matching) and `customer_merge.plan_merge`.
* `timeline` – merged, stably ordered customer timeline with cursor paging.
* `dispositions` – wrap-up codes per queue, required before an interaction closes.

Errors are in `errors`: all are `ValueError`s and also the organisation error kinds, so the
HTTP layer maps them like the rest of the model.
"""
