#include "cli/heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace tocsin::cli {

void prefer_huge_pages_for_heap() {
#if defined(__SANITIZE_ADDRESS__)
  return;
#else
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  constexpr int kGrowth = 64 << 20;  // virtual; what is never touched is never backed
  constexpr int kCollapse = 25;      // MADV_COLLAPSE, which Debian 12's headers predate
  // Keep freed memory at the top instead of returning it at every free (a command is short;
  // trimming would also drop the huge pages), and let allocations up to 4 MiB (file buffers)
  // come from the heap rather than from their own fresh mmap.
  if (mallopt(M_TOP_PAD, kGrowth) != 1 || mallopt(M_TRIM_THRESHOLD, 2 * kGrowth) != 1 ||
      mallopt(M_MMAP_THRESHOLD, 4 << 20) != 1)
    return;
  void* current = sbrk(0);
  if (current == reinterpret_cast<void*>(-1)) return;
  const auto at = reinterpret_cast<std::uintptr_t>(current);
  const std::uintptr_t aligned = (at + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned != at && sbrk(static_cast<intptr_t>(aligned - at)) == reinterpret_cast<void*>(-1)) return;
  // An allocation larger than what is left at the heap's top makes malloc grow it now, from the
  // aligned break, by the allocation plus M_TOP_PAD.
  // (volatile: a compiler may drop a malloc/free pair whose memory is never used.)
  void* volatile probe = std::malloc(mallinfo2().keepcost + 4096);
  std::free(probe);
  void* end = sbrk(0);
  if (end == reinterpret_cast<void*>(-1) || reinterpret_cast<std::uintptr_t>(end) <= aligned) return;
  if (madvise(reinterpret_cast<void*>(aligned), reinterpret_cast<std::uintptr_t>(end) - aligned, MADV_HUGEPAGE) != 0)
    return;
  // malloc has written its top chunk's header into the first page already, so that 2 MiB would
  // stay in 4 KiB pages (a huge page is only faulted into an empty range): collapse it now
  // (Linux 6.1; an older kernel refuses, and only the later 2 MiB ranges get huge pages).
  madvise(reinterpret_cast<void*>(aligned), kHugePage, kCollapse);
#endif
}

}  // namespace tocsin::cli
