// `tocsin release verify|history|tags`: release integrity (src/release/release.h).
//   verify ARTIFACT --bundle FILE --certificate-identity[-regexp] … --certificate-oidc-issuer …
//   verify --provenance FILE ARTIFACT...
//   history --npm DOCUMENT --attestations DIR | --fetch NAME [--registry URL] (the only network use)
//   tags [DIR] [--allowed-signers FILE]
//   history / tags --open-incidents [--store FILE --actor NAME --now TIME] (release/incidents.h)
// Exit 0 verified / clean, 1 a failed check or a flag, 2 unreadable input or bad usage.
#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/output.h"
#include "config/project_config.h"
#include "config/release_section.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "release/crypto.h"
#include "release/incidents.h"
#include "release/release.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;

struct VerifyOptions {
  std::vector<std::string> artifacts;
  std::string bundle, provenance, trusted_root, npm_keys;
  release::IdentityPolicy policy;
  std::string format;
};

release::TrustedRoot load_root(const std::string& trusted_root, const std::string& npm_keys) {
  release::TrustedRoot root = trusted_root.empty() ? release::embedded_trusted_root()
                                                   : release::read_trusted_root(trusted_root, read_file(trusted_root));
  if (!npm_keys.empty()) {
    root.npm_keys.clear();
    release::read_npm_keys(npm_keys, read_file(npm_keys), root);
  } else if (!trusted_root.empty()) {
    release::read_npm_keys("<embedded npm keys.json>", release::embedded_npm_keys_json(), root);
  }
  return root;
}

int run_verify_bundle(const VerifyOptions& options) {
  if (options.artifacts.size() != 1) throw Error("release verify --bundle takes exactly one ARTIFACT");
  const std::string& artifact = options.artifacts.front();
  const release::Bundle bundle = release::read_bundle(options.bundle, read_file(options.bundle));
  if (!bundle.certificates_der.empty()) {
    if (options.policy.identity.empty() == options.policy.identity_regexp.empty())
      throw Error("give one of --certificate-identity and --certificate-identity-regexp");
    if (options.policy.issuer.empty()) throw Error("--certificate-oidc-issuer is required");
  }
  const release::TrustedRoot root = load_root(options.trusted_root, options.npm_keys);
  const release::ArtifactDigests digests = release::digest_file(artifact);
  const release::Verification v = release::verify_bundle(bundle, &digests, options.policy, root);

  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["schema_version"] = 1;
    out["artifact"] = artifact;
    out["bundle"] = options.bundle;
    out["verified"] = v.verified();
    out["media_type"] = v.media_type;
    out["content"] = v.content;
    out["tlog_kind"] = v.tlog_kind;
    out["integrated_time"] = v.integrated_time ? nlohmann::ordered_json(format_rfc3339(v.integrated_time)) : nullptr;
    out["san"] = v.san;
    out["issuer"] = v.issuer;
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const auto& check : v.checks)
      checks.push_back({{"check", check.name}, {"passed", check.passed}, {"detail", check.detail}});
    out["checks"] = checks;
    out["failed"] = v.failed_checks();
    print_json(out);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& check : v.checks)
      rows.push_back(
          {check.name, check.passed ? paint("ok", Color::Green) : paint("FAILED", Color::Red), check.detail});
    std::cout << render_table({"CHECK", "RESULT", "DETAIL"}, rows) << '\n';
    std::cout << fmt::format("{}: {} ({}, {}{}{})\n", artifact,
                             v.verified() ? paint("verified", Color::Green) : paint("NOT verified", Color::Red),
                             v.media_type, v.tlog_kind, v.san.empty() ? "" : ", signed by " + v.san,
                             v.integrated_time ? " at " + format_rfc3339(v.integrated_time) : "");
  }
  return v.verified() ? kExitClean : kExitFindings;
}

