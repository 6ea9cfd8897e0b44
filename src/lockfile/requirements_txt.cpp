// STUB — to be replaced by the real reader.
#include "core/error.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

class StubReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "requirements.txt"; }
  Lockfile read(const std::string& path, std::string_view) const override {
    throw Error(path, 0, 0, "requirements.txt reader not implemented yet");
  }
};

}  // namespace

std::unique_ptr<Reader> make_requirements_txt_reader() { return std::make_unique<StubReader>(); }

}  // namespace tocsin::lockfile
