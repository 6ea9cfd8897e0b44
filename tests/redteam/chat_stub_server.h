// A stub chat-completions server on 127.0.0.1 for the --http target tests: answers every request
// with one configured raw HTTP response (after an optional delay) and keeps the last request.
// Never touches a non-loopback network.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace tocsin::redteam::testing {

class ChatStubServer {
 public:
  ChatStubServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0)
      throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ChatStubServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/chat/completions"; }

  // A 200 response with this JSON body.
  void answer_json(const std::string& body) {
    respond("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\nConnection: close\r\n\r\n" + body);
  }
  void respond(std::string raw, int delay_ms = 0) {
    std::lock_guard lock(mutex_);
    raw_ = std::move(raw);
    delay_ms_ = delay_ms;
  }
  std::string last_request() {
    std::lock_guard lock(mutex_);
    return last_request_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      handle(client);
      ::close(client);
    }
  }

  void handle(int client) {
    std::string request;
    char buffer[4096];
    for (;;) {  // headers, then Content-Length bytes of body
      const auto end = request.find("\r\n\r\n");
      if (end != std::string::npos) {
        const auto at = request.find("Content-Length: ");
        const std::size_t length = at == std::string::npos ? 0 : std::stoul(request.substr(at + 16));
        if (request.size() >= end + 4 + length) break;
      }
      pollfd p{client, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) return;
      const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) return;
      request.append(buffer, static_cast<std::size_t>(got));
    }
    std::string raw;
    int delay = 0;
    {
      std::lock_guard lock(mutex_);
      last_request_ = request;
      raw = raw_;
      delay = delay_ms_;
    }
    for (int waited = 0; waited < delay && !stop_; waited += 10)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::size_t sent = 0;
    while (sent < raw.size()) {
      const ssize_t wrote = ::send(client, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
      if (wrote <= 0) return;
      sent += static_cast<std::size_t>(wrote);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::string raw_;
  int delay_ms_ = 0;
  std::string last_request_;
  std::thread thread_;
};

}  // namespace tocsin::redteam::testing
