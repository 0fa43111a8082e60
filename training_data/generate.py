"""Write training_data/train.jsonl and test.jsonl from the hand-written situations.

    python training_data/generate.py [OUT_DIR]      # deterministic (seed 2026); OUT_DIR defaults to here

Each situation (situations/<category>.yaml) is one customer problem told in several ways. A
ticket is one phrasing, wrapped in a channel's style (email greeting and signature,
terse chat, speech-to-text phone transcript, portal form), with optional extra
sentences (impact, context, a distractor naming another category, a second minor
issue, "URGENT"), non-native wording and typos. Whole situations are held out for
the test split (each one's ``split`` field, frozen), so test figures measure tickets
about problems the model never saw.
Near-duplicates (word 3-shingle Jaccard >= NEAR_DUP_JACCARD) are dropped.
"""
from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from triage_model.dedup import NEAR_DUP_JACCARD, keep_mask, ticket_text  # noqa: E402

SEED = 2026
SITUATIONS_DIR = HERE / "situations"
SPLITS = ("train", "test")
TRAIN_PER_SCENARIO = 12
TEST_PER_SCENARIO = 12

CHANNELS = (("email", 0.35), ("chat", 0.25), ("phone", 0.15), ("portal", 0.25))
TIERS = (("starter", 0.35), ("professional", 0.40), ("enterprise", 0.25))

FIRST_NAMES = ("Maria James Aisha Tom Priya Lukas Chen Fatima Oleg Sofia Kwame Emma Raj Yuki Carlos Ingrid Ahmed Lena "
               "Pedro Nadia").split()
LAST_NAMES = ("Okafor Schmidt Nguyen Rossi Kowalski Haddad Silva Tanaka Byrne Dubois Patel Lindqvist Moreau Ivanova "
              "Mensah").split()
COMPANIES = ("Northwind Bank, Helix Media, Orbis Insurance, Kestrel News, Vantage Legal, Bluefin Telecom, "
             "Meridian Police Dept, Atlas Fintech, Corvid Security, Lumen Broadcasting, Pioneer Credit Union, "
             "Sable Forensics").split(", ")
ROLES = ["SOC Lead", "IT Administrator", "Fraud Analyst", "Head of Trust & Safety", "Developer", "Finance Manager",
         "Compliance Officer", "Video Editor", "Investigator", "CTO"]

IMPACT = {
    "P1": ["This is a complete outage for us.", "All of our users are affected, nobody can work.",
           "Nothing works for anyone in our company right now.", "We are completely down.",
           "The whole organisation is affected."],
    "P2": ["This blocks our team and we have no workaround.", "Our team can't get work done until this is fixed.",
           "Several people are blocked by this.", "It's stopping a core part of our work today.",
           "We have no way around it at the moment."],
    "P3": ["We can work around it for now.", "Not critical, but we'd like it fixed this week.",
           "It's annoying but we can carry on.", "Everything else works fine.", "Only this part is affected.",
           "Nobody is blocked by it."],
    "P4": ["No rush.", "Just curious.", "Whenever you have time.", "It's not blocking anything.",
           "Low priority, just wondering.", "Nobody is affected, it's just a question."],
}
SECURITY_IMPACT = {
    "P1": ["We believe data is exposed right now.", "Please lock this down, it is happening now.",
           "We see activity we did not authorise."],
    "P2": ["No sign of misuse so far, this is precautionary.",
           "Nothing suggests our data was accessed, but we want to be sure.",
           "We haven't seen any suspicious activity yet."],
    "P3": ["We have a legal deadline for this.", "Please confirm before the deadline.",
           "Our auditors are waiting for it."],
    "P4": ["It's for our annual vendor review.", "Procurement asked for it.", "Needed for our compliance file."],
}
CONTEXT = ["We're on the {tier} plan.", "I'm using Chrome on Windows 11.",
           "My colleague raised {ticket} about something else last week.",
           "Our organisation ID is {orgid}.", "It started after lunch today.", "I tried another browser, same result.",
           "We're a {tier} customer.", "I cleared cache and cookies already.", "It happened yesterday as well.",
           "You can reach me at {email}.", "Screenshot attached.", "This is for the {company} account."]