int run_verify_provenance(const VerifyOptions& options) {
  if (options.artifacts.empty()) throw Error("release verify --provenance needs at least one ARTIFACT");
  const auto documents = release::read_provenance(options.provenance, read_file(options.provenance));
  const auto matches = release::match_subjects(documents, options.artifacts);
  bool all = true;
  for (const auto& match : matches) all = all && !match.subject.empty();
  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["schema_version"] = 1;
    out["provenance"] = options.provenance;
    nlohmann::ordered_json statements = nlohmann::ordered_json::array();
    for (const auto& d : documents) {
      nlohmann::ordered_json subjects = nlohmann::ordered_json::array();
      for (const auto& s : d.statement.subjects) subjects.push_back(s.name);
      statements.push_back({{"line", d.line},
                            {"source", d.source},
                            {"predicate_type", d.statement.predicate_type},
                            {"builder_id", d.statement.provenance.builder_id},
                            {"repository", d.statement.provenance.repository},
                            {"ref", d.statement.provenance.ref},
                            {"workflow", d.statement.provenance.workflow},
                            {"subjects", subjects}});
    }
    out["statements"] = statements;
    nlohmann::ordered_json artifacts = nlohmann::ordered_json::array();
    for (const auto& m : matches)
      artifacts.push_back({{"artifact", m.artifact},
                           {"sha256", m.sha256},
                           {"matched", !m.subject.empty()},
                           {"subject", m.subject},
                           {"algorithm", m.algorithm}});
    out["artifacts"] = artifacts;
    out["verified"] = all;
    print_json(out);
  } else {
    for (const auto& d : documents)
      std::cout << fmt::format(
          "{}:{}: {} ({} subject(s))\n  builder   {}\n  source    {}\n  ref       {}\n  workflow  {}\n",
          options.provenance, d.line, d.statement.predicate_type, d.statement.subjects.size(),
          d.statement.provenance.builder_id, d.statement.provenance.repository, d.statement.provenance.ref,
          d.statement.provenance.workflow);
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : matches)
      rows.push_back(
          {m.artifact, m.sha256,
           m.subject.empty() ? paint("NO SUBJECT", Color::Red) : paint(m.algorithm + " = " + m.subject, Color::Green)});
    std::cout << render_table({"ARTIFACT", "SHA256", "SUBJECT"}, rows) << '\n';
  }
  return all ? kExitClean : kExitFindings;
}

// `release history` has no project directory option: "." unless --config names a file elsewhere,
// whose directory then holds the project (its docs/security/CI-TRUST.md, its incident record).
std::string project_dir(const std::string& config_option) {
  const fs::path parent = fs::path(config_option).parent_path();
  return parent.empty() ? "." : parent.string();
}

struct HistoryCommandOptions {
  std::string npm, attestations, config, ci_trust, trusted_root, npm_keys, repo, format;
  std::string crates, pypi, artifacts;
  std::string fetch, registry;  // --fetch NAME from --registry URL (else $TOCSIN_NPM_REGISTRY, else npmjs)
  bool open_incidents = false;
  std::vector<std::string> incidents_to_check;  // --incident ID
  IncidentEnvironmentOptions incidents;
};

void print_ids(const char* what, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
  std::cerr << what << ": " << list << "\n";
}

void report_sync(const incident::FindingSync& sync) {
  print_ids("incidents opened", sync.opened);
  print_ids("incidents updated", sync.updated);
}

