#!/usr/bin/env python3
"""Feature ablations for Praxis's classifier on training data only (issue 18; figures in README.md).

A scikit-learn imitation of Praxis's features (subject SW times, trimmed text, quoted lines at weight
W in the same space, sender domain and address, words and word n-grams up to NG, optional character
CN-grams within words from the first CCAP characters, min-df MD, sublinear tf, IDF, L2, LinearSVC with
cost C) on the text `praxis classify evaluate --dump-prepared FILE.jsonl` writes.  Only the rows
with "split": "train" are used: nothing here looks at a test half.

    python3 Benchmarks/classify-ablation.py FILE.jsonl chrono|group|cv "w=0.5,char=0,addr=1" ...

chrono: each label's oldest 70% (file-name order) -> newest 30%, scored on all held-out posts and
again on those of threads that start in the 30% only (no post of the 70% has the same subject
without Re:/Fwd:/[tags]) -- the test halves are later months with new threads, and a thread the
model has seen answers for its later posts; group: 5-fold grouped by thread (that subject); cv:
stratified 5-fold, shuffled with seed 0.  Each line also gives the commonest (truth, predicted)
confusions.  Each argument is one candidate, as keyword arguments of `feats` (w, char, addr
required), or `baseline` (classify-baselines.py's LinearSVC on its input), plus:
  nb=A      NB-SVM (Wang & Manning 2012): each label's SVM on the features scaled by its naive-Bayes
            log-count ratio, smoothing A (Praxis: 1)
  author=W  the author's own history: W * log P(label | sender) added to the margins, Laplace
            smoothing `smooth` (default 1), counted on the training rows of the split (Praxis: 0.1)
  beta=B    (with nb) Wang & Manning's interpolation of each label's weights with their mean
            magnitude, w' = (1-B) * mean(|w|) + B * w (the paper: 0.25)
  mix=L     (round 5) the SVM's calibrated probabilities (softmax of the margins, author included,
            temperature fitted on every 10th training post held out, as Praxis fits it) mixed with
            a naive Bayes's: (1-L) * p_svm + L * p_nb; `nbk` picks it: mnb (MultinomialNB on the
            same TF-IDF rows, default), cnb (ComplementNB), and `nba` its smoothing (default 1)
  logmix=L  (round 5) the same two, mixed as a product of experts: margins/T + L * log p_nb
  blend=L   (round 5, with nb) the NB-SVM's margins and a plain SVM's on the same rows, mixed
            (1-L) * nb + L * plain: one linear model, so predicting costs the same, training twice
"""
import collections, json, sys, re, numpy as np, time
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.svm import LinearSVC
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
import scipy.sparse as sp
TOK = r"(?u)\b\w\w+\b"
rows=[json.loads(l) for l in open(sys.argv[1])]
for r in rows:
    s=r.get("sender") or ""; r["domain"]=s.rsplit("@",1)[1].lower() if "@" in s else ""
tr=[r for r in rows if r["split"]=="train"]; te=[r for r in rows if r["split"]=="test"]
def feats(train, test, w, char, addr, cap=12*1024, qcap=6*1024, md=2, ng=2, sw=2, C=1.0, cn=4, ps=0, ccap=10**9):
    def main(r): return (r["subject"]+" ")*sw + r["text"][:cap] + " " + r["domain"] + ((" ADDR"+re.sub(r"\W","_",r.get("sender") or "")) if addr else "")
    def q(r): return r.get("quoted","")[:qcap]
    an = CountVectorizer(ngram_range=(1,ng), token_pattern=TOK, lowercase=True).build_analyzer()
    ca = CountVectorizer(analyzer="char_wb", ngram_range=(cn,cn)).build_analyzer() if char else None
    def toks(s):
        t = an(s)
        if ca: t = t + ["#"+g for g in ca(s.lower()[:ccap])]
        if ps: t = t + [g for w_ in re.findall(TOK, s.lower()) if len(w_)>4 for g in ("<"+w_[:4], w_[-4:]+">")]
        return t
    cv = CountVectorizer(analyzer=lambda x: x, min_df=1)
    A = cv.fit_transform([toks(main(r)) for r in train]); Aq = cv.transform([toks(q(r)) for r in train]) if w>0 else None
    B = cv.transform([toks(main(r)) for r in test]); Bq = cv.transform([toks(q(r)) for r in test]) if w>0 else None
    def comb(M, Q):
        M = M.astype(np.float64)
        if Q is not None: M = M + w*Q
        return sp.csr_matrix(M)
    A=comb(A,Aq); B=comb(B,Bq)
    df = np.asarray((A>0).sum(0)).ravel(); keep = np.where(df>=md)[0]
    A=A[:,keep]; B=B[:,keep]; df=df[keep]; n=A.shape[0]
    idf = np.log((n+1)/(df+1))+1
    def tf(M):
        M=M.copy(); M.data = np.maximum(1+np.log(M.data), 0.05); return normalize(M.multiply(idf).tocsr())
    return tf(A), tf(B)
