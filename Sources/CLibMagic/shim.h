#ifndef GLEAN_CLIBMAGIC_SHIM_H
#define GLEAN_CLIBMAGIC_SHIM_H

// libmagic (Debian libmagic-dev): content types from a document's first bytes, for the
// documents source. A magic_t is not thread-safe: each reader opens its own.
#include <magic.h>

#endif