// The record of a history run: flagged versions open leaked-credentials incidents; a clean run
// checks off the publish-history step (release/incidents.h).
void history_incidents(const HistoryCommandOptions& options, std::string_view ecosystem,
                       const std::vector<release::VersionRecord>& records,
                       const std::optional<release::Expectation>& expected, bool compared = true) {
  IncidentEnvironmentOptions where = options.incidents;
  where.repo = project_dir(options.config);
  if (where.config.empty()) where.config = options.config;
  where.create_store = true;  // records new incidents / steps
  IncidentEnvironment env = prepare_incident_environment(where);
  bool flagged = false;
  for (const auto& r : records) flagged = flagged || !r.flags.empty();
  if (flagged) {
    if (options.open_incidents)
      report_sync(incident::sync_findings(env.session(), release::publish_observations(ecosystem, records), false));
    if (!options.incidents_to_check.empty())
      std::cerr << "the history is not clean: the publish-history step stays open\n";
    return;
  }
  if (!compared) {  // nothing was set against the registry's digests: not an audit
    std::cerr << "the publish-history step is not checked off without --artifacts\n";
    return;
  }
  const std::string package = records.empty() ? std::string() : records.front().package;
  std::string summary = fmt::format("clean `tocsin release history` run: {} {}, {} version(s)", ecosystem,
                                    package.empty() ? "(no versions)" : package, records.size());
  if (!records.empty()) summary += ", " + records.front().version + " … " + records.back().version;
  summary += expected
                 ? fmt::format(", every one as expected from {} {} ({})", expected->repository,
                               expected->workflow.empty() ? "(any workflow)" : expected->workflow, expected->origin)
                 : std::string(", no expected publisher configured");
  summary += "; nothing flagged";
  const release::CheckOff done =
      release::check_off_publish_history(env.session(), ecosystem, package, summary, options.incidents_to_check);
  print_ids("publish-history step checked off", done.checked);
  print_ids("publish-history step already recorded", done.already);
}

std::optional<std::vector<std::string>> tag_names(const std::string& repo) {
  if (repo.empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& tag : release::list_tags(repo, {})) names.push_back(tag.name);
  return names;
}

// --crates INDEX_ENTRY_FILE / --pypi JSON_DOCUMENT, each against --artifacts DIR.
int run_registry_history(const HistoryCommandOptions& options) {
  if (!options.artifacts.empty() && !fs::is_directory(options.artifacts))
    throw Error(options.artifacts, 0, 0, "not a directory");
  const bool crates = !options.crates.empty();
  const std::string ecosystem = crates ? "crates.io" : "PyPI";
  const std::string document = crates ? options.crates : options.pypi;
  const auto records = crates ? release::crates_history(document, options.artifacts, tag_names(options.repo))
                              : release::pypi_history(document, options.artifacts, tag_names(options.repo));
  bool flagged = false;
  for (const auto& r : records) flagged = flagged || !r.flags.empty();
  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["schema_version"] = 1;
    out["ecosystem"] = ecosystem;
    out["document"] = document;
    out["artifacts"] =
        options.artifacts.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(options.artifacts);
    if (!crates) out["provenance_note"] = "PEP 740 attestations are not part of the JSON API document";
    nlohmann::ordered_json versions = nlohmann::ordered_json::array();
    for (const auto& r : records) {
      nlohmann::ordered_json v{
          {"version", r.version},
          {"published", r.published.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.published)},
          {"provenance", r.provenance},
          {"verified", r.verified},
          {"repository", r.repository},
          {"workflow", r.workflow},
          {"digest_matches_local", r.digest_matches ? nlohmann::ordered_json(*r.digest_matches) : nullptr},
          {"yanked", r.yanked},
          {"flags", r.flags}};
      if (!crates) v["files"] = r.files;
      versions.push_back(v);
    }
    out["versions"] = versions;
    print_json(out);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : records) {
      std::string flags;
      for (const auto& f : r.flags) flags += (flags.empty() ? "" : ", ") + f;
      rows.push_back({r.version, r.published.empty() ? "-" : r.published, r.yanked ? "yes" : "no",
                      r.digest_matches ? (*r.digest_matches ? "yes" : "NO") : "-",
                      flags.empty() ? "" : paint(flags, Color::Red)});
    }
    std::cout << render_table({"VERSION", "PUBLISHED", "YANKED", "SHA256=LOCAL", "FLAGS"}, rows) << '\n';
    if (!crates) std::cout << "provenance: PEP 740 attestations are not in the JSON API document (not checked)\n";
  }
  if (options.open_incidents || !options.incidents.store.empty() || !options.incidents_to_check.empty())
    history_incidents(options, ecosystem, records, std::nullopt, !options.artifacts.empty());
  return flagged ? kExitFindings : kExitClean;
}

