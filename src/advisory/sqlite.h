// Thin RAII over the sqlite3 C API for the database module (internal header).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tocsin::advisory::sql {

class Connection {
 public:
  Connection(const std::string& file, int flags);
  Connection(Connection&& other) noexcept : db_(other.db_), file_(std::move(other.file_)) { other.db_ = nullptr; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();
  sqlite3* get() const { return db_; }
  const std::string& file() const { return file_; }
  void exec(const char* sql);
  [[noreturn]] void fail(std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string file_;
};

class Statement {
 public:
  Statement(const Connection& connection, const char* sql);
  Statement(Statement&& other) noexcept : stmt_(other.stmt_), connection_(other.connection_) { other.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& reset();
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  // true while a row is available; throws on error.
  bool step();
  void run() {
    while (step()) {
    }
  }
  std::string_view text(int column) const;
  std::int64_t integer(int column) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  const Connection* connection_;
};

}  // namespace tocsin::advisory::sql
