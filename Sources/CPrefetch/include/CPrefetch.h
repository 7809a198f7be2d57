#ifndef C_PREFETCH_H
#define C_PREFETCH_H

/// Hints the processor to bring the cache line holding `address` into all cache levels, to be written soon.
/// A hint only: it never faults, whatever the address.
static inline void search_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
