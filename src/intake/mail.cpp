// A report mailed to the security.txt contact (RFC 5322 message) → one incident.
#include <fmt/format.h>

#include <array>
#include <cctype>

#include "core/encoding.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/time.h"
#include "intake/intake.h"
#include "intake/triage.h"

namespace tocsin::intake {
namespace {

constexpr std::size_t kMaxBody = 256 * 1024;  // what is kept of a body in the record

struct Part {
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case name, unfolded value
  std::string body;
  int body_line = 1;

  std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (key == name) return value;
    return {};
  }
};

// Headers up to the first empty line (CRLF or LF), continuation lines unfolded (RFC 5322 2.2.3).
Part split_part(const std::string& path, std::string_view text, int first_line) {
  Part part;
  std::size_t at = 0;
  int line = first_line;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(at, end - at);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    at = end + 1;
    ++line;
    if (row.empty()) break;
    if ((row.front() == ' ' || row.front() == '\t') && !part.headers.empty()) {
      part.headers.back().second += " " + std::string(trim(row));
      continue;
    }
    const std::size_t colon = row.find(':');
    if (colon == std::string_view::npos || colon == 0)
      throw Error(path, line - 1, 1, "expected a header line \"Name: value\" or an empty line before the body");
    part.headers.emplace_back(to_lower(trim(row.substr(0, colon))), std::string(trim(row.substr(colon + 1))));
  }
  part.body = at < text.size() ? std::string(text.substr(at)) : std::string();
  part.body_line = line;
  return part;
}

