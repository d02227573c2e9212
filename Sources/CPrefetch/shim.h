#ifndef BRUSHFIRE_CPREFETCH_SHIM_H
#define BRUSHFIRE_CPREFETCH_SHIM_H

/* Asks the CPU to bring the cache line holding `address` close, for writing, without waiting for it: a hint
   only, never a fault, whatever the address. Swift has no spelling for it. */
static inline void brushfire_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
