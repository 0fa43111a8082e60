"""A small model trained once per test session (about 2 s), for tests that need a fresh one."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage_model.data import TEST_FILE, TRAIN_FILE


def sample(path: Path, every: int) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[::every]]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_data(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("triage-data")
    return (write_jsonl(folder / "train.jsonl", sample(TRAIN_FILE, 6)),
            write_jsonl(folder / "test.jsonl", sample(TEST_FILE, 5)))


@pytest.fixture(scope="session")
def small_model_root(tmp_path_factory, small_data) -> Path:
    from triage_model.train import train

    root = tmp_path_factory.mktemp("triage-models")
    train([small_data[0]], root, small_data[1], progress=False)
    return root


@pytest.fixture(scope="session")
def small_model(small_model_root):
    from triage_model import load_current

    return load_current(small_model_root)
