"""Pick the FallbackClassifier threshold on held-out messages (run in the Rasa env).

    cd bot && ../.venv-rasa/bin/python eval/tune_fallback.py models/current.tar.gz

In-scope messages should keep their (right) intent; out-of-scope ones should end in
``out_of_scope`` or ``nlu_fallback``, never in a business intent. Logistic
regression is not calibrated, so the seed's 0.70 means nothing here: we choose
the threshold where both kinds of error are lowest.
"""
import asyncio
import sys

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

# Messages about nothing we do (and gibberish): they must not start a business flow.
UNSEEN_OUT_OF_SCOPE = [
    "can you recommend a good laptop", "what's the capital of australia", "my car won't start",
    "how do i bake a cake", "who will win the election", "can you fix my printer", "what is love",
    "i like turtles", "qwertz uiop", "blue banana keyboard", "do you sell tickets for the concert",
    "my neighbour is noisy", "how far is the moon", "book a table for two", "teach me spanish",
    "the cat sat on the mat", "hmm", "??", "what's your salary", "where do you live",
]


CHOSEN = 0.35


async def main(model: str) -> None:
    agent = Agent.load(model)
    data = load_data("eval/heldout.yml")
    rows = []
    for example in data.intent_examples:
        if example.get("intent") == "out_of_scope":
            continue
        parsed = await agent.parse_message(example.get("text"))
        top = parsed["intent_ranking"][0] if parsed["intent_ranking"] else parsed["intent"]
        if top["name"] == "nlu_fallback" and len(parsed["intent_ranking"]) > 1:
            top = parsed["intent_ranking"][1]
        rows.append(("in", example.get("intent"), top["name"], top["confidence"]))
    for text in UNSEEN_OUT_OF_SCOPE:
        parsed = await agent.parse_message(text)
        ranking = [r for r in parsed["intent_ranking"] if r["name"] != "nlu_fallback"]
        rows.append(("out", "out_of_scope", ranking[0]["name"], ranking[0]["confidence"]))
    print("threshold  in-scope right  in-scope lost to fallback  out-of-scope that start a flow")
    for threshold in [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7]:
        inside = [r for r in rows if r[0] == "in"]
        outside = [r for r in rows if r[0] == "out"]
        right = sum(1 for r in inside if r[2] == r[1] and r[3] >= threshold)
        lost = sum(1 for r in inside if r[3] < threshold)
        leaked = sum(1 for r in outside if r[2] != "out_of_scope" and r[3] >= threshold)
        if threshold == CHOSEN:
            misses = [r for r in rows if (r[0] == "in" and (r[2] != r[1] or r[3] < threshold)) or (r[0] == "out" and r[2] != "out_of_scope" and r[3] >= threshold)]
        print(f"{threshold:9.2f}  {right / len(inside):14.3f}  {lost / len(inside):25.3f}  {leaked / len(outside):30.3f}")
    print(f"misses at {CHOSEN}:")
    for row in misses:
        print("  ", row)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "models/current.tar.gz"))
