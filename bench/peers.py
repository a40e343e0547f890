"""Peer measurements for bench/run.ts, run with Debian's /usr/bin/python3 (pandas, torch).

    peers.py versions
    peers.py pandas CSV --repeat 2
    peers.py torch CSV --epochs 5 --batch 256 --lr 0.001 --seed 42
    peers.py explain CSV --target label --kernel-rows 20 --gradient-rows 200 --background 100 \
        --samples 2088 --steps 16 --epochs 3 --seed 42

Each prints one JSON object on stdout. The caller sets OMP_NUM_THREADS=1 (one thread, as the tfjs
backends use): on 2-core machines OpenMP spin-waiting makes 2-thread timings swing wildly.
"""
import argparse
import itertools
import json
import platform
import sys
import time


def versions():
    out = {"python": platform.python_version(), "pandas": None, "torch": None}
    try:
        import pandas

        out["pandas"] = pandas.__version__
    except ImportError:
        pass
    try:
        import torch

        out["torch"] = torch.__version__
    except ImportError:
        pass
    return out


def bench_pandas(path, repeat):
    import pandas as pd

    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        df = pd.read_csv(path)
        seconds = time.perf_counter() - t0
        runs.append({"ms": seconds * 1000, "rows": int(df.shape[0])})
        numeric = int(sum(dt.kind in "if" for dt in df.dtypes))
        columns = int(df.shape[1])
        del df
    return {"runs": runs, "columns": columns, "numericColumns": numeric}


def bench_torch(path, epochs, batch, lr, seed):
    import pandas as pd
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    df = pd.read_csv(path)
    x = torch.tensor(df.drop(columns=["y"]).to_numpy(), dtype=torch.float32)
    y = torch.tensor(df[["y"]].to_numpy(), dtype=torch.float32)
    n, n_features = x.shape
    model = torch.nn.Sequential(
        torch.nn.Linear(n_features, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 1),
    )
    # Same epsilon as the tfjs trainer (src/core/train/train.ts).
    opt = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.MSELoss()
    gen = torch.Generator().manual_seed(seed)
    history = []
    for epoch in range(1, epochs + 1):
        # Timed like the tfjs loop's step time: shuffle-gather, forward, backward, update, loss read back.
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        loss_sum = 0.0
        for start in range(0, n, batch):
            idx = perm[start : start + batch]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
        seconds = time.perf_counter() - t0
        history.append({"epoch": epoch, "seconds": seconds, "samplesPerSec": n / seconds, "loss": loss_sum / n})
    steady = history[1:] or history
    steady_rate = sum(n for _ in steady) / sum(h["seconds"] for h in steady)
    return {
        "rows": int(n),
        "features": int(n_features),
        "threads": torch.get_num_threads(),
        "history": history,
        "steadySamplesPerSec": steady_rate,
    }


# --- Explanations -------------------------------------------------------------------------------------
# The `shap` package is not installed here (and cannot be), so the peer is a re-implementation of the same
# two algorithms as src/core/explain/kernelShap.ts and gradient.ts in the scientific Python stack: numpy
# for the coalition design and the weighted least squares, torch for the model and its gradients. It is
# what a careful Python user would write, not the shap library itself; the figures say so.


def _binomial(n, r):
    from math import comb

    return comb(n, r)


