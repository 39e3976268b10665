"""Extraction speed of this tree beside the previous release's, in one run.

    python benchmarks/extraction.py [--baseline REF] [--repeat 3]

Both read the same texts (the project's letters and the real corpus's development part)
with ``read_letter_facts``, each in a process of its own, after one warm-up pass (word
lists, lemma dictionaries and models are loaded once per process, as in a batch), the
two taking turns ``--repeat`` times; the best run of each counts. The previous release
is checked out from git into a temporary worktree; it runs with this environment's
packages. Prints milliseconds per text for each and their ratio.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The last release before the lemma-level mapper (version 0.1.0 on main).
BASELINE = "a081413"

_MEASURE = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from c87.input import read_letter
from c87.mapper.assemble import read_letter_facts
files = [Path(p) for p in json.loads(sys.argv[2])]
texts = [read_letter(f) for f in files]
for t in texts:
    read_letter_facts(t)
best = None
for _ in range(int(sys.argv[3])):
    start = time.perf_counter()
    for t in texts:
        read_letter_facts(t)
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(json.dumps({"texts": len(texts), "ms_per_text": best / len(texts) * 1000}))
"""


def texts() -> list[str]:
    found = sorted((ROOT / "tests" / "letters").rglob("*.txt"))
    found += sorted((ROOT / "tests" / "corpus" / "dev").glob("*.txt"))
    return [str(p) for p in found]


def measure(src: Path, files: list[str], repeat: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(src), json.dumps(files),
                          str(repeat)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="git ref of the previous release")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = texts()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree),
                        args.baseline], check=True)
        try:
            # Alternate the two, so that a busy moment of the machine hits both alike.
            runs = [(measure(ROOT / "src", files, 2), measure(tree / "src", files, 2))
                    for _ in range(args.repeat)]
            now = min((r[0] for r in runs), key=lambda r: r["ms_per_text"])
            before = min((r[1] for r in runs), key=lambda r: r["ms_per_text"])
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False)
    ratio = now["ms_per_text"] / before["ms_per_text"]
    print(f"| extraction, {now['texts']} texts | ms/text |\n| --- | --- |\n"
          f"| this tree | {now['ms_per_text']:.1f} |\n"
          f"| previous release ({args.baseline}) | {before['ms_per_text']:.1f} |\n"
          f"| ratio (this / previous) | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
