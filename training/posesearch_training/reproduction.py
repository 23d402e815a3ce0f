"""The command line a run records (in checkpoints, config.json, evaluation and calibration JSON) so that
its result can be reproduced: the documented interpreter and the arguments as given."""
from __future__ import annotations

import shlex

# The interpreter the docs name (Debian's python3, which has torch); recorded, not executed.
DOCUMENTED_PYTHON = "/usr/bin/python3"


def reproduction_command(command: str, argv: list[str]) -> str:
    """e.g. `/usr/bin/python3 -m posesearch_training evaluate runs/a/last.pt --size 3000`."""
    return f"{DOCUMENTED_PYTHON} -m posesearch_training {command} " + " ".join(shlex.quote(a) for a in argv)
