"""Soak fuzzing: many mutated APKs through the whole scan, in a child process each batch.

    python bench/fuzz_soak.py --cases 10000 --seed 1

Counts outcomes (report / each error code / CRASH), keeps crashing inputs in --keep DIR,
and reports the slowest case. Not a test: run it before a release or after changing input
handling; tests/test_fuzz.py runs a short version on every `make test`.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.errors import AuditorError  # noqa: E402
from auditor.pipeline import ScanOptions, scan  # noqa: E402
from tests.fuzzing import MUTATIONS, mutate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "auditor-fuzz")
    args = parser.parse_args()
    seeds = sorted((ROOT / "sample_apks").glob("*.apk"))
    blobs = [p.read_bytes() for p in seeds]
    rng = random.Random(args.seed)
    stats: collections.Counter[str] = collections.Counter()
    slowest = (0.0, "")
    args.keep.mkdir(parents=True, exist_ok=True)
    case = args.keep / "case.apk"
    start = time.perf_counter()
    for i in range(args.cases):
        kind = rng.choice(MUTATIONS)
        data = mutate(rng.choice(blobs), kind, rng)
        case.write_bytes(data)
        t = time.perf_counter()
        try:
            scan(case, ScanOptions(policies=["baseline"])).to_dict()
            stats["report"] += 1
        except AuditorError as err:
            stats[f"error:{err.code}"] += 1
        except Exception:
            stats["CRASH"] += 1
            kept = args.keep / f"crash-{i}-{kind}.apk"
            kept.write_bytes(data)
            print(f"CRASH case {i} ({kind}) kept as {kept}\n{traceback.format_exc()}", file=sys.stderr)
        took = time.perf_counter() - t
        if took > slowest[0]:
            slowest = (took, kind)
    total = time.perf_counter() - start
    print(
        f"{args.cases} cases (seed {args.seed}) in {total:.0f} s; slowest {slowest[0]:.2f} s ({slowest[1]})"
    )
    for outcome, count in sorted(stats.items()):
        print(f"  {outcome:20} {count}")
    return 1 if stats["CRASH"] else 0


if __name__ == "__main__":
    sys.exit(main())
