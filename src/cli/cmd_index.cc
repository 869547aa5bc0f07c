// unspun index add|check|stats|verify|remove: the embedded archive (docs/archive.md).
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "report/json.h"
#include "report/pairs_json.h"
#include "unspun/archive.h"

namespace unspun::cli {
namespace {

struct DbFlags {
  std::string db = "unspun.db";
  std::string sync = "normal";
};

void AddDbFlags(CLI::App* cmd, DbFlags* flags, bool writes) {
  cmd->add_option("--db", flags->db, "The archive file (default: ./unspun.db)");
  if (writes) {
    cmd->add_option("--sync", flags->sync,
                    "normal: a reported add survives a crash of the process; full: also a power "
                    "loss (slower)")
        ->check(CLI::IsMember({"normal", "full"}));
  }
}

std::unique_ptr<Archive> OpenOrReport(const DbFlags& flags, bool create, int jobs = 0) {
  ArchiveOptions options;
  options.create = create;
  options.sync = flags.sync == "full" ? SyncMode::kFull : SyncMode::kNormal;
  options.jobs = jobs;
  Result<std::unique_ptr<Archive>> archive = Archive::Open(flags.db, options);
  if (!archive.ok()) {
    std::cerr << "unspun: error: " << archive.status().ToString() << '\n';
    return nullptr;
  }
  return std::move(archive).value();
}

int Fail(const Status& s) {
  std::cerr << "unspun: error: " << s.ToString() << '\n';
  return kExitError;
}

double ProcessCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Writes and flushes stdout; false (after saying why) when it cannot, e.g. a closed pipe.
bool Emit(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::cerr << "unspun: error: writing stdout failed\n";
    return false;
  }
  return true;
}

// A bounded queue between two threads of a pipeline. Push waits while it is full; Pop waits
// while it is empty and returns false once it is closed and drained. Abort (a later stage
// failed) makes both return false at once.
template <typename T>
class Handoff {
 public:
  explicit Handoff(size_t capacity) : capacity_(capacity) {}

  bool Push(T&& item) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&]() { return items_.size() < capacity_ || aborted_; });
    if (aborted_) return false;
    items_.push_back(std::move(item));
    cv_.notify_all();
    return true;
  }
  // With `idle`, calls it (without the lock) once Pop has waited `after` for an item.
  bool Pop(T* item, std::chrono::milliseconds after = {},
           const std::function<void()>& idle = nullptr) {
    std::unique_lock<std::mutex> lock(mu_);
    auto ready = [&]() { return !items_.empty() || closed_ || aborted_; };
    if (idle && !cv_.wait_for(lock, after, ready)) {
      lock.unlock();
      idle();
      lock.lock();
    }
    cv_.wait(lock, ready);
    if (aborted_ || items_.empty()) return false;
    *item = std::move(items_.front());
    items_.pop_front();
    cv_.notify_all();
    return true;
  }
  void Close() { Set(&closed_); }
  void Abort() { Set(&aborted_); }
  bool aborted() {
    std::lock_guard<std::mutex> lock(mu_);
    return aborted_;
  }

 private:
  void Set(bool* flag) {
    std::lock_guard<std::mutex> lock(mu_);
    *flag = true;
    cv_.notify_all();
  }

  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> items_;
  bool closed_ = false, aborted_ = false;
};

