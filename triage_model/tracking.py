"""Every training run written as an MLflow run, in MLflow's local file-store layout.

MLflow itself is not a dependency: with its server, database and UI extras it would add
hundreds of megabytes to an install that only needs to *record* runs. The layout below is
what MLflow's FileStore reads, so data scientists browse and compare the runs with their
own MLflow (``mlflow ui --backend-store-uri var/models/mlruns``), offline.

    mlruns/<experiment id>/meta.yaml
    mlruns/<experiment id>/<run id>/meta.yaml, params/<key>, metrics/<key>, tags/<key>, artifacts/
"""
from __future__ import annotations

import getpass
import hashlib
import shutil
import time
import uuid
from pathlib import Path

import yaml

EXPERIMENT = "triage"
RUN_FINISHED, SOURCE_LOCAL = 3, 4  # mlflow.entities.RunStatus.FINISHED, SourceType.LOCAL


def experiment_id(name: str) -> str:
    """A stable numeric id per experiment name (MLflow's file store uses numeric ids)."""
    return str(int(hashlib.sha256(name.encode()).hexdigest()[:12], 16))


def record_run(store: Path, run_name: str, params: dict, metrics: dict, tags: dict,
               artifacts: list[Path], started: float, ended: float) -> Path:
    """Write one finished run; returns its directory. ``started``/``ended``: epoch seconds."""
    store = Path(store).resolve()
    experiment = store / experiment_id(EXPERIMENT)
    now_ms = int(time.time() * 1000)
    if not (experiment / "meta.yaml").is_file():
        experiment.mkdir(parents=True, exist_ok=True)
        _yaml(experiment / "meta.yaml", {
            "artifact_location": experiment.as_uri(), "creation_time": now_ms, "experiment_id": experiment.name,
            "last_update_time": now_ms, "lifecycle_stage": "active", "name": EXPERIMENT})
    run_id = uuid.uuid4().hex
    run = experiment / run_id
    for folder in ("params", "metrics", "tags", "artifacts"):
        (run / folder).mkdir(parents=True)
    _yaml(run / "meta.yaml", {
        "artifact_uri": (run / "artifacts").as_uri(), "end_time": int(ended * 1000), "entry_point_name": "",
        "experiment_id": experiment.name, "lifecycle_stage": "active", "run_id": run_id, "run_name": run_name,
        "run_uuid": run_id, "source_name": "", "source_type": SOURCE_LOCAL, "source_version": "",
        "start_time": int(started * 1000), "status": RUN_FINISHED, "tags": [], "user_id": _user()})
    for key, value in params.items():
        (run / "params" / key).write_text(str(value), encoding="utf-8")
    for key, value in metrics.items():
        if value is not None:
            (run / "metrics" / key).write_text(f"{int(ended * 1000)} {float(value)} 0\n", encoding="utf-8")
    for key, value in {"mlflow.runName": run_name, "mlflow.user": _user(), **tags}.items():
        (run / "tags" / key).write_text(str(value), encoding="utf-8")
    for path in artifacts:
        shutil.copy2(path, run / "artifacts" / Path(path).name)
    return run


def _yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=True), encoding="utf-8")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
