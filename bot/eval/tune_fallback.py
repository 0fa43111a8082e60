"""Pick the FallbackClassifier threshold from cross-validated predictions.

    cd bot
    ../.venv-rasa/bin/rasa test nlu --nlu data/nlu.yml --cross-validation --folds 5 --successes --out results/cv
    python3 eval/tune_fallback.py results/cv     # or results/cross-validation after `helpdesk bot-check`

Every message is predicted by a model that never saw it, so the confidences are
those of real unseen messages. Logistic regression is not calibrated, so the support design's
0.70 means nothing here: per threshold the table shows the share of in-scope
messages answered right, sent to "please rephrase", or acted on wrongly, and the
share of out-of-scope messages that would start a business flow.
"""
import json
import sys
from pathlib import Path


def main(results: Path) -> None:
    rows = []
    for name in ("intent_errors.json", "intent_successes.json"):
        for item in json.loads((results / name).read_text()):
            rows.append((item["intent"], item["intent_prediction"]["name"], item["intent_prediction"]["confidence"]))
    inside = [r for r in rows if r[0] != "out_of_scope"]
    outside = [r for r in rows if r[0] == "out_of_scope"]
    print(f"{len(inside)} in-scope and {len(outside)} out-of-scope messages")
    print("threshold  right  rephrase  wrong  out-of-scope starting a flow")
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7):
        right = sum(1 for r in inside if r[1] == r[0] and r[2] >= threshold) / len(inside)
        rephrase = sum(1 for r in inside if r[2] < threshold) / len(inside)
        wrong = sum(1 for r in inside if r[1] != r[0] and r[2] >= threshold) / len(inside)
        leak = sum(1 for r in outside if r[1] != "out_of_scope" and r[2] >= threshold) / len(outside)
        print(f"{threshold:9.2f}  {right:5.3f}  {rephrase:8.3f}  {wrong:5.3f}  {leak:5.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "results/cv"))