std::string decode_quoted_printable(std::string_view text, bool underscore_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_' && underscore_is_space) {
      out += ' ';
    } else if (c == '=' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      i += (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n') ? 2 : 1;  // soft line break
    } else if (c == '=' && i + 2 < text.size() && hex_digit_value(text[i + 1]) >= 0 &&
               hex_digit_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit_value(text[i + 1]) * 16 + hex_digit_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string decode_base64(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+')
      value = 62;
    else if (c == '/')
      value = 63;
    else
      continue;  // padding, line breaks
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// RFC 2047 encoded words (=?charset?B|Q?text?=) in a header; the bytes are kept as they decode.
std::string decode_encoded_words(const std::string& value) {
  std::string out;
  std::size_t at = 0;
  while (at < value.size()) {
    const std::size_t start = value.find("=?", at);
    if (start == std::string::npos) break;
    const std::size_t q1 = value.find('?', start + 2);
    const std::size_t q2 = q1 == std::string::npos ? q1 : value.find('?', q1 + 1);
    const std::size_t end = q2 == std::string::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string::npos || q2 != q1 + 2) break;
    std::string between = value.substr(at, start - at);
    if (!(start > 0 && trim(between).empty() && !out.empty())) out += between;  // blanks between words vanish
    const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
    const std::string_view payload = std::string_view(value).substr(q2 + 1, end - q2 - 1);
    out += encoding == 'B' ? decode_base64(payload) : decode_quoted_printable(payload, true);
    at = end + 2;
  }
  return out + value.substr(std::min(at, value.size()));
}

std::string decoded_body(const Part& part) {
  const std::string encoding = to_lower(part.header("content-transfer-encoding"));
  if (encoding == "quoted-printable") return decode_quoted_printable(part.body, false);
  if (encoding == "base64") return decode_base64(part.body);
  return part.body;
}

std::string parameter(const std::string& header, std::string_view name) {
  const std::string lower = to_lower(header);
  std::size_t at = lower.find(std::string(name) + "=");
  if (at == std::string::npos) return {};
  at += name.size() + 1;
  if (at < header.size() && header[at] == '"') {
    const std::size_t end = header.find('"', at + 1);
    return header.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
  }
  const std::size_t end = header.find_first_of("; \t", at);
  return header.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// The first text/plain part of a multipart body (depth-first), or the body itself.
std::string text_of(const std::string& path, const Part& part, int depth) {
  const std::string type = to_lower(part.header("content-type"));
  if (depth < 8 && starts_with(type, "multipart/")) {
    const std::string boundary = parameter(part.header("content-type"), "boundary");
    if (!boundary.empty()) {
      const std::string delimiter = "--" + boundary;
      std::size_t at = part.body.find(delimiter);
      while (at != std::string::npos) {
        std::size_t start = part.body.find('\n', at);
        if (start == std::string::npos || part.body.compare(at, delimiter.size() + 2, delimiter + "--") == 0) break;
        ++start;
        std::size_t next = part.body.find(delimiter, start);
        const std::string_view inner =
            std::string_view(part.body).substr(start, (next == std::string::npos ? part.body.size() : next) - start);
        const Part child = split_part(path, inner, part.body_line);
        const std::string child_type = to_lower(child.header("content-type"));
        if (child_type.empty() || starts_with(child_type, "text/plain") || starts_with(child_type, "multipart/")) {
          std::string found = text_of(path, child, depth + 1);
          if (!found.empty()) return found;
        }
        at = next;
      }
      return {};
    }
  }
  return decoded_body(part);
}

// RFC 5322 3.3 date-time, with the obsolete zone names of 4.3: "Tue, 1 Jul 2003 10:52:37 +0200".
std::optional<std::int64_t> parse_mail_date(std::string_view text) {
  std::string value(trim(text));
  if (auto comma = value.find(','); comma != std::string::npos) value = value.substr(comma + 1);
  std::vector<std::string> words;
  for (std::string_view word : split(value, ' '))
    if (!trim(word).empty()) words.emplace_back(trim(word));
  if (words.size() < 4) return std::nullopt;
  static constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  CivilDate date;
  try {
    date.day = std::stoi(words[0]);
    date.year = std::stoi(words[2]);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (words[2].size() == 2) date.year += date.year < 50 ? 2000 : 1900;  // obsolete two-digit years
  date.month = 0;
  for (std::size_t m = 0; m < kMonths.size(); ++m)
    if (to_lower(words[1]) == kMonths[m]) date.month = static_cast<int>(m) + 1;
  if (date.month == 0 || date.day < 1 || date.day > 31) return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (std::sscanf(words[3].c_str(), "%d:%d:%d", &hour, &minute, &second) < 2) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  int offset_minutes = 0;
  if (words.size() > 4) {
    const std::string zone = words[4];
    if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 5) {
      const int hhmm = std::atoi(zone.c_str() + 1);
      offset_minutes = (hhmm / 100) * 60 + hhmm % 100;
      if (zone[0] == '-') offset_minutes = -offset_minutes;
    } else {
      static const std::pair<const char*, int> kZones[] = {
          {"UT", 0},        {"GMT", 0},       {"Z", 0},         {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60},
          {"CDT", -5 * 60}, {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60}};
      for (const auto& [name, minutes] : kZones)
        if (zone == name) offset_minutes = minutes;
    }
  }
  return seconds_from_civil(date) + hour * 3600 + minute * 60 + std::min(second, 59) - offset_minutes * 60;
}

}  // namespace

MailMessage parse_mail(const std::string& path, const std::string& content) {
  if (content.empty()) throw Error(path, 1, 1, "empty file: expected an RFC 5322 message");
  const Part message = split_part(path, content, 1);
  MailMessage mail;
  mail.from = decode_encoded_words(message.header("from"));
  mail.subject = decode_encoded_words(message.header("subject"));
  mail.message_id = message.header("message-id");
  mail.date = message.header("date");
  if (mail.from.empty()) throw Error(path, 1, 1, "the message has no From header");
  if (!mail.date.empty()) {
    mail.date_unix = parse_mail_date(mail.date);
    if (!mail.date_unix)
      throw Error(path, 1, 1, "unreadable Date header '" + mail.date.substr(0, 100) + "' (RFC 5322 3.3)");
  }
  mail.body = text_of(path, message, 0);
  if (mail.body.size() > kMaxBody) mail.body = mail.body.substr(0, kMaxBody) + "\n[… truncated by tocsin]";
  return mail;
}

incident::ExternalReport mail_report(const std::string& path, const MailMessage& message, const Context& context) {
  if (!message.date_unix) throw Error(path, 1, 1, "the message has no Date header: the report time is unknown");
  AdvisoryFacts facts;
  facts.text = message.subject + "\n" + message.body;
  const Triage triage = triage_advisory(facts, context);

  incident::ExternalReport report;
  const std::string identity =
      message.message_id.empty() ? message.from + "|" + message.date + "|" + message.subject : message.message_id;
  report.key = "mail:" + sha256_hex(identity).substr(0, 32);
  report.state = "received";
  report.opens = true;
  incident::OpenRequest& request = report.request;
  const bool user_safety = !triage.decision.user_safety_classes.empty();
  request.playbook = user_safety ? "user-safety-report" : "reported-vulnerability";
  if (user_safety) request.user_safety_class = triage.decision.user_safety_classes.front();
  request.title = message.subject.empty() ? "Report mailed by " + message.from : message.subject;
  request.reporter = message.from;
  request.summary = message.body;
  request.reported_at = *message.date_unix;
  request.external = {{"source", "mail"}, {"id", message.message_id}, {"from", message.from}, {"date", message.date}};
  if (message.body.find("-----BEGIN PGP MESSAGE-----") != std::string::npos) request.external["encrypted"] = "pgp";
  return report;
}

}  // namespace tocsin::intake