DISTRACTORS = {
    "account_access": ["I can log in fine, that's not the problem.", "My password and MFA work normally.",
                       "I'm the account admin, if that matters.", "We sign in with SSO, which works."],
    "upload_issues": ["The upload itself went fine.", "We uploaded the file as an MP4 like always.",
                      "The file is small, around 20 MB, so it's not the size limit.", "Uploads are working for us."],
    "api_integration": ["We don't use the API for this.", "Our developers checked the API token, it's unrelated.",
                        "This isn't about the Splunk integration.", "The webhook side is fine."],
    "performance": ["Speed is fine otherwise.", "It's not slow, it just doesn't work.", "The dashboard loads quickly.",
                    "No timeouts or anything like that."],
    "billing": ["Our invoice is paid and the subscription is active.", "Billing is all in order on our side.",
                "Not a billing question.", "We just renewed our subscription last month."],
    "security": ["There's no security concern here.", "This is not a breach, nothing suspicious.",
                 "Our security team has already looked at it.", "No data was exposed."],
    "general": ["I read the documentation first.", "Love the product otherwise.",
                "The reports feature is great otherwise.", "Thanks for the help article on this."],
}
# Neutral sentences that make emails and calls as long and rambling as real ones.
BACKGROUND = ["We've been using SecureAI for about two years to verify user-submitted videos.",
              "I work in the fraud team at {company} and we check a few hundred videos a week.",
              "Some context: we're a regional newsroom and verify footage before it goes on air.",
              "I'm writing on behalf of our compliance department.",
              "We onboarded last quarter and so far things have been smooth.",
              "Our SOC uses your platform as part of incident response.",
              "I took over the administration of our account from a colleague last month.",
              "We're an insurance company and use the tool for claims videos.",
              "I'm a freelance investigator working for several law firms.",
              "Our team of analysts works in shifts around the clock.",
              "We are a small startup and I do pretty much everything here.",
              "I'm new to the product, so apologies if this is obvious."]
TRIED = ["I already tried it again this morning, same thing.", "We cleared the browser cache and restarted, no change.",
         "Your status page shows everything as operational.", "I searched the help centre but couldn't find an answer.",
         "A colleague tried on another machine with the same result.",
         "We haven't changed anything on our side recently.",
         "I followed the steps in the documentation.", "Tried in Chrome and Edge, same outcome.",
         "Our IT team had a look and found nothing on our end.", "It worked fine until last week."]
ASKS = ["Can you please look into it?", "Could you let me know what to do?", "Please advise.",
        "Any help is appreciated.", "What are the next steps?", "Let me know if you need more information.",
        "Happy to jump on a call if that helps.", "Thanks for looking into this."]
ELABORATE = ["To put it another way:", "In other words,", "More detail:", "To explain a bit more,", "So basically"]
# Customers name one thing in many ways; swapping within a group spreads each wording
# over more situations (so a held-out situation's words are more likely to be known).
SYNONYMS = [
    ["log in", "sign in", "login", "get in"], ["logged out", "signed out", "kicked out"],
    ["password", "pass word", "credentials"], ["locked out", "blocked", "shut out"],
    ["slow", "sluggish", "laggy", "very slow"], ["times out", "timing out", "time out"],
    ["takes ages", "takes forever", "takes very long"], ["stuck", "hanging", "frozen"],
    ["upload", "import"], ["video", "clip", "recording", "footage"], ["file", "video file"],
    ["invoice", "bill"], ["charged", "billed"], ["refund", "money back"],
    ["API", "REST API", "api"], ["token", "API key", "key"], ["webhook", "callback"],
    ["error", "failure"], ["fails", "doesn't work", "breaks"], ["broken", "not working"],
    ["dashboard", "home page", "overview page"], ["report", "PDF report"],
    ["colleague", "coworker", "team member"], ["team", "department", "group"],
    ["organisation", "organization", "company"], ["everyone", "everybody", "all users"],
    ["customer", "client"], ["question", "query"], ["how do I", "how can I", "is there a way to"],
    ["suspicious", "strange", "weird"], ["leaked", "exposed"], ["deadline", "due date"],
]
SYNONYM_RATE = 0.35


def synonyms(text: str, rng: random.Random) -> str:
    """Swap some words for others of their group (whole words, case of the first letter kept)."""
    for group in SYNONYMS:
        if rng.random() > SYNONYM_RATE:
            continue
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(group, key=len, reverse=True))) + r")\b",
                             re.IGNORECASE)

        def swap(match: re.Match, group=group) -> str:
            new = rng.choice(group)
            return new[0].upper() + new[1:] if match.group(0)[0].isupper() else new

        text = pattern.sub(swap, text)
    return text


