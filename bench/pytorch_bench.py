"""PyTorch side of `npm run bench`: the bench's workloads, as a PyTorch user would write them.

bench/pytorch.ts runs this file with Debian's /usr/bin/python3 (python3-torch) and one argument,
a JSON request whose "mode" is one of:

  info     torch's version, its BLAS (build setting, and the library mapped after a product)
  train    one training workload (model spec, data file, batch size, budget): samples/s, loss
  predict  the mnist-mlp model's inference, 1,000 samples per call, under torch.no_grad()
  sgemm    torch.mm (and numpy.dot when numpy is installed) on n x n float32 matrices: GFLOP/s
  rss      mnist-mlp trained for many short epochs: RSS after each epoch, and the peak

and prints one JSON line on stdout. The model comes from the same spec as Dendrite's and TF.js's
(bench/workloads.ts, sent as JSON); the data is the bench's own synthetic set, written by Node as
raw float32 (x rows, then y rows).

Timing follows bench/training.ts: a short warm-up fit, then one epoch timed, cut at the first
batch end that finds the budget spent and enough batches done (unless full); a full pass shorter
than 3 s is repeated (up to 10 passes) and the median pass by rate is reported.
"""

import ctypes
import json
import os
import resource
import sys
import time

import torch
from torch import nn

SEED = 1234
MIN_TIMED_S = 3.0
MAX_PASSES = 10


def emit(obj):
    print(json.dumps(obj), flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Model and data


def build(spec):
    """The spec as nn.Sequential on logits, its loss, its penalty, and its output activation.

    The last layer's activation (softmax or sigmoid) is folded into the loss, as PyTorch users
    write it (CrossEntropyLoss, BCEWithLogitsLoss), and applied explicitly in predict. Kernels
    start Glorot-uniform and biases at zero, as in Keras. Penalties are added to the loss, as
    Keras regularizers are: l1 * sum(|w|) + l2 * sum(w^2).
    """
    torch.manual_seed(SEED)
    modules, penalized = [], []
    fan_in = spec['inputDim']
    for layer in spec['layers']:
        if 'dropout' in layer:
            modules.append(nn.Dropout(layer['dropout']))
            continue
        linear = nn.Linear(fan_in, layer['units'])
        nn.init.xavier_uniform_(linear.weight)
        nn.init.zeros_(linear.bias)
        modules.append(linear)
        if layer['activation'] == 'relu':
            modules.append(nn.ReLU())
        if layer.get('l1') or layer.get('l2'):
            penalized.append((linear.weight, layer.get('l1', 0.0), layer.get('l2', 0.0)))
        fan_in = layer['units']
    model = nn.Sequential(*modules)

    def penalty():
        total = 0.0
        for w, l1, l2 in penalized:
            if l1:
                total = total + l1 * w.abs().sum()
            if l2:
                total = total + l2 * w.pow(2).sum()
        return total

    if spec['loss'] == 'categoricalCrossentropy':
        return model, nn.CrossEntropyLoss(), penalty, lambda logits: torch.softmax(logits, dim=1)
    return model, nn.BCEWithLogitsLoss(), penalty, torch.sigmoid


def load_data(req):
    """x [n, inputDim] and the targets: class indices for one-hot labels, float [n, 1] else."""
    n, d, k = req['n'], req['spec']['inputDim'], req['spec']['labelDim']
    flat = torch.from_file(req['data'], shared=False, size=n * (d + k), dtype=torch.float32)
    x = flat[: n * d].view(n, d)
    y = flat[n * d:].view(n, k)
    return x, (y.argmax(dim=1) if k > 1 else y)


def fit_epoch(model, optimizer, loss_fn, penalty, x, t, batch_size, stop):
    """One epoch over shuffled mini-batches (like Keras fit); `stop(batches_done)` ends it early.

    Returns (batches, samples, mean loss per sample, data + penalty).
    """
    model.train()
    n = x.shape[0]
    order = torch.randperm(n)
    batches = samples = 0
    total = 0.0
    for start in range(0, n, batch_size):
        index = order[start:start + batch_size]
        xb, tb = x[index], t[index]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), tb) + penalty()
        loss.backward()
        optimizer.step()
        batches += 1
        samples += len(index)
        total += loss.item() * len(index)
        if stop(batches):
            break
    return batches, samples, total / samples


