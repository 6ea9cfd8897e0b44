#include "report/writers.h"

namespace tocsin::report {

const std::vector<std::unique_ptr<Writer>>& writers() {
  static const std::vector<std::unique_ptr<Writer>> all = [] {
    std::vector<std::unique_ptr<Writer>> list;
    list.push_back(make_table_writer());  // first: the default
    list.push_back(make_json_writer());
    list.push_back(make_sarif_writer());
    list.push_back(make_markdown_writer());
    list.push_back(make_openvex_writer());
    return list;
  }();
  return all;
}

const Writer* writer_for(std::string_view format) {
  for (const auto& writer : writers())
    if (writer->format() == format) return writer.get();
  return nullptr;
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto& writer : writers()) names.emplace_back(writer->format());
  return names;
}

std::string deadline_text(long long hours) {
  if (hours <= 0) return "";
  if (hours >= 48 && hours % 24 == 0) return std::to_string(hours / 24) + "d";
  return std::to_string(hours) + "h";
}

double security_severity(const scan::Finding& finding) {
  double low = 0.1, high = 3.9, middle = 2.0;
  if (finding.level == "critical")
    low = 9.0, high = 10.0, middle = 9.5;
  else if (finding.level == "high")
    low = 7.0, high = 8.9, middle = 8.0;
  else if (finding.level == "medium")
    low = 4.0, high = 6.9, middle = 5.5;
  if (finding.score && *finding.score >= low && *finding.score <= high) return *finding.score;
  return middle;
}

}  // namespace tocsin::report
