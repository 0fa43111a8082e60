"""Labelled tickets in JSONL (see the labelling guide): reading and checking them."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

CATEGORIES = ("account_access", "upload_issues", "api_integration", "performance", "billing", "security", "general")
PRIORITIES = ("P1", "P2", "P3", "P4")
CHANNELS = ("email", "chat", "phone", "portal")
TIERS = ("starter", "professional", "enterprise")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "training_data"
TRAIN_FILE = DATA_DIR / "train.jsonl"
#: A model version's directory holds these; the model root's CURRENT_FILE names the current version.
MODEL_FILE, METADATA_FILE, CARD_FILE = "model.joblib", "metadata.json", "MODEL_CARD.md"
CURRENT_FILE = "current"
TEST_FILE = DATA_DIR / "test.jsonl"


class DataError(ValueError):
    """A labelled file that cannot be used; the message names the file and line."""


@dataclass
class LineProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def read_jsonl(path: Path) -> tuple[list[tuple[int, dict]], list[LineProblem]]:
    """(line number, object) for every readable line and a problem for every other one.

    Bytes that are not UTF-8 are replaced (U+FFFD) rather than failing the whole file.
    """
    records, problems = [], []
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", errors="replace")
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(LineProblem(number, f"not valid JSON ({exc.msg} at column {exc.colno})"))
                continue
            if not isinstance(obj, dict):
                problems.append(LineProblem(number, "expected a JSON object"))
                continue
            records.append((number, obj))
    return records, problems


def label_problem(record: dict) -> str | None:
    """Why a training record is unusable, or None."""
    if not str(record.get("description") or "").strip() and not str(record.get("subject") or "").strip():
        return "subject and description are both empty"
    if record.get("category") not in CATEGORIES:
        return f"unknown category {record.get('category')!r} (expected one of {', '.join(CATEGORIES)})"
    if record.get("priority") not in PRIORITIES:
        return f"unknown priority {record.get('priority')!r} (expected one of {', '.join(PRIORITIES)})"
    return None


def load_labelled(paths: list[Path]) -> list[dict]:
    """All records of the given files; any bad line stops with every problem listed (a model
    silently trained on part of the data is worse than no new model)."""
    records, errors = [], []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        rows, problems = read_jsonl(path)
        errors += [f"{path}:{p}" for p in problems]
        for number, record in rows:
            problem = label_problem(record)
            if problem:
                errors.append(f"{path}:line {number}: {problem}")
            else:
                records.append(record)
    if errors:
        shown = "\n  ".join(errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise DataError(f"{len(errors)} bad line(s) in the training data:\n  {shown}{more}")
    if not records:
        raise DataError("no labelled tickets in " + ", ".join(map(str, paths)))
    return records


def files_digest(paths: list[Path]) -> tuple[str, int]:
    """sha256 over the files' bytes (in order) and their total size in bytes."""
    digest, size = hashlib.sha256(), 0
    for path in paths:
        data = Path(path).read_bytes()
        digest.update(data)
        size += len(data)
    return digest.hexdigest(), size
