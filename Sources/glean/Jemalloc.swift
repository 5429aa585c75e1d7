// Links jemalloc into the binary (see Sources/CJemalloc/shim.h); nothing in it is called directly.
import CJemalloc