URGENT_SUBJECT = ["URGENT: ", "URGENT - ", "ASAP: ", "!!! ", "Urgent!! ", "High priority: "]
URGENT_BODY = ["This is urgent!", "Please help ASAP.", "Need an answer today, urgent.", "URGENT please.",
               "Please treat as high priority!!", "I need this fixed ASAP."]
SECOND_ISSUE = ["Also, unrelated:", "Second thing:", "PS:", "One more question:", "Oh and another thing,", "Also,"]

GREETINGS = ["Hi,", "Hello,", "Hi team,", "Dear Support,", "Hello SecureAI support,", "Good morning,", "Hey,",
             "To whom it may concern,", "Dear Sir or Madam,", "Hi there,", "Hello support team,"]
CLOSINGS = ["Thanks,", "Thanks in advance,", "Best regards,", "Kind regards,", "Cheers,", "Regards,", "Thank you,",
            "Many thanks,", "Best,"]
VAGUE_SUBJECTS = ["Help", "Problem", "Question", "Issue with SecureAI", "Support request", "Need help", "(no subject)",
                  "Quick question", "Ticket", "Hello"]
CHAT_OPENERS = ["hi", "hello", "hey", "hi there", "hello?", "hey team", "good morning"]
PHONE_OPENERS = ["hi yes um this is {first} from {company}", "hello uh yeah i'm calling about our account",
                 "hi good morning so", "yeah hi um", "hello this is {first} {last} calling from {company}",
                 "hi uh i have a problem", "hello yes"]
PHONE_CLOSERS = ["thank you", "ok thanks bye", "can someone call me back", "thanks a lot", "that's it thank you",
                 "please call me back on my mobile"]
FILLERS = ["um", "uh", "like", "you know", "so", "er", "i mean", "basically"]
# What a speech recogniser makes of product words.
SPOKEN = {"api": "a p i", "apis": "a p is", "sso": "s s o", "mfa": "m f a", "2fa": "two f a", "okta": "octa",
          "mp4": "m p four", "mov": "move", "mkv": "m k v", "webhook": "web hook", "webhooks": "web hooks",
          "gdpr": "g d p r", "ccpa": "c c p a", "saml": "sam all", "qradar": "cue radar", "url": "u r l",
          "pdf": "p d f", "csv": "c s v", "soc": "sock", "401": "four oh one", "403": "four oh three",
          "429": "four twenty nine", "500": "five hundred", "503": "five oh three", "404": "four oh four",
          "invoice": "in voice", "dashboard": "dash board", "upload": "up load", "deepfake": "deep fake",
          "their": "there", "vat": "vat", "xss": "x s s", "splunk": "spunk", "login": "log in", "sdk": "s d k",
          "ok": "okay", "secureai": "secure a i", "phishing": "fishing", "breach": "breech", "seats": "seeds"}
NON_NATIVE = [(r"\bI have\b", "I am having"), (r"\bdoesn't\b", "is not"), (r"\bcan't\b", "cannot able to"),
              (r"\bplease\b", "kindly"), (r"\bsince\b", "from"), (r"\bwe have\b", "we are having"),
              (r"\bthe\s", ""), (r"\ba\s", ""), (r"\bis\b", "are"), (r"\bdon't\b", "not")]
NON_NATIVE_TAIL = ["Please do the needful.", "Waiting your reply.", "Thanking you.", "Kindly revert soon.",
                   "Sorry for my english.", "Please to help."]

