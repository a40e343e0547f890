"""Peer measurements for bench/run.ts, run with Debian's /usr/bin/python3 (pandas, torch).

    peers.py versions
    peers.py pandas CSV --repeat 2
    peers.py torch CSV --epochs 5 --batch 256 --lr 0.001 --seed 42

Each prints one JSON object on stdout. The caller sets OMP_NUM_THREADS=1 (one thread, as the tfjs
backends use): on 2-core machines OpenMP spin-waiting makes 2-thread timings swing wildly.
"""
import argparse
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
    a = p.parse_args(argv)
    if a.cmd == "versions":
        out = versions()
    elif a.cmd == "pandas":
        out = bench_pandas(a.csv, a.repeat)
    else:
        out = bench_torch(a.csv, a.epochs, a.batch, a.lr, a.seed)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
