"""`python -m frontline.entrypoints.cli`: the same CLI as the `frontline` script."""

from frontline.entrypoints.cli.main import run

run()