Runner AddAddCommand(CLI::App* app) {
  struct Flags {
    InputOptions input;
    DbFlags db;
    size_t batch = 2000;
    bool skip_existing = false;
    int jobs = 0;
  };
  auto flags = std::make_shared<Flags>();
  AddInputOptions(app, &flags->input);
  AddDbFlags(app, &flags->db, true);
  app->add_option("--batch", flags->batch, "Articles per transaction (default: 2000)")
      ->check(CLI::Range(1, 1000000));
  app->add_flag("--skip-existing", flags->skip_existing,
                "Leave a stored article alone when its id comes again (default: replace it)");
  app->add_option("-j,--jobs", flags->jobs, "Threads for analysis (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app->footer(
      "Prints {\"id\", \"action\"} for each article once its batch is committed (action: added,\n"
      "replaced, skipped); a printed article survives a crash of the process (--sync full: a\n"
      "power loss too). The archive is created when it does not exist.");
  return [flags]() {
    std::unique_ptr<Archive> archive = OpenOrReport(flags->db, true, flags->jobs);
    if (!archive) return int{kExitError};
    AddOptions options;
    options.replace = !flags->skip_existing;
    // Story features are written when the writer has waited 2 s for a batch (a slow stream: then
    // they cost nothing) and at the end, not with each batch of a bulk load (docs/archive.md).
    options.defer_story_features = true;
    const auto save_when_idle = [&]() { (void)archive->SaveWindow(); };  // Errors: at the end.
    // Three stages, one thread each: this one reads and analyses the next batches (on `jobs`
    // threads), the filer decides their stories (serial work), and the writer stores batch k and
    // acknowledges it. Batches wait between stages, so that reading and filing go on while a merge
    // of index runs holds the writer: up to 8 filed batches (about 400 MB at 5,000 articles a
    // batch) cover most merges at 1M articles (bench/RESULTS.md: 1M articles in 178-187 s with 8
    // waiting, 194 s with 3).
    Handoff<Archive::Prepared> analysed(2), filed(8);
    Status failed;  // Set by the writer before it aborts both queues.
    uint64_t counts[3] = {0, 0, 0};
    std::thread filer([&]() {
      Archive::Prepared batch;
      while (analysed.Pop(&batch)) {
        archive->FileStories(&batch);
        if (!filed.Push(std::move(batch))) break;
      }
      filed.Close();
    });
    std::thread writer([&]() {
      Archive::Prepared batch;
      while (filed.Pop(&batch, std::chrono::seconds(2), save_when_idle)) {
        std::vector<AddAction> actions;
        Status s = archive->Add(batch, options, &actions);
        std::string out;
        if (s.ok()) {
          // Acknowledge only now that the batch is committed.
          for (size_t i = 0; i < batch.docs.size(); ++i) {
            JsonObject o(&out);
            o.Str("id", batch.docs[i].id).Str("action", AddActionName(actions[i]));
            o.Close();
            out.push_back('\n');
            ++counts[static_cast<int>(actions[i])];
          }
          if (!Emit(out)) s = Status::IOError("stdout");
        }
        if (!s.ok()) {
          failed = s;
          archive->StopFiling();  // The filer may wait for a batch that will not be added.
          filed.Abort();
          analysed.Abort();
          return;
        }
      }
    });
    std::vector<Document> docs;
    auto hand_over = [&]() {
      if (docs.empty()) return;
      Archive::Prepared prepared = archive->Prepare(std::move(docs));
      docs.clear();
      analysed.Push(std::move(prepared));
    };
    int code = ReadInputs(flags->input, [&](Document&& d) {
      if (analysed.aborted()) return;
      docs.push_back(std::move(d));
      if (docs.size() >= flags->batch) hand_over();
    });
    hand_over();
    analysed.Close();
    filer.join();
    writer.join();
    // The story window's features, written once rather than with each batch.
    if (failed.ok()) failed = archive->SaveWindow();
    if (!failed.ok()) return Fail(failed);
    if (!flags->input.quiet) {
      std::cerr << "unspun: " << counts[0] << " added, " << counts[1] << " replaced, " << counts[2]
                << " skipped\n";
    }
    return code;
  };
}

