// Shared by the rule files of the audit (rules.cpp: the generic and pinning rules;
// trust_rules.cpp: the rules that compare workflows with the trust document's tables).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ci/ci.h"

namespace tocsin::ci::detail {

// A finding of `rule` with its level (or `level` when given) and policy sentence from rules().
AuditFinding make_finding(std::string_view rule, const std::string& file, int line, int column, const Job* job,
                          const Step* step, const std::string& uses, std::string message, std::string level = "");

// Byte offset of 1-based (line, column) in `source`, and back.
int offset_of(std::string_view source, int line, int column);
void position_of(std::string_view source, std::size_t offset, int& line, int& column);

// egress-not-allowlisted: harden-runner `allowed-endpoints` (egress-policy block) of each job
// against the trust document's egress list for the workflow.
void audit_egress(const Workflow& workflow, const AuditInput& input, std::vector<AuditFinding>& out);
// egress-endpoint-unused: documented endpoints that no job of their workflow allows (only for
// workflows that declare allowed-endpoints at all), and lists for workflows that do not exist.
void audit_unused_egress(const AuditInput& input, std::vector<AuditFinding>& out);
// oidc-subject-not-documented: jobs that can request an OIDC token whose possible subjects are
// not covered by the trust document's subject patterns.
void audit_oidc(const Workflow& workflow, const AuditInput& input, std::vector<AuditFinding>& out);

}  // namespace tocsin::ci::detail
