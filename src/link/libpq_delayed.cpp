// libpq, delay-loaded (see delay_load.h): only a `--store postgresql://…` record and `tocsin
// store` talk to a PostgreSQL server. Debian ships no usable libpq.a (it needs libpgcommon.a,
// libpgport.a and libldap.a, which are not packaged), and the shared libpq brings some fifteen
// libraries (Kerberos, LDAP, SASL, GnuTLS) that every other command would load at start-up.
// Each function tocsin calls is forwarded (in the static `tocsin`, the first call hands the
// command to tocsin-full); a function added to src/ without a line here fails the static link
// as an undefined reference.
#include <libpq-fe.h>

#include "link/delay_load.h"

// A failed lookup throws and leaves `real` uninitialised: the next call tries again.
#define TOCSIN_REAL(name)                                                    \
  static auto* const real = tocsin::link::required_symbol<decltype(::name)>( \
      "libpq.so.5", #name, "a PostgreSQL incident store needs libpq (Debian package libpq5)")

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expand_dbname) {
  TOCSIN_REAL(PQconnectdbParams);
  return real(keywords, values, expand_dbname);
}
ConnStatusType PQstatus(const PGconn* conn) {
  TOCSIN_REAL(PQstatus);
  return real(conn);
}
char* PQerrorMessage(const PGconn* conn) {
  TOCSIN_REAL(PQerrorMessage);
  return real(conn);
}
void PQfinish(PGconn* conn) {
  TOCSIN_REAL(PQfinish);
  real(conn);
}
void PQreset(PGconn* conn) {
  TOCSIN_REAL(PQreset);
  real(conn);
}
const char* PQparameterStatus(const PGconn* conn, const char* name) {
  TOCSIN_REAL(PQparameterStatus);
  return real(conn, name);
}
PGTransactionStatusType PQtransactionStatus(const PGconn* conn) {
  TOCSIN_REAL(PQtransactionStatus);
  return real(conn);
}
PGresult* PQexec(PGconn* conn, const char* query) {
  TOCSIN_REAL(PQexec);
  return real(conn, query);
}
PGresult* PQexecParams(PGconn* conn, const char* command, int count, const Oid* types, const char* const* values,
                       const int* lengths, const int* formats, int result_format) {
  TOCSIN_REAL(PQexecParams);
  return real(conn, command, count, types, values, lengths, formats, result_format);
}
ExecStatusType PQresultStatus(const PGresult* result) {
  TOCSIN_REAL(PQresultStatus);
  return real(result);
}
char* PQresultErrorMessage(const PGresult* result) {
  TOCSIN_REAL(PQresultErrorMessage);
  return real(result);
}
char* PQresultErrorField(const PGresult* result, int field) {
  TOCSIN_REAL(PQresultErrorField);
  return real(result, field);
}
int PQntuples(const PGresult* result) {
  TOCSIN_REAL(PQntuples);
  return real(result);
}
char* PQgetvalue(const PGresult* result, int row, int column) {
  TOCSIN_REAL(PQgetvalue);
  return real(result, row, column);
}
int PQgetlength(const PGresult* result, int row, int column) {
  TOCSIN_REAL(PQgetlength);
  return real(result, row, column);
}
void PQclear(PGresult* result) {
  TOCSIN_REAL(PQclear);
  real(result);
}
PQconninfoOption* PQconninfoParse(const char* conninfo, char** error) {
  TOCSIN_REAL(PQconninfoParse);
  return real(conninfo, error);
}
void PQconninfoFree(PQconninfoOption* options) {
  TOCSIN_REAL(PQconninfoFree);
  real(options);
}
void PQfreemem(void* pointer) {
  TOCSIN_REAL(PQfreemem);
  real(pointer);
}
