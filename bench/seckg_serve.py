"""`seckg serve` exactly as the command runs it (waitress, query worker processes answering
from an in-memory copy of the store), with one setting the command line does not offer yet:
the result limit. The bench compares like for like, so seckg must not cap rows.

    python -m bench.seckg_serve --store DIR --result-limit 10000000 -- --port 5001
"""

from __future__ import annotations

import argparse
import logging
import sys

from api.cli import serve
from kg.config import Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--result-limit", type=int, default=10_000_000)
    parser.add_argument("serve_args", nargs=argparse.REMAINDER,
                        help="options of seckg serve, after --")
    args = parser.parse_args(argv)
    rest = [a for a in args.serve_args if a != "--"]
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    settings = Settings().with_(store=args.store, result_limit=args.result_limit)
    serve.main(args=rest, obj=settings, prog_name="seckg serve")


if __name__ == "__main__":
    main()
