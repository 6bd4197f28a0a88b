// One persistent pool for every parallel kernel (PERF-NOTES: two pools on two cores fight).
#pragma once
#include <functional>

namespace dendrite {

// Threads parallel kernels use, counting the calling thread. Default: the CPUs this process may run on
// (sched_getaffinity, so `taskset` is honoured), or DENDRITE_NUM_THREADS when set.
int getNumThreads();
void setNumThreads(int n);

// Runs fn(0) … fn(tasks-1) on up to getNumThreads() threads (the caller takes part) and returns when all are done.
void parallelFor(int tasks, const std::function<void(int)>& fn);

}  // namespace dendrite
