"""The help centre's knowledge base: articles and their search.

    from kb_search import search
    for hit in search("my clip won't go through", top=5):
        print(hit.id, hit.title, hit.score, hit.url)
"""
from kb_search.index import build_index, ensure_index
from kb_search.search import Hit, SearchConfig, Searcher, search

__all__ = ["Hit", "SearchConfig", "Searcher", "build_index", "ensure_index", "search"]
