"""``triage train / evaluate / predict`` as a data scientist or a script uses them."""
from __future__ import annotations

import json

import pytest

from triage_model.cli import main


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_train_writes_a_current_version_and_prints_held_out_scores(tmp_path, capsys, small_data):
    code, out, err = run(capsys, "train", "--data", small_data[0], "--test", small_data[1], "--out", tmp_path)
    assert code == 0
    assert "held-out scores" in out and "macro-F1" in out and "seed keyword classifier" in out
    assert "triage train" in err  # progress bar
    version = (tmp_path / "current").read_text().strip()
    assert (tmp_path / version / "model.joblib").is_file()


def test_train_accepts_extra_files_such_as_corrections(tmp_path, capsys, small_data):
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(json.dumps({"subject": "Refund", "description": "please refund the double charge",
                                       "category": "billing", "priority": "P3"}) + "\n")
    code, out, _ = run(capsys, "train", "--data", small_data[0], corrections, "--no-test", "--out", tmp_path / "m")
    assert code == 0
    version = (tmp_path / "m" / "current").read_text().strip()
    metadata = json.loads((tmp_path / "m" / version / "metadata.json").read_text())
    assert metadata["training_data"]["files"] == [small_data[0].name, "corrections.jsonl"]


def test_train_rejects_unknown_labels_and_bad_lines_naming_each_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([
        json.dumps({"subject": "a", "description": "b c d", "category": "billing", "priority": "P3"}),
        json.dumps({"subject": "a", "description": "b c d", "category": "refunds", "priority": "P3"}),
        "{not json",
        json.dumps({"subject": "a", "description": "b c d", "category": "billing", "priority": "P0"}),
    ]) + "\n")
    code, out, err = run(capsys, "train", "--data", bad, "--no-test", "--out", tmp_path / "m")
    assert code == 2
    assert "line 2: unknown category 'refunds'" in err
    assert "line 3: not valid JSON" in err
    assert "line 4: unknown priority 'P0'" in err
    assert "Traceback" not in err and not (tmp_path / "m" / "current").exists()


def test_train_with_a_missing_file_says_so(tmp_path, capsys):
    code, _, err = run(capsys, "train", "--data", tmp_path / "nope.jsonl", "--out", tmp_path / "m")
    assert code == 2 and "nope.jsonl: no such file" in err


def test_evaluate_writes_a_report_with_plots_and_the_baseline(tmp_path, capsys, small_model_root, small_data):
    code, out, _ = run(capsys, "evaluate", "--model", small_model_root, "--data", small_data[1], "--report",
                       tmp_path / "r")
    assert code == 0 and "seed keyword classifier" in out
    report = (tmp_path / "r" / "report.md").read_text()
    assert "| category |" in report and "baseline" in report and "account_access" in report
    assert "P1 recall" in report and "| likeliest label (before) |" in report and "| P1 weighted (after) |" in report
    for png in ("confusion_category.png", "confusion_priority.png", "reliability.png"):
        assert (tmp_path / "r" / png).read_bytes()[:4] == b"\x89PNG"
    figures = json.loads((tmp_path / "r" / "report.json").read_text())
    assert set(figures["model"]["category"]["per_class"]) >= {"billing", "security"}


def test_predict_file_one_line_out_per_line_in_with_errors_in_place(tmp_path, capsys, small_model_root):
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "t-1", "subject": "Invoice wrong", "description": "we were billed twice",
                    "channel": "email"}).encode(),
        b'{"id": "t-2", "subject": broken',
        json.dumps({"id": "t-3", "subject": "", "description": "   "}).encode(),
        json.dumps({"id": "t-4", "subject": "Huge", "description": "upload fails " * 9000}).encode(),
        b'{"id": "t-5", "subject": "Caf\xe9", "description": "webhooks arrive hours late"}',
        json.dumps({"subject": "no id", "description": "how do I enforce MFA?"}).encode(),
        json.dumps({"id": "t-7", "subject": 5, "description": "x"}).encode(),
    ]
    source.write_bytes(b"\n".join(lines) + b"\n")
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "predict", "--model", small_model_root, "--input", source, "--output", target)
    assert code == 1  # some lines rejected, the rest triaged
    results = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(results) == len(lines)
    assert results[0]["id"] == "t-1" and results[0]["category"] and "details" in results[0]
    assert results[1]["line"] == 2 and "not valid JSON" in results[1]["error"]
    assert results[2] == {"id": "t-3", "line": 3, "error": "subject and description are both empty"}
    assert results[3]["id"] == "t-4" and results[3]["priority"]
    assert "triaged from its beginning" in results[3]["warnings"][0]
    assert results[4]["id"] == "t-5" and results[4]["category"] and "not valid UTF-8" in results[4]["warnings"][0]
    assert "id" not in results[5] and results[5]["model_version"]
    assert results[6]["id"] == "t-7" and "must be text" in results[6]["error"]
    assert "line 2:" in err and "line 3:" in err and "4 triaged, 3 rejected" in err


def test_predict_text_prints_one_result(capsys, small_model_root):
    code, out, _ = run(capsys, "predict", "--model", small_model_root, "--text", "my 900 MB .wmv upload fails",
                       "--channel", "chat")
    result = json.loads(out)
    assert code == 0 and result["details"]["file_size_mb"] == 900.0 and result["category"]


def test_predict_empty_text_and_missing_model_are_clear_errors(tmp_path, capsys, small_model_root):
    code, _, err = run(capsys, "predict", "--model", small_model_root, "--text", "  ")
    assert code == 2 and "both empty" in err
    code, _, err = run(capsys, "predict", "--model", tmp_path / "none", "--text", "hello")
    assert code == 2 and "triage train" in err and "Traceback" not in err


def test_console_script_is_installed():
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "triage"
    if not exe.exists():
        pytest.skip("console script not installed beside this Python (package not installed with pip -e)")
    done = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "train" in done.stdout and "predict" in done.stdout


def test_evaluate_on_corrections_scores_their_held_out_part_too(tmp_path, capsys, small_model_root, small_data):
    from triage_model.train import held_out_correction

    records = [json.loads(line) for line in small_data[1].read_text().splitlines()][:200]
    corrections = [{**r, "id": f"TICK-{i}", "source": "agent_correction", "corrected_by": "agent@secureai.com",
                    "corrected_at": "2026-11-30T10:00:00+00:00"} for i, r in enumerate(records)]
    path = tmp_path / "corrections.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in corrections))
    code, out, _ = run(capsys, "evaluate", "--model", small_model_root, "--data", path, "--report", tmp_path / "r")
    held = sum(map(held_out_correction, corrections))
    assert code == 0 and "P1 recall" in out and f"held-out corrections ({held} of 200)" in out


def test_training_with_corrections_weights_them_and_holds_one_in_five_out(tmp_path, capsys, small_data):
    records = [json.loads(line) for line in small_data[1].read_text().splitlines()][:100]
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text("".join(json.dumps({**r, "id": f"TICK-{i}", "source": "agent_correction"}) + "\n"
                                   for i, r in enumerate(records)))
    code, _, _ = run(capsys, "train", "--data", small_data[0], corrections, "--no-test", "--out", tmp_path / "m")
    version = (tmp_path / "m" / "current").read_text().strip()
    data = json.loads((tmp_path / "m" / version / "metadata.json").read_text())["training_data"]
    assert code == 0 and data["correction_weight"] > 1
    assert data["corrections"] + data["held_out_corrections"] == 100 and 10 < data["held_out_corrections"] < 35
