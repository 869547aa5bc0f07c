// A minimal parallel loop for the pipeline's embarrassingly parallel stages.
#ifndef UNSPUN_UTIL_PARALLEL_H_
#define UNSPUN_UTIL_PARALLEL_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace unspun {

// `jobs` when positive, else the number of cores.
inline int ResolveJobs(int jobs) {
  return jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Runs fn(i, worker) for i in [0, n) on up to `jobs` threads (the calling thread is worker 0),
// each taking the next index as it frees up, so uneven items balance themselves.
template <typename Fn>
void ParallelFor(size_t n, int jobs, Fn fn) {
  jobs = static_cast<int>(std::min<size_t>(ResolveJobs(jobs), std::max<size_t>(n, 1)));
  std::atomic<size_t> next{0};
  auto work = [&](int worker) {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) fn(i, worker);
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work, t);
  work(0);
  for (auto& t : threads) t.join();
}

}  // namespace unspun

#endif  // UNSPUN_UTIL_PARALLEL_H_
