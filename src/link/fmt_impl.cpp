// {fmt}'s compiled part, built into the `tocsin` executable so that it does not load libfmt.so
// at start-up (Debian ships no static libfmt). This is what fmt's own src/format.cc does:
// format-inl.h defines the non-template functions (vformat, …), and the two templates below are
// the `extern template`s of format.h that tocsin's objects call.
#ifndef FMT_HEADER_ONLY
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
}  // namespace detail
FMT_END_NAMESPACE
#endif