// A private scratch directory (mkdtemp: mode 0700, a fresh name) removed when the run ends.
struct ScratchDirectory {
  std::string path;
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "tocsin-fetch-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw Error(pattern, 0, 0, "cannot create a scratch directory");
    path = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
};

int run_history(const HistoryCommandOptions& options) {
  const int sources = !options.npm.empty() + !options.fetch.empty() + !options.crates.empty() + !options.pypi.empty();
  if (sources != 1) throw Error("release history needs exactly one of --npm, --fetch, --crates and --pypi");
  if (options.npm.empty() && options.fetch.empty()) return run_registry_history(options);
  release::HistoryOptions history;
  std::string shown_document = options.npm;
  std::optional<ScratchDirectory> scratch;
  if (!options.fetch.empty()) {
    // The same check as --npm FILE --attestations DIR, on documents just fetched into a scratch
    // directory: the only place `release` touches the network.
    if (!options.attestations.empty())
      throw Error("release history --fetch gets the attestations itself: drop --attestations");
    release::NpmFetchOptions fetch;
    const char* from_env = std::getenv("TOCSIN_NPM_REGISTRY");
    if (!options.registry.empty())
      fetch.registry = options.registry;
    else if (from_env != nullptr && *from_env != '\0')
      fetch.registry = from_env;
    scratch.emplace();
    const release::FetchedNpmPackage fetched = release::fetch_npm_package(options.fetch, scratch->path, fetch);
    std::cerr << fmt::format("fetched {}: {} version(s), {} attestation document(s)\n", fetched.document_url,
                             fetched.versions, fetched.attestation_documents);
    history.package_document = fetched.document_path;
    history.attestations_dir = fetched.attestations_dir;
    shown_document = fetched.document_url;
  } else {
    if (!options.registry.empty()) throw Error("release history --registry goes with --fetch NAME");
    if (options.attestations.empty()) throw Error("release history --npm needs --attestations DIR");
    if (!fs::is_directory(options.attestations)) throw Error(options.attestations, 0, 0, "not a directory");
    history.package_document = options.npm;
    history.attestations_dir = options.attestations;
  }
  const config::ProjectConfig project = config::ProjectConfig::load(".", options.config);
  history.expected = release::expectation_from_config(project.get<config::ReleaseSection>(), project.path());
  if (!history.expected) {
    const std::string ci_trust = !options.ci_trust.empty()
                                     ? options.ci_trust
                                     : (fs::path(project_dir(options.config)) / "docs/security/CI-TRUST.md").string();
    history.expected = release::expectation_from_ci_trust(ci_trust);
  }
  history.tags = tag_names(options.repo);
  const release::TrustedRoot root = load_root(options.trusted_root, options.npm_keys);
  const auto records = release::npm_history(history, root);
  bool flagged = false;
  for (const auto& r : records) flagged = flagged || !r.flags.empty();
  const bool record = options.open_incidents || !options.incidents.store.empty() || !options.incidents_to_check.empty();
  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["schema_version"] = 1;
    out["ecosystem"] = "npm";
    out["package_document"] = shown_document;
    out["expected"] = history.expected ? nlohmann::ordered_json{{"repository", history.expected->repository},
                                                                {"workflow", history.expected->workflow},
                                                                {"from", history.expected->origin}}
                                       : nlohmann::ordered_json(nullptr);
    nlohmann::ordered_json versions = nlohmann::ordered_json::array();
    for (const auto& r : records)
      versions.push_back(
          {{"version", r.version},
           {"published", r.published},
           {"provenance", r.provenance},
           {"verified", r.verified},
           {"repository", r.repository},
           {"workflow", r.workflow},
           {"ref", r.ref},
           {"digest_matches_integrity", r.digest_matches ? nlohmann::ordered_json(*r.digest_matches) : nullptr},
           {"publish_attestation_verified",
            r.publish_attestation_verified ? nlohmann::ordered_json(*r.publish_attestation_verified) : nullptr},
           {"failed_checks", r.failed_checks},
           {"flags", r.flags}});
    out["versions"] = versions;
    print_json(out);
  } else {
    std::vector<std::vector<std::string>> rows;
    auto yes_no = [](bool b) { return std::string(b ? "yes" : "no"); };
    for (const auto& r : records) {
      std::string flags;
      for (const auto& f : r.flags) flags += (flags.empty() ? "" : ", ") + f;
      rows.push_back({r.version, r.published, yes_no(r.provenance), r.provenance ? yes_no(r.verified) : "-",
                      r.repository, r.workflow, r.ref, r.digest_matches ? yes_no(*r.digest_matches) : "-",
                      flags.empty() ? "" : paint(flags, Color::Red)});
    }
    std::cout << render_table({"VERSION", "PUBLISHED", "PROVENANCE", "VERIFIED", "REPOSITORY", "WORKFLOW", "REF",
                               "DIGEST=INTEGRITY", "FLAGS"},
                              rows)
              << '\n';
    std::cout << (history.expected ? fmt::format("expected publisher: {} {} (from {})\n", history.expected->repository,
                                                 history.expected->workflow, history.expected->origin)
                                   : std::string("no expected publisher ([release] in tocsin.toml or CI-TRUST.md)\n"));
  }
  if (record) history_incidents(options, "npm", records, history.expected);
  return flagged ? kExitFindings : kExitClean;
}

