#!/usr/bin/env python3
"""Compares Praxis's classifier with plain scikit-learn baselines on the visible sets (issue 18).

Every baseline sees exactly what Praxis's model sees of a message: `praxis classify evaluate
--dump-prepared` writes, per message, the decoded subject, the body's reader text trimmed to what is
new in it (NewText.trimmed), the lines it quotes ("> ..."), and the sender's address; the baselines
get "subject, text, quoted lines, sender's address and domain" as one string.  (Praxis itself counts
subject words twice and quoted words half, caps the text at 12 KiB and the quote at 6 KiB, adds
word pairs, scales each label's features by naive-Bayes ratios (NB-SVM) and adds the author's own
history of labels as a prior; the baselines get the plain text and choose nothing of that.)  Praxis's own figures come from `praxis classify evaluate --json` on the very
same split (for cross-validation, fold folders of symbolic links are made for it).

Nothing is selected on a test half: the baselines run with scikit-learn's defaults (TF-IDF with
sublinear tf, as Praxis), and Praxis with its built-in options (chosen by cross-validation on the
training halves, see Benchmarks/README.md).

    pip install scikit-learn
    python3 Benchmarks/classify-baselines.py --praxis .build-release/release/praxis [--corpora ../shared/corpora]

Sets: list-topics train -> test; list-topics' training half alone, split per list as the test half
was (oldest 70% -> newest 30%), where choices can be judged without the test half; 5-fold
cross-validation of 20news-bydate-train (stratified, shuffled with seed 0; the same folds for every
model); and 20news-bydate-train split in time the same way (per group, by article number), since
its official test half is the later months.  Exits 0 with a message when a corpus is absent.
"""
import argparse, json, os, subprocess, sys, tempfile, time
from collections import defaultdict

try:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.svm import LinearSVC
except ImportError:
    sys.exit("classify-baselines: needs scikit-learn (pip install scikit-learn)")


def labelled_files(directory):
    files = []
    for label in sorted(os.listdir(directory)):
        folder = os.path.join(directory, label)
        if label.startswith(".") or not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if not name.startswith(".") and os.path.isfile(path):
                files.append((label, path))
    return files


def prepared(praxis, train_dir, test_dir):
    """(train, test) lists of (label, text) as Praxis reads them, in file-name order per label."""
    with tempfile.TemporaryDirectory() as scratch:
        dump = os.path.join(scratch, "prepared.jsonl")
        subprocess.run([praxis, "classify", "evaluate", "--train", train_dir, "--test", test_dir,
                        "--json", "--dump-prepared", dump], check=True, stdout=subprocess.DEVNULL,
                       env={k: v for k, v in os.environ.items() if k != "PRAXIS_CONFIG"})
        halves = {"train": [], "test": []}
        with open(dump, encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                sender = row.get("sender") or ""
                domain = sender.rsplit("@", 1)[1].lower() if "@" in sender else ""
                text = "\n".join([row["subject"], row["text"], row.get("quoted", ""), sender + " " + domain])
                halves[row["split"]].append((row["label"], text))
        return halves["train"], halves["test"]


def baselines():
    def vectorizer():
        return TfidfVectorizer(sublinear_tf=True)
    return {
        "MultinomialNB": lambda: (vectorizer(), MultinomialNB()),
        "LinearSVC": lambda: (vectorizer(), LinearSVC()),
        "SGDClassifier": lambda: (vectorizer(), SGDClassifier(random_state=0)),
    }


def fit_score(make, train, test):
    vec, model = make()
    start = time.perf_counter()
    x = vec.fit_transform([t for _, t in train])
    model.fit(x, [l for l, _ in train])
    trained = time.perf_counter() - start
    predicted = model.predict(vec.transform([t for _, t in test]))
    truth = [l for l, _ in test]
    return accuracy_score(truth, predicted), f1_score(truth, predicted, average="macro"), trained


def praxis_score(praxis, train_dir, test_dir):
    out = subprocess.run([praxis, "classify", "evaluate", "--train", train_dir, "--test", test_dir, "--json"],
                         check=True, capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k != "PRAXIS_CONFIG"}).stdout
    result = json.loads(out)
    return result["accuracy"], result["macro_f1"], result["train_seconds"]


def link_tree(root, files):
    for label, path in files:
        folder = os.path.join(root, label)
        os.makedirs(folder, exist_ok=True)
        os.symlink(os.path.abspath(path), os.path.join(folder, os.path.basename(path)))