def author_log_prior(train, test, classes, smoothing):
    """log P(label | sender) from the training rows, Laplace-smoothed; uniform for an unknown sender
    (a constant per row, which changes neither the argmax nor a softmax)."""
    index = {c: k for k, c in enumerate(classes)}; counts = {}
    for r in train:
        s = (r.get("sender") or "").lower()
        if s: counts.setdefault(s, np.zeros(len(classes)))[index[r["label"]]] += 1
    out = np.zeros((len(test), len(classes)))
    for i, r in enumerate(test):
        c = counts.get((r.get("sender") or "").lower())
        if c is not None: out[i] = np.log((c + smoothing) / (c.sum() + smoothing * len(classes)))
    return out
def nbsvm(X, y, Y, smoothing, C, binary=False, beta=1.0):
    """NB-SVM (Wang & Manning 2012) one-vs-rest on the TF-IDF rows: each label's SVM sees every
    feature scaled by its naive-Bayes log-count ratio r = log((p/|p|)/(q/|q|)), p and q the summed
    rows of the label and of the rest plus `smoothing`; the margin is sum x*r*w, so r folds into w."""
    classes = np.unique(y); scores = np.zeros((Y.shape[0], len(classes)))
    for k, c in enumerate(classes):
        pos = (y == c)
        S = (X > 0).astype(np.float64) if binary else X
        p = np.asarray(S[pos].sum(0)).ravel() + smoothing; q = np.asarray(S[~pos].sum(0)).ravel() + smoothing
        r = np.log((p / p.sum()) / (q / q.sum()))
        R = sp.diags(r)
        m = LinearSVC(C=C).fit(X @ R, pos.astype(int))
        w = m.coef_.ravel()
        if beta != 1.0: w = (1 - beta) * np.abs(w).mean() + beta * w
        scores[:, k] = (Y @ R) @ w + m.intercept_[0]
    return scores, classes
def margins(train,test,kw,alpha,smoothing,nb,nbbin,beta,blend=0.0):
    X,Y=feats(train,test,**kw); y=np.array([r["label"] for r in train])
    if nb:
        scores,classes=nbsvm(X,y,Y,nb,kw.get("C",1.0),binary=bool(nbbin),beta=beta)
        if blend:
            plain=LinearSVC(C=kw.get("C",1.0)).fit(X,y); assert list(plain.classes_)==list(classes)
            scores=(1-blend)*scores+blend*plain.decision_function(Y)
    else:
        m=LinearSVC(C=kw.get("C",1.0)).fit(X,y); scores=m.decision_function(Y); classes=m.classes_
    if alpha: scores=scores+alpha*author_log_prior(train,test,list(classes),smoothing)
    return scores,classes,X,Y,y
def softmax(z):
    z=z-z.max(1,keepdims=True); e=np.exp(z); return e/e.sum(1,keepdims=True)
def fitted_temperature(scores, classes, truth):
    """The temperature minimising the held-out negative log-likelihood (a grid over log T)."""
    target=np.array([list(classes).index(t) for t in truth])
    best=None
    for T in np.exp(np.linspace(np.log(0.01),np.log(3),120)):
        nll=-np.log(softmax(scores/T)[np.arange(len(target)),target]+1e-300).mean()
        if best is None or nll<best[0]: best=(nll,T)
    return best[1]
