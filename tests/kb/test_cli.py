"""The kb command: build, search (single and batch), stats."""
from __future__ import annotations

import json

from kb_search.cli import main


def test_build_reports_then_skips(tmp_path, capsys):
    index = tmp_path / "index.sqlite"
    assert main(["--index", str(index), "build"]) == 0
    assert "built in" in capsys.readouterr().out
    assert main(["--index", str(index), "build"]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_build_refuses_broken_articles_with_the_reason(tmp_path, articles_copy, capsys):
    (articles_copy / "billing-and-account" / "oops.md").write_text("---\nid: nope\n---\n")
    assert main(["--index", str(tmp_path / "i.sqlite"), "build", "--articles", str(articles_copy)]) == 2
    assert "oops.md" in capsys.readouterr().err
    assert not (tmp_path / "i.sqlite").exists()


def test_search_prints_ranked_titles_or_json(shipped_index, capsys):
    assert main(["--index", str(shipped_index), "search", "reset my password", "--top", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("1. Resetting Your Password") and len(out) == 2
    assert main(["--index", str(shipped_index), "search", "NEAR( \"AND", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["query"] == 'NEAR( "AND' and isinstance(payload["results"], list)


def test_batch_keeps_order_one_line_per_input_and_reports_bad_lines(shipped_index, tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": "q1", "query": "compress a video"}),
        "{not json",
        json.dumps({"id": "q3"}),
        json.dumps({"id": 4, "query": "okta single sign-on"}),
        json.dumps(["a", "list"]),
    ]) + "\n")
    target = tmp_path / "out.jsonl"
    code = main(["--index", str(shipped_index), "search", "--input", str(source), "--output", str(target), "--top",
                 "3"])
    assert code == 1
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["id"] for r in records] == ["q1", None, "q3", 4, None]
    assert records[0]["results"][0] == {"id": "troubleshooting/compressing-a-video", "title": "Compressing a Video",
                                        "score": records[0]["results"][0]["score"]}
    assert len(records[0]["results"]) == 3 and set(records[0]["results"][0]) == {"id", "title", "score"}
    assert records[3]["results"][0]["id"] == "integrations/okta"
    assert records[1]["results"] == [] and "error" in records[1]
    err = capsys.readouterr().err
    assert "in.jsonl:2:" in err and "in.jsonl:3:" in err and "in.jsonl:5:" in err and "in.jsonl:1:" not in err


def test_stats_shows_views_votes_and_searches_without_a_good_hit(tmp_path, capsys):
    from handoff.core.db import migrate
    from kb_search import usage
    from kb_search.db import session_factory
    from kb_search.search import Hit

    url = f"sqlite:///{tmp_path / 'kb.db'}"
    migrate(url)
    with session_factory(url)() as session:
        usage.record_view(session, "troubleshooting/file-too-large")
        usage.record_view(session, "troubleshooting/file-too-large")
        usage.record_feedback(session, "troubleshooting/file-too-large", True)
        usage.record_feedback(session, "troubleshooting/file-too-large", False, "too long")
        usage.record_search(session, "quantum teleport", [])
        usage.record_search(session, "upload", [Hit("troubleshooting/upload-failures", "Upload Failures", 30.0, "",
                                                    "")])
        session.commit()
    assert main(["stats", "--database-url", url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["views"] == [{"article_id": "troubleshooting/file-too-large", "views": 2}]
    assert report["feedback"] == [{"article_id": "troubleshooting/file-too-large", "helpful": 1, "not_helpful": 1}]
    assert [gap["query"] for gap in report["no_good_hit"]] == ["quantum teleport"]
    assert report["searches"] == 2
    assert main(["stats", "--database-url", url]) == 0
    assert "quantum teleport" in capsys.readouterr().out


def test_stats_on_a_database_without_kb_tables_says_so(tmp_path, capsys):
    assert main(["stats", "--database-url", f"sqlite:///{tmp_path / 'empty.db'}"]) == 2
    assert "cannot read usage" in capsys.readouterr().err
