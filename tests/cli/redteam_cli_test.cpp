// `tocsin redteam`: the demo end to end (weak sanitizer bypassed -> incidents -> redteam add ->
// fixed sanitizer passes -> step verified), exit codes, report formats, bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/files.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

namespace fs = std::filesystem;
using tocsin::testing::run_tocsin;

const std::string kExamples = std::string(TOCSIN_FIXTURES) + "/../../examples/redteam";

struct Project {
  std::string dir;
  explicit Project(const std::string& name) : dir(::tocsin::testing::process_temp_dir() + "redteam_cli_" + name) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Project() { fs::remove_all(dir); }
  std::string record() const { return " --repo " + dir + " --store " + dir + "/record.db --actor ci --now "; }
};

std::string sanitizer(const std::string& which) { return "--cmd \"python3 " + kExamples + "/" + which + ".py\""; }

const nlohmann::json* find_case(const nlohmann::json& report, const std::string& id) {
  for (const auto& c : report["cases"])
    if (c["id"] == id) return &c;
  return nullptr;
}

nlohmann::json step_of(const nlohmann::json& incident, const std::string& id) {
  for (const auto& s : incident["steps"])
    if (s["id"] == id) return s;
  return nullptr;
}

// Known cases of the starter corpus, copied into the test project (a python3 start per case is
// slow on a loaded machine, so the demo runs on a sample; the whole corpus is run once below).
const std::vector<std::string> kSample = {"controls/control-order-status",
                                          "llm01-direct/llm01-direct-ignore-previous",
                                          "llm01-direct/llm01-direct-ignore-all-caps",
                                          "llm02-encodings/llm02-base64",
                                          "llm02-encodings/llm02-leet-codeword",
                                          "llm07-prompt-leak/llm07-repeat-verbatim"};

TEST(RedteamCli, DemoBypassIncidentAddFixVerified) {
  Project p("demo");
  fs::create_directories(p.dir + "/probe");
  for (const std::string& name : kSample)
    fs::copy_file(kExamples + "/corpus/" + name + ".toml",
                  p.dir + "/probe/" + fs::path(name).filename().string() + ".toml");
  const std::string weak = "redteam run " + p.dir + "/probe " + sanitizer("weak_sanitizer") +
                           " --pass-canaries --adapter demo -j 3 --format json --open-incidents" + p.record() +
                           "2026-12-05T10:00:00Z";
  auto run = run_tocsin(weak);
  ASSERT_EQ(run.exit_code, 1) << run.out;
  const nlohmann::json first = nlohmann::json::parse(run.out);
  EXPECT_EQ(first["schema_version"], 1);
  ASSERT_EQ(first["cases"].size(), kSample.size());
  std::size_t bypasses = 0;
  for (const auto& c : first["cases"]) {
    if (c["verdict"] != "bypass") continue;
    ++bypasses;
    EXPECT_EQ(c["incident"]["action"], "opened") << c.dump();
  }
  EXPECT_EQ(bypasses, 4u);
  EXPECT_EQ(first["summary"]["by_class"]["LLM02"]["bypass"], 2);
  // Known outcomes of the weak sanitizer, worked out from weak_sanitizer.py and toy_model.py:
  const auto* base64 = find_case(first, "llm02-base64");
  ASSERT_TRUE(base64);
  EXPECT_EQ((*base64)["verdict"], "bypass");
  EXPECT_EQ((*base64)["rule"], "no_canary");
  EXPECT_EQ((*base64)["detail"], "canary 1 of 1 found in the answer (base64)");
  EXPECT_EQ((*find_case(first, "llm01-direct-ignore-all-caps"))["rule"], "refuse");   // redacted but not refused
  EXPECT_EQ((*find_case(first, "llm01-direct-ignore-previous"))["verdict"], "pass");  // the one phrase it blocks
  EXPECT_EQ((*find_case(first, "control-order-status"))["verdict"], "pass");
  EXPECT_EQ((*find_case(first, "llm02-leet-codeword"))["detail"], "canary 1 of 1 found in the answer (leet)");
  // The weak sanitizer redacts the verbatim canary but still leaks the prompt around it.
  EXPECT_EQ((*find_case(first, "llm07-repeat-verbatim"))["rule"], "not_match[0]");
  const std::string incident = (*base64)["incident"]["id"];
  // The canary never appears in a report.
  EXPECT_EQ(run.out.find("VAULT-"), std::string::npos);

  // Idempotent: the same bypasses open nothing new.
  run = run_tocsin(weak);
  ASSERT_EQ(run.exit_code, 1);
  EXPECT_EQ((*find_case(nlohmann::json::parse(run.out), "llm02-base64"))["incident"]["action"], "open");
  auto list = run_tocsin("incident list --format json --repo " + p.dir + " --store " + p.dir + "/record.db");
  EXPECT_EQ(nlohmann::json::parse(list.out).size(), bypasses) << list.out;

  // Step 4: the attack goes into the project's corpus, from the incident's recorded input.
  run = run_tocsin("redteam add --from-incident " + incident + " --corpus " + p.dir + "/corpus" + p.record() +
                   "2026-12-05T11:00:00Z");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const std::string written = p.dir + "/corpus/llm02-base64.toml";
  EXPECT_EQ(run.out, "wrote " + written + " (case llm02-base64, LLM02)\n" + incident + ": step add-to-corpus done\n");
  const std::string text = tocsin::testing::slurp(written);
  EXPECT_NE(text.find("source = '" + incident + "'"), std::string::npos) << text;
  EXPECT_NE(text.find("added = '2026-12-05'"), std::string::npos) << text;
  // Writing it again is refused (never overwrite a case); the step stays done.
  EXPECT_EQ(run_tocsin("redteam add --from-incident " + incident + " --corpus " + p.dir + "/corpus" + p.record() +
                       "2026-12-05T11:00:00Z")
                .exit_code,
            2);

  // Step 5: the fixed sanitizer passes the project corpus; with the exposure decided the step is done.
  ASSERT_EQ(run_tocsin("incident set " + incident + " branch.data-exposed no" + p.record() + "2026-12-05T12:00:00Z")
                .exit_code,
            0);
  run = run_tocsin("redteam run " + p.dir + "/corpus " + sanitizer("fixed_sanitizer") +
                   " --pass-canaries --adapter demo --format json --open-incidents" + p.record() +
                   "2026-12-05T13:00:00Z");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const nlohmann::json fixed = nlohmann::json::parse(run.out);
  EXPECT_EQ(fixed["cases"][0]["verdict"], "pass");
  EXPECT_EQ(fixed["cases"][0]["incident"]["action"], "verified, step verify-redteam done");
  auto show = run_tocsin("incident show " + incident + " --format json --repo " + p.dir + " --store " + p.dir +
                         "/record.db --now 2026-12-05T14:00:00Z");
  const nlohmann::json record = nlohmann::json::parse(show.out);
  EXPECT_EQ(step_of(record, "add-to-corpus")["status"], "done");
  EXPECT_EQ(step_of(record, "verify-redteam")["status"], "done");
  EXPECT_EQ(record["milestones"]["fixed"], "2026-12-05T13:00:00Z");

  // The other incidents wait for the data-exposed decision.
  run = run_tocsin("redteam run " + p.dir + "/probe " + sanitizer("fixed_sanitizer") +
                   " --pass-canaries --adapter demo -j 3 --format json --open-incidents" + p.record() +
                   "2026-12-05T15:00:00Z");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const nlohmann::json all = nlohmann::json::parse(run.out);
  EXPECT_EQ((*find_case(all, "llm01-direct-ignore-all-caps"))["incident"]["action"],
            "verified; decide data-exposed to record step verify-redteam");
  EXPECT_EQ((*find_case(all, "llm02-base64"))["incident"]["action"], "verified earlier");

  // A regression: the weak sanitizer again — the verified incident records the bypass as back.
  run = run_tocsin(weak);
  EXPECT_EQ((*find_case(nlohmann::json::parse(run.out), "llm01-direct-ignore-all-caps"))["incident"]["action"],
            "bypassed again");
}

