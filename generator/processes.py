"""Child processes that die with their parent.

A build runs MkDocs in worker processes, reads tickets in another and runs Node.js for the
search checks. If the parent is killed (SIGKILL, or a CI runner cancelling the job), those
children must not keep running and writing. On Linux the kernel does this for us: a child
asks for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``). Elsewhere a worker
checks that its parent is still there and exits otherwise.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


def die_with_parent(parent: int | None = None) -> None:
    """In a child process: be killed when the parent dies (Linux), and exit now if it already has.

    ``parent`` is the pid the child was started from (a worker initializer passes it), so a
    parent that died before the request took effect is noticed too.
    """
    if sys.platform.startswith("linux"):
        libc = _libc()
        if libc is not None:
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def child_preexec() -> None:
    """``preexec_fn`` for subprocesses (Node.js, Pagefind): die with this process."""
    die_with_parent()
