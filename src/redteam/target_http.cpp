// The --http target: an OpenAI-compatible chat-completions endpoint on the loopback interface,
// spoken to with a small HTTP/1.1 client on a POSIX socket (no TLS: loopback only, by design —
// tocsin is offline, and a red-team run must never send its canaries across a network).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/text.h"
#include "redteam/redteam.h"

namespace tocsin::redteam {
namespace {

using Clock = std::chrono::steady_clock;

struct Url {
  bool ipv6 = false;
  std::string host_header;
  int port = 80;
  std::string path = "/";
};

Url parse_url(const std::string& url) {
  const std::string_view prefix = "http://";
  if (!starts_with(url, prefix))
    throw Error("--http: '" + url + "' must start with http:// (only a local endpoint is allowed)");
  std::string_view rest = std::string_view(url).substr(prefix.size());
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  Url out;
  if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash));
  std::string_view host = authority;
  std::string_view port;
  if (starts_with(authority, "[")) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) throw Error("--http: malformed host in '" + url + "'");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') throw Error("--http: malformed host in '" + url + "'");
      port = authority.substr(close + 2);
    }
  } else if (const std::size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host == "::1") {
    out.ipv6 = true;
  } else if (host != "127.0.0.1" && host != "localhost") {
    throw Error("--http: host '" + std::string(host) + "' is not local (127.0.0.1, ::1 or localhost only)");
  }
  if (!port.empty()) {
    out.port = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || out.port > 65535) throw Error("--http: bad port in '" + url + "'");
      out.port = out.port * 10 + (c - '0');
    }
    if (out.port == 0 || out.port > 65535) throw Error("--http: bad port in '" + url + "'");
  }
  out.host_header = std::string(authority);
  return out;
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000));
}

// One request on a fresh connection; returns the raw response or sets `error`.
std::string exchange(const Url& url, const std::string& request, Clock::time_point deadline, std::size_t cap,
                     std::string& error) {
  const int fd = socket(url.ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return error = "cannot create a socket", "";
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (url.ipv6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    a->sin6_port = htons(static_cast<std::uint16_t>(url.port));
    length = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&storage);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a->sin_port = htons(static_cast<std::uint16_t>(url.port));
    length = sizeof *a;
  }
  std::string response;
  const auto finish = [&](std::string message) {
    close(fd);
    error = std::move(message);
    return std::string();
  };
  if (connect(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0 && errno != EINPROGRESS)
    return finish("cannot connect to port " + std::to_string(url.port));
  std::size_t sent = 0;
  while (sent < request.size()) {
    pollfd p{fd, POLLOUT, 0};
    const int wait = remaining_ms(deadline);
    if (wait == 0) return finish("timeout while sending the request");
    if (poll(&p, 1, wait) <= 0) continue;
    const ssize_t w = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (w < 0 && errno != EAGAIN && errno != EINTR) return finish("cannot connect to port " + std::to_string(url.port));
    if (w > 0) sent += static_cast<std::size_t>(w);
  }
  char buffer[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int wait = remaining_ms(deadline);
    if (wait == 0) return finish("timeout waiting for the answer");
    if (poll(&p, 1, wait) <= 0) continue;
    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (got < 0) return finish("connection reset");
    if (got == 0) break;
    response.append(buffer, static_cast<std::size_t>(got));
    if (response.size() > cap + 65536) return finish("answer over " + std::to_string(cap) + " bytes");
  }
  close(fd);
  return response;
}

// Splits a raw HTTP/1.x response; sets `error` when it is not one.
std::string response_body(const std::string& raw, std::string& error) {
  const std::size_t end = raw.find("\r\n\r\n");
  if (!starts_with(raw, "HTTP/1.") || end == std::string::npos) return error = "malformed HTTP response", "";
  const std::string_view head = std::string_view(raw).substr(0, end);
  const auto lines = split(head, "\r\n");
  const auto status_parts = split(lines[0], ' ');
  if (status_parts.size() < 2 || status_parts[1] != "200")
    return error = "HTTP status " + std::string(status_parts.size() > 1 ? status_parts[1] : "?"), "";
  bool chunked = false;
  std::optional<std::size_t> content_length;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = to_lower(trim(lines[i].substr(0, colon)));
    const std::string value = to_lower(trim(lines[i].substr(colon + 1)));
    if (name == "transfer-encoding" && value.find("chunked") != std::string::npos) chunked = true;
    if (name == "content-length") {
      std::size_t n = 0;
      for (char c : value) {
        if (c < '0' || c > '9') return error = "malformed Content-Length", "";
        n = n * 10 + static_cast<std::size_t>(c - '0');
        if (n > (std::size_t{1} << 40)) return error = "malformed Content-Length", "";
      }
      content_length = n;
    }
  }
  std::string body = raw.substr(end + 4);
  if (chunked) {
    std::string decoded;
    std::size_t at = 0;
    for (;;) {
      const std::size_t line_end = body.find("\r\n", at);
      if (line_end == std::string::npos) return error = "truncated chunked body", "";
      std::size_t size = 0;
      std::size_t digits = 0;
      for (std::size_t i = at; i < line_end && body[i] != ';'; ++i, ++digits) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(body[i])));
        const int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0 || size > (std::size_t{1} << 40)) return error = "malformed chunk size", "";
        size = size * 16 + static_cast<std::size_t>(v);
      }
      if (digits == 0) return error = "malformed chunk size", "";
      if (size == 0) break;
      if (line_end + 2 + size > body.size()) return error = "truncated chunked body", "";
      decoded.append(body, line_end + 2, size);
      at = line_end + 2 + size + 2;
    }
    return decoded;
  }
  if (content_length) {
    if (body.size() < *content_length) return error = "truncated body (Content-Length promises more)", "";
    body.resize(*content_length);
  }
  return body;
}

