"""Precision and recall of `categories.<id>.in_code` on the hand-labelled real-APK set.

The set (../shared/realset: labels.json, METHOD.md) says per APK and category whether code
really reads the data (must_find), does not (must_not_find), or cannot be judged (unsure).

    python bench/bench_realset.py                         # table + per-category numbers
    python bench/bench_realset.py --json out.json         # also write the numbers
    python bench/bench_realset.py --evidence              # the evidence behind every error
    python bench/bench_realset.py --extra                 # the project's own labels of the corpus

The set folder is --realset, else $AUDITOR_REALSET, else <repo>/../shared/realset.
--extra measures tests/data/realset-extra.json instead: the corpus APKs (--corpus, else
$AUDITOR_CORPUS, else ~/.cache/auditor-corpus) labelled by this project with the same method,
one reason per cell (docs/accuracy.md).
A must_find cell not reported in code is a miss; a must_not_find cell reported in code is a
false claim; unsure cells are not scored. recall = found must_find / all must_find;
false-claim rate = false cells / all must_not_find cells. Some APKs of the set are live
malware: they are only parsed as files here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REALSET = Path(os.environ.get("AUDITOR_REALSET", ROOT.parent / "shared" / "realset"))
EXTRA_LABELS = ROOT / "tests" / "data" / "realset-extra.json"
DEFAULT_CORPUS = Path(os.environ.get("AUDITOR_CORPUS", Path.home() / ".cache" / "auditor-corpus"))

#: The acceptance bar of issue 15 (tests/test_realset.py asserts it).
MIN_RECALL = 0.95
MAX_FALSE_CLAIM_RATE = 0.02


@dataclass
class Cell:
    """One scored (APK, category) cell that auditor got wrong, with the evidence it gave."""

    file: str
    category: str
    label: str  # must_find | must_not_find
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AppResult:
    file: str
    package: str
    kind: str
    must_find: list[str]
    must_not_find: list[str]
    unsure: list[str]
    in_code: list[str]
    misses: list[str]
    false_claims: list[str]
    score: float | None
    level: str | None
    seconds: float
    error: str | None = None


@dataclass
class CategoryStats:
    category: str
    must_find: int = 0
    found: int = 0
    must_not_find: int = 0
    false_claims: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.must_find if self.must_find else None

    @property
    def precision(self) -> float | None:
        claimed = self.found + self.false_claims
        return self.found / claimed if claimed else None

    @property
    def false_claim_rate(self) -> float | None:
        return self.false_claims / self.must_not_find if self.must_not_find else None


@dataclass
class Measurement:
    realset: str
    apps: list[AppResult]
    categories: list[CategoryStats]
    errors: list[Cell]  # every miss and false claim, with evidence

    @property
    def must_find(self) -> int:
        return sum(c.must_find for c in self.categories)

    @property
    def found(self) -> int:
        return sum(c.found for c in self.categories)

    @property
    def must_not_find(self) -> int:
        return sum(c.must_not_find for c in self.categories)

    @property
    def false_claims(self) -> int:
        return sum(c.false_claims for c in self.categories)

    @property
    def recall(self) -> float:
        return self.found / self.must_find if self.must_find else 1.0

    @property
    def false_claim_rate(self) -> float:
        return self.false_claims / self.must_not_find if self.must_not_find else 0.0

    @property
    def precision(self) -> float:
        claimed = self.found + self.false_claims
        return self.found / claimed if claimed else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "realset": self.realset,
            "totals": {
                "must_find": self.must_find,
                "found": self.found,
                "misses": self.must_find - self.found,
                "must_not_find": self.must_not_find,
                "false_claims": self.false_claims,
                "recall": self.recall,
                "precision": self.precision,
                "false_claim_rate": self.false_claim_rate,
                "min_recall": MIN_RECALL,
                "max_false_claim_rate": MAX_FALSE_CLAIM_RATE,
            },
            "categories": [
                {
                    **asdict(c),
                    "recall": c.recall,
                    "precision": c.precision,
                    "false_claim_rate": c.false_claim_rate,
                }
                for c in self.categories
            ],
            "apps": [asdict(a) for a in self.apps],
            "errors": [asdict(e) for e in self.errors],
        }


def load_labels(realset: Path) -> list[dict[str, Any]]:
    labels = json.loads((realset / "labels.json").read_text(encoding="utf-8"))
    if not isinstance(labels, list):
        raise ValueError(f"{realset / 'labels.json'}: expected a list of APK objects")
    return labels


def _evidence_for(report: Any, category: str, collecting: bool) -> list[dict[str, Any]]:
    """The evidence of one category: the collecting kind for a false claim, all of it for a miss."""
    from auditor.model import COLLECTING_STRENGTHS

    out = []
    for ev in report.evidence:
        if ev.category != category:
            continue
        if collecting and ev.strength not in COLLECTING_STRENGTHS:
            continue
        out.append(ev.to_dict())
    return out


def measure_one(apk: Path, label: dict[str, Any]) -> tuple[AppResult, list[Cell]]:
    """Scan one labelled APK and compare its in_code flags with the label."""
    import auditor
    from auditor.model import CATEGORIES

    start = time.perf_counter()
    mf, mnf, uns = (list(label.get(k) or []) for k in ("must_find", "must_not_find", "unsure"))
    base = {
        "file": label["file"],
        "package": label.get("package", ""),
        "kind": label.get("kind", ""),
        "must_find": mf,
        "must_not_find": mnf,
        "unsure": uns,
    }
    try:
        report = auditor.scan(apk)
    except Exception as exc:  # a scan that fails misses every must_find cell
        err = f"{type(exc).__name__}: {exc}"
        cells = [Cell(label["file"], c, "must_find") for c in mf]
        result = AppResult(
            **base,
            in_code=[],
            misses=mf,
            false_claims=[],
            score=None,
            level=None,
            seconds=time.perf_counter() - start,
            error=err,
        )
        return result, cells
    in_code = [c for c in CATEGORIES if report.categories[c].in_code]
    misses = [c for c in mf if c not in in_code]
    false = [c for c in mnf if c in in_code]
    cells = [Cell(label["file"], c, "must_find", _evidence_for(report, c, False)) for c in misses]
    cells += [Cell(label["file"], c, "must_not_find", _evidence_for(report, c, True)) for c in false]
    result = AppResult(
        **base,
        in_code=in_code,
        misses=misses,
        false_claims=false,
        score=report.score.value,
        level=report.score.level,
        seconds=time.perf_counter() - start,
    )
    return result, cells


def load_extra(path: Path = EXTRA_LABELS) -> list[dict[str, Any]]:
    """The project's own labels of corpus APKs (a list under "labels", APKs by file name)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return list(doc["labels"])


