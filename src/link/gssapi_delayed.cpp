// GSS-API (Kerberos), delay-loaded (see delay_load.h). libgit2's static archive refers to it for
// HTTP "Negotiate" authentication, which tocsin never reaches (it opens local repositories
// only), and Debian ships no static libgssapi_krb5: linking the shared one loaded seven
// libraries (krb5, k5crypto, com_err, krb5support, keyutils, resolv) into every process. These
// definitions satisfy libgit2.a and forward to libgssapi_krb5.so.2 on first call; if it cannot be
// loaded they answer GSS_S_UNAVAILABLE, which libgit2 reports as a failed authentication.
//
// Declared here with their RFC 2744 prototypes (opaque handles as void*; the C ABI is the same)
// because gssapi.h comes with libkrb5-dev, which the build does not otherwise need.
#include <cstdint>

#include "link/delay_load.h"

extern "C" {

using OM_uint32 = std::uint32_t;
struct gss_OID_desc {
  OM_uint32 length;
  void* elements;
};

// The name type libgit2 passes to gss_import_name. Mechanisms compare OIDs by value, so this
// copy of 1.2.840.113554.1.2.1.4 (RFC 2744, 4) stands for the library's own.
static gss_OID_desc hostbased_service{10, const_cast<char*>("\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04")};
gss_OID_desc* GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

}  // extern "C"

namespace {

constexpr OM_uint32 kUnavailable = 16u << 16;  // GSS_S_UNAVAILABLE

template <class Function>
Function* resolve(const char* name) {
  const char* error = nullptr;
  return reinterpret_cast<Function*>(tocsin::link::delay_load("libgssapi_krb5.so.2", name, error));
}

}  // namespace

#define TOCSIN_FORWARD(name, params, args)                      \
  extern "C" OM_uint32 name params {                            \
    static auto* const real = resolve<OM_uint32 params>(#name); \
    if (real == nullptr) {                                      \
      if (minor != nullptr) *minor = 0;                         \
      return kUnavailable;                                      \
    }                                                           \
    return real args;                                           \
  }

TOCSIN_FORWARD(gss_delete_sec_context, (OM_uint32 * minor, void** context, void* output), (minor, context, output))
TOCSIN_FORWARD(gss_display_status,
               (OM_uint32 * minor, OM_uint32 status, int type, gss_OID_desc* mechanism, OM_uint32* message_context,
                void* text),
               (minor, status, type, mechanism, message_context, text))
TOCSIN_FORWARD(gss_import_name, (OM_uint32 * minor, void* name_buffer, gss_OID_desc* name_type, void** name),
               (minor, name_buffer, name_type, name))
TOCSIN_FORWARD(gss_indicate_mechs, (OM_uint32 * minor, void** mechanisms), (minor, mechanisms))
TOCSIN_FORWARD(gss_init_sec_context,
               (OM_uint32 * minor, void* credentials, void** context, void* target, gss_OID_desc* mechanism,
                OM_uint32 flags, OM_uint32 time, void* bindings, void* input, gss_OID_desc** actual_mechanism,
                void* output, OM_uint32* returned_flags, OM_uint32* time_left),
               (minor, credentials, context, target, mechanism, flags, time, bindings, input, actual_mechanism, output,
                returned_flags, time_left))
TOCSIN_FORWARD(gss_release_buffer, (OM_uint32 * minor, void* buffer), (minor, buffer))
TOCSIN_FORWARD(gss_release_name, (OM_uint32 * minor, void** name), (minor, name))
TOCSIN_FORWARD(gss_release_oid_set, (OM_uint32 * minor, void** set), (minor, set))
