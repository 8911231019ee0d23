"""Where the quantised encoder is kept between processes, so only the first one pays for it.

Building and quantising the int8 graph takes a few seconds (more on a busy machine), which a
server pays once but ``frontline bot classify`` would pay on every call. The result is a
deterministic function of the weights file, the layer choice, the code that builds it and the
onnxruntime version, so it is stored under the user's cache folder with all of those in its name
(``$XDG_CACHE_HOME`` or ``~/.cache``, then ``frontline/minilm-int8``). The weights package may
live in a read-only site-packages, hence not next to the weights. A cache that cannot be written
is skipped: the graph is then rebuilt per process, which is slower but still correct.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def cache_file(weights: Path, layers: tuple[int, ...], recipe: str) -> Path:
    """The cache path for this weights file (by size and modification time) and layer choice.

    ``recipe`` names how the graph is made (the builder's code and the runtime version): a
    change there gives a new file name, so an old graph is never reused.
    """
    stat = weights.stat()
    key = f"{recipe}|{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(f"{key}|{layers}".encode()).hexdigest()[:24]
    return _cache_folder() / f"minilm-{digest}.onnx"


def read_cached(path: Path) -> bytes | None:
    """The cached model bytes, or None when absent or unreadable."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_cached(path: Path, serialized: bytes) -> None:
    """Store ``serialized`` atomically (a reader never sees half a file); ignore a failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(serialized)
        os.replace(temporary, path)
    except OSError:
        return


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "frontline" / "minilm-int8"
