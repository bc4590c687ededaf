"""Writing and reading the 集計ブック without the cyclic garbage collector's passes.

When the 集計ブック is written, the submissions read before it (millions of small objects at
2,000 workbooks) and the writer's own cell records are all alive, and each full collection
walks every one of them: measured at 2,000 submissions, about 5 s of CPU time spent in
collections that free nothing, since reading and writing leave no cyclic garbage behind
them. Reading it back (``opening.py``) makes and drops an XML element per cell, millions
of them, and the collections they set off took 3 of 8 s of parsing 集計一覧 of 2,000
submissions. Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Automatic collection off for the block, then back as it was.

    Only what this block turned off is turned back on: the desktop application keeps
    automatic collection off on purpose (``gui/gc_guard.py`` collects on the GUI thread)
    and must find it off again after a merge run on a worker thread.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
