// Hyperscan's pattern compiler, delay-loaded (see delay_load.h). `tocsin secrets` scans with the
// database the build compiled and serialized (src/secrets/anchor_database.h), so the executable
// links only Hyperscan's runtime (libhs_runtime.a: deserialize, scratch, scan). The compiler is
// needed only when those bytes cannot be used (a stale build), and it is large: linked in, its
// ~100 static initialisers ran in every tocsin process, whatever the command. These are the
// three compiler functions tocsin calls, forwarded to the shared libhs on first call (in the
// static `tocsin`, the first call hands the command to tocsin-full: delay_load.h).
#include <hs/hs.h>

#include "link/delay_load.h"

#define TOCSIN_REAL(name)                                                    \
  static auto* const real = tocsin::link::required_symbol<decltype(::name)>( \
      "libhs.so.5", #name, "compiling the secrets detectors needs Hyperscan (Debian package libhyperscan5)")

hs_error_t hs_compile_multi(const char* const* expressions, const unsigned int* flags, const unsigned int* ids,
                            unsigned int elements, unsigned int mode, const hs_platform_info_t* platform,
                            hs_database_t** db, hs_compile_error_t** error) {
  TOCSIN_REAL(hs_compile_multi);
  return real(expressions, flags, ids, elements, mode, platform, db, error);
}

hs_error_t hs_expression_info(const char* expression, unsigned int flags, hs_expr_info_t** info,
                              hs_compile_error_t** error) {
  TOCSIN_REAL(hs_expression_info);
  return real(expression, flags, info, error);
}

hs_error_t hs_free_compile_error(hs_compile_error_t* error) {
  TOCSIN_REAL(hs_free_compile_error);
  return real(error);
}