def sample_coalitions(m, n_samples, rng):
    """shap's KernelExplainer design (as kernelShap.ts): sizes enumerated from the outside in while the
    budget's kernel-proportional share covers them, the rest drawn by kernel weight with paired sampling
    (each mask with its complement), duplicates adding weight. Returns (masks uint8 [n, m], weights)."""
    import numpy as np

    masks = np.zeros((n_samples, m), dtype=np.uint8)
    weights = np.zeros(n_samples)
    count = 0
    n_sizes = (m - 1 + 1) // 2  # ceil((m - 1) / 2)
    n_paired = (m - 1) // 2
    wv = np.array([(m - 1) / (s * (m - s)) * (2 if s <= n_paired else 1) for s in range(1, n_sizes + 1)])
    wv /= wv.sum()
    remaining = wv.copy()
    n_full = 0
    left = n_samples
    for s in range(1, n_sizes + 1):
        paired = s <= n_paired
        n_subsets = _binomial(m, s) * (2 if paired else 1)
        if not (left * remaining[s - 1] / n_subsets >= 1 - 1e-8):
            break
        n_full += 1
        left -= n_subsets
        if remaining[s - 1] < 1:
            remaining /= 1 - remaining[s - 1]
        w = wv[s - 1] / _binomial(m, s) / (2 if paired else 1)
        for subset in itertools.combinations(range(m), s):
            masks[count, list(subset)] = 1
            weights[count] = w
            count += 1
            if paired:
                masks[count] = 1 - masks[count - 1]
                weights[count] = w
                count += 1
    if n_full == n_sizes:
        return masks[:count], weights[:count]
    sizes = np.arange(n_full + 1, n_sizes + 1)
    draw_p = np.array([wv[s - 1] / (2 if s <= n_paired else 1) for s in sizes])
    draw_p /= draw_p.sum()
    n_fixed = count
    samples_left = n_samples - count
    seen = {}
    # As shap: every draw's size up front (4 × the budget at most), then one subset per draw.
    for s in rng.choice(sizes, size=4 * samples_left, p=draw_p):
        if samples_left <= 0:
            break
        mask = np.zeros(m, dtype=np.uint8)
        mask[rng.permutation(m)[:s]] = 1
        key = mask.tobytes()
        paired = s <= n_paired
        at = seen.get(key)
        if at is None:
            seen[key] = count
            masks[count] = mask
            weights[count] = 1
            count += 1
            samples_left -= 1
            if paired and samples_left > 0:
                masks[count] = 1 - mask
                weights[count] = 1
                count += 1
                samples_left -= 1
        else:
            weights[at] += 1
            if paired and at + 1 < count:
                weights[at + 1] += 1
    weights[n_fixed:count] *= wv[n_full:].sum() / weights[n_fixed:count].sum()
    return masks[:count], weights[:count]


EVAL_BATCH_ROWS = 65536  # as coalitionValues (src/core/explain/shapley.ts): 65,536 model rows per call
GRADIENT_BATCH_POINTS = 2048  # as gradient.ts: 2,048 path points per gradient call


def kernel_shap(f, x, bg, bg_w, n_samples, rng):
    """KernelSHAP of one row x (all d features as players) against the weighted background."""
    import numpy as np

    m = x.shape[0]
    masks, weights = sample_coalitions(m, min(max(n_samples, 2 * m), 2**m - 2), rng)
    nb = bg.shape[0]
    base = float(f(bg) @ bg_w)
    fx = float(f(x[None, :])[0])
    # Coalition rows: x where the mask is 1, the background row where it is 0 (n × nb × d).
    synth = np.where(masks[:, None, :].astype(bool), x[None, None, :], bg[None, :, :]).reshape(-1, m)
    out = np.concatenate([f(synth[i : i + EVAL_BATCH_ROWS]) for i in range(0, synth.shape[0], EVAL_BATCH_ROWS)])
    v = out.reshape(-1, nb) @ bg_w
    # Weighted least squares with Σφ = fx − base enforced by eliminating the last player.
    last = masks[:, -1].astype(np.float64)
    z = masks[:, :-1].astype(np.float64) - last[:, None]
    y = v - base - last * (fx - base)
    zw = z * weights[:, None]
    coef = np.linalg.solve(zw.T @ z, zw.T @ y)
    phi = np.append(coef, fx - base - coef.sum())
    return phi, base, fx


def expected_gradients(model, x, bg, bg_w, steps):
    """Expected gradients by Gauss–Legendre quadrature (as gradient.ts 'quadrature'): for each explained
    row, every background row × `steps` nodes, φ = Σ_b w_b Σ_s c_s (x − b) ⊙ ∇f(b + α_s (x − b))."""
    import numpy as np
    import torch

    nodes, node_w = np.polynomial.legendre.leggauss(steps)
    alpha = (nodes + 1) / 2
    node_w = node_w / 2
    rows, d = x.shape
    nb = bg.shape[0]
    per_row = nb * steps
    ref_of = np.repeat(np.arange(nb), steps)
    alpha_of = np.tile(alpha, nb).astype(np.float32)
    coef_of = bg_w[ref_of] * np.tile(node_w, nb)
    phi = np.zeros((rows, d))
    total = rows * per_row
    for start in range(0, total, GRADIENT_BATCH_POINTS):
        idx = np.arange(start, min(total, start + GRADIENT_BATCH_POINTS))
        row, j = idx // per_row, idx % per_row
        ref = bg[ref_of[j]]
        delta = x[row] - ref
        points = torch.from_numpy(ref + alpha_of[j, None] * delta).requires_grad_(True)
        model(points).sum().backward()
        contrib = coef_of[j, None] * delta * points.grad.numpy()
        # The batch's rows are consecutive: sum each one's points.
        rows_in, starts = np.unique(row, return_index=True)
        phi[rows_in] += np.add.reduceat(contrib, starts, axis=0)
    with torch.no_grad():
        base = float(model(torch.from_numpy(bg)).numpy()[:, 0] @ bg_w)
        fx = model(torch.from_numpy(x)).numpy()[:, 0].astype(np.float64)
    return phi, base, fx


