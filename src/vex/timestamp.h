// OpenVEX timestamps are RFC 3339 date-times; review dates may be plain dates. The parsing lives
// in core/time.h, shared with the feeds and the incident record.
#pragma once

#include "core/time.h"

namespace tocsin::vex {

using tocsin::format_rfc3339;
using tocsin::now_unix_seconds;
using tocsin::parse_rfc3339;

}  // namespace tocsin::vex
