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

#include <stdarg.h>
#include <stdio.h>

// Where libxml2's messages go. Its handlers are per thread (a thread copies the "ThrDef" defaults
// the first time it uses libxml2); Glean installs one structured handler everywhere and forwards
// the printf-style "generic" messages to it, so nothing reaches standard error raw.

// A generic (printf-style) message, formatted and handed to the calling thread's structured
// handler as an error of no particular domain; dropped when there is none.
static void glean_forward_generic_error(void *context, const char *format, ...) {
    (void)context;
    xmlStructuredErrorFunc handler = xmlStructuredError;
    if (handler == NULL || format == NULL) return;
    char message[2048];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    xmlError error = {0};
    error.domain = XML_FROM_NONE;
    error.level = XML_ERR_ERROR;
    error.message = message;
    handler(xmlStructuredErrorContext, &error);
}

// Routes libxml2's messages to `handler`: the default for threads that have not used libxml2 yet,
// and the calling thread's own handlers.
static inline void glean_route_errors(xmlStructuredErrorFunc handler) {
    xmlThrDefSetStructuredErrorFunc(NULL, handler);
    xmlThrDefSetGenericErrorFunc(NULL, glean_forward_generic_error);
    xmlSetStructuredErrorFunc(NULL, handler);
    xmlSetGenericErrorFunc(NULL, glean_forward_generic_error);
}

// Routes the calling thread's messages to `handler` if they do not go there yet (a thread that used
// libxml2 before `glean_route_errors` keeps libxml2's defaults, which print to standard error).
static inline void glean_route_errors_here(xmlStructuredErrorFunc handler) {
    if (xmlStructuredError != handler || xmlGenericError != glean_forward_generic_error) {
        xmlSetStructuredErrorFunc(NULL, handler);
        xmlSetGenericErrorFunc(NULL, glean_forward_generic_error);
    }
}

// The calling thread's structured handler and its context, to put back after a swap.
typedef struct {
    xmlStructuredErrorFunc handler;
    void *context;
} glean_error_route;

// Sends the calling thread's messages to `handler` with `context` until restored with
// `glean_restore_structured_errors`, returning the handler it replaces.
static inline glean_error_route glean_swap_structured_errors(xmlStructuredErrorFunc handler, void *context) {
    glean_error_route saved = { xmlStructuredError, xmlStructuredErrorContext };
    xmlSetStructuredErrorFunc(context, handler);
    return saved;
}

static inline void glean_restore_structured_errors(glean_error_route saved) {
    xmlSetStructuredErrorFunc(saved.context, saved.handler);
}

static void glean_discard_error(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

// `htmlReadMemory` with the calling thread's libxml2 messages discarded for the length of the call.
// The HTML parser reports through the thread's structured handler even with HTML_PARSE_NOERROR;
// recovering broken markup is what it is used for, so its complaints are noise.
static inline htmlDocPtr glean_html_read_memory_quietly(const char *buffer, int size, const char *encoding, int options) {
    xmlStructuredErrorFunc savedHandler = xmlStructuredError;
    void *savedContext = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, glean_discard_error);
    htmlDocPtr document = htmlReadMemory(buffer, size, NULL, encoding, options);
    xmlSetStructuredErrorFunc(savedContext, savedHandler);
    return document;
}

// An XPath context whose errors are discarded (an expression that fails yields no value; the
// caller decides what to say), rather than going to the thread's handler.
static inline xmlXPathContextPtr glean_quiet_xpath_context(xmlDocPtr document) {
    xmlXPathContextPtr context = xmlXPathNewContext(document);
    if (context != NULL) context->error = glean_discard_error;
    return context;
}

#endif
