"""The contact-center simulator: the production routing engine driven by simulated time.

Load a scenario with `frontline.sim.scenario_files.load_scenario_file` (format in
docs/guides/simulator.md) and run it with `frontline.sim.runner.simulate`; metrics are the
shared definitions of `frontline.domain.metrics`.
"""
