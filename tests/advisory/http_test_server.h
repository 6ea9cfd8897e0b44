// A tiny HTTP/1.0 server on 127.0.0.1 for `db update` tests: serves fixed bodies, can cut a body
// off half-way (Content-Length promises more than is sent). Never touches a non-loopback network.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace tocsin::advisory::testing {

class HttpTestServer {
 public:
  struct Route {
    std::string body;
    std::size_t send_bytes = std::string::npos;  // fewer than body.size(): the connection is cut
  };

  HttpTestServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0)
      throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }

  ~HttpTestServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void set(const std::string& path, Route route) {
    std::lock_guard lock(mutex_);
    routes_[path] = std::move(route);
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd poll_fd{listener_, POLLIN, 0};
      if (::poll(&poll_fd, 1, 50) <= 0) continue;
      int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      handle(client);
      ::close(client);
    }
  }

  void handle(int client) {
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
      pollfd poll_fd{client, POLLIN, 0};
      if (::poll(&poll_fd, 1, 2000) <= 0) return;
      ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) return;
      request.append(buffer, static_cast<std::size_t>(got));
    }
    auto first_space = request.find(' ');
    auto second_space = request.find(' ', first_space + 1);
    std::string path = request.substr(first_space + 1, second_space - first_space - 1);
    Route route;
    bool found = false;
    {
      std::lock_guard lock(mutex_);
      if (auto it = routes_.find(path); it != routes_.end()) {
        route = it->second;
        found = true;
      }
    }
    std::string response;
    if (!found) {
      response = "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    } else {
      response = "HTTP/1.0 200 OK\r\nContent-Length: " + std::to_string(route.body.size()) +
                 "\r\nConnection: close\r\n\r\n" + route.body.substr(0, route.send_bytes);
    }
    std::size_t sent = 0;
    while (sent < response.size()) {
      ssize_t wrote = ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (wrote <= 0) return;
      sent += static_cast<std::size_t>(wrote);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::map<std::string, Route> routes_;
  std::thread thread_;
};

}  // namespace tocsin::advisory::testing
