// A cache prefetch hint, which Swift has no way to express. The decode path streams ~100 MB of
// weights per token, a few short rows at a time; asking for the next rows early hides DRAM latency
// that the hardware prefetcher does not (see docs/PERFORMANCE.md).
static inline __attribute__((always_inline)) void rag_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
