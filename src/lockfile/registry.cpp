// The single list of lockfile formats. Adding a format: one new file defining a
// make_<format>_reader() and one line in the table below.
#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/lockfile.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {

const std::vector<std::unique_ptr<Reader>>& readers() {
  static const std::vector<std::unique_ptr<Reader>> all = [] {
    std::vector<std::unique_ptr<Reader>> list;
    list.push_back(make_cargo_lock_reader());
    list.push_back(make_package_lock_reader());
    list.push_back(make_pnpm_lock_reader());
    list.push_back(make_yarn_lock_reader());
    list.push_back(make_requirements_txt_reader());
    list.push_back(make_poetry_lock_reader());
    list.push_back(make_uv_lock_reader());
    list.push_back(make_pipfile_lock_reader());
    list.push_back(make_cyclonedx_json_reader());
    list.push_back(make_spdx_json_reader());
    return list;
  }();
  return all;
}

std::string_view dep_kind_name(DepKind kind) {
  switch (kind) {
    case DepKind::Normal: return "normal";
    case DepKind::Dev: return "dev";
    case DepKind::Optional: return "optional";
    case DepKind::Peer: return "peer";
    case DepKind::Build: return "build";
  }
  return "normal";
}

bool Reader::matches_filename(std::string_view filename) const { return filename == canonical_name(); }

const Reader* reader_for_filename(std::string_view filename) {
  for (const auto& reader : readers())
    if (reader->matches_filename(filename)) return reader.get();
  return nullptr;
}

const Reader* reader_for_type(std::string_view type) {
  for (const auto& reader : readers())
    if (reader->canonical_name() == type) return reader.get();
  return nullptr;
}

Lockfile read_lockfile(const std::string& path, const Reader* reader) {
  if (reader == nullptr) {
    std::string filename = std::filesystem::path(path).filename().string();
    reader = reader_for_filename(filename);
    if (reader == nullptr)
      throw Error(path, 0, 0,
                  "unsupported lockfile name '" + filename +
                      "'; name its format with --lockfile TYPE:FILE (e.g. package-lock.json:" + path + ")");
  }
  std::string content = read_file(path);
  return reader->read(path, content);
}

}  // namespace tocsin::lockfile
