#include "thread-pool.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
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

// Workers sleep on a condition variable between jobs. A job is published by bumping `generation`; tasks are taken
// from an atomic counter so a slow thread never holds the others up. Waking a sleeping thread costs tens of
// microseconds on a busy VM — more than a whole elementwise kernel — and a training step runs kernels back to back, so
// both sides first spin briefly (kSpin pauses, some tens of microseconds) before they block.
class Pool {
 public:
  // Atomic: Node worker_threads may set and read it from several JS threads.
  std::atomic<int> threads{defaultThreads()};

  void run(int tasks, const std::function<void(int)>& fn) {
    // One job at a time: Node worker_threads share this process-wide pool.
    std::lock_guard<std::mutex> dispatch(dispatchMutex_);
    int helpers = std::min(threads.load(), tasks) - 1;
    if (helpers <= 0) {
      for (int t = 0; t < tasks; t++) fn(t);
      return;
    }
    grow(helpers);
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
    work();
    for (int i = 0; i < kSpin && remaining_.load(std::memory_order_acquire) > 0; i++) pause();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
  }

 private:
  void grow(int helpers) {
    while (static_cast<int>(workers_.size()) < helpers) {
      int index = static_cast<int>(workers_.size());
      // Detached and never joined: the pool lives until the process exits, and joining at static destruction would
      // race with Node's own shutdown.
      workers_.emplace_back([this, index] { loop(index); });
      workers_.back().detach();
    }
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

void setNumThreads(int n) { pool().threads = n > 0 ? n : 1; }

void parallelFor(int tasks, const std::function<void(int)>& fn) { pool().run(tasks, fn); }

}  // namespace dendrite
