"""The closed planning loop for a week of a 300-agent center, stage by stage, against 120 s.

History: calls per 5 minutes at a North American bank (Weinberg, Brown & Stroud 2007;
/work/shared/data/bank_calls.csv), weekdays 07:00-21:00, scaled by one factor so that the
forecast week's peak needs about 300 agents on the phones (Erlang A, AHT 180 s, patience
300 s, 80% within 20 s). A week is the next five open days (the bank is closed at weekends)
in 30-minute intervals; shifts come from examples/planning/bank_shifts.yaml; shrinkage 30%.

(a) in process: history, forecast, staffing, schedule (HiGHS), simulation (each day played on
    its own, several seeded replications) and the plot, each timed;
(b) ``frontline plan ... --json`` in a fresh process, wall time from spawn to exit.

No peer tool runs this loop, so the ratio printed is against the 120 s target.

    benchmarks/run.sh bench_plan.py [--replications 3] [--peak-agents 300] [--png FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

from frontline.adapters.timeseries_csv import RawSeries, load_history, read_counts
from frontline.service.planning.pipeline import run_plan
from frontline.service.planning.plot import plan_png
from frontline.service.planning.settings import RunSettings, ServiceGoal
from frontline.service.planning.staffing_stage import staffing_stage
from frontline.wfm.forecast import forecast_history

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "bank_calls.csv"
if not DATA.exists():
    DATA = Path("/work/shared/data/bank_calls.csv")
SHIFTS = ROOT / "examples" / "planning" / "bank_shifts.yaml"
TARGET_S = 120.0
GOAL = ServiceGoal(aht_s=180, target_s=20, service_level=0.8, patience_s=300, shrinkage=0.3)


def scale_for_peak(raw: RawSeries, peak_agents: int) -> float:
    """The factor on the history that makes the forecast week's peak need ``peak_agents``."""
    scale = 1.0
    for _ in range(3):  # agents are almost linear in load at this size; three steps settle it
        history = load_history(RawSeries(raw.minutes, raw.counts * scale, raw.lines), 30, DATA)
        week = forecast_history(history, 5)
        peak = int(staffing_stage(week.mean, 1800.0, GOAL).agents.max())
        scale *= peak_agents / peak
    return scale


def in_process(scale: float, replications: int, png: Path | None) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    raw = read_counts(DATA, "DateTime", "Calls")
    history = load_history(RawSeries(raw.minutes, raw.counts * scale, raw.lines), 30, DATA)
    read_s = time.perf_counter() - started
    shifts = yaml.safe_load(SHIFTS.read_text(encoding="utf-8"))
    result = run_plan(history, 5, GOAL, shifts, RunSettings(seed=1, replications=replications))
    plot_started = time.perf_counter()
    image = plan_png(result, title="Bank week scaled to a 300-agent peak: plan check")
    if png is not None:
        png.write_bytes(image)
    seconds = {"read history": read_s, **result.seconds}
    seconds["plot"] = time.perf_counter() - plot_started
    totals = result.totals
    days = [date(1970, 1, 1) + timedelta(days=d) for d in result.calendar.days]
    print(
        f"days: {', '.join(f'{d:%a %Y-%m-%d}' for d in days)}, "
        f"{result.calendar.window_text()}, {totals.intervals} intervals"
    )
    print(
        f"peak agents on the phones {totals.peak_required_agents}, peak positions "
        f"{max(r.required_positions for r in result.rows)}, forecast "
        f"{totals.forecast_contacts:,.0f} contacts in the week"
    )
    print(
        f"schedule {totals.schedule_status} cost {totals.schedule_cost:g} paid hours, "
        f"{totals.people} shifts, gap {totals.schedule_gap or 0:.2%}"
    )
    print(
        f"simulated {totals.simulated_contacts:,} contacts ({replications} replications): "
        f"SL {totals.service_level:.3f}, ASA {totals.asa:.1f} s, abandon "
        f"{totals.abandon_rate:.3%}; {totals.missed_intervals} of {totals.intervals} "
        "intervals miss 80/20"
    )
    return time.perf_counter() - started, seconds


def whole_process(scale: float, replications: int) -> float:
    frontline = Path(sys.executable).parent / "frontline"
    raw = read_counts(DATA, "DateTime", "Calls")
    with tempfile.TemporaryDirectory() as work:
        history = Path(work) / "history.csv"
        lines = ["DateTime,Calls"]
        for minute, count in zip(raw.minutes.tolist(), (raw.counts * scale).tolist(), strict=True):
            day, of_day = divmod(minute, 1440)
            stamp = time.strftime("%Y-%m-%dT%H:%M:00", time.gmtime(day * 86400 + of_day * 60))
            lines.append(f"{stamp},{count:.3f}")
        history.write_text("\n".join(lines) + "\n", encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run(
            [str(frontline), "plan", str(history), "--time-column", "DateTime",
             "--value-column", "Calls", "--interval", "30m", "--horizon", "1w",
             "--aht", "180", "--patience", "300", "--target", "20", "--service-level", "0.8",
             "--shrinkage", "0.3", "--shifts", str(SHIFTS), "--out-dir", str(Path(work) / "out"),
             "--seed", "1", "--replications", str(replications), "--json"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        wall = time.perf_counter() - started
    summary = json.loads(done.stdout)
    print(
        f"frontline plan: SL {summary['totals']['service_level']:.3f}, stages {summary['seconds']}"
    )
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=3)
    parser.add_argument("--peak-agents", type=int, default=300)
    parser.add_argument("--png", type=Path, default=None, help="also save the plot here")
    args = parser.parse_args()
    raw = read_counts(DATA, "DateTime", "Calls")
    scale = scale_for_peak(raw, args.peak_agents)
    print(f"history scaled by {scale:.3f} for a peak of about {args.peak_agents} agents")
    total, seconds = in_process(scale, args.replications, args.png)
    for name, value in seconds.items():
        print(f"  {name:<13} {value:7.2f} s")
    print(
        f"in process: {total:.1f} s for the week; target {TARGET_S:.0f} s; "
        f"ratio {total / TARGET_S:.2f} of the target"
    )
    wall = whole_process(scale, args.replications)
    print(
        f"whole process (frontline plan): {wall:.1f} s; ratio {wall / TARGET_S:.2f} of the target"
    )


if __name__ == "__main__":
    main()
