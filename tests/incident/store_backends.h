// The store tests run once per backend: TEST_P on BackendTest, instantiated with both. The
// PostgreSQL instance uses this process's throw-away cluster (postgres_cluster.h) and skips
// when PostgreSQL is not installed (fails when TOCSIN_REQUIRE_POSTGRES is set).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "drill.h"
#include "postgres_cluster.h"

namespace tocsin::incident::testing {

enum class Backend { Sqlite, Postgres };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "SQLite" : "PostgreSQL";
}

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::Postgres) {
      TOCSIN_POSTGRES_OR_SKIP(pg);
      cluster_ = pg;
    }
  }

  // A new, empty store (not created yet for SQLite: a path in a fresh directory).
  std::string fresh_spec(const std::string& name) {
    if (cluster_) return cluster_->fresh_database(name);
    return fresh_dir(name) + "/incidents.db";
  }

  // SQL run straight on the store's tables, as someone with access to the file or the database
  // would: the sqlite3 API on the file, psql on the database (with the append-only trigger
  // switched off for the session, as its owner or a superuser can).
  void raw_sql(const std::string& spec, const std::string& sql) {
    if (cluster_) {
      const ::tocsin::testing::CommandResult run =
          cluster_->psql(spec, "SET session_replication_role = replica; " + sql);
      ASSERT_EQ(run.status, 0) << sql << "\n" << run.output;
      return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(spec.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << sql << "\n" << message;
  }

  ::tocsin::testing::PostgresCluster* cluster_ = nullptr;
};

#define TOCSIN_BOTH_BACKENDS(suite)                                                                                    \
  INSTANTIATE_TEST_SUITE_P(                                                                                            \
      Backends, suite,                                                                                                 \
      ::testing::Values(::tocsin::incident::testing::Backend::Sqlite, ::tocsin::incident::testing::Backend::Postgres), \
      ::tocsin::incident::testing::backend_name)

}  // namespace tocsin::incident::testing
