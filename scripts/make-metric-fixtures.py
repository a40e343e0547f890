#!/usr/bin/python3
"""Writes src/core/evaluate/fixtures/sklearn-metrics.json: seeded metric cases with scikit-learn's
answers (classification, regression, and anomaly scores with a quantile threshold), so that src/core/evaluate/metrics.test.ts checks our metrics against an independent
implementation. CI does not run this; rerun it by hand (Debian's python3-sklearn 1.2.1 + numpy):

    /usr/bin/python3 scripts/make-metric-fixtures.py

Probabilities are drawn as float32 (what the worker's models produce), then given to sklearn as
float64 holding exactly the same values, so both sides see identical inputs.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    log_loss,
    mean_absolute_error,
    mean_squared_error,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    roc_curve,
)

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "src", "core", "evaluate", "fixtures", "sklearn-metrics.json"
)
# sklearn 1.2's default eps="auto" depends on the dtype; metrics.ts uses the historical 1e-15.
LOG_LOSS_EPS = 1e-15


def normalize32(raw):
    p = np.asarray(raw, dtype=np.float64)
    p = p / p.sum(axis=1, keepdims=True)
    return p.astype(np.float32)


def classification_case(name, y, proba32, note):
    y = np.asarray(y, dtype=np.int64)
    proba32 = np.asarray(proba32, dtype=np.float32)
    n, k = proba32.shape
    labels = list(range(k))
    proba = proba32.astype(np.float64)
    y_pred = np.argmax(proba32, axis=1)  # ties -> lowest index
    p, r, f, s = precision_recall_fscore_support(y, y_pred, labels=labels, zero_division=0)
    pm, rm, fm, _ = precision_recall_fscore_support(y, y_pred, labels=labels, average="macro", zero_division=0)
    try:
        if k == 2:
            auc = roc_auc_score(y, proba[:, 1])
        else:
            auc = roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=labels)
        auc = float(auc)
    except ValueError:
        auc = None  # sklearn refuses: a class is missing from y_true
    curve = None
    if k == 2 and auc is not None:
        fpr, tpr, _ = roc_curve(y, proba[:, 1])
        curve = {"fpr": fpr.tolist(), "tpr": tpr.tolist()}
    return {
        "name": name,
        "note": note,
        "y_true": y.tolist(),
        "proba": [float(v) for v in proba32.reshape(-1)],
        "classes": [f"c{j}" for j in labels],
        "expected": {
            "accuracy": float(accuracy_score(y, y_pred)),
            "precision": p.tolist(),
            "recall": r.tolist(),
            "f1": f.tolist(),
            "support": [int(v) for v in s],
            "precision_macro": float(pm),
            "recall_macro": float(rm),
            "f1_macro": float(fm),
            "roc_auc": auc,
            "log_loss": float(log_loss(y, proba, labels=labels, eps=LOG_LOSS_EPS)),
            "confusion_matrix": confusion_matrix(y, y_pred, labels=labels).tolist(),
            "roc_curve": curve,
        },
    }


def regression_case(name, y_true, y_pred, note):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    return {
        "name": name,
        "note": note,
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "expected": {
            "mse": float(mean_squared_error(y_true, y_pred)),
            "rmse": float(mean_squared_error(y_true, y_pred, squared=False)),
            "mae": float(mean_absolute_error(y_true, y_pred)),
            "r2": float(r2_score(y_true, y_pred)),
        },
    }


def anomaly_case(name, y, score32, train32, quantile, note):
    """An anomaly score against 0/1 labels; the threshold is a quantile of the normal training scores."""
    y = np.asarray(y, dtype=np.int64)
    score = np.asarray(score32, dtype=np.float32).astype(np.float64)
    train = np.asarray(train32, dtype=np.float32).astype(np.float64)
    threshold = float(np.quantile(train, quantile))
    flags = (score > threshold).astype(np.int64)
    p, r, f, _ = precision_recall_fscore_support(y, flags, average="binary", pos_label=1, zero_division=0)
    both = 0 < y.sum() < len(y)
    return {
        "name": name,
        "note": note,
        "y_true": y.tolist(),
        "score": score.tolist(),
        "train_scores": train.tolist(),
        "quantile": quantile,
        "expected": {
            "threshold": threshold,
            "roc_auc": float(roc_auc_score(y, score)) if both else None,
            "average_precision": float(average_precision_score(y, score)) if y.sum() > 0 else None,
            "flagged": int(flags.sum()),
            "precision": float(p),
            "recall": float(r),
            "f1": float(f),
            "mean_score_normal": float(score[y == 0].mean()) if (y == 0).any() else None,
            "mean_score_anomaly": float(score[y == 1].mean()) if (y == 1).any() else None,
        },
    }


def anomaly_cases():
    # Its own generator: the classification and regression cases above keep their values.
    rng = np.random.default_rng(20250301)
    out = []

    # Reconstruction-error-like scores: squared norms, anomalies larger; 10% anomalies.
    n = 150
    y = (rng.random(n) < 0.1).astype(np.int64)
    y[:3] = 1
    score = (rng.chisquare(4, n) * (1 + 2.5 * y)).astype(np.float32)
    train = rng.chisquare(4, 300).astype(np.float32)
    out.append(anomaly_case("anomaly_continuous", y, score, train, 0.99, "chi-square scores, anomalies scaled up"))

    # Scores rounded to 0.5: many ties across the labels; threshold at the 0.9 quantile of tied values.
    n = 80
    y = rng.integers(0, 2, n)
    score = np.round(2 * (rng.gamma(2.0, 1.0, n) + 1.2 * y)) / 2
    train = np.round(2 * rng.gamma(2.0, 1.0, 101)) / 2
    out.append(anomaly_case("anomaly_ties", y, score.astype(np.float32), train.astype(np.float32), 0.9, "tied scores"))

    # Perfect ranking, but the threshold (max of the training scores) flags none of the anomalies.
    y = np.array([0, 0, 0, 1, 1, 0, 1, 0])
    score = np.array([0.1, 0.2, 0.15, 0.8, 0.9, 0.3, 0.85, 0.05], dtype=np.float32)
    out.append(anomaly_case("anomaly_none_flagged", y, score, np.array([0.5, 2.0, 1.0], dtype=np.float32), 1.0, "precision 0 by zero_division"))

    # A reversed scorer: anomalies score lower (AUC < 0.5); the threshold flags only normal rows.
    n = 60
    y = (rng.random(n) < 0.3).astype(np.int64)
    y[0] = 1
    score = (rng.normal(5, 1, n) - 2.5 * y).astype(np.float32)
    train = rng.normal(5, 1, 40).astype(np.float32)
    out.append(anomaly_case("anomaly_reversed", y, score, train, 0.95, "worse than chance"))
    return out


def main():
    rng = np.random.default_rng(20240611)
    cls = []

    # Binary, scores rounded to 0.1 so that many are tied, plus rows with p exactly 0 / 1 (clipping).
    n = 60
    y = rng.integers(0, 2, n)
    p1 = np.clip(np.round(0.5 + 0.35 * (y - 0.5) + rng.normal(0, 0.25, n), 1), 0, 1)
    p1[0], y[0] = 1.0, 0  # confidently wrong: log loss hits the clip
    p1[1], y[1] = 0.0, 1
    p1[2], y[2] = 0.5, 1  # exact tie in argmax -> class 0
    p1 = p1.astype(np.float32)
    cls.append(classification_case("binary_ties", y, np.stack([1 - p1, p1], axis=1), "tied scores, clipped 0/1"))

    # Binary, continuous scores.
    n = 80
    y = rng.integers(0, 2, n)
    logits = 1.2 * (2 * y - 1) + rng.normal(0, 1.5, n)
    p1 = (1 / (1 + np.exp(-logits))).astype(np.float32)
    cls.append(classification_case("binary_continuous", y, np.stack([1 - p1, p1], axis=1), "no ties"))

    # Imbalanced binary: 5% positives, weak model that predicts positive rarely.
    n = 200
    y = (rng.random(n) < 0.05).astype(np.int64)
    y[:3] = 1
    logits = -2.5 + 1.8 * y + rng.normal(0, 1.0, n)
    p1 = (1 / (1 + np.exp(-logits))).astype(np.float32)
    cls.append(classification_case("binary_imbalanced", y, np.stack([1 - p1, p1], axis=1), "5% positives"))

    # Perfect binary: one-hot probabilities.
    y = np.array([0, 1, 1, 0, 1, 0, 0, 1])
    cls.append(classification_case("binary_perfect", y, np.eye(2, dtype=np.float32)[y], "one-hot"))

    # Binary with a single class in y_true: ROC-AUC undefined.
    y = np.zeros(10, dtype=np.int64)
    p1 = rng.random(10).astype(np.float32)
    cls.append(classification_case("binary_one_class", y, np.stack([1 - p1, p1], axis=1), "roc_auc null"))

    # Three classes, class 2 never predicted (its probability is always the smallest).
    n = 45
    y = rng.integers(0, 3, n)
    raw = rng.random((n, 3)) + 1.5 * np.eye(3)[np.minimum(y, 1)]
    raw[:, 2] = np.minimum(raw[:, 0], raw[:, 1]) * 0.5
    cls.append(classification_case("multiclass3_never_predicted", y, normalize32(raw), "class 2 never argmax"))

    # Four classes from a Dirichlet, informative, with some tied rows.
    n = 120
    y = rng.integers(0, 4, n)
    raw = rng.dirichlet(np.ones(4), n) + 0.6 * np.eye(4)[y]
    raw[:5] = 0.25  # uniform rows: argmax tie -> class 0
    cls.append(classification_case("multiclass4", y, normalize32(raw), "uniform rows tie to class 0"))

    # Four classes, imbalanced (60/25/10/5%) and noisy.
    n = 150
    y = rng.choice(4, n, p=[0.6, 0.25, 0.1, 0.05])
    y[:4] = [0, 1, 2, 3]
    raw = rng.dirichlet(np.ones(4) * 0.7, n) + 0.3 * np.eye(4)[y]
    cls.append(classification_case("multiclass4_imbalanced", y, normalize32(raw), "imbalanced"))

    # Three classes, perfect predictions.
    y = np.array([0, 1, 2, 2, 1, 0, 0, 2, 1])
    cls.append(classification_case("multiclass3_perfect", y, np.eye(3, dtype=np.float32)[y], "one-hot"))

    # Three classes, class 1 absent from y_true: sklearn refuses OvR ROC-AUC -> null.
    n = 20
    y = rng.choice([0, 2], n)
    raw = rng.random((n, 3))
    cls.append(classification_case("multiclass3_absent_class", y, normalize32(raw), "roc_auc null"))

    reg = []
    n = 50
    x = rng.normal(0, 1, n)
    y_true = 3.0 * x + 2.0
    reg.append(regression_case("regression_exact", y_true, y_true.copy(), "perfect fit"))
    reg.append(regression_case("regression_noise", y_true, y_true + rng.normal(0, 0.7, n), "noisy"))
    y_big = 1e6 + 10 * rng.normal(0, 1, n)
    reg.append(regression_case("regression_offset", y_big, y_big + rng.normal(0, 3, n), "large offset"))
    reg.append(regression_case("regression_bad", y_true, rng.normal(0, 5, n), "worse than the mean: r2 < 0"))
    reg.append(regression_case("regression_constant", np.full(8, 2.5), 2.5 + rng.normal(0, 1, 8), "r2 -> 0"))
    reg.append(regression_case("regression_constant_perfect", np.full(8, 2.5), np.full(8, 2.5), "r2 -> 1"))

    doc = {
        "generator": "scripts/make-metric-fixtures.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "log_loss_eps": LOG_LOSS_EPS,
        "classification": cls,
        "regression": reg,
        "anomaly": anomaly_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print(
        f"wrote {len(cls)} classification, {len(reg)} regression and {len(doc['anomaly'])} anomaly cases"
        f" to {os.path.normpath(OUT)}"
    )


if __name__ == "__main__":
    main()