struct TagsCommandOptions {
  std::string dir = ".";
  std::string branch, known_tags, config = "", changelog, format, allowed_signers;
  bool require_signed = false;
  bool open_incidents = false;
  IncidentEnvironmentOptions incidents;
};

// [roles] release_engineer and [release] require_signed_tags of tocsin.toml (config::ProjectConfig,
// found by its one rule from DIR and --config).
void read_tag_policy(const config::ProjectConfig& project, release::TagPolicy& policy) {
  const incident::Config roles = project.incident_config();
  if (auto engineers = roles.roles.find("release_engineer"); engineers != roles.roles.end())
    policy.release_engineers = engineers->second;
  if (project.get<config::ReleaseSection>().require_signed_tags) policy.require_signed = true;
}

int run_tags(const TagsCommandOptions& options) {
  release::TagPolicy policy;
  policy.branch = options.branch;
  policy.changelog = options.changelog;
  policy.require_signed = options.require_signed;
  read_tag_policy(config::ProjectConfig::load(options.dir, options.config), policy);
  if (!options.known_tags.empty()) policy.known_targets = release::read_known_tags(options.known_tags);
  policy.allowed_signers = options.allowed_signers;
  // With the incident store: the targets recorded by the last run, and this run's recorded after.
  std::optional<IncidentEnvironment> env;
  std::string repository;
  if (options.open_incidents || !options.incidents.store.empty()) {
    IncidentEnvironmentOptions where = options.incidents;
    where.repo = options.dir;
    if (where.config.empty()) where.config = options.config;
    where.create_store = true;
    env.emplace(prepare_incident_environment(where));
    repository = release::repository_identity(options.dir);
    if (auto last = release::last_tag_targets(env->store->read_all(), repository))
      policy.recorded_targets = std::move(*last);
  }
  const auto tags = release::list_tags(options.dir, policy);
  bool flagged = false;
  for (const auto& t : tags) flagged = flagged || !t.flags.empty();
  if (env) {
    if (options.open_incidents)
      report_sync(incident::sync_findings(env->session(), release::tag_observations(tags), false));
    if (release::record_tag_targets(env->session(), repository, tags))
      std::cerr << "tag targets recorded in " << env->store->location() << "\n";
  }
  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["schema_version"] = 1;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& t : tags)
      list.push_back({{"name", t.name},
                      {"target", t.target},
                      {"annotated", t.annotated},
                      {"tagger", t.tagger},
                      {"tagger_email", t.tagger_email},
                      {"date", t.date ? nlohmann::ordered_json(format_rfc3339(t.date)) : nullptr},
                      {"signed", t.signed_},
                      {"signature", t.signature_kind},
                      {"signature_verified", t.signature_verified.value_or(false)},
                      {"signature_detail", t.signature_detail},
                      {"previous_target", t.previous_target.empty() ? nlohmann::ordered_json(nullptr)
                                                                    : nlohmann::ordered_json(t.previous_target)},
                      {"flags", t.flags}});
    out["tags"] = list;
    print_json(out);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& t : tags) {
      std::string flags;
      for (const auto& f : t.flags) flags += (flags.empty() ? "" : ", ") + f;
      rows.push_back({t.name, t.target.substr(0, 12), t.annotated ? "annotated" : "lightweight",
                      t.tagger.empty() ? "-" : t.tagger + " <" + t.tagger_email + ">",
                      t.date ? format_rfc3339(t.date) : "-",
                      !t.signed_              ? "no"
                      : !t.signature_verified ? t.signature_kind + " (not verified)"
                      : *t.signature_verified ? t.signature_kind + " (verified)"
                      : std::find(t.flags.begin(), t.flags.end(), "bad-signature") != t.flags.end()
                          ? t.signature_kind + " (BAD)"
                          : t.signature_kind + " (signer not allowed)",
                      flags.empty() ? "" : paint(flags, Color::Red)});
    }
    std::cout << render_table({"TAG", "TARGET", "KIND", "TAGGER", "DATE", "SIGNED", "FLAGS"}, rows) << '\n';
    for (const auto& t : tags) {
      if (!t.previous_target.empty()) std::cout << t.name << ": moved from " << t.previous_target << "\n";
      if (!t.signature_detail.empty()) std::cout << t.name << ": " << t.signature_detail << "\n";
    }
  }
  return flagged ? kExitFindings : kExitClean;
}

