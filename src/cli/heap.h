// The process's heap, set up once at the start of a command (main.cpp).
#pragma once

namespace tocsin::cli {

// Lets the kernel back the C heap with 2 MiB transparent huge pages where it can.
//
// Why: on the virtual machines CI and hooks run on, the first touch of each fresh 4 KiB page
// costs ~12 µs (a page fault); a Springtale `deps` touches ~1.3 MB of heap, ~320 faults and
// ~4 ms of its ~20 ms. One huge page costs one fault and ~0.15 ms of zeroing. glibc does this
// itself only when asked through the GLIBC_TUNABLES environment variable
// (glibc.malloc.hugetlb=1), which a process cannot set for itself, so this does the equivalent:
// it moves the program break to a 2 MiB boundary, makes malloc grow the heap there by a large
// step at once (glibc handles a break moved by someone else: "foreign sbrk"), and marks that
// range MADV_HUGEPAGE. Untouched parts cost nothing (virtual only); the resident size grows by
// 2 MiB steps. With THP disabled ("never") the advice has no effect; any failing step leaves
// malloc as it was. Not done under the sanitizers, whose allocators replace malloc.
void prefer_huge_pages_for_heap();

}  // namespace tocsin::cli
