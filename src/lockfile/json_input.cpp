#include "lockfile/json_input.h"

#include <fmt/format.h>

#include <unordered_map>

#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"

namespace tocsin::lockfile {
namespace {

int hex4(std::string_view raw, std::size_t at) {
  if (at + 4 > raw.size()) return -1;
  int value = 0;
  for (std::size_t k = at; k < at + 4; ++k) {
    char c = raw[k];
    int digit = hex_digit_value(c);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

struct Member {
  std::size_t key_at = 0;  // offset of the key's opening quote
};

struct Frame {
  bool object = false;
  bool expect_key = false;
  std::size_t key_at = 0;  // current member's key
  std::string key;         // current member's decoded key
  bool has_member = false;
  std::unordered_map<std::string, Member> members;
};

}  // namespace

// The string a JSON string literal's body denotes (all escapes, surrogate pairs joined); a lone
// surrogate keeps its escape text, which still compares equal only to the same text.
std::string decode_json_string(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 == raw.size()) {
      out += raw[i];
      continue;
    }
    char next = raw[++i];
    switch (next) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        int code = hex4(raw, i + 1);
        if (code < 0) {
          out += "\\u";
          break;
        }
        if (code >= 0xD800 && code <= 0xDBFF && i + 10 < raw.size() && raw[i + 5] == '\\' && raw[i + 6] == 'u') {
          int low = hex4(raw, i + 7);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            append_utf8(
                out, 0x10000 + ((static_cast<unsigned>(code) - 0xD800) << 10) + (static_cast<unsigned>(low) - 0xDC00));
            i += 10;
            break;
          }
        }
        if (code >= 0xD800 && code <= 0xDFFF) {
          out.append(raw.substr(i - 1, 6));
        } else {
          append_utf8(out, static_cast<unsigned>(code));
        }
        i += 4;
        break;
      }
      default: out += next; break;  // \" \\ \/
    }
  }
  return out;
}

PreparedJson prepare_json(const std::string& path, std::string_view content, std::string_view tool, bool strip_bom) {
  PreparedJson out;
  out.text.assign(content);
  std::string& text = out.text;
  if (starts_with(text, "\xEF\xBB\xBF")) {
    if (!strip_bom) throw Error(path, 1, 1, "UTF-8 byte order mark at the start; the file must start with '{'");
    text.replace(0, 3, "   ");
  }
  LineIndex lines(content);
  std::vector<Frame> frames;
  std::vector<std::pair<std::size_t, std::size_t>> blank;  // [begin, end] inclusive

  // Members are blanked from their key to the comma that ends them.
  std::unordered_map<std::size_t, std::size_t> comma_after_key;  // key offset -> ending comma
  // Ends the current member of the object on top; a repeat of an earlier key blanks the earlier
  // member, which is never the object's last and so always ends with a recorded comma.
  auto close_member = [&](Frame& frame) {
    if (!frame.has_member) return;
    frame.has_member = false;
    auto [it, inserted] = frame.members.try_emplace(frame.key, Member{frame.key_at});
    if (inserted) return;
    blank.emplace_back(it->second.key_at, comma_after_key[it->second.key_at]);
    std::string shown = frame.key.size() > 80 ? frame.key.substr(0, 80) + "..." : frame.key;
    out.warnings.push_back(warning_at(path, lines.line_of(frame.key_at), lines.column_of(frame.key_at), "duplicate-key",
                                      fmt::format("duplicate key \"{}\" (first at line {}): {} keeps the last value, "
                                                  "and so does tocsin",
                                                  shown, lines.line_of(it->second.key_at), tool),
                                      "no tool writes duplicate keys; regenerate the lockfile"));
    it->second.key_at = frame.key_at;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '{':
      case '[':
        if (static_cast<int>(frames.size()) >= kMaxJsonDepth)
          throw Error(path, lines.line_of(i), lines.column_of(i),
                      fmt::format("JSON nested deeper than {} levels; no lockfile is", kMaxJsonDepth));
        frames.push_back(Frame{c == '{', c == '{'});
        break;
      case '}':
      case ']':
        if (frames.empty()) return out;  // malformed: leave it to the parser
        if (frames.back().object) close_member(frames.back());
        frames.pop_back();
        break;
      case ',':
        if (!frames.empty() && frames.back().object) {
          Frame& frame = frames.back();
          if (frame.has_member) comma_after_key[frame.key_at] = i;
          close_member(frame);
          frame.expect_key = true;
        }
        break;
      case '"': {
        std::size_t end = i + 1;
        while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
        if (end >= text.size()) return out;  // unterminated: leave it to the parser
        if (!frames.empty() && frames.back().object && frames.back().expect_key) {
          Frame& frame = frames.back();
          frame.expect_key = false;
          frame.has_member = true;
          frame.key_at = i;
          frame.key = decode_json_string(std::string_view(text).substr(i + 1, end - i - 1));
        }
        i = end;
        break;
      }
      default: break;
    }
  }
  if (!frames.empty()) return out;  // truncated: leave it to the parser, which says where
  for (const auto& [begin, end] : blank)
    for (std::size_t k = begin; k <= end && k < text.size(); ++k)
      if (text[k] != '\n' && text[k] != '\r') text[k] = ' ';
  return out;
}

}  // namespace tocsin::lockfile
