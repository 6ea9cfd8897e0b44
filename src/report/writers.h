// Factories of the registered report writers; see registry.cpp. Internal to the module.
#pragma once

#include <memory>

#include "report/report.h"

namespace tocsin::report {

std::unique_ptr<Writer> make_json_writer();
std::unique_ptr<Writer> make_sarif_writer();
std::unique_ptr<Writer> make_markdown_writer();

}  // namespace tocsin::report
