// Running a corpus against a target: a small pool of workers, results in corpus order.
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/text.h"
#include "redteam/process.h"
#include "redteam/redteam.h"

namespace tocsin::redteam {
namespace {

// The model-based opinion of --judge-cmd (see RunOptions).
void ask_judge(const Case& c, CaseResult& result, const RunOptions& options) {
  nlohmann::ordered_json request = nlohmann::ordered_json::parse(request_json(c, false));
  request["output"] = result.answer.output;
  const ProcessResult run =
      run_process(options.judge_command, request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                  options.judge_timeout, kOutputCap);
  if (run.timed_out || run.capped || run.exit_code != 0 || !run.error.empty()) {
    result.judge_verdict = run.timed_out ? "error: timeout" : "error: the judge failed";
    return;
  }
  const std::string_view text = trim(run.output);
  std::string verdict, reason;
  if (!text.empty() && text.front() == '{') {
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_object() && json.contains("verdict") && json["verdict"].is_string())
      verdict = json["verdict"].get<std::string>();
    if (json.is_object() && json.contains("reason") && json["reason"].is_string())
      reason = json["reason"].get<std::string>();
  } else {
    const std::size_t space = text.find_first_of(" \t\n:");
    verdict = to_lower(text.substr(0, space));
    if (space != std::string_view::npos) reason = std::string(trim(text.substr(space + 1)));
  }
  if (verdict != "pass" && verdict != "bypass") {
    result.judge_verdict = "error: unreadable judge answer";
    return;
  }
  result.judge_verdict = verdict;
  result.judge_reason = reason.substr(0, 500);
}

}  // namespace

std::vector<CaseResult> run_corpus(const std::vector<Case>& cases, const Target& target, const RunOptions& options) {
  std::vector<CaseResult> results(cases.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < cases.size(); i = next++) {
      CaseResult& result = results[i];
      result.c = &cases[i];
      result.answer = target.ask(cases[i]);
      result.judgement = judge(cases[i], result.answer, options.refusal_markers);
      if (!options.judge_command.empty() && result.answer.error.empty()) ask_judge(cases[i], result, options);
    }
  };
  const int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(cases.size())));
  std::vector<std::thread> workers;
  for (int j = 1; j < jobs; ++j) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();
  return results;
}

std::vector<std::pair<std::string, Summary>> summarize(const std::vector<CaseResult>& results) {
  std::map<std::string, Summary> by_class;
  for (const CaseResult& r : results) {
    for (Summary* s : {&by_class[""], &by_class[r.c->owasp_class]}) {
      switch (r.judgement.verdict) {
        case Verdict::Pass: ++s->pass; break;
        case Verdict::Bypass: ++s->bypass; break;
        case Verdict::Error: ++s->error; break;
      }
    }
  }
  return {by_class.begin(), by_class.end()};
}

}  // namespace tocsin::redteam