FILL = {
    "n": lambda r: str(r.choice([12, 15, 25, 40, 60, 85, 120, 200, 350])),
    "code": lambda r: r.choice(["401 Unauthorized", "403 Forbidden", "HTTP 401", "a 403", "500 errors",
                                "503 Service Unavailable", "error 401"]),
    "endpoint": lambda r: r.choice(["/api/v1/analyze/video", "/api/v1/jobs", "/api/v2/results", "/v1/webhooks",
                                    "/api/v1/uploads", "/api/v2/analyze"]),
    "siem": lambda r: r.choice(["Splunk", "QRadar", "ArcSight", "Microsoft Sentinel", "Phantom", "Demisto",
                                "Splunk SOAR", "Cortex XSOAR"]),
    "size": lambda r: str(r.choice([520, 600, 650, 780, 900, 1200, 1500, 2300, 3800])),
    "fmt": lambda r: r.choice(["WMV", ".wmv", "FLV", ".flv", "3GP", ".m4v", ".ts", ".vob", "MPEG-2", "RMVB"]),
    "pct": lambda r: str(r.choice([12, 37, 45, 63, 80, 88, 95, 99])),
    "ticket": lambda r: f"TICK-2026{r.randint(1, 11):02d}{r.randint(1, 28):02d}-{r.randint(1, 999):03d}",
    "email": lambda r: (f"{r.choice(FIRST_NAMES).lower()}.{r.choice(LAST_NAMES).lower()}"
                       f"@{r.choice(['acme.com', 'northwind.io', 'helixmedia.co.uk', 'orbis.de', 'kestrel.news'])}"),
    "amount": lambda r: r.choice(["$1,240.00", "EUR 980", "£2,400", "$499", "$12,000", "€3.150,00"]),
    "month": lambda r: r.choice(["January", "March", "April", "June", "September", "October", "November"]),
    "orgid": lambda r: str(r.randint(10000, 99999)),
    "company": lambda r: r.choice(COMPANIES),
    "first": lambda r: r.choice(FIRST_NAMES),
    "last": lambda r: r.choice(LAST_NAMES),
}


def fill(text: str, rng: random.Random, tier: str) -> str:
    def one(match: re.Match) -> str:
        key = match.group(1)
        return tier if key == "tier" else FILL[key](rng)

    return re.sub(r"\{(\w+)\}", one, text)


def load_situations(folder: Path = SITUATIONS_DIR) -> list[dict]:
    """Every situation of ``folder/<category>.yaml`` as {category, priority, split, key,
    subjects, phrasings}, in the order written (``written``), which fixes how tickets render."""
    situations, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        category = path.stem
        seen: set[str] = set()
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            where = f"{path.name}: {entry.get('id')!r}"
            if entry.get("id") in seen:
                problems.append(f"{where}: id used twice")
            seen.add(entry.get("id"))
            if entry.get("split") not in SPLITS or entry.get("priority") not in ("P1", "P2", "P3", "P4"):
                problems.append(f"{where}: needs priority P1-P4 and split train|test")
            texts = (entry.get("subjects") or []) + (entry.get("phrasings") or [])
            if not entry.get("subjects") or not entry.get("phrasings") or not isinstance(entry.get("written"), int):
                problems.append(f"{where}: needs written (a number), subjects and phrasings")
            elif not all(isinstance(text, str) for text in texts):
                problems.append(f"{where}: a subject or phrasing is not text (quote it when it holds ': ')")
            situations.append({"category": category, "priority": entry.get("priority"), "split": entry.get("split"),
                               "written": entry.get("written"), "key": f"{category}/{entry.get('id')}",
                               "subjects": entry.get("subjects"), "phrasings": entry.get("phrasings")})
    numbers = Counter(s["written"] for s in situations)
    problems += [f"written: {n} is used by {count} situations" for n, count in numbers.items() if count > 1]
    if problems:
        raise SystemExit("situations:\n  " + "\n  ".join(problems))
    return sorted(situations, key=lambda s: s["written"])


def split_situations(situations: list[dict]) -> tuple[list[dict], list[dict]]:
    """(train, test) as each situation's ``split`` field says, in the order written."""
    return ([s for s in situations if s["split"] == "train"], [s for s in situations if s["split"] == "test"])


def weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def typos(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) < 5 or not w.isalpha():
            continue
        j = rng.randrange(1, len(w) - 1)
        kind = rng.random()
        if kind < 0.4:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        elif kind < 0.7:
            w = w[:j] + w[j + 1:]
        else:
            w = w[:j] + w[j] + w[j:]
        words[i] = w
    return " ".join(words)


def non_native(text: str, rng: random.Random) -> str:
    for pattern, replacement in rng.sample(NON_NATIVE, 3):
        text = re.sub(pattern, replacement, text, count=1)
    return text