class HttpTarget : public Target {
 public:
  HttpTarget(const HttpTargetOptions& http, const TargetOptions& options)
      : http_(http), url_(parse_url(http.url)), options_(options) {}

  Answer ask(const Case& c) const override {
    const auto started = Clock::now();
    Answer answer = ask_once(c, started + options_.timeout);
    answer.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return answer;
  }

  std::string describe() const override { return "http " + http_.url + (http_.model.empty() ? "" : " " + http_.model); }

 private:
  Answer ask_once(const Case& c, Clock::time_point deadline) const {
    Answer answer;
    std::string system;
    if (!fill_prompt(c, system, answer.error)) return answer;
    nlohmann::ordered_json body;
    body["model"] = http_.model;
    body["messages"] = nlohmann::ordered_json::array();
    if (!system.empty()) body["messages"].push_back({{"role", "system"}, {"content", system}});
    if (!c.document.empty())
      body["messages"].push_back({{"role", "user"}, {"content", "Retrieved document:\n" + c.document}});
    if (c.turns.empty()) {
      body["messages"].push_back({{"role", "user"}, {"content", c.input}});
    } else {
      for (const Turn& turn : c.turns) body["messages"].push_back({{"role", turn.role}, {"content", turn.content}});
    }
    const std::string payload = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string request = "POST " + url_.path + " HTTP/1.1\r\nHost: " + url_.host_header +
                                "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " +
                                std::to_string(payload.size()) + "\r\nConnection: close\r\n\r\n" + payload;
    std::string error;
    const std::string raw = exchange(url_, request, deadline, options_.output_cap, error);
    if (!error.empty()) return answer.error = error, answer;
    const std::string text = response_body(raw, error);
    if (!error.empty()) return answer.error = error, answer;
    if (text.size() > options_.output_cap)
      return answer.error = "answer over " + std::to_string(options_.output_cap) + " bytes", answer;
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    const auto unreadable = [&](const std::string& why) {
      answer.error = "unreadable answer: " + why;
      return answer;
    };
    if (json.is_discarded() || !json.is_object()) return unreadable("the body is not a JSON object");
    if (!json.contains("choices") || !json["choices"].is_array() || json["choices"].empty() ||
        !json["choices"][0].is_object())
      return unreadable("no choices[0]");
    const nlohmann::json& choice = json["choices"][0];
    if (!choice.contains("message") || !choice["message"].is_object() || !choice["message"].contains("content") ||
        !(choice["message"]["content"].is_string() || choice["message"]["content"].is_null()))
      return unreadable("no choices[0].message.content string");
    if (choice["message"]["content"].is_string()) answer.output = choice["message"]["content"].get<std::string>();
    if (json.contains("flagged")) {
      if (!json["flagged"].is_boolean()) return unreadable("\"flagged\" must be true or false");
      answer.flagged = json["flagged"].get<bool>();
    }
    if (choice.contains("finish_reason") && choice["finish_reason"] == "content_filter") answer.flagged = true;
    return answer;
  }

  // Replaces {{canary:N}}; a reference past the case's canaries is an error for that case.
  bool fill_prompt(const Case& c, std::string& out, std::string& error) const {
    const std::string& prompt = http_.system_prompt;
    for (std::size_t i = 0; i < prompt.size();) {
      if (prompt.compare(i, 9, "{{canary:") == 0) {
        const std::size_t close = prompt.find("}}", i);
        std::size_t n = 0;
        bool ok = close != std::string::npos && close > i + 9;
        for (std::size_t j = i + 9; ok && j < close; ++j) {
          ok = prompt[j] >= '0' && prompt[j] <= '9' && n < 1000;
          n = n * 10 + static_cast<std::size_t>(prompt[j] - '0');
        }
        if (ok) {
          if (n == 0 || n > c.canaries.size()) {
            error = "the system prompt uses {{canary:" + std::to_string(n) + "}} but the case has " +
                    std::to_string(c.canaries.size()) + " canaries";
            return false;
          }
          out += c.canaries[n - 1];
          i = close + 2;
          continue;
        }
      }
      out.push_back(prompt[i++]);
    }
    return true;
  }

  HttpTargetOptions http_;
  Url url_;
  TargetOptions options_;
};

}  // namespace

std::unique_ptr<Target> make_http_target(const HttpTargetOptions& http, const TargetOptions& options) {
  return std::make_unique<HttpTarget>(http, options);
}

}  // namespace tocsin::redteam
