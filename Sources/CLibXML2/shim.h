// libxml2 for Swift: the headers Glean uses, plus wrappers for what Swift 6 cannot touch directly.
#ifndef GLEAN_CLIBXML2_SHIM_H
#define GLEAN_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU, and <libxml/encoding.h> then includes the system's ICU headers,
// which clash with the ICU headers bundled in Foundation ("UErrorCode is not present in
// definition"). Glean never touches xmlCharEncodingHandler's ICU fields, so hide ICU from the
// headers; the library itself still converts encodings with ICU/iconv as built.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/uri.h>
#include <libxml/encoding.h>
#include <libxml/xmlerror.h>

// `xmlFree` is a global function-pointer variable; Swift 6 rejects touching mutable globals.
static inline void glean_xmlFree(void *pointer) { xmlFree(pointer); }

// Structured error callback installer for a reader; the callback type is a C function pointer.
static inline void glean_set_reader_error_handler(xmlTextReaderPtr reader, xmlStructuredErrorFunc handler, void *context) {
    xmlTextReaderSetStructuredErrorHandler(reader, handler, context);
}

static void glean_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

// Silences libxml2's generic error output on the calling thread (XPath compilation prints
// "XPath error : Invalid expression" to standard error otherwise); Glean reports errors itself.
static inline void glean_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, glean_ignore_generic_error);
}

#endif