def run(train,test,**kw):
    kw=dict(kw); alpha=kw.pop("author",0.0); smoothing=kw.pop("smooth",1.0); nb=kw.pop("nb",0.0); nbbin=kw.pop("nbbin",0)
    beta=kw.pop("beta",1.0); blend=kw.pop("blend",0.0); mix=kw.pop("mix",None); logmix=kw.pop("logmix",None); nbk=kw.pop("nbk","mnb"); nba=kw.pop("nba",1.0)
    scores,classes,X,Y,y=margins(train,test,kw,alpha,smoothing,nb,nbbin,beta,blend)
    if mix is None and logmix is None: return classes[np.argmax(scores,1)]
    inner=[r for i,r in enumerate(train) if i%10!=9]; held=[r for i,r in enumerate(train) if i%10==9]
    hs,hc,_,_,_=margins(inner,held,kw,alpha,smoothing,nb,nbbin,beta,blend)
    T=fitted_temperature(hs,hc,[r["label"] for r in held])
    from sklearn.naive_bayes import MultinomialNB, ComplementNB
    bayes=(ComplementNB if nbk=="cnb" else MultinomialNB)(alpha=nba).fit(X,y)
    assert list(bayes.classes_)==list(classes)
    if mix is not None:
        p=(1-mix)*softmax(scores/T)+mix*bayes.predict_proba(Y)
    else:
        p=scores/T+logmix*bayes.predict_log_proba(Y)
    return classes[np.argmax(p,1)]
def baseline(train, test):
    """classify-baselines.py's LinearSVC on its input: subject, text, quote and sender as one string."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    def text(r): return "\n".join([r["subject"], r["text"], r.get("quoted",""), (r.get("sender") or "")+" "+r["domain"]])
    vec=TfidfVectorizer(sublinear_tf=True)
    return LinearSVC().fit(vec.fit_transform([text(r) for r in train]),[r["label"] for r in train]).predict(vec.transform([text(r) for r in test]))
def predicted(spec, train, test):
    return baseline(train, test) if spec=="baseline" else run(train, test, **eval("dict("+spec+")"))
def scores(truth, p):
    confusions=collections.Counter((a,str(b)) for a,b in zip(truth,p) if a!=b).most_common(4)
    return f"{accuracy_score(truth,p):.4f} / {f1_score(truth,p,average='macro'):.4f}", confusions
def thread(subject):
    x=subject.lower()
    while True:
        y=re.sub(r"^\s*((re|fwd?|aw|sv)\s*:|\[[^\]]*\])\s*","",x)
        if y==x: return x.strip()
        x=y
mode=sys.argv[2]
for spec in sys.argv[3:]:
    t0=time.time()
    if mode=="chrono":
        by=collections.defaultdict(list)
        for r in tr: by[r["label"]].append(r)
        a=[];b=[]
        for l,rs in by.items():
            k=int(len(rs)*0.7); a+=rs[:k]; b+=rs[k:]
        p=predicted(spec,a,b); truth=[r["label"] for r in b]
        seen={thread(r["subject"]) for r in a}
        new=[i for i,r in enumerate(b) if thread(r["subject"]) not in seen]
        print(spec,"chrono",*scores(truth,p),f"new threads ({len(new)} of {len(b)})",
              *scores([truth[i] for i in new],[p[i] for i in new]), round(time.time()-t0), flush=True)
    else:
        if mode=="group":
            from sklearn.model_selection import GroupKFold
            splits=GroupKFold(5).split(np.zeros(len(tr)),groups=[thread(r["subject"]) for r in tr])
        else:
            splits=StratifiedKFold(5,shuffle=True,random_state=0).split(np.zeros(len(tr)),[r["label"] for r in tr])
        truth=[]; p=[]; res=[]
        for a,b in splits:
            t=[tr[i]["label"] for i in b]; q=list(predicted(spec,[tr[i] for i in a],[tr[i] for i in b]))
            res.append((accuracy_score(t,q), f1_score(t,q,average="macro"))); truth+=t; p+=q
        mean=np.mean(res,0)
        print(spec,mode,f"{mean[0]:.4f} / {mean[1]:.4f}",scores(truth,p)[1], round(time.time()-t0), flush=True)
