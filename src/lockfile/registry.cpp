// The single list of lockfile formats. Adding a format: one new file defining a
// make_<format>_reader() and one line in the table below.
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
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
  // stat, not open: opening a FIFO blocks until a writer comes, and a directory "reads" empty.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw Error(path, 0, 0, std::string("cannot read lockfile: ") + std::strerror(errno));
  if (!S_ISREG(info.st_mode))
    throw Error(path, 0, 0,
                std::string("not a regular file (") + file_kind(info.st_mode) + "); expected a " +
                    std::string(reader->canonical_name()) + " file");
  std::string content = read_file(path);
  Lockfile lockfile = reader->read(path, content);
  check_package_text(lockfile);
  return lockfile;
}

const char* file_kind(unsigned mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "a special file";
}

namespace {

// Length of the valid UTF-8 sequence at text[i] (RFC 3629: no overlongs, no surrogates, at
// most U+10FFFF), or 0.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  unsigned char second = byte(i + 1);
  if (c == 0xE0 && second < 0xA0) return 0;  // overlong
  if (c == 0xED && second > 0x9F) return 0;  // surrogate
  if (c == 0xF0 && second < 0x90) return 0;  // overlong
  if (c == 0xF4 && second > 0x8F) return 0;  // above U+10FFFF
  return length;
}

// Why `text` cannot be a package name or version, or empty when it can.
std::string text_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return fmt::format("byte 0x{:02X} at offset {} is not UTF-8", c, i);
    if (c < 0x20 || c == 0x7F) return fmt::format("control character 0x{:02X} at offset {}", c, i);
    if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0)  // C1 controls U+0080-U+009F
      return fmt::format("control character U+{:04X} at offset {}", static_cast<unsigned char>(text[i + 1]), i);
    i += length;
  }
  return {};
}

}  // namespace

void check_package_text(const Lockfile& lockfile) {
  for (const Package& package : lockfile.packages) {
    const std::pair<const char*, const std::string*> fields[] = {
        {"name", &package.name}, {"version", &package.version}, {"alias", &package.alias}, {"source", &package.source}};
    for (const auto& [what, value] : fields) {
      std::string problem = text_problem(*value);
      if (problem.empty()) continue;
      // The value itself is not echoed: it is what cannot be printed safely.
      throw Error(lockfile.path, package.line, 0,
                  fmt::format("invalid package {} ({}); no package manager writes one", what, problem));
    }
  }
}

Diagnostic warning_at(std::string path, int line, int column, std::string code, std::string message, std::string hint) {
  Diagnostic warning;
  warning.severity = Severity::Warning;
  warning.location = {std::move(path), line, column, ""};
  warning.message = std::move(message);
  warning.hint = std::move(hint);
  warning.code = std::move(code);
  return warning;
}

}  // namespace tocsin::lockfile
