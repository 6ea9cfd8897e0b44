// simdjson, delay-loaded (see delay_load.h), so that `tocsin` can link the C++ runtime
// statically: Debian ships simdjson only as a shared library, and that library needs the shared
// libstdc++, whose loading and ~2,000 symbol relocations were the largest part of
// `tocsin --version` left (an empty C++ program: ~50 more page faults and ~1.7 ms more CPU than an
// empty C program on the CI machines). Commands that read JSON load both on their first parse.
//
// The executable uses two functions and one table of the library (`nm -D --undefined-only` and
// the copy relocations before this file): everything else simdjson does is inline in its header,
// or virtual functions of the parser implementation that get_active_implementation() hands out.
// The table is the text of each error code, which the executable would otherwise copy out of
// the library at start-up: tocsin defines its own (it shows in "invalid JSON: …" only when
// nlohmann's re-parse finds no syntax error, e.g. for nesting deeper than simdjson allows). Two C++ runtimes then share
// the process; that is sound here because nothing crosses between them but that implementation object (created, used
// through its vtable and destroyed by the library's own code) and plain memory, and simdjson reports errors by value,
// not by exception.
#include <simdjson.h>

#include "link/delay_load.h"

namespace {

constexpr const char* kLibrary = "libsimdjson.so.14";
constexpr const char* kPurpose = "reading JSON needs simdjson (Debian package libsimdjson14)";

}  // namespace

namespace simdjson {

internal::atomic_ptr<const implementation>& get_active_implementation() {
  using Function = internal::atomic_ptr<const implementation>&();
  static Function* const real =
      tocsin::link::required_symbol<Function>(kLibrary, "_ZN8simdjson25get_active_implementationEv", kPurpose);
  return real();
}

// In the order of simdjson::error_code (3.0.1), which the static_assert below checks by count.
extern const internal::error_code_info internal::error_codes[] = {
    {SUCCESS, "no error"},
    {CAPACITY, "the document is larger than the parser can take"},
    {MEMALLOC, "out of memory"},
    {TAPE_ERROR, "the document is not valid JSON"},
    {DEPTH_ERROR, "the document nests deeper than the parser allows"},
    {STRING_ERROR, "invalid string"},
    {T_ATOM_ERROR, "invalid value starting with 't' (expected true)"},
    {F_ATOM_ERROR, "invalid value starting with 'f' (expected false)"},
    {N_ATOM_ERROR, "invalid value starting with 'n' (expected null)"},
    {NUMBER_ERROR, "invalid number"},
    {UTF8_ERROR, "the document is not valid UTF-8"},
    {UNINITIALIZED, "no document parsed"},
    {EMPTY, "the document is empty"},
    {UNESCAPED_CHARS, "a string contains an unescaped control character"},
    {UNCLOSED_STRING, "a string is not closed"},
    {UNSUPPORTED_ARCHITECTURE, "no JSON parser implementation for this processor"},
    {INCORRECT_TYPE, "a value has an unexpected type"},
    {NUMBER_OUT_OF_RANGE, "a number does not fit in 64 bits"},
    {INDEX_OUT_OF_BOUNDS, "an array index is out of bounds"},
    {NO_SUCH_FIELD, "no such field"},
    {IO_ERROR, "cannot read the file"},
    {INVALID_JSON_POINTER, "invalid JSON pointer"},
    {INVALID_URI_FRAGMENT, "invalid URI fragment"},
    {UNEXPECTED_ERROR, "unexpected error in the JSON parser"},
    {PARSER_IN_USE, "the JSON parser is in use"},
    {OUT_OF_ORDER_ITERATION, "values read out of order"},
    {INSUFFICIENT_PADDING, "the input buffer lacks padding"},
    {INCOMPLETE_ARRAY_OR_OBJECT, "the document ends inside an array or object"},
    {SCALAR_DOCUMENT_AS_VALUE, "a scalar document read as a value"},
    {OUT_OF_BOUNDS, "read past the end of the document"},
    {TRAILING_CONTENT, "unexpected content after the document"},
};
static_assert(sizeof internal::error_codes / sizeof internal::error_codes[0] == NUM_ERROR_CODES);

char* internal::to_chars(char* first, const char* last, double value) {
  using Function = char*(char*, const char*, double);
  static Function* const real =
      tocsin::link::required_symbol<Function>(kLibrary, "_ZN8simdjson8internal8to_charsEPcPKcd", kPurpose);
  return real(first, last, value);
}

}  // namespace simdjson
