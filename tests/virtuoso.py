"""A live OpenLink Virtuoso for tests (Debian's ``virtuoso-opensource``): a private instance
in a temporary folder, its own ``virtuoso.ini``, free ports on 127.0.0.1, stopped (SIGTERM,
then wait) by whoever started it.

It is set up the way ``docs/stores.md`` tells a user to: a SQL user ``seckg`` with the
``SPARQL_UPDATE`` role writes through the authenticated endpoints (``/sparql-auth``,
``/sparql-graph-crud-auth``, HTTP Digest), anonymous ``/sparql`` only reads, and Virtuoso's
own graphs (``virtrdf#`` and the rest) are private, so the default graph every reader sees is
the union of seckg's graphs and nothing else.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.servers import free_port, wait_until_up

USER = "seckg"
PRIVATE = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"

INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 0
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
DirsAllowed        = {folder}
CaseMode           = 2

[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {folder}
ServerThreads      = 10
Charset            = UTF-8

[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = {timeout_s}
"""

# run once with isql as dba: the writer, and Virtuoso's own graphs kept out of everyone's sight
SETUP = """\
DB.DBA.USER_CREATE ('{user}', '{password}');
GRANT SPARQL_UPDATE TO "{user}";
DB.DBA.RDF_GRAPH_GROUP_CREATE ('{private}', 1);
{private_graphs}
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{user}', 0, 1);
"""


@dataclass(frozen=True, slots=True)
class Virtuoso:
    """A running instance: its ``virtuoso+http://`` location, the writer's credentials, and
    how long it took to start and be set up."""

    location: str
    user: str
    password: str
    sql_port: int
    started_in: float

    @property
    def http(self) -> str:
        return self.location.replace("virtuoso+", "", 1)


def virtuoso_binaries() -> tuple[str, str]:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    assert server and isql, ("OpenLink Virtuoso is missing: apt-get install -y "
                             "virtuoso-opensource (Debian)")
    return server, isql


@contextmanager
def virtuoso_server(folder: Path, *, timeout_s: int = 30):
    """A private Virtuoso in ``folder``; yields a :class:`Virtuoso`."""
    server, isql = virtuoso_binaries()
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:          # pragma: no cover - two probes, one port
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(folder=folder, sql_port=sql_port, http_port=http_port,
                              timeout_s=timeout_s), encoding="utf-8")
    process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(http_port, process, folder)
        password = secrets.token_hex(12)
        _setup(isql, sql_port, password)
        yield Virtuoso(f"virtuoso+http://127.0.0.1:{http_port}", USER, password, sql_port,
                       time.monotonic() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:   # pragma: no cover - it stops on SIGTERM
            process.kill()
            process.wait(timeout=10)


def _wait_until_up(port: int, process: subprocess.Popen, folder: Path,
                   seconds: float = 60) -> None:
    wait_until_up(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", process, "virtuoso-t",
                  seconds=seconds, log=lambda: _log(folder))


def _setup(isql: str, sql_port: int, password: str) -> None:
    graphs = system_graphs(sql_port)
    script = SETUP.format(user=USER, password=password, private=PRIVATE, private_graphs="\n".join(
        f"DB.DBA.RDF_GRAPH_GROUP_INS ('{PRIVATE}', '{g}');" for g in graphs))
    _isql(isql, sql_port, script)


def system_graphs(sql_port: int) -> list[str]:
    """The graphs a fresh Virtuoso holds for itself (``virtrdf#``, ``ldp#``, ...)."""
    _server, isql = virtuoso_binaries()
    out = _isql(isql, sql_port, "SPARQL SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } };",
                "BANNER=OFF", "VERBOSE=OFF")
    return sorted({w for w in out.split() if w.startswith("http")})


def _isql(isql: str, sql_port: int, script: str, *options: str) -> str:
    done = subprocess.run([isql, str(sql_port), "dba", "dba", *options], input=script,
                          capture_output=True, text=True, timeout=60)
    out = done.stdout + done.stderr
    assert done.returncode == 0 and "*** Error" not in out, out
    return out


def _log(folder: Path) -> str:
    log = folder / "virtuoso.log"
    return log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
