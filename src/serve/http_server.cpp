// The HTTP side of `tocsin serve`: cpp-httplib (Debian's libcpp-httplib-dev, built with OpenSSL)
// carries requests to Dashboard::handle and back. Nothing else in tocsin sees the library.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <thread>

#include "core/error.h"
#include "core/text.h"
#include "serve/serve.h"

namespace tocsin::serve {
namespace {

constexpr std::size_t kMaxBody = 64 * 1024;  // a note is short; nothing legitimate is bigger

Request convert(const httplib::Request& in, bool tls) {
  Request out;
  out.method = in.method;
  out.path = in.path;
  out.body = in.body;
  out.scheme = tls ? "https" : "http";
  for (const auto& [name, value] : in.headers) out.headers.emplace(to_lower(name), value);  // first one wins
  return out;
}

}  // namespace

void run_server(const Dashboard& dashboard, const ServerOptions& options) {
  const AccessOptions& access = options.access;
  const bool tls = !access.tls_cert.empty();
  std::unique_ptr<httplib::Server> server;
  if (tls) {
    auto secure = std::make_unique<httplib::SSLServer>(access.tls_cert.c_str(), access.tls_key.c_str());
    if (!secure->is_valid())
      throw Error("--tls-cert " + access.tls_cert + " / --tls-key " + access.tls_key +
                  ": cannot load the certificate and its key (PEM files expected)");
    server = std::move(secure);
  } else {
    server = std::make_unique<httplib::Server>();
  }

  httplib::Headers defaults;
  for (const auto& [name, value] : security_headers()) defaults.emplace(name, value);
  server->set_default_headers(defaults);  // also on the library's own 400/404/413 answers
  server->set_payload_max_length(kMaxBody);

  const auto handler = [&dashboard, tls](const httplib::Request& in, httplib::Response& out) {
    const Response response = dashboard.handle(convert(in, tls));
    out.status = response.status;
    for (const auto& [name, value] : response.headers) out.set_header(name, value);
    out.set_content(response.body, response.content_type);
  };
  const std::string any = ".*";
  server->Get(any, handler);
  server->Post(any, handler);
  server->Put(any, handler);
  server->Delete(any, handler);
  server->Patch(any, handler);
  server->Options(any, handler);

  // SIGINT / SIGTERM end the server cleanly: blocked here (the server's threads inherit the
  // mask) and awaited by one thread that stops the server.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  int port = access.listen.port;
  if (port == 0) {
    port = server->bind_to_any_port(access.listen.host);
    if (port < 0) throw Error("--listen " + access.listen.host + ":0: cannot bind");
  } else if (!server->bind_to_port(access.listen.host, port)) {
    throw Error("--listen " + access.listen.host + ":" + std::to_string(port) +
                ": cannot bind (address in use, or not an address of this machine)");
  }
  std::thread waiter([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    server->stop();
  });
  waiter.detach();  // lives until a signal or the end of the process
  if (options.on_listening) options.on_listening(port);
  if (!server->listen_after_bind()) throw Error("the server stopped unexpectedly");
}

}  // namespace tocsin::serve