def report(title, rows):
    print(f"\n{title}")
    print(f"  {'model':<16} {'accuracy':>8} {'macro-F1':>8} {'train s':>8}")
    for name, (acc, f1, seconds) in rows.items():
        print(f"  {name:<16} {acc:8.4f} {f1:8.4f} {seconds:8.2f}")
    best = max((v for k, v in rows.items() if k != "Praxis"), key=lambda v: v[0])
    best_f1 = max(v[1] for k, v in rows.items() if k != "Praxis")
    p = rows["Praxis"]
    print(f"  Praxis - best baseline: accuracy {p[0] - best[0]:+.4f}, macro-F1 {p[1] - best_f1:+.4f}")


def report_chronological(praxis, title, train_dir, position):
    """A training half alone, split by time as list-topics' test half was made (its SOURCE.txt,
    step 6): per label, the oldest 70% of the files (ordered by `position` of the file name) train,
    the newest 30% are held out. A choice between models can be judged here without a test half;
    a random split would put a thread's replies on both sides and flatter every model (list-topics
    5-fold: all of them 0.995-0.998)."""
    by_label = defaultdict(list)
    for label, path in labelled_files(train_dir):
        by_label[label].append((label, path))
    older, newer = [], []
    for label, files in by_label.items():
        files.sort(key=lambda item: position(os.path.basename(item[1])))
        cut = int(len(files) * 0.7)
        older += files[:cut]
        newer += files[cut:]
    with tempfile.TemporaryDirectory() as scratch:
        fit_dir, held_dir = os.path.join(scratch, "train"), os.path.join(scratch, "test")
        link_tree(fit_dir, older)
        link_tree(held_dir, newer)
        train, test = prepared(praxis, fit_dir, held_dir)
        rows = {name: fit_score(make, train, test) for name, make in baselines().items()}
        rows["Praxis"] = praxis_score(praxis, fit_dir, held_dir)
    report(f"{title}: oldest 70% {len(train)} -> newest 30% {len(test)}", rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--praxis", required=True, help="the built praxis executable")
    parser.add_argument("--corpora", default=os.environ.get("PRAXIS_CORPORA", "../shared/corpora"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", choices=["list-topics", "20news"])
    args = parser.parse_args()
    praxis = os.path.abspath(args.praxis)

    topics = os.path.join(args.corpora, "list-topics")
    if args.only in (None, "list-topics"):
        if not os.path.isdir(os.path.join(topics, "train")):
            print(f"skipped list-topics: {topics} is absent")
        else:
            train_dir, test_dir = os.path.join(topics, "train"), os.path.join(topics, "test")
            train, test = prepared(praxis, train_dir, test_dir)
            rows = {name: fit_score(make, train, test) for name, make in baselines().items()}
            rows["Praxis"] = praxis_score(praxis, train_dir, test_dir)
            report(f"list-topics: train {len(train)} -> test {len(test)}", rows)
            # Files are named by their position in the list's period.
            report_chronological(praxis, "list-topics, training half only, per list", train_dir, lambda name: name)

    news = os.path.join(args.corpora, "20news-bydate-train")
    if args.only in (None, "20news"):
        if not os.path.isdir(news):
            print(f"skipped 20news: {news} is absent")
            return
        files = labelled_files(news)
        texts, _ = prepared(praxis, news, os.path.join(topics, "test") if os.path.isdir(topics) else news)
        labels = [l for l, _ in files]
        assert [l for l, _ in texts] == labels, "the dump and the file list disagree"
        folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0)
        sums = defaultdict(lambda: np.zeros(3))
        for k, (train_idx, test_idx) in enumerate(folds.split(np.zeros(len(labels)), labels)):
            for name, make in baselines().items():
                sums[name] += fit_score(make, [texts[i] for i in train_idx], [texts[i] for i in test_idx])
            with tempfile.TemporaryDirectory() as scratch:
                link_tree(os.path.join(scratch, "train"), [files[i] for i in train_idx])
                link_tree(os.path.join(scratch, "test"), [files[i] for i in test_idx])
                sums["Praxis"] += praxis_score(praxis, os.path.join(scratch, "train"), os.path.join(scratch, "test"))
            print(f"  fold {k + 1}/{args.folds} done", file=sys.stderr)
        report(f"20news-bydate-train: {args.folds}-fold cross-validation ({len(labels)} messages)",
               {name: tuple(v / args.folds) for name, v in sums.items()})
        # The official test half is the later months; within the training half, article numbers
        # order each group's posts in time (they are comparable only within one group).
        report_chronological(praxis, "20news-bydate-train, per group by article number", news,
                             lambda name: int(name) if name.isdigit() else 0)


if __name__ == "__main__":
    main()