def speech(text: str, rng: random.Random) -> str:
    """Lower case, no punctuation, spoken product words, fillers, recogniser slips."""
    words = re.sub(r"[^\w\s'%/]", " ", text.lower()).split()
    out = []
    for word in words:
        if word in SPOKEN and rng.random() < 0.7:
            word = SPOKEN[word]
        out.append(word)
        roll = rng.random()
        if roll < 0.07:
            out.append(rng.choice(FILLERS))
        elif roll < 0.09:
            out.append(word)  # speaker repeats a word
    return " ".join(out)


def ticket(situation: dict, rng: random.Random, pools: dict) -> dict:
    category, priority = situation["category"], situation["priority"]
    channel = weighted(rng, CHANNELS)
    tier = weighted(rng, TIERS)
    chosen = rng.randrange(len(situation["phrasings"]))
    main = synonyms(fill(situation["phrasings"][chosen], rng, tier), rng)
    extras: list[str] = []
    impact = SECURITY_IMPACT if category == "security" else IMPACT
    if rng.random() < 0.4:
        extras.append(rng.choice(impact[priority]))
    if rng.random() < 0.25:
        extras.append(fill(rng.choice(CONTEXT), rng, tier))
    long_form = channel in ("email", "phone") or (channel == "portal" and rng.random() < 0.5)
    if long_form and rng.random() < 0.35:
        extras.append(rng.choice(TRIED))
    if long_form and len(situation["phrasings"]) > 1 and rng.random() < 0.3:
        other = rng.choice([p for i, p in enumerate(situation["phrasings"]) if i != chosen])
        extras.append(f"{rng.choice(ELABORATE)} {fill(other, rng, tier)}")
    if rng.random() < 0.25:
        other = rng.choice([c for c in DISTRACTORS if c != category])
        extras.append(rng.choice(DISTRACTORS[other]))
    if priority != "P4" and rng.random() < 0.12:
        minor = rng.choice([s for s in pools["P4"] if s["category"] != category])
        extras.append(f"{rng.choice(SECOND_ISSUE)} {fill(rng.choice(minor['phrasings']), rng, tier)}")
    urgent = rng.random() < 0.15
    if urgent and rng.random() < 0.5:
        extras.append(rng.choice(URGENT_BODY))
    rng.shuffle(extras)
    opening = [fill(rng.choice(BACKGROUND), rng, tier)] if long_form and rng.random() < 0.4 else []
    closing = [rng.choice(ASKS)] if channel in ("email", "portal") and rng.random() < 0.5 else []
    body = " ".join(opening + [main] + extras + closing) if channel != "chat" else " ".join([main] + extras[:1])
    if rng.random() < 0.15:
        body = non_native(body, rng) + (" " + rng.choice(NON_NATIVE_TAIL) if rng.random() < 0.5 else "")
    if rng.random() < 0.3:
        body = typos(body, rng)

    subject = ""
    if channel in ("email", "portal"):
        subject = rng.choice(situation["subjects"]) if rng.random() < 0.85 else rng.choice(VAGUE_SUBJECTS)
        if channel == "email" and rng.random() < 0.1:
            subject = rng.choice(["Re: ", "RE: ", "Fwd: "]) + subject
        if urgent:
            subject = rng.choice(URGENT_SUBJECT) + subject
        elif rng.random() < 0.2:
            subject = subject.lower()
    elif urgent:
        body = rng.choice(["URGENT ", "asap ", "urgent: "]) + body

    names = {"first": rng.choice(FIRST_NAMES), "last": rng.choice(LAST_NAMES), "company": rng.choice(COMPANIES)}
    if channel == "email":
        parts = [rng.choice(GREETINGS)] if rng.random() < 0.75 else []
        parts.append(body)
        if rng.random() < 0.8:
            signature = (f"{rng.choice(CLOSINGS)}\n{names['first']}"
                         + (f" {names['last']}" if rng.random() < 0.5 else ""))
            if rng.random() < 0.4:
                signature += f"\n{rng.choice(ROLES)}, {names['company']}"
            parts.append(signature)
        description = "\n\n".join(parts)
    elif channel == "chat":
        text = body.lower() if rng.random() < 0.5 else body
        text = text.rstrip(".") if rng.random() < 0.6 else text
        description = (rng.choice(CHAT_OPENERS) + "\n" if rng.random() < 0.4 else "") + text
    elif channel == "phone":
        spoken = []
        if rng.random() < 0.6:
            spoken.append(rng.choice(PHONE_OPENERS).format(**names).lower())
        spoken.append(speech(body, rng))
        if rng.random() < 0.5:
            spoken.append(rng.choice(PHONE_CLOSERS))
        description = " ".join(spoken)
    else:
        description = body
        if rng.random() < 0.35:
            description += "\n\n" + rng.choice([
                f"Browser: {rng.choice(['Chrome 121', 'Firefox 122', 'Edge', 'Safari 17'])}",
                f"Organisation ID: {rng.randint(10000, 99999)}",
                f"Contact: {fill('{email}', rng, tier)}",
                f"Phone: +44 20 7946 {rng.randint(1000, 9999)}"])
    words = f"{subject} {description}".split()
    if len(words) < 5:
        description += " " + rng.choice(["can you help", "please help", "any idea what to do", "what should i do"])
    words = description.split()
    if len(words) > 150:
        description = " ".join(words[:150])
    return {"channel": channel, "tier": tier, "subject": subject, "description": description,
            "category": category, "priority": priority, "situation": situation["key"]}