Runner AddCheckCommand(CLI::App* app) {
  struct Flags {
    InputOptions input;
    DbFlags db;
    bool add = false;
    bool skip_existing = false;
    uint32_t max_verify = 256;
    bool latency = false;
  };
  auto flags = std::make_shared<Flags>();
  AddInputOptions(app, &flags->input);
  AddDbFlags(app, &flags->db, true);
  app->add_flag("--add", flags->add, "Store each article after checking it");
  app->add_flag("--skip-existing", flags->skip_existing,
                "With --add: leave a stored article alone when its id comes again");
  app->add_option("--max-verify", flags->max_verify,
                  "Candidates verified per article, most shared fingerprints first (default: 256)")
      ->check(CLI::Range(1, 1000000));
  app->add_flag("--latency", flags->latency,
                "Print the p50, p99 and max time per article to stderr");
  app->footer(
      "For each article: one line per reuse relation to an archived article, in the format of\n"
      "`unspun pairs` (a = the checked article, b = the archived one), then\n"
      "{\"id\", \"story\", \"new_story\", \"pairs\", \"candidates\"[, \"action\"]}: the story it "
      "joins.");
  return [flags]() {
    std::unique_ptr<Archive> archive = OpenOrReport(flags->db, flags->add);
    if (!archive) return int{kExitError};
    CheckOptions options;
    options.add = flags->add;
    options.replace = !flags->skip_existing;
    options.max_verify = flags->max_verify;
    Status failed;
    std::vector<double> times, cpu_times;  // Wall and the process's CPU time (all threads), ms.
    std::string out;
    int code = ReadInputs(flags->input, [&](Document&& d) {
      if (!failed.ok()) return;
      CheckResult r;
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = ProcessCpuMs();
      failed = archive->Check(d, options, &r);
      cpu_times.push_back(ProcessCpuMs() - c0);
      times.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!failed.ok()) return;
      out.clear();
      for (const ArchiveMatch& m : r.matches) {
        const std::string& source = m.pair.source == 0   ? d.id
                                    : m.pair.source == 1 ? m.archived_id
                                                         : std::string();
        AppendPairJson(d.id, m.archived_id, m.pair, source, &out);
        out.push_back('\n');
      }
      JsonObject o(&out);
      o.Str("id", d.id);
      // A new story has no number until the article is stored.
      if (r.new_story && r.action == AddAction::kSkipped) {
        o.Null("story");
      } else {
        o.Int("story", r.story);
      }
      o.Bool("new_story", r.new_story);
      o.Int("pairs", static_cast<int64_t>(r.matches.size())).Int("candidates", r.candidates);
      if (flags->add) o.Str("action", AddActionName(r.action));
      o.Close();
      out.push_back('\n');
      if (!Emit(out)) failed = Status::IOError("stdout");
    });
    if (!failed.ok()) return Fail(failed);
    if (flags->latency && !times.empty()) {
      // CPU time as well as wall time: on a shared machine the wall time also counts waiting for
      // a core.
      for (auto* v : {&times, &cpu_times}) std::sort(v->begin(), v->end());
      auto at = [](const std::vector<double>& v, double q) {
        return v[std::min(v.size() - 1, size_t(q * v.size()))];
      };
      std::fprintf(stderr,
                   "unspun: check latency over %zu articles: wall p50 %.2f ms, p99 %.2f ms, max "
                   "%.2f ms; cpu p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                   times.size(), at(times, 0.5), at(times, 0.99), times.back(), at(cpu_times, 0.5),
                   at(cpu_times, 0.99), cpu_times.back());
    }
    return code;
  };
}

Runner AddStatsCommand(CLI::App* app) {
  auto flags = std::make_shared<DbFlags>();
  AddDbFlags(app, flags.get(), false);
  return [flags]() {
    std::unique_ptr<Archive> archive = OpenOrReport(*flags, false);
    if (!archive) return int{kExitError};
    ArchiveStats s;
    Status st = archive->Stats(&s);
    if (!st.ok()) return Fail(st);
    std::string out;
    JsonObject o(&out);
    o.Str("db", flags->db).Int("format_version", s.format_version);
    o.Int("articles", int64_t(s.articles)).Int("stories", int64_t(s.stories));
    o.Int("pairs", int64_t(s.pairs));
    o.Int("index_runs", int64_t(s.segments)).Int("postings", int64_t(s.postings));
    o.Int("common_fingerprints", int64_t(s.common)).Int("removed", int64_t(s.removed));
    o.Int("file_bytes", int64_t(s.file_bytes));
    o.Num("bytes_per_article", s.articles ? double(s.file_bytes) / s.articles : 0);
    o.Close();
    out.push_back('\n');
    return Emit(out) ? int{kExitOk} : int{kExitError};
  };
}

Runner AddVerifyCommand(CLI::App* app) {
  struct Flags {
    DbFlags db;
    bool quick = false;
  };
  auto flags = std::make_shared<Flags>();
  AddDbFlags(app, &flags->db, false);
  app->add_flag("--quick", flags->quick, "SQLite's quick_check instead of integrity_check");
  app->footer("Prints {\"ok\": true} or one line per problem; exit 1 when there is any.");
  return [flags]() {
    std::unique_ptr<Archive> archive = OpenOrReport(flags->db, false);
    if (!archive) return int{kExitError};
    std::vector<std::string> problems;
    Status st = archive->Verify(flags->quick, &problems);
    if (!st.ok()) return Fail(st);
    std::string out;
    for (const std::string& p : problems) {
      JsonObject o(&out);
      o.Bool("ok", false).Str("problem", p);
      o.Close();
      out.push_back('\n');
    }
    if (problems.empty()) out = "{\"ok\":true}\n";
    if (!Emit(out)) return int{kExitError};
    if (!problems.empty()) {
      std::cerr << "unspun: error: " << flags->db.db << ": " << problems.size()
                << " problem(s) found\n";
      return int{kExitError};
    }
    return int{kExitOk};
  };
}