void add_incident_store_options(CLI::App* command, IncidentEnvironmentOptions& where) {
  command->add_option("--store", where.store, "Incident record (default: per project)");
  command->add_option("--actor", where.actor, "Who acts (default: $TOCSIN_ACTOR, else $USER)");
  add_now_option(command, where.now, "The current time (drills, tests)");
}

}  // namespace

void register_release_command(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("release", kReleaseDescription);
  group->require_subcommand(1);

  auto verify_options = std::make_shared<VerifyOptions>();
  auto* verify = group->add_subcommand(
      "verify", "Verify an artifact offline against a Sigstore bundle, or artifacts against SLSA provenance");
  verify->add_option("artifact", verify_options->artifacts, "Artifact file(s)")->required();
  auto* bundle = verify->add_option("--bundle", verify_options->bundle, "Sigstore bundle (.sigstore.json)");
  auto* provenance = verify->add_option("--provenance", verify_options->provenance,
                                        "SLSA / in-toto provenance (.intoto.jsonl, bundle)");
  bundle->excludes(provenance);
  verify->add_option("--certificate-identity", verify_options->policy.identity, "Expected certificate SAN");
  verify->add_option("--certificate-identity-regexp", verify_options->policy.identity_regexp,
                     "Regular expression (ECMAScript) searched in the certificate SAN");
  verify->add_option("--certificate-oidc-issuer", verify_options->policy.issuer, "Expected OIDC issuer");
  verify->add_option("--trusted-root", verify_options->trusted_root,
                     "trusted_root.json (default: the Sigstore public-good root shipped with tocsin)");
  verify->add_option("--npm-keys", verify_options->npm_keys, "npm registry keys.json (default: shipped with tocsin)");
  add_format_option(verify, verify_options->format, {"table", "json"});
  verify->callback([verify_options, &context] {
    if (!verify_options->bundle.empty())
      context.exit_code = run_verify_bundle(*verify_options);
    else if (!verify_options->provenance.empty())
      context.exit_code = run_verify_provenance(*verify_options);
    else
      throw Error("release verify needs --bundle FILE or --provenance FILE");
  });

  auto history_options = std::make_shared<HistoryCommandOptions>();
  auto* history = group->add_subcommand(
      "history", "Publish history (npm, crates.io, PyPI) against the expected provenance and local builds");
  history->add_option("--npm", history_options->npm, "The registry's package document (JSON file)");
  history->add_option("--attestations", history_options->attestations,
                      "Directory of the registry's attestation documents (NAME@VERSION.json), with --npm");
  history->add_option("--fetch", history_options->fetch,
                      "Get package NAME's document and attestations from the npm registry (network; libcurl)");
  history->add_option(
      "--registry", history_options->registry,
      "npm registry base URL for --fetch (default $TOCSIN_NPM_REGISTRY, else https://registry.npmjs.org)");
  history->add_option("--crates", history_options->crates,
                      "A crates.io sparse-index entry file (one JSON object per version)");
  history->add_option("--pypi", history_options->pypi, "A PyPI JSON API document (/pypi/NAME/json)");
  history->add_option("--artifacts", history_options->artifacts,
                      "Locally built .crate / wheel / sdist files to compare with --crates / --pypi");
  history->add_option("--config", history_options->config, "tocsin.toml with [release] (default ./tocsin.toml)");
  history->add_option("--ci-trust", history_options->ci_trust,
                      "CI-TRUST.md with OIDC subjects (default docs/security/CI-TRUST.md beside the config)");
  history->add_option("--repo", history_options->repo, "Git repository whose tags every version must have");
  history->add_option("--trusted-root", history_options->trusted_root, "trusted_root.json");
  history->add_option("--npm-keys", history_options->npm_keys, "npm registry keys.json");
  history->add_flag("--open-incidents", history_options->open_incidents,
                    "Open a leaked-credentials incident per flagged version; a clean run checks off the "
                    "publish-history step");
  history->add_option("--incident", history_options->incidents_to_check,
                      "Also check off this incident's publish-history step on a clean run (repeatable)");
  add_incident_store_options(history, history_options->incidents);
  add_format_option(history, history_options->format, {"table", "json"});
  history->callback([history_options, &context] { context.exit_code = run_history(*history_options); });

  auto tags_options = std::make_shared<TagsCommandOptions>();
  auto* tags = group->add_subcommand("tags", "Release tags of a git repository, with the ones that need a look");
  tags->add_option("dir", tags_options->dir, "Repository (default .)");
  tags->add_option("--branch", tags_options->branch, "Release branch (default: the default branch, else HEAD)");
  tags->add_option("--known-tags", tags_options->known_tags, "Tag targets recorded earlier (`tag commit` lines)");
  tags->add_option("--config", tags_options->config,
                   "tocsin.toml with [roles] and [release] (default DIR/tocsin.toml)");
  tags->add_option("--changelog", tags_options->changelog, "CHANGELOG (default DIR/CHANGELOG.md)");
  tags->add_flag("--require-signed", tags_options->require_signed, "Flag lightweight and unsigned tags");
  tags->add_option("--allowed-signers", tags_options->allowed_signers,
                   "Verify SSH-signed tags against this allowed-signers file (gpg.ssh.allowedSignersFile)");
  tags->add_flag("--open-incidents", tags_options->open_incidents,
                 "Open a compromised-ci incident per unauthorized, moved or off-branch tag");
  add_incident_store_options(tags, tags_options->incidents);
  add_format_option(tags, tags_options->format, {"table", "json"});
  tags->callback([tags_options, &context] { context.exit_code = run_tags(*tags_options); });
}

}  // namespace tocsin::cli
