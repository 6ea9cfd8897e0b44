#include "report/writers.h"

namespace tocsin::report {

const std::vector<std::unique_ptr<Writer>>& writers() {
  static const std::vector<std::unique_ptr<Writer>> all = [] {
    std::vector<std::unique_ptr<Writer>> list;
    list.push_back(make_json_writer());
    list.push_back(make_sarif_writer());
    list.push_back(make_markdown_writer());
    return list;
  }();
  return all;
}

const Writer* writer_for(std::string_view format) {
  for (const auto& writer : writers())
    if (writer->format() == format) return writer.get();
  return nullptr;
}

double security_severity(const scan::Finding& finding) {
  if (finding.score) return *finding.score;
  if (finding.level == "critical") return 9.5;
  if (finding.level == "high") return 8.0;
  if (finding.level == "medium") return 5.5;
  return 2.0;
}

}  // namespace tocsin::report
