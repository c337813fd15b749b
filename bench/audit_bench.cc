// Audit trace benchmarks (not tests): durable appends per second with group
// commit, proof cost for two node layouts, and a large log for timing
// `yungu audit verify` (bench/run.sh runs the real binary on DIR/verify).
// Prints rows of a Markdown table; docs/benchmarks.md holds the latest figures.
//
//   audit_bench --dir DIR [--appends N] [--verify-entries N] [--threads T]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "yungu/audit/audit_trail.h"
#include "yungu/audit/entry_codec.h"
#include "yungu/audit/open_audit_log.h"

namespace fs = std::filesystem;
using namespace yungu;
using namespace yungu::audit;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// A typical traced read: a government user querying a dataset with a filter.
AuditEvent TypicalRead(int thread, int64_t i) {
  AuditEvent e;
  e.category = "read";
  e.action = "dataset.query";
  e.user_id = "u_" + std::to_string(1000 + (i * 7 + thread) % 300);
  e.username = "user" + std::to_string((i * 7 + thread) % 300);
  e.department = i % 3 ? "HBJ" : "CZJ";
  e.roles = {"government_user"};
  e.via = "token";
  e.credential_id = "3f9a0c1d2e4b5a67";
  e.client_address = "10.20.30." + std::to_string(i % 250);
  e.dataset_id = i % 5 ? "air-quality-hourly" : "enterprise-registry";
  e.version = 3;
  e.fields = {"station_code", "time", "pm25", "aqi"};
  e.filter = {{"station_code", "XYAQ0" + std::to_string(i % 8)}};
  e.rows = 100;
  e.purpose = "环境监测日报";
  return e;
}

fs::path Fresh(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  return dir;
}

// `threads` appenders queue `total` entries; the time runs until Flush()
// says every one is durable.
double QueuedAppends(const fs::path& dir, int64_t total, int threads, int stride) {
  AuditOptions options;
  options.node_stride = stride;
  options.sign_interval = std::chrono::hours(1);
  auto log = OpenAuditLog(Fresh(dir), options);
  if (!log.ok()) {
    std::fprintf(stderr, "open: %s\n", log.status().ToString().c_str());
    std::exit(1);
  }
  auto started = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int64_t i = t; i < total; i += threads) {
        if (!(*log)->Append(TypicalRead(t, i)).ok()) std::exit(1);
      }
    });
  }
  for (auto& w : workers) w.join();
  if (!(*log)->Flush().ok()) std::exit(1);
  double s = Seconds(started);
  (void)(*log)->Close();
  return static_cast<double>(total) / s;
}

// `threads` callers each wait for their own entry to be durable.
double DurableAppends(const fs::path& dir, int64_t total, int threads) {
  AuditOptions options;
  options.sign_interval = std::chrono::hours(1);
  auto log = OpenAuditLog(Fresh(dir), options);
  if (!log.ok()) std::exit(1);
  auto started = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int64_t i = t; i < total; i += threads) {
        if (!(*log)->AppendDurable(TypicalRead(t, i)).ok()) std::exit(1);
      }
    });
  }
  for (auto& w : workers) w.join();
  double s = Seconds(started);
  (void)(*log)->Close();
  return static_cast<double>(total) / s;
}

struct ProofCost {
  double inclusion_us = 0;
  double consistency_us = 0;
};

ProofCost Proofs(const fs::path& dir) {
  auto trail = OpenAuditTrail(dir);
  if (!trail.ok()) std::exit(1);
  int64_t size = *(*trail)->Size();
  std::mt19937_64 rng(7);
  constexpr int kRounds = 2000;
  auto started = Clock::now();
  for (int i = 0; i < kRounds; ++i) {
    int64_t n = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(size));
    int64_t m = static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
    if (!(*trail)->InclusionProof(m, n).ok()) std::exit(1);
  }
  ProofCost cost;
  cost.inclusion_us = Seconds(started) * 1e6 / kRounds;
  started = Clock::now();
  for (int i = 0; i < kRounds; ++i) {
    int64_t n = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(size));
    int64_t m = static_cast<int64_t>(rng() % static_cast<uint64_t>(n + 1));
    if (!(*trail)->ConsistencyProof(m, n).ok()) std::exit(1);
  }
  cost.consistency_us = Seconds(started) * 1e6 / kRounds;
  return cost;
}

int64_t DirBytes(const fs::path& dir) {
  int64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += static_cast<int64_t>(e.file_size());
  }
  return total;
}

size_t EncodeSize() { return EncodeEntry(1234567, "2026-11-29T00:00:00.000000Z", EncodeEntryBody(TypicalRead(0, 1))).size(); }

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = "bench/out/audit";
  int64_t appends = 1000000, verify_entries = 10000000;
  int threads = 4;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--dir") dir = argv[i + 1];
    else if (flag == "--appends") appends = std::atoll(argv[i + 1]);
    else if (flag == "--verify-entries") verify_entries = std::atoll(argv[i + 1]);
    else if (flag == "--threads") threads = std::atoi(argv[i + 1]);
  }

  std::printf("### Audit trace\n\n");
  std::printf("Entries are typical traced reads (~%zu bytes of canonical JSON each), written to `audit.db` with\n",
              EncodeSize());
  std::printf("WAL and synchronous=FULL: every commit is fsynced before its appenders are told it is durable.\n\n");
  std::printf("| what | result |\n|---|---|\n");
  double queued4 = QueuedAppends(dir / "stride4", appends, threads, 4);
  std::printf("| %lld appends from %d threads, until all are durable (nodes every 4th level) | %.0f entries/s |\n",
              static_cast<long long>(appends), threads, queued4);
  ProofCost cost4 = Proofs(dir / "stride4");
  int64_t bytes4 = DirBytes(dir / "stride4");
  double queued1 = QueuedAppends(dir / "stride1", appends, threads, 1);
  std::printf("| the same, nodes stored at every level | %.0f entries/s |\n", queued1);
  ProofCost cost1 = Proofs(dir / "stride1");
  int64_t bytes1 = DirBytes(dir / "stride1");
  fs::remove_all(dir / "stride4");
  fs::remove_all(dir / "stride1");
  int64_t durable_total = std::min<int64_t>(appends, 200000);
  double durable = DurableAppends(dir / "durable", durable_total, 64);
  fs::remove_all(dir / "durable");
  std::printf("| `AppendDurable` from 64 threads, each waiting for its own commit (%lld entries) | %.0f entries/s |\n",
              static_cast<long long>(durable_total), durable);
  std::printf("| inclusion proof at a random (index, size), nodes every 4th level / every level | %.0f µs / %.0f µs |\n",
              cost4.inclusion_us, cost1.inclusion_us);
  std::printf("| consistency proof, the same | %.0f µs / %.0f µs |\n", cost4.consistency_us, cost1.consistency_us);
  std::printf("| disk per entry, nodes every 4th level / every level | %.0f B / %.0f B |\n",
              static_cast<double>(bytes4) / static_cast<double>(appends),
              static_cast<double>(bytes1) / static_cast<double>(appends));

  if (verify_entries > 0) {
    fs::path big = dir / "verify";
    auto started = Clock::now();
    double rate = QueuedAppends(big, verify_entries, threads, 4);
    double fill = Seconds(started);
    std::printf("| writing %lld entries for the verify run (left in %s) | %.0f s (%.0f entries/s), %lld MiB on disk |\n",
                static_cast<long long>(verify_entries), big.c_str(), fill, rate,
                static_cast<long long>(DirBytes(big) >> 20));
  }
  return 0;
}
