"""Writes the synthetic benchmark data set: 100k rows x 16 float32 inputs, 5 classes (int32 labels)."""
import os
import sys

import numpy as np

out = sys.argv[1]
rows = int(os.environ.get("SYMBOLNET_BENCH_ROWS", "100000"))
inputs = int(os.environ.get("SYMBOLNET_BENCH_INPUTS", "16"))
rng = np.random.default_rng(1)
x = rng.standard_normal((rows, inputs)).astype(np.float32)
# Labels from a fixed non-linear score so the task is learnable but not trivial.
proj = rng.standard_normal((inputs, 5)).astype(np.float32)
score = np.sin(x @ proj) + 0.3 * (x[:, :5] ** 2)
labels = score.argmax(axis=1).astype(np.int32)
os.makedirs(out, exist_ok=True)
x.tofile(os.path.join(out, "x.f32"))
labels.tofile(os.path.join(out, "labels.i32"))
print(f"wrote {rows} rows x {inputs} inputs to {out}")
