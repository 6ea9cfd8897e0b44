// Dispatch of the version interface to each ecosystem's rules.
#include "version/version.h"

#include "core/error.h"
#include "version/cargo_req.h"
#include "version/npm_range.h"
#include "version/pep440.h"
#include "version/semver.h"

namespace tocsin::version {
namespace {

[[noreturn]] void invalid_version(Ecosystem ecosystem, std::string_view text) {
  throw Error("invalid " + std::string(ecosystem_name(ecosystem)) + " version '" + std::string(text) + "'");
}

semver::Version cargo_version(std::string_view text) {
  auto v = semver::parse_cargo(text);
  if (!v) invalid_version(Ecosystem::CratesIo, text);
  return *v;
}

semver::Version npm_version(std::string_view text) {
  auto v = semver::parse_npm(text);
  if (!v) invalid_version(Ecosystem::Npm, text);
  return *v;
}

pep440::Version pypi_version(std::string_view text) {
  auto v = pep440::parse(text);
  if (!v) invalid_version(Ecosystem::PyPI, text);
  return *v;
}

}  // namespace

int compare(Ecosystem ecosystem, std::string_view a, std::string_view b) {
  switch (ecosystem) {
    case Ecosystem::CratesIo: return semver::cargo_compare(cargo_version(a), cargo_version(b));
    case Ecosystem::Npm:
    case Ecosystem::GitHubActions: return semver::npm_compare(npm_version(a), npm_version(b));
    case Ecosystem::PyPI: return pep440::compare(pypi_version(a), pypi_version(b));
  }
  throw Error("unknown ecosystem");
}

bool satisfies(Ecosystem ecosystem, std::string_view version, std::string_view range) {
  std::string why;
  switch (ecosystem) {
    case Ecosystem::CratesIo: {
      auto v = cargo_version(version);
      auto req = cargo::parse_requirement(range, &why);
      if (!req) throw Error("invalid Cargo version requirement '" + std::string(range) + "': " + why);
      return cargo::matches(*req, v);
    }
    case Ecosystem::Npm:
    case Ecosystem::GitHubActions: {  // release tags are SemVer (a leading v accepted)
      auto v = npm_version(version);
      auto parsed = npm::Range::parse(range, &why);
      if (!parsed) throw Error("invalid npm range '" + std::string(range) + "': " + why);
      return parsed->test(v);
    }
    case Ecosystem::PyPI: return pep440::satisfies(pypi_version(version), range);
  }
  throw Error("unknown ecosystem");
}

bool is_valid(Ecosystem ecosystem, std::string_view version) {
  switch (ecosystem) {
    case Ecosystem::CratesIo: return semver::parse_cargo(version).has_value();
    case Ecosystem::Npm:
    case Ecosystem::GitHubActions: return semver::parse_npm(version).has_value();
    case Ecosystem::PyPI: return pep440::parse(version).has_value();
  }
  return false;
}

}  // namespace tocsin::version