def measure(realset_dir: str | Path = DEFAULT_REALSET) -> Measurement:
    """Scan every APK of the labelled set (one at a time) and score in_code against labels."""
    realset = Path(realset_dir)
    return measure_labels(load_labels(realset), realset)


def measure_extra(corpus: str | Path = DEFAULT_CORPUS, labels: Path = EXTRA_LABELS) -> Measurement:
    """The same measurement on the corpus APKs labelled in tests/data/realset-extra.json."""
    return measure_labels(load_extra(labels), Path(corpus), str(labels))


def measure_labels(labels: list[dict[str, Any]], apk_dir: Path, name: str | None = None) -> Measurement:
    """Scan the labelled APKs under `apk_dir` and score in_code against their labels."""
    from auditor.model import CATEGORIES

    realset = apk_dir
    stats = {c: CategoryStats(c) for c in CATEGORIES}
    apps: list[AppResult] = []
    errors: list[Cell] = []
    for label in labels:
        # labels.json names a path under the set; the extra labels name a file of the corpus
        apk = realset / (label["path"] if "path" in label else label["file"])
        result, cells = measure_one(apk, label)
        apps.append(result)
        errors.extend(cells)
        for c in result.must_find:
            stats[c].must_find += 1
            stats[c].found += c not in result.misses
        for c in result.must_not_find:
            stats[c].must_not_find += 1
            stats[c].false_claims += c in result.false_claims
    return Measurement(name or str(realset), apps, list(stats.values()), errors)


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def render(m: Measurement, evidence: bool = False) -> str:
    lines = []
    w = max(len(a.file) for a in m.apps) if m.apps else 10
    lines.append(f"{'file':<{w}}  {'kind':<20} {'score/level':<14} {'misses':<28} false claims")
    for a in m.apps:
        sl = "error" if a.error else f"{a.score:g}/{a.level}"
        lines.append(
            f"{a.file:<{w}}  {a.kind:<20} {sl:<14} {','.join(a.misses) or '-':<28} "
            f"{','.join(a.false_claims) or '-'}"
        )
        if a.error:
            lines.append(f"{'':<{w}}  scan failed: {a.error}")
    lines.append("")
    lines.append(
        f"{'category':<15} {'must_find':>9} {'found':>6} {'recall':>7} {'mnf':>5} {'false':>6} "
        f"{'f.rate':>7} {'precision':>9}"
    )
    for c in m.categories:
        lines.append(
            f"{c.category:<15} {c.must_find:>9} {c.found:>6} {_pct(c.recall):>7} {c.must_not_find:>5} "
            f"{c.false_claims:>6} {_pct(c.false_claim_rate):>7} {_pct(c.precision):>9}"
        )
    lines.append("")
    lines.append(
        f"recall {m.found}/{m.must_find} = {100 * m.recall:.1f} % (target >= {100 * MIN_RECALL:.0f} %); "
        f"false claims {m.false_claims}/{m.must_not_find} = {100 * m.false_claim_rate:.1f} % "
        f"(target <= {100 * MAX_FALSE_CLAIM_RATE:.0f} %); precision {100 * m.precision:.1f} %"
    )
    if evidence:
        for cell in m.errors:
            what = "MISS" if cell.label == "must_find" else "FALSE CLAIM"
            lines.append("")
            lines.append(f"{what} {cell.file} {cell.category}")
            for ev in cell.evidence:
                lines.append(
                    f"  [{ev['strength']}/{ev['kind']}] {ev['detail']}  caller={ev['caller']} "
                    f"dex={ev['dex']} by={ev['by']} sdk={ev['sdk']} note={ev['note']}"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realset", type=Path, default=DEFAULT_REALSET, help="labelled set folder")
    parser.add_argument("--json", type=Path, help="write the numbers (and error evidence) here")
    parser.add_argument("--evidence", action="store_true", help="print the evidence of each error")
    parser.add_argument("--extra", action="store_true", help="measure tests/data/realset-extra.json")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (--extra)")
    args = parser.parse_args(argv)
    if args.extra:
        m = measure_extra(args.corpus)
    elif not (args.realset / "labels.json").exists():
        print(f"no labels.json in {args.realset}", file=sys.stderr)
        return 2
    else:
        m = measure(args.realset)
    print(render(m, args.evidence))
    if args.json:
        args.json.write_text(json.dumps(m.to_dict(), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
