// The single list of secret detectors. Adding a format: one new file defining
// make_<name>_detector() and one line below. Order matters only for display ties.
#include "secrets/detector.h"

namespace tocsin::secrets {

const std::vector<std::unique_ptr<Detector>>& detectors() {
  static const std::vector<std::unique_ptr<Detector>> all = [] {
    std::vector<std::unique_ptr<Detector>> list;
    list.push_back(make_github_detector());
    list.push_back(make_github_fine_grained_detector());
    list.push_back(make_npm_detector());
    list.push_back(make_pypi_detector());
    list.push_back(make_crates_io_detector());
    list.push_back(make_aws_detector());
    list.push_back(make_slack_detector());
    list.push_back(make_stripe_detector());
    list.push_back(make_gitlab_detector());
    list.push_back(make_google_api_key_detector());
    list.push_back(make_private_key_detector());
    list.push_back(make_jwt_detector());
    list.push_back(make_generic_detector());
    return list;
  }();
  return all;
}

}  // namespace tocsin::secrets
