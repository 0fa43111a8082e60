"""``triage``: train, evaluate and use the ticket triage model.

    triage train [--data FILE ...] [--out DIR] [--force]   # promoted only when not worse (the gate)
    triage models | promote VERSION | rollback
    triage evaluate [--model DIR] [--data FILE] [--report DIR]
    triage predict --input IN.jsonl --output OUT.jsonl      (or --text "...")

Exit status: 0 done, 1 done but some input lines were rejected (each reported with its
line number), 2 nothing done (no usable model, unreadable data, bad arguments), 3 the
trained model was worse than the current one and was kept as a candidate only.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from triage_model.data import TEST_FILE, TRAIN_FILE, DataError, load_labelled, read_jsonl
from triage_model.model import CURRENT_FILE, ModelLoadError, TriageModel, load_current, load_model
from triage_model.registry import promote, rollback, side_by_side, versions
from triage_model.train import DEFAULT_MODEL_ROOT, held_out_correction, train

#: Descriptions longer than this are still triaged, from their beginning, with a warning.
LONG_TEXT_CHARS = 20_000
BATCH = 2000


def open_model(path: Path, threshold: float | None = None) -> TriageModel:
    """A model root (holding ``current``) or one version directory."""
    if (path / CURRENT_FILE).is_file():
        return load_current(path, threshold)
    return load_model(path, threshold)


def cmd_train(args) -> int:
    data = args.data or [TRAIN_FILE]
    test = None if args.no_test else args.test
    trained = train(data, Path(args.out), test, promote=not args.no_promote, force=args.force)
    report, name = trained.report, trained.version_dir.name
    if report:
        print(f"held-out scores on {test} ({report['tickets']} tickets):")
        for target in ("category", "priority"):
            m, b = report["model"][target], report["baseline"][target]
            print(f"  {target:<9} macro-F1 {m['macro_f1']:.3f}  accuracy {m['accuracy']:.3f}  "
                  f"(seed keyword classifier {b['macro_f1']:.3f})  ECE {report['reliability'][target]['ece']:.3f}")
        p1 = report["model"]["priority"]["per_class"]["P1"]
        print(f"  P1 recall {p1['recall']:.3f} (precision {p1['precision']:.3f}); needs_review "
              f"{report['needs_review_share']:.1%}, "
              f"category right on {report['review_accuracy']['unflagged']['category']:.1%} of the rest")
    if trained.comparison:
        print("challenger against the current model (champion):")
        print(side_by_side(trained.comparison))
    if trained.promoted:
        print(f"model {name} written to {trained.version_dir} (now current)")
        return 0
    if args.no_promote:
        print(f"model {name} written to {trained.version_dir} (not made current: --no-promote)")
        return 0
    print(f"model {name} is worse than the current one: kept as a candidate, current unchanged "
          f"(`triage promote {name}` or `triage train --force` to serve it anyway)", file=sys.stderr)
    return 3


def cmd_models(args) -> int:
    found = versions(Path(args.model))
    if not found:
        print(f"no model versions in {args.model}")
        return 0
    print(f"  {'version':<26} {'created':<20} {'data':<9} {'tickets':>7} {'cat F1':>6} {'pri F1':>6} {'P1 rec':>6} "
          f"{'review':>6}")
    for v in found:
        m = v.get("metrics") or {}
        figure = lambda key, fmt="{:.3f}", m=m: fmt.format(m[key]) if m.get(key) is not None else "-"  # noqa: E731
        data = v.get("training_data", {})
        print(f"{'*' if v['current'] else ' '} {v['version']:<26} {v.get('created_at', '-')[:19]:<20} "
              f"{data.get('sha256', '-')[:8]:<9} {data.get('tickets', '-'):>7} {figure('category_macro_f1'):>6} "
              f"{figure('priority_macro_f1'):>6} {figure('p1_recall'):>6} {figure('needs_review_share', '{:.1%}'):>6}"
              + ("  (broken)" if v.get("broken") else ""))
    print("* current; figures on the held-out split")
    return 0


def cmd_promote(args) -> int:
    promote(Path(args.model), args.version)
    print(f"model {args.version} is now current")
    return 0


def cmd_rollback(args) -> int:
    print(f"model {rollback(Path(args.model))} is current again")
    return 0


def cmd_evaluate(args) -> int:
    from triage_model.evaluate import evaluate, markdown, plot

    model = open_model(Path(args.model))
    records = load_labelled([Path(args.data)])
    report = evaluate(model, records)
    out = Path(args.report or Path("reports") / f"triage-{model.version}")
    plot(report, out)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(markdown(report, model.version, str(args.data)), encoding="utf-8")
    for target in ("category", "priority"):
        m, b = report["model"][target], report["baseline"][target]
        print(f"{target:<9} macro-F1 {m['macro_f1']:.3f} (seed keyword classifier {b['macro_f1']:.3f})")
        for label, s in m["per_class"].items():
            print(f"    {label:<16} P {s['precision']:.2f}  R {s['recall']:.2f}  F1 {s['f1']:.2f}  n={s['support']}")
    p1 = report["model"]["priority"]["per_class"]["P1"]
    print(f"P1 recall {p1['recall']:.3f} (precision {p1['precision']:.3f}, {p1['support']} P1 tickets); "
          f"needs_review {report['needs_review_share']:.1%}")
    held = [r for r in records if held_out_correction(r)]
    if held:  # the part of the corrections no model trained by `triage train` has seen
        part = evaluate(model, held)
        print(f"held-out corrections ({len(held)} of {len(records)}): category macro-F1 "
              f"{part['model']['category']['macro_f1']:.3f}, priority {part['model']['priority']['macro_f1']:.3f}, "
              f"P1 recall {part['model']['priority']['per_class']['P1']['recall']:.3f}")
    print(f"report: {out / 'report.md'} (confusion matrices and reliability plot beside it)")
    return 0


def check_record(obj: dict) -> tuple[str | None, list[str]]:
    """(error, warnings) for one input record of ``predict``."""
    warnings = []
    for field in ("subject", "description"):
        value = obj.get(field)
        if value is not None and not isinstance(value, str):
            return f"'{field}' must be text, got {type(value).__name__}", warnings
    if "description" not in obj and "subject" not in obj:
        return "record needs 'subject' and 'description'", warnings
    if not (obj.get("subject") or "").strip() and not (obj.get("description") or "").strip():
        return "subject and description are both empty", warnings
    if len(obj.get("description") or "") > LONG_TEXT_CHARS:
        warnings.append(f"description has {len(obj['description'])} characters; triaged from its beginning")
    return None, warnings


def cmd_predict(args) -> int:
    if args.text is None and not args.input:
        print("triage predict: give --input FILE.jsonl (with --output) or --text", file=sys.stderr)
        return 2
    model = open_model(Path(args.model), args.threshold)
    if args.text is not None:
        record = {"subject": args.subject or "", "description": args.text, "channel": args.channel}
        error, _ = check_record(record)
        if error:
            print(f"triage predict: {error}", file=sys.stderr)
            return 2
        print(json.dumps(model.predict([record])[0], indent=2, ensure_ascii=False))
        return 0
    return predict_file(model, Path(args.input), Path(args.output) if args.output else None)


def predict_file(model: TriageModel, source: Path, target: Path | None) -> int:
    """One output line per input line, same order; a bad line gets an ``error`` and the rest go on."""
    rows, problems = read_jsonl(source)
    raw_lines = source.read_bytes().split(b"\n")
    results: dict[int, dict] = {p.line: {"line": p.line, "error": p.message} for p in problems}
    pending = []
    for number, obj in rows:
        error, warnings = check_record(obj)
        if _undecodable(raw_lines[number - 1]):
            warnings.append("line is not valid UTF-8; undecodable bytes were replaced")
        if error:
            results[number] = {"line": number, "error": error}
        else:
            pending.append((number, obj, warnings))
    for start in range(0, len(pending), BATCH):
        chunk = pending[start:start + BATCH]
        for (number, _obj, warnings), prediction in zip(chunk, model.predict([o for _, o, _ in chunk]), strict=False):
            results[number] = prediction | ({"warnings": warnings} if warnings else {})
    for number, obj in rows:
        if "id" in obj and number in results:
            results[number] = {"id": obj["id"], **results[number]}
    out = open(target, "w", encoding="utf-8") if target else sys.stdout
    try:
        for number in sorted(results):
            out.write(json.dumps(results[number], ensure_ascii=False) + "\n")
    finally:
        if target:
            out.close()
    bad = [r for r in results.values() if "error" in r]
    for r in bad:
        print(f"triage predict: {source}: line {r['line']}: {r['error']}", file=sys.stderr)
    for number, r in sorted(results.items()):
        for warning in r.get("warnings", []):
            print(f"triage predict: {source}: line {number}: {warning}", file=sys.stderr)
    print(f"triage predict: {len(results) - len(bad)} triaged, {len(bad)} rejected"
          + (f", written to {target}" if target else ""), file=sys.stderr)
    return 1 if bad else 0


def _undecodable(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="triage", description="Ticket triage model: train, evaluate, predict.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("train", help="train a new model version from labelled JSONL")
    p.add_argument("--data", nargs="+", type=Path, metavar="PATH",
                   help=f"labelled JSONL files (default {TRAIN_FILE.relative_to(TRAIN_FILE.parent.parent)}); "
                        "list it with extra files, e.g. agents' corrections, to add them")
    p.add_argument("--out", default=DEFAULT_MODEL_ROOT, metavar="DIR", help="model root (default %(default)s)")
    p.add_argument("--test", type=Path, default=TEST_FILE, metavar="PATH", help="held-out file scored after training")
    p.add_argument("--no-test", action="store_true", help="skip the held-out scoring")
    p.add_argument("--no-promote", action="store_true", help="do not make the new version current")
    p.add_argument("--force", action="store_true", help="make it current even when the gate finds it worse")
    p.set_defaults(run=cmd_train)
    p = sub.add_parser("models", help="list model versions, marking the current one")
    p.add_argument("--model", default=DEFAULT_MODEL_ROOT, metavar="DIR", help="model root")
    p.set_defaults(run=cmd_models)
    p = sub.add_parser("promote", help="make a version current")
    p.add_argument("version")
    p.add_argument("--model", default=DEFAULT_MODEL_ROOT, metavar="DIR", help="model root")
    p.set_defaults(run=cmd_promote)
    p = sub.add_parser("rollback", help="make the previously current version current again")
    p.add_argument("--model", default=DEFAULT_MODEL_ROOT, metavar="DIR", help="model root")
    p.set_defaults(run=cmd_rollback)
    p = sub.add_parser("evaluate", help="scores, plots and a report for a model on labelled JSONL")
    p.add_argument("--model", default=DEFAULT_MODEL_ROOT, metavar="DIR", help="model root or version directory")
    p.add_argument("--data", type=Path, default=TEST_FILE, metavar="PATH",
                   help="labelled JSONL (default: the held-out split)")
    p.add_argument("--report", metavar="DIR",
                   help="where to write report.md and the plots (default reports/triage-VERSION)")
    p.set_defaults(run=cmd_evaluate)
    p = sub.add_parser("predict", help="category, priority and details for tickets")
    p.add_argument("--model", default=DEFAULT_MODEL_ROOT, metavar="DIR", help="model root or version directory")
    p.add_argument("--input", metavar="FILE.jsonl",
                   help="records with subject and description (channel, id optional)")
    p.add_argument("--output", metavar="FILE.jsonl", help="where to write one result per input line (default: stdout)")
    p.add_argument("--text", help="triage one ticket given as text")
    p.add_argument("--subject", help="subject for --text")
    p.add_argument("--channel", choices=["email", "chat", "phone", "portal"])
    p.add_argument("--threshold", type=float,
                   help="needs_review below this category confidence (default: the model's, chosen on validation)")
    p.set_defaults(run=cmd_predict)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (ModelLoadError, DataError) as exc:
        print(f"triage {args.command}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"triage {args.command}: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
