#ifndef GLEAN_CUCHARDET_SHIM_H
#define GLEAN_CUCHARDET_SHIM_H

// uchardet (Debian libuchardet-dev): Mozilla's universal charset detector, for text whose
// encoding is neither marked nor declared (GleanEncoding's CharsetDetection).
#include <uchardet/uchardet.h>

#endif