Runner AddListCommand(CLI::App* app) {
  struct Flags {
    DbFlags db;
    bool stories = false;
    bool pairs = false;
  };
  auto flags = std::make_shared<Flags>();
  AddDbFlags(app, &flags->db, false);
  app->add_flag("--stories", flags->stories,
                "One line per story instead: {\"story\", \"articles\": [ids]}");
  app->add_flag("--pairs", flags->pairs,
                "The stored reuse relations instead (found by check --add), in the format of "
                "`unspun pairs`");
  app->footer("Prints {\"id\", \"story\"} for each stored article, oldest first.");
  return [flags]() {
    std::unique_ptr<Archive> archive = OpenOrReport(flags->db, false);
    if (!archive) return int{kExitError};
    std::string out;
    std::map<int64_t, std::vector<std::string>> stories;
    bool ok = true;
    if (flags->pairs) {
      Status st = archive->ListPairs([&](std::string_view record) {
        out.append(record);
        out.push_back('\n');
        if (out.size() > (1 << 16)) {
          ok = ok && Emit(out);
          out.clear();
        }
      });
      if (!st.ok()) return Fail(st);
      ok = ok && Emit(out);
      return ok ? int{kExitOk} : int{kExitError};
    }
    Status st = archive->List([&](std::string_view id, int64_t story) {
      if (flags->stories) {
        stories[story].emplace_back(id);
        return;
      }
      JsonObject o(&out);
      o.Str("id", id).Int("story", story);
      o.Close();
      out.push_back('\n');
      if (out.size() > (1 << 16)) {
        ok = ok && Emit(out);
        out.clear();
      }
    });
    if (!st.ok()) return Fail(st);
    for (const auto& [story, ids] : stories) {
      std::string list = "[";
      for (const std::string& id : ids) {
        if (list.size() > 1) list.push_back(',');
        AppendJsonString(id, &list);
      }
      list.push_back(']');
      JsonObject o(&out);
      o.Int("story", story).Raw("articles", list);
      o.Close();
      out.push_back('\n');
    }
    ok = ok && Emit(out);
    return ok ? int{kExitOk} : int{kExitError};
  };
}

Runner AddCompactCommand(CLI::App* app) {
  auto flags = std::make_shared<DbFlags>();
  AddDbFlags(app, flags.get(), true);
  app->footer("Merges the candidate index into one run (after a bulk load: faster checks).");
  return [flags]() {
    std::unique_ptr<Archive> archive = OpenOrReport(*flags, false);
    if (!archive) return int{kExitError};
    Status st = archive->Compact();
    if (!st.ok()) return Fail(st);
    return int{kExitOk};
  };
}

Runner AddRemoveCommand(CLI::App* app) {
  struct Flags {
    DbFlags db;
    std::vector<std::string> ids;
  };
  auto flags = std::make_shared<Flags>();
  app->add_option("ID", flags->ids, "Ids of the articles to remove")->required();
  AddDbFlags(app, &flags->db, true);
  app->footer(
      "Prints {\"id\", \"action\"} (removed or not_found); exit 1 when an id was not found.");
  return [flags]() {
    std::unique_ptr<Archive> archive = OpenOrReport(flags->db, false);
    if (!archive) return int{kExitError};
    std::vector<bool> found;
    Status st = archive->Remove(flags->ids, &found);
    if (!st.ok()) return Fail(st);
    std::string out;
    bool all = true;
    for (size_t i = 0; i < flags->ids.size(); ++i) {
      JsonObject o(&out);
      o.Str("id", flags->ids[i]).Str("action", found[i] ? "removed" : "not_found");
      o.Close();
      out.push_back('\n');
      all = all && found[i];
    }
    if (!Emit(out)) return int{kExitError};
    return all ? int{kExitOk} : int{kExitError};
  };
}

}  // namespace

Runner AddIndex(CLI::App* app) {
  app->require_subcommand(1);
  std::vector<std::pair<CLI::App*, Runner>> subs;
  auto add = [&](const char* name, const char* help, Runner (*adder)(CLI::App*)) {
    CLI::App* sub = app->add_subcommand(name, help);
    subs.emplace_back(sub, adder(sub));
  };
  add("add", "Store articles in the archive (one transaction per batch)", AddAddCommand);
  add("check", "Find each article's reuse of archived articles, and its story", AddCheckCommand);
  add("stats", "Counts and sizes of the archive", AddStatsCommand);
  add("verify", "Check the archive's integrity", AddVerifyCommand);
  add("list", "List the stored articles and their stories", AddListCommand);
  add("remove", "Remove articles by id", AddRemoveCommand);
  add("compact", "Merge the candidate index into one run (faster checks)", AddCompactCommand);
  return [subs]() {
    for (const auto& [sub, run] : subs) {
      if (sub->parsed()) return run();
    }
    return int{kExitUsage};
  };
}

}  // namespace unspun::cli
