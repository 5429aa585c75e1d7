// jemalloc replaces glibc's malloc in the `glean` binary (linking it is all it takes: its malloc and
// free interpose glibc's). Why: records and feed items are allocated on one thread and freed on
// another; glibc then contends on its arena locks (futex waits, context switches), jemalloc's
// thread caches do not. Measured: RSS benchmark 6.6 s → 5.6 s, JSON pass-through ≈ 10% faster.
#ifndef GLEAN_CJEMALLOC_SHIM_H
#define GLEAN_CJEMALLOC_SHIM_H
#include <stddef.h>
#endif