def bench_explain(path, target, kernel_rows, gradient_rows, background, samples, steps, epochs, seed):
    import numpy as np
    import pandas as pd
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    df = pd.read_csv(path)
    x = df.drop(columns=[target]).to_numpy(np.float32)
    y = df[[target]].to_numpy(np.float32)
    n, d = x.shape
    perm = rng.permutation(n)
    train = perm[: int(round(0.8 * n))]
    # Standardized on the training rows, as the app's default preprocessing.
    mu, sd = x[train].mean(axis=0), x[train].std(axis=0)
    x = ((x - mu) / sd).astype(np.float32)
    model = torch.nn.Sequential(
        torch.nn.Linear(d, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 1),
        torch.nn.Sigmoid(),
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    xt, yt = torch.from_numpy(x[train]), torch.from_numpy(y[train])
    for _ in range(epochs):
        order = torch.randperm(len(train))
        for i in range(0, len(train), 256):
            b = order[i : i + 256]
            opt.zero_grad()
            torch.nn.functional.binary_cross_entropy(model(xt[b]), yt[b]).backward()
            opt.step()
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)

    def f(rows):
        with torch.no_grad():
            return model(torch.from_numpy(rows)).numpy()[:, 0].astype(np.float64)

    bg = x[rng.choice(train, size=background, replace=False)]
    bg_w = np.full(background, 1.0 / background)
    out = {"threads": torch.get_num_threads(), "trainRows": int(len(train)), "features": int(d)}

    t0 = time.perf_counter()
    gap = 0.0
    for r in range(kernel_rows):
        phi, base, fx = kernel_shap(f, x[r], bg, bg_w, samples, rng)
        gap = max(gap, abs(phi.sum() + base - fx))
    seconds = time.perf_counter() - t0
    out["kernel"] = {"rows": kernel_rows, "ms": seconds * 1000, "localAccuracyGap": gap}

    t0 = time.perf_counter()
    phi, base, fx = expected_gradients(model, x[:gradient_rows], bg, bg_w, steps)
    seconds = time.perf_counter() - t0
    out["gradient"] = {"rows": gradient_rows, "ms": seconds * 1000, "localAccuracyGap": float(np.max(np.abs(phi.sum(axis=1) + base - fx)))}
    return out


def main(argv):
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("versions")
    pp = sub.add_parser("pandas")
    pp.add_argument("csv")
    pp.add_argument("--repeat", type=int, default=2)
    pt = sub.add_parser("torch")
    pt.add_argument("csv")
    pt.add_argument("--epochs", type=int, default=5)
    pt.add_argument("--batch", type=int, default=256)
    pt.add_argument("--lr", type=float, default=0.001)
    pt.add_argument("--seed", type=int, default=42)
    pe = sub.add_parser("explain")
    pe.add_argument("csv")
    pe.add_argument("--target", default="label")
    pe.add_argument("--kernel-rows", type=int, default=20)
    pe.add_argument("--gradient-rows", type=int, default=200)
    pe.add_argument("--background", type=int, default=100)
    pe.add_argument("--samples", type=int, default=2088)
    pe.add_argument("--steps", type=int, default=16)
    pe.add_argument("--epochs", type=int, default=3)
    pe.add_argument("--seed", type=int, default=42)
    a = p.parse_args(argv)
    if a.cmd == "versions":
        out = versions()
    elif a.cmd == "pandas":
        out = bench_pandas(a.csv, a.repeat)
    elif a.cmd == "explain":
        out = bench_explain(
            a.csv, a.target, a.kernel_rows, a.gradient_rows, a.background, a.samples, a.steps, a.epochs, a.seed
        )
    else:
        out = bench_torch(a.csv, a.epochs, a.batch, a.lr, a.seed)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