def time_passes(total_batches, run_pass):
    """Runs passes while they are full and add up to < MIN_TIMED_S; the median pass by rate."""
    done = []
    seconds = 0.0
    while True:
        p = run_pass()
        done.append(p)
        seconds += p['seconds']
        full = done[0]['batches'] == total_batches
        if len(done) >= MAX_PASSES or not full or seconds >= MIN_TIMED_S:
            break
    done.sort(key=lambda p: p['samples'] / p['seconds'], reverse=True)
    return done[len(done) // 2], len(done), seconds


def emit_run(median, passes, seconds, total_batches, **extra):
    emit({'samplesPerSec': median['samples'] / median['seconds'], 'samples': median['samples'],
          'batches': median['batches'], 'totalBatches': total_batches, 'passes': passes,
          'seconds': seconds, **extra})


def budget_spent(req, start, done, min_batches):
    elapsed_ms = 1000 * (time.perf_counter() - start)
    return not req['full'] and done >= min_batches and elapsed_ms >= req['budgetMs']


# ---------------------------------------------------------------------------------------------------------------
# Modes


def train(req):
    spec, batch_size = req['spec'], req['batchSize']
    x, t = load_data(req)
    n = x.shape[0]
    model, loss_fn, penalty, _ = build(spec)
    optimizer = torch.optim.Adam(model.parameters(), lr=spec['learningRate'])

    # Warm-up: fits on the first 50 batches' rows, repeated until at least 3 batches and ~0.5 s have run.
    rows = min(n, 50 * batch_size)
    warm = time.perf_counter()
    warm_batches = 0
    while warm_batches < 3 or time.perf_counter() - warm < 0.5:
        done, _, _ = fit_epoch(model, optimizer, loss_fn, penalty, x[:rows], t[:rows], batch_size,
                               lambda b: b >= 3 and time.perf_counter() - warm >= 0.5)
        warm_batches += done

    total_batches = -(-n // batch_size)
    losses = []

    def run_pass():
        start = time.perf_counter()
        batches, samples, loss = fit_epoch(
            model, optimizer, loss_fn, penalty, x, t, batch_size,
            lambda b: budget_spent(req, start, b, req['minBatches']))
        losses.append(loss)
        return {'samples': samples, 'batches': batches, 'seconds': time.perf_counter() - start}

    median, passes, seconds = time_passes(total_batches, run_pass)
    emit_run(median, passes, seconds, total_batches, loss=losses[0])


def predict(req):
    x, _ = load_data(req)
    model, _, _, activation = build(req['spec'])
    model.eval()
    chunks = x.split(req['batchSize'])

    def run(chunk):
        with torch.no_grad():
            return activation(model(chunk))

    for _ in range(2):
        run(chunks[0])

    def run_pass():
        start = time.perf_counter()
        batches = samples = 0
        for chunk in chunks:
            run(chunk)
            batches += 1
            samples += chunk.shape[0]
            if budget_spent(req, start, batches, req['minBatches']):
                break
        return {'samples': samples, 'batches': batches, 'seconds': time.perf_counter() - start}

    median, passes, seconds = time_passes(len(chunks), run_pass)
    emit_run(median, passes, seconds, len(chunks))


def median_seconds(fn, n):
    """Like bench/harness.ts timeIt: 2 warm-ups, >= 5 runs, ~0.4 s; from 1024 on 1 and 3 runs."""
    warmup, min_reps, min_s = (1, 3, 0.0) if n >= 1024 else (2, 5, 0.4)
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or (time.perf_counter() - start < min_s and len(times) < 200):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def sgemm(req):
    try:
        import numpy as np
    except ImportError:
        np = None
    result = {'torch': [], 'numpy': [] if np is not None else None}
    for n in req['sizes']:
        gflop = 2 * n ** 3 / 1e9
        a = torch.rand(n, n) - 0.5
        b = torch.rand(n, n) - 0.5
        result['torch'].append(gflop / median_seconds(lambda: torch.mm(a, b), n))
        if np is not None:
            an, bn = a.numpy(), b.numpy()
            result['numpy'].append(gflop / median_seconds(lambda: np.dot(an, bn), n))
    emit(result)


def rss_now():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def peak_rss():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) * 1024
    return float('nan')


def rss(req):
    spec, batch_size = req['spec'], req['batchSize']
    x, t = load_data(req)
    model, loss_fn, penalty, _ = build(spec)
    optimizer = torch.optim.Adam(model.parameters(), lr=spec['learningRate'])
    start_bytes = rss_now()
    per_epoch = []
    start = time.perf_counter()
    for _ in range(req['epochs']):
        fit_epoch(model, optimizer, loss_fn, penalty, x, t, batch_size, lambda b: False)
        per_epoch.append(rss_now())
    seconds = time.perf_counter() - start
    # NOTE: Linux keeps ru_maxrss across fork and exec: in a child of Node it is at least Node's
    # RSS at the spawn. VmHWM belongs to this address space alone, so it is the peak reported.
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    emit({'startBytes': start_bytes, 'rssBytes': per_epoch, 'peakBytes': peak_rss(),
          'maxRssBytes': max_rss, 'seconds': seconds})


def mapped_libraries(words):
    """Shared libraries mapped into this process whose file name contains one of `words`."""
    found = []
    with open('/proc/self/maps') as f:
        for line in f:
            path = line.split()[-1]
            name = os.path.basename(path)
            if path.startswith('/') and any(w in name for w in words) and path not in found:
                found.append(path)
    return found


def openblas_config(paths):
    """OpenBLAS's own description (version, build, the core it chose), from a mapped library."""
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return {'config': lib.openblas_get_config().decode(),
                    'core': lib.openblas_get_corename().decode()}
        except (OSError, AttributeError):
            continue
    return None


def info(_req):
    config = torch.__config__.show()
    parts = config.replace('\n', ',').split(',')
    blas_info = next((p[p.index('BLAS_INFO'):].strip() for p in parts if 'BLAS_INFO' in p), '?')
    parallel = next((line.strip() for line in torch.__config__.parallel_info().splitlines()
                     if line.startswith('ATen parallel backend')), '?')
    torch.mm(torch.rand(256, 256), torch.rand(256, 256))  # so that a lazily loaded BLAS is mapped
    try:
        import numpy as np
        np.dot(np.ones((64, 64), np.float32), np.ones((64, 64), np.float32))
        numpy_version = np.__version__
    except ImportError:
        numpy_version = None
    libraries = mapped_libraries(('blas', 'lapack', 'mkl', 'gomp', 'omp'))
    emit({'torch': torch.__version__, 'blasInfo': blas_info, 'parallel': parallel,
          'threads': torch.get_num_threads(), 'libraries': libraries,
          'openblas': openblas_config([p for p in libraries if 'blas' in p]),
          'numpy': numpy_version, 'python': sys.version.split()[0]})


MODES = {'info': info, 'train': train, 'predict': predict, 'sgemm': sgemm, 'rss': rss}


def main():
    req = json.loads(sys.argv[1])
    torch.set_num_threads(req['threads'])
    MODES[req['mode']](req)


if __name__ == '__main__':
    main()
