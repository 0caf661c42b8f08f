"""Train several NLI recipes side by side and compare them on RTE-3 dev, ConjNLI dev and the probes.

Model selection for `make model`: each configuration is a `models.train` run in its own
process (the GPU, when there is one, is shared), writing build/sweep/NAME; the summary
(build/sweep/summary.json) lists each one's scores as shipped. RTE-3 dev is used for
selection and calibration only, as the recipe says.

Run: .venv/bin/python bench/nli_sweep.py [--jobs=N] NAME="--epochs 3 ..." [NAME="..."]
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SWEEP = Path("build/sweep")


def launch(name: str, options: str, threads: int) -> subprocess.Popen:
    out = SWEEP / name
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "models.train", "--out", str(out), "--threads", str(threads)]
    log = (SWEEP / f"{name}.log").open("w")
    return subprocess.Popen([*command, *shlex.split(options)], stdout=log, stderr=subprocess.STDOUT)


def probe_score(directory: Path) -> tuple[int, list[str]]:
    from bench.nli_bench import PROBES
    from models.nli import NLIModel

    model = NLIModel.load(directory)
    preds = model.predict([(p, h) for p, h, _ in PROBES])
    return sum(pred.label in ok for pred, (_, _, ok) in zip(preds, PROBES, strict=True)), [p.label for p in preds]


def summarise(name: str, options: str, returncode: int) -> dict:
    directory = SWEEP / name
    if returncode != 0 or not (directory / "training.json").exists():
        return {"name": name, "options": options, "failed": returncode}
    record = json.loads((directory / "training.json").read_text())
    calibration = json.loads((directory / "calibration.json").read_text())
    right, labels = probe_score(directory)
    return {
        "name": name,
        "options": options,
        "train_seconds": record["train_seconds"],
        "training_pairs": record["training_pairs"],
        "rte3_accuracy": record["rte3_dev"]["accuracy"],
        "rte3_contradiction_f1": record["rte3_dev"]["contradiction_f1"],
        "conjnli_accuracy": record["conjnli_dev"]["accuracy"],
        "at_threshold": calibration["at_threshold"],
        "probes_right": right,
        "probe_labels": labels,
    }


def main(argv: list[str]) -> None:
    # One GPU time-sliced between several training processes runs each far slower than alone.
    jobs = int(argv.pop(0).removeprefix("--jobs=")) if argv and argv[0].startswith("--jobs=") else len(argv)
    configs = dict(arg.split("=", 1) for arg in argv)
    threads = max(1, (os.cpu_count() or 1) // max(1, jobs))
    names = list(configs)
    results = []
    for start in range(0, len(names), jobs):
        running = {name: launch(name, configs[name], threads) for name in names[start : start + jobs]}
        results += [summarise(name, configs[name], proc.wait()) for name, proc in running.items()]
        (SWEEP / "summary.json").write_text(json.dumps(results, indent=2) + "\n")
    for r in results:
        print(json.dumps(r))


if __name__ == "__main__":
    main(sys.argv[1:])
