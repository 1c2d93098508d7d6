"""SymbolNet training epoch in PyTorch (CPU), same math and architecture as the Swift trainer.

The network is written with whole-tensor operations (nodes grouped by operator, not one op per node)
so that the framework gets a fair, vectorised implementation.
"""
import os
import sys
import time

import numpy as np
import torch

A = 5.0


class Step(torch.autograd.Function):
    """H(z) = 1 for z > 0; backward uses the sigmoid-shaped surrogate a*s*(1-s), s = sigmoid(a z)."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return (z > 0).to(z.dtype)

    @staticmethod
    def backward(ctx, g):
        (z,) = ctx.saved_tensors
        s = torch.sigmoid(A * z)
        return g * A * s * (1 - s)


H = Step.apply

UNARY = {
    "identity": lambda z: z,
    "sin": torch.sin,
    "cos": torch.cos,
    "exp": torch.exp,
    "sinh": torch.sinh,
    "cosh": torch.cosh,
    "tanh": torch.tanh,
    "gauss": lambda z: torch.exp(-z * z),
    "square": lambda z: z * z,
    "cube": lambda z: z * z * z,
    "log": lambda z: torch.log(0.001 + torch.abs(z)),
}
BINARY = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "pow": lambda a, b: a ** b,
    "div": lambda a, b: a / (0.001 + torch.abs(b)),
}


class SymbolNet(torch.nn.Module):
    def __init__(self, n_in, layers, n_out, unary_ops, binary_ops, std=0.05):
        super().__init__()
        self.t_in = torch.nn.Parameter(torch.zeros(n_in))
        self.lin = torch.nn.ParameterList()
        self.thr = torch.nn.ParameterList()
        self.t_u = torch.nn.ParameterList()
        self.t_b = torch.nn.ParameterList()
        self.groups = []
        d = n_in
        for u, b in layers + [(n_out, 0)]:
            width = u + 2 * b
            self.lin.append(torch.nn.Parameter(torch.randn(d, width) * std))
            self.lin.append(torch.nn.Parameter(torch.randn(width) * std))
            self.thr.append(torch.nn.Parameter(torch.zeros(d, width)))
            self.thr.append(torch.nn.Parameter(torch.zeros(width)))
            d = u + b
        for u, b in layers:
            self.t_u.append(torch.nn.Parameter(torch.zeros(u)))
            self.t_b.append(torch.nn.Parameter(torch.zeros(b)))
            uops = [unary_ops[i % len(unary_ops)] for i in range(u)]
            bops = [binary_ops[j % len(binary_ops)] for j in range(b)]
            ug = [(name, torch.tensor([i for i, o in enumerate(uops) if o == name])) for name in dict.fromkeys(uops)]
            bg = [(name, torch.tensor([j for j, o in enumerate(bops) if o == name])) for name in dict.fromkeys(bops)]
            uperm = torch.argsort(torch.cat([idx for _, idx in ug]))
            bperm = torch.argsort(torch.cat([idx for _, idx in bg])) if b else None
            self.groups.append((u, b, ug, bg, uperm, bperm))

    def forward(self, x):
        h = x * H(1 - self.t_in)
        n_hidden = len(self.groups)
        for l in range(n_hidden + 1):
            W, b = self.lin[2 * l], self.lin[2 * l + 1]
            TW, Tb = self.thr[2 * l], self.thr[2 * l + 1]
            z = h @ (W * H(W.abs() - TW)) + b * H(b.abs() - Tb)
            if l == n_hidden:
                return z
            u, nb, ug, bg, uperm, bperm = self.groups[l]
            zu = z[:, :u]
            fu = torch.cat([UNARY[name](zu[:, idx]) for name, idx in ug], dim=1)[:, uperm]
            mu = H(1 - self.t_u[l])
            parts = [mu * fu + (1 - mu) * zu]
            if nb:
                za, zb = z[:, u::2][:, :nb], z[:, u + 1::2][:, :nb]
                fb = torch.cat([BINARY[name](za[:, idx], zb[:, idx]) for name, idx in bg], dim=1)[:, bperm]
                mb = H(1 - self.t_b[l])
                parts.append(mb * fb + (1 - mb) * (za + zb))
            h = torch.cat(parts, dim=1)

    def sparsities(self):
        with torch.no_grad():
            n_w = sum(w.numel() for w in self.lin)
            s_w = float(sum(((w.abs() - t) <= 0).sum() for w, t in zip(self.lin, self.thr))) / n_w
            tu = torch.cat(list(self.t_u))
            tb = torch.cat(list(self.t_b))
            return (float((self.t_in >= 1).float().mean()), s_w, float((tu >= 1).float().mean()),
                    float((tb >= 1).float().mean()))

    def regularizer(self, L, targets, d=0.01):
        def decay(s, st):
            return float(np.exp(1 - (st / (st - min(s, st))) ** d)) if s < st else 0.0

        with torch.no_grad():
            s_in = float((self.t_in >= 1).float().mean())
            ws = [w for w in self.lin]
            ts = [t for t in self.thr]
            n_w = sum(w.numel() for w in ws)
            s_w = float(sum(((w.abs() - t) <= 0).sum() for w, t in zip(ws, ts))) / n_w
            tu = torch.cat(list(self.t_u))
            tb = torch.cat(list(self.t_b))
            s_u = float((tu >= 1).float().mean())
            s_b = float((tb >= 1).float().mean())
        exp_t = sum(torch.exp(-t).sum() for t in ts) / n_w
        r = L * torch.exp(-self.t_in.mean()) * decay(s_in, targets["input"])
        r = r + L * exp_t * decay(s_w, targets["weight"])
        r = r + L * torch.exp(-tu.mean()) * decay(s_u, targets["unary"])
        r = r + L * torch.exp(-tb.mean()) * decay(s_b, targets["binary"])
        return r

    def constrain(self):
        with torch.no_grad():
            self.t_in.clamp_(0, 1)
            for t in self.thr:
                t.abs_()
            for t in list(self.t_u) + list(self.t_b):
                t.clamp_(0, 1)


def main():
    data = sys.argv[1]
    rows = int(os.environ.get("SYMBOLNET_BENCH_ROWS", "100000"))
    n_in = int(os.environ.get("SYMBOLNET_BENCH_INPUTS", "16"))
    epochs = int(os.environ.get("SYMBOLNET_BENCH_EPOCHS", "3"))
    threads = int(os.environ.get("SYMBOLNET_BENCH_THREADS", "2"))
    spec = os.environ.get("SYMBOLNET_BENCH_LAYERS", "20:5,20:5")
    layers = [tuple(int(v) for v in part.split(":")) for part in spec.split(",")]
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x = torch.from_numpy(np.fromfile(os.path.join(data, "x.f32"), dtype=np.float32).reshape(rows, n_in))
    labels = torch.from_numpy(np.fromfile(os.path.join(data, "labels.i32"), dtype=np.int32).astype(np.int64))
    y = torch.nn.functional.one_hot(labels, 5).float()
    model = SymbolNet(n_in, layers, 5, ["sin", "tanh", "gauss", "square"], ["mul"])
    opt = torch.optim.Adam(model.parameters(), lr=0.005, betas=(0.9, 0.999), eps=1e-7)
    targets = {"input": 0.75, "weight": 0.9, "unary": 0.4, "binary": 0.4}
    batch = 256
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(rows)
        total, correct, steps = 0.0, 0, 0
        for start in range(0, rows, batch):
            idx = perm[start:start + batch]
            xb, yb = x[idx], y[idx]
            out = model(xb)
            L = ((out - yb) ** 2).sum(dim=1).mean()
            loss = L + model.regularizer(L, targets)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            model.constrain()
            total += loss.item()
            correct += int((out.argmax(1) == yb.argmax(1)).sum())
            steps += 1
        secs = time.perf_counter() - t0
        s = model.sparsities()
        print(f"BENCH torch epoch {epoch} seconds {secs:.4f} loss {total / steps:.5f} accuracy {correct / rows:.4f} "
              f"sparsity in {s[0]:.3f} w {s[1]:.3f} u {s[2]:.3f} b {s[3]:.3f}")


if __name__ == "__main__":
    main()
