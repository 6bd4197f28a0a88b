#include "thread-pool.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace dendrite {
namespace {

int defaultThreads() {
  if (const char* env = std::getenv("DENDRITE_NUM_THREADS")) {
    int n = std::atoi(env);
    if (n > 0) return n;
  }
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// DENDRITE_ADAPTIVE_THREADS=0 turns the Governor off: every job uses every thread, however late the helpers are.
bool adaptive() {
  const char* env = std::getenv("DENDRITE_ADAPTIVE_THREADS");
  return !(env && std::strcmp(env, "0") == 0);
}

// Decides, from what the parallel jobs achieve, whether the pool should use its helpers at all.
//
// On a quiet machine two threads make a training step ~1.5× faster. When another process holds a core, a helper is
// descheduled for whole scheduler slices (milliseconds) in the middle of its task, and the caller waits for it at the
// end of every job: two threads then ran two to three times slower than one. No spin or wake-up policy fixes that, since the
// CPU simply is not there; so the pool measures each job and stops dispatching when parallelism does not pay.
//
// The measure: the caller times its own share of a job (it takes tasks from the same counter as the helpers, so a
// helper that never wakes simply leaves it more). Its time per task × all tasks estimates the job on one thread; the
// job's wall time, from publication until the last helper is done, is what the pool achieved. Over a window of jobs,
// parallel must be kMinGain× faster than that estimate, or the pool runs serial for a back-off period (doubling while
// probes keep failing, up to kMaxBackoff) and then probes again. A probe under load costs a few milliseconds (it ends
// as soon as the loss passes kAbortNs). On a quiet machine an odd bad window (another process's burst) costs one
// kMinBackoff of serial running. bench/busy.ts measures both sides.
class Governor {
 public:
  // True when jobs should run on the calling thread alone. Lock-free: every kernel asks before it splits its work.
  bool serial() const {
    const int64_t until = serialUntil_.load(std::memory_order_relaxed);
    return until != 0 && nowNs() < until;
  }

  // Called under the pool's dispatch lock after each parallel job.
  void record(int64_t wallNs, int64_t oneThreadNs) {
    if (serialUntil_.load(std::memory_order_relaxed) != 0) {
      // The back-off has run out: this job is the first of a probe window.
      serialUntil_.store(0, std::memory_order_relaxed);
      clearWindow();
    }
    jobs_++;
    wall_ += wallNs;
    oneThread_ += oneThreadNs;
    const double loss = kMinGain * static_cast<double>(wall_) - static_cast<double>(oneThread_);
    if (loss > kAbortNs) {
      turnSerial();
      return;
    }
    if (jobs_ >= kWindowJobs && wall_ >= kWindowNs) {
      if (loss > 0) {
        turnSerial();
      } else {
        backoff_ = kMinBackoff;
        clearWindow();
      }
    }
  }

  void reset() {
    serialUntil_.store(0, std::memory_order_relaxed);
    backoff_ = kMinBackoff;
    clearWindow();
  }

  std::atomic<int64_t> spells{0};

 private:
  void turnSerial() {
    serialUntil_.store(nowNs() + backoff_, std::memory_order_relaxed);
    backoff_ = std::min<int64_t>(backoff_ * 2, kMaxBackoff);
    spells.fetch_add(1, std::memory_order_relaxed);
    clearWindow();
  }
  void clearWindow() {
    jobs_ = 0;
    wall_ = 0;
    oneThread_ = 0;
  }

  static constexpr double kMinGain = 1.1;
  static constexpr double kAbortNs = 5e6;
  static constexpr int kWindowJobs = 32;
  static constexpr int64_t kWindowNs = 5'000'000;
  static constexpr int64_t kMinBackoff = 20'000'000;
  static constexpr int64_t kMaxBackoff = 2'000'000'000;

  // 0 while parallel; else the steady_clock time (ns) until which jobs run serial.
  std::atomic<int64_t> serialUntil_{0};
  int64_t backoff_ = kMinBackoff;
  int jobs_ = 0;
  int64_t wall_ = 0;
  int64_t oneThread_ = 0;
};

// Workers sleep on a condition variable between jobs. A job is published by bumping `generation`; tasks are taken
// from an atomic counter so a slow thread never holds the others up. Waking a sleeping thread costs tens of
// microseconds on a busy VM — more than a whole elementwise kernel — and a training step runs kernels back to back, so
// both sides first spin briefly (kSpin pauses, some tens of microseconds) before they block.
class Pool {
 public:
  // Atomic: Node worker_threads may set and read it from several JS threads.
  std::atomic<int> threads{defaultThreads()};
  Governor governor;
  std::atomic<int64_t> parallelJobs{0};
  const bool governed = adaptive();

  void setThreads(int n) {
    std::lock_guard<std::mutex> dispatch(dispatchMutex_);
    threads = n;
    governor.reset();
  }

  int active() const { return threads.load() > 1 && governed && governor.serial() ? 1 : threads.load(); }

  void run(int tasks, const std::function<void(int)>& fn) {
    // One job at a time: Node worker_threads share this process-wide pool.
    std::lock_guard<std::mutex> dispatch(dispatchMutex_);
    int helpers = std::min(active(), tasks) - 1;
    if (helpers <= 0) {
      for (int t = 0; t < tasks; t++) fn(t);
      return;
    }
    // A job that starts a thread would count the thread's creation against parallelism.
    const bool grew = grow(helpers);
    const int64_t start = nowNs();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &fn;
      tasks_ = tasks;
      next_.store(0);
      pending_ = helpers;
      remaining_.store(helpers);
      participants_ = helpers;
      generation_++;
      published_.store(generation_, std::memory_order_release);
    }
    wake_.notify_all();
    int mine = 0;
    const int64_t begin = nowNs();
    for (int t = next_.fetch_add(1); t < tasks_; t = next_.fetch_add(1)) {
      fn(t);
      mine++;
    }
    const int64_t busy = nowNs() - begin;
    for (int i = 0; i < kSpin && remaining_.load(std::memory_order_acquire) > 0; i++) pause();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [this] { return pending_ == 0; });
      job_ = nullptr;
    }
    const int64_t wall = nowNs() - start;
    parallelJobs.fetch_add(1, std::memory_order_relaxed);
    // The helpers took every task before the caller got one: they were running, parallelism paid.
    const int64_t oneThread = mine > 0 ? busy * tasks / mine : wall * (helpers + 1);
    if (governed && !grew) governor.record(wall, oneThread);
  }

 private:
  bool grow(int helpers) {
    if (static_cast<int>(workers_.size()) >= helpers) return false;
    while (static_cast<int>(workers_.size()) < helpers) {
      int index = static_cast<int>(workers_.size());
      // Detached and never joined: the pool lives until the process exits, and joining at static destruction would
      // race with Node's own shutdown.
      workers_.emplace_back([this, index] { loop(index); });
      workers_.back().detach();
    }
    return true;
  }

  void work() {
    for (int t = next_.fetch_add(1); t < tasks_; t = next_.fetch_add(1)) (*job_)(t);
  }

  void loop(int index) {
    uint64_t seen = 0;
    for (;;) {
      for (int i = 0; i < kSpin && published_.load(std::memory_order_acquire) == seen; i++) pause();
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen && index < participants_; });
        seen = generation_;
      }
      work();
      remaining_.fetch_sub(1, std::memory_order_release);
      std::lock_guard<std::mutex> lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::mutex dispatchMutex_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<std::thread> workers_;
  const std::function<void(int)>* job_ = nullptr;
  int tasks_ = 0;
  std::atomic<int> next_{0};
  int pending_ = 0;
  int participants_ = 0;
  uint64_t generation_ = 0;
  // Lock-free mirrors of generation_ and pending_ for the spinning phase.
  std::atomic<uint64_t> published_{0};
  std::atomic<int> remaining_{0};

  static constexpr int kSpin = 20000;
  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
};

// Leaked on purpose (see grow()).
Pool& pool() {
  static Pool* p = new Pool();
  return *p;
}

}  // namespace

int getNumThreads() { return pool().threads; }

void setNumThreads(int n) { pool().setThreads(n > 0 ? n : 1); }

int activeThreads() { return pool().active(); }

void parallelFor(int tasks, const std::function<void(int)>& fn) { pool().run(tasks, fn); }

PoolStats poolStats() { return {pool().parallelJobs.load(), pool().governor.spells.load()}; }

}  // namespace dendrite
