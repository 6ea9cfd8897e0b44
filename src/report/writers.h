// Factories of the registered report writers; see registry.cpp. Internal to the module.
#pragma once

#include <memory>
#include <string>

#include "report/report.h"

namespace tocsin::report {

std::unique_ptr<Writer> make_table_writer();
std::unique_ptr<Writer> make_json_writer();
std::unique_ptr<Writer> make_sarif_writer();
std::unique_ptr<Writer> make_markdown_writer();
std::unique_ptr<Writer> make_openvex_writer();

// "3d" for whole days from 48 hours, else "20h"; "" when there is no deadline (hours <= 0).
std::string deadline_text(long long hours);

}  // namespace tocsin::report
