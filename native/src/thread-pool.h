// One persistent pool for every parallel kernel (PERF-NOTES: two pools on two cores fight).
#pragma once
#include <cstdint>
#include <functional>

namespace dendrite {

// Threads parallel kernels may use, counting the calling thread, as set by the user. Default: the CPUs this process
// may run on (sched_getaffinity, so `taskset` is honoured), or DENDRITE_NUM_THREADS when set.
int getNumThreads();
void setNumThreads(int n);

// What a kernel should split its work for now: getNumThreads(), or 1 while the pool has found that its helpers do
// not get a CPU (another process holds the cores) and runs every job on the calling thread. Kernels size their
// tasks by this, so that in that state they take exactly their one-thread path.
int activeThreads();

// Runs fn(0) … fn(tasks-1) on up to activeThreads() threads (the caller takes part) and returns when all are done.
void parallelFor(int tasks, const std::function<void(int)>& fn);

// Counters for benchmarks and tests: parallel jobs run, and how many times the pool turned serial because its
// helpers were late.
struct PoolStats {
  int64_t parallelJobs;
  int64_t serialSpells;
};
PoolStats poolStats();

}  // namespace dendrite
