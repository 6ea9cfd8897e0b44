// libzip, delay-loaded (see delay_load.h): only `db import` of an OSV all.zip and `db update`
// read zip archives. Debian ships libzip as a shared library only, and loading it (with the
// libcrypto, libbz2 and libz it needs) cost every other command ~150 page faults and ~2.8
// million instructions at start-up. Each function tocsin calls is forwarded (in the static
// `tocsin`, never reached: `db import`/`db update` run in tocsin-full); a function added to src/
// without a line here fails the static link as an undefined reference.
#include <zip.h>

#include "link/delay_load.h"

// A failed lookup throws and leaves `real` uninitialised: the next call tries again.
#define TOCSIN_REAL(name)                                                    \
  static auto* const real = tocsin::link::required_symbol<decltype(::name)>( \
      "libzip.so.4", #name, "reading zip archives needs libzip (Debian package libzip4)")

zip_t* zip_open(const char* path, int flags, int* error) {
  TOCSIN_REAL(zip_open);
  return real(path, flags, error);
}
void zip_discard(zip_t* archive) {
  TOCSIN_REAL(zip_discard);
  real(archive);
}
zip_int64_t zip_get_num_entries(zip_t* archive, zip_flags_t flags) {
  TOCSIN_REAL(zip_get_num_entries);
  return real(archive, flags);
}
void zip_stat_init(zip_stat_t* stat) {
  TOCSIN_REAL(zip_stat_init);
  real(stat);
}
int zip_stat_index(zip_t* archive, zip_uint64_t index, zip_flags_t flags, zip_stat_t* stat) {
  TOCSIN_REAL(zip_stat_index);
  return real(archive, index, flags, stat);
}
zip_file_t* zip_fopen_index(zip_t* archive, zip_uint64_t index, zip_flags_t flags) {
  TOCSIN_REAL(zip_fopen_index);
  return real(archive, index, flags);
}
zip_int64_t zip_fread(zip_file_t* file, void* buffer, zip_uint64_t size) {
  TOCSIN_REAL(zip_fread);
  return real(file, buffer, size);
}
int zip_fclose(zip_file_t* file) {
  TOCSIN_REAL(zip_fclose);
  return real(file);
}
const char* zip_strerror(zip_t* archive) {
  TOCSIN_REAL(zip_strerror);
  return real(archive);
}
const char* zip_file_strerror(zip_file_t* file) {
  TOCSIN_REAL(zip_file_strerror);
  return real(file);
}
void zip_error_init_with_code(zip_error_t* error, int code) {
  TOCSIN_REAL(zip_error_init_with_code);
  real(error, code);
}
const char* zip_error_strerror(zip_error_t* error) {
  TOCSIN_REAL(zip_error_strerror);
  return real(error);
}
void zip_error_fini(zip_error_t* error) {
  TOCSIN_REAL(zip_error_fini);
  real(error);
}