def generate(situations: list[dict], per_situation: int, rng: random.Random) -> list[dict]:
    pools = {"P4": [s for s in situations if s["priority"] == "P4"]}
    return [ticket(s, rng, pools) for s in situations for _ in range(per_situation)]


def counts_markdown(splits: dict[str, list[dict]], situations: dict[str, list[dict]]) -> str:
    """Label counts per split: category x priority, channel, tier (the datasheet links here)."""
    categories = ["account_access", "upload_issues", "api_integration", "performance", "billing", "security", "general"]
    lines = ["# Label counts (written by generate.py)", ""]
    for name, records in splits.items():
        cells = Counter((r["category"], r["priority"]) for r in records)
        lines += [f"## {name}: {len(records)} tickets from {len(situations[name])} situations", "",
                  "| category | P1 | P2 | P3 | P4 | all | situations |", "|---|---|---|---|---|---|---|"]
        for category in categories:
            row = [cells[(category, p)] for p in ("P1", "P2", "P3", "P4")]
            n_sit = sum(s["category"] == category for s in situations[name])
            lines.append(f"| {category} | " + " | ".join(map(str, row)) + f" | {sum(row)} | {n_sit} |")
        totals = [sum(cells[(c, p)] for c in categories) for p in ("P1", "P2", "P3", "P4")]
        lines.append("| all | " + " | ".join(map(str, totals)) + f" | {len(records)} | {len(situations[name])} |")
        for field in ("channel", "tier"):
            by = Counter(r[field] for r in records)
            lines += ["", f"{field}: " + ", ".join(f"{k} {v}" for k, v in sorted(by.items()))]
        lines.append("")
    return "\n".join(lines)


def build() -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """(train tickets, test tickets, train situations, test situations); tickets carry
    their situation's key under "situation"."""
    rng = random.Random(SEED)
    train_situations, test_situations = split_situations(load_situations())
    test = generate(test_situations, TEST_PER_SCENARIO, rng)
    train = generate(train_situations, TRAIN_PER_SCENARIO, rng)
    # Test first, so a training ticket close to a test ticket is the one dropped.
    keep = keep_mask([ticket_text(r) for r in test + train], NEAR_DUP_JACCARD)
    test, train = ([r for r, k in zip(part, mask, strict=False) if k]
                   for part, mask in ((test, keep[: len(test)]), (train, keep[len(test):])))
    return train, test, train_situations, test_situations


def main(argv: list[str] | None = None) -> int:
    out_dir = Path((argv if argv is not None else sys.argv[1:] or [str(HERE)])[0])
    train, test, train_situations, test_situations = build()
    for name, records, prefix in (("test.jsonl", test, "te"), ("train.jsonl", train, "tr")):
        with open(out_dir / name, "w", encoding="utf-8") as out:
            for i, record in enumerate(records, 1):
                # The situation travels with its tickets, so training can hold whole situations out.
                out.write(json.dumps({"id": f"{prefix}-{i:05d}", **record}, ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)} tickets from "
              f"{len(test_situations if prefix == 'te' else train_situations)} situations")
    (out_dir / "counts.md").write_text(counts_markdown({"train": train, "test": test},
                                                       {"train": train_situations, "test": test_situations}),
                                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
