// Factories of the registered readers; see registry.cpp. Internal to the lockfile module.
#pragma once

#include <memory>

#include "lockfile/lockfile.h"

namespace tocsin::lockfile {

std::unique_ptr<Reader> make_cargo_lock_reader();
std::unique_ptr<Reader> make_package_lock_reader();
std::unique_ptr<Reader> make_pnpm_lock_reader();
std::unique_ptr<Reader> make_yarn_lock_reader();
std::unique_ptr<Reader> make_requirements_txt_reader();
std::unique_ptr<Reader> make_poetry_lock_reader();
std::unique_ptr<Reader> make_uv_lock_reader();
std::unique_ptr<Reader> make_pipfile_lock_reader();
std::unique_ptr<Reader> make_cyclonedx_json_reader();
std::unique_ptr<Reader> make_spdx_json_reader();

}  // namespace tocsin::lockfile