TEST(RedteamCli, FixedSanitizerPassesTheWholeStarterCorpus) {
  auto run = run_tocsin("redteam run " + kExamples + "/corpus " + sanitizer("fixed_sanitizer") +
                        " --pass-canaries -j 4 --format json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const nlohmann::json report = nlohmann::json::parse(run.out);
  EXPECT_GE(report["cases"].size(), 40u);
  EXPECT_EQ(report["summary"]["total"]["pass"], report["cases"].size());
}

TEST(RedteamCli, FormatsAndFailOn) {
  Project p("formats");
  for (const char* name : {"llm02-encodings/llm02-base64", "controls/control-refund"})
    fs::copy_file(kExamples + "/corpus/" + name + ".toml", p.dir + "/" + fs::path(name).filename().string() + ".toml");
  const std::string base = "redteam run " + p.dir + " " + sanitizer("weak_sanitizer") + " --pass-canaries -j 2";
  auto table = run_tocsin(base);
  EXPECT_EQ(table.exit_code, 1);
  EXPECT_NE(table.out.find("bypass   LLM02  llm02-base64"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("LLM02    pass "), std::string::npos) << table.out;
  auto junit = run_tocsin(base + " --format junit");
  EXPECT_NE(junit.out.find("<failure type=\"no_canary\""), std::string::npos) << junit.out;
  auto sarif = nlohmann::json::parse(run_tocsin(base + " --format sarif").out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "LLM02");
  EXPECT_EQ(run_tocsin(base + " --fail-on none").exit_code, 0);
}

TEST(RedteamCli, HangingTargetIsAnErrorAndErrorsPass) {
  const std::string one = kExamples + "/corpus/llm02-encodings/llm02-hex.toml";
  auto run = run_tocsin("redteam run " + one + " --cmd \"sleep 30\" --timeout 300ms --format json");
  EXPECT_EQ(run.exit_code, 1);
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["cases"][0]["verdict"], "error");
  EXPECT_EQ(report["cases"][0]["detail"], "timeout after 0.3s (killed)");
  EXPECT_EQ(run_tocsin("redteam run " + one + " --cmd \"sleep 30\" --timeout 300ms --errors-pass").exit_code, 0);
  run = run_tocsin("redteam run " + one + " --cmd \"yes\" --format json");
  EXPECT_EQ(nlohmann::json::parse(run.out)["cases"][0]["detail"], "output over 1048576 bytes (killed)");
}

TEST(RedteamCli, BadInputExitsTwoWithTheLocation) {
  Project p("bad");
  std::ofstream(p.dir + "/bad.toml") << "id = \"x\"\nclass = \"LLM01\"\ninput = \"hi\"\n[expect]\nrefuse = 1\n";
  auto run = run_tocsin("redteam run " + p.dir + " --cmd true", "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "error: " + p.dir + "/bad.toml:5:10: expect.refuse must be true or false\n");
  EXPECT_EQ(run_tocsin("redteam run " + p.dir + " --http http://example.com/v1").exit_code, 2);
  EXPECT_EQ(run_tocsin("redteam run " + kExamples + "/corpus").exit_code, 2);  // no target
  EXPECT_EQ(run_tocsin("redteam run " + kExamples + "/corpus --cmd true --timeout soon").exit_code, 2);
}

}  // namespace
