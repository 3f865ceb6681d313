"""No network in this process, from now on: a seccomp filter refuses every new socket but
local (``AF_UNIX``) ones, for Python and native code alike.

pyoxigraph makes SERVICE and LOAD requests from Rust (its own HTTP client calls ``socket(2)``
directly), so replacing Python's ``socket.socket`` would not stop it. A seccomp filter is
checked by the kernel on the system call itself: after ``forbid_network()`` the process and
every thread and child it starts get ``EACCES`` from ``socket(AF_INET|AF_INET6|AF_PACKET|
AF_NETLINK|...)``, and nothing can lift the filter (``PR_SET_NO_NEW_PRIVS`` is set first, as
the kernel requires). Already open sockets and pipes keep working. System calls of a foreign
ABI (32-bit ``int 0x80``, x32) are refused as well, so ``socketcall(2)`` cannot go round it.

Only for worker processes: a process that must serve HTTP never calls it.

>>> forbid_network()          # doctest: +SKIP
'seccomp'
"""

from __future__ import annotations

import ctypes
import errno
import platform
import sys

# classic BPF over struct seccomp_data {int nr; u32 arch; u64 ip; u64 args[6]}
_LD_W_ABS, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000
_X32_BIT = 0x40000000
_AF_UNIX = 1
# machine -> (AUDIT_ARCH_*, __NR_socket)
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program(arch: int, nr_socket: int) -> list[tuple[int, int, int, int]]:
    refuse = _ERRNO | errno.EACCES
    return [
        (_LD_W_ABS, 0, 0, 4),            # A = arch
        (_JEQ, 1, 0, arch),
        (_RET, 0, 0, refuse),            # a foreign ABI: refused
        (_LD_W_ABS, 0, 0, 0),            # A = syscall number
        (_JGE, 0, 1, _X32_BIT),
        (_RET, 0, 0, refuse),            # the x32 ABI: refused
        (_JEQ, 0, 3, nr_socket),
        (_LD_W_ABS, 0, 0, 16),           # A = low word of args[0], the address family
        (_JEQ, 1, 0, _AF_UNIX),
        (_RET, 0, 0, refuse),            # socket() of any family but AF_UNIX
        (_RET, 0, 0, _ALLOW),
    ]


def _seccomp() -> bool:
    if not sys.platform.startswith("linux") or platform.machine() not in _ARCHES:
        return False
    steps = _program(*_ARCHES[platform.machine()])
    table = (_Filter * len(steps))(*(_Filter(*step) for step in steps))
    program = _Program(len(steps), table)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) == 0


def _refuse(*_args, **_kwargs):
    raise PermissionError(errno.EACCES, "network access is disabled in this process")


def forbid_network() -> str:
    """Refuse every new network socket in this process; returns the mechanism used:
    ``"seccomp"`` (kernel-enforced, native code included), or ``"python"`` where seccomp is
    unavailable (not Linux x86-64/arm64): then only Python's socket module refuses."""
    if _seccomp():
        return "seccomp"
    import socket

    for name in ("socket", "create_connection", "getaddrinfo"):
        setattr(socket, name, _refuse)
    return "python"
