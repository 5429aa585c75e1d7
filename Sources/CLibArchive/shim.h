// libarchive for Swift: the headers Glean uses, plus wrappers for the macros Swift cannot import.
#ifndef GLEAN_CLIBARCHIVE_SHIM_H
#define GLEAN_CLIBARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#ifdef __APPLE__
#include <xlocale.h>
#endif

// The AE_IF* file-type macros are casts (`(__LA_MODE_T)0100000`), which Swift does not import.
static inline int glean_archive_entry_is_regular(struct archive_entry *entry) {
    return archive_entry_filetype(entry) == AE_IFREG;
}
static inline int glean_archive_entry_is_directory(struct archive_entry *entry) {
    return archive_entry_filetype(entry) == AE_IFDIR;
}
static inline int glean_archive_entry_is_symlink(struct archive_entry *entry) {
    return archive_entry_filetype(entry) == AE_IFLNK;
}

// libarchive converts entry names between the header's charset and the current locale's. A
// process that never called setlocale runs in the "C" locale, where a UTF-8 name (zip's UTF-8 flag,
// pax headers) cannot be converted and comes back NULL. These switch the calling thread only
// (uselocale, not setlocale) to C.UTF-8 for the length of one read, so names come out as UTF-8 and
// names without a charset come out as their raw bytes.
typedef struct {
    locale_t utf8;
    locale_t previous;
} glean_archive_locale;

static inline glean_archive_locale glean_archive_enter_utf8_locale(void) {
    glean_archive_locale saved = { (locale_t)0, (locale_t)0 };
    saved.utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (saved.utf8 == (locale_t)0) saved.utf8 = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
    if (saved.utf8 != (locale_t)0) saved.previous = uselocale(saved.utf8);
    return saved;
}

static inline void glean_archive_leave_utf8_locale(glean_archive_locale saved) {
    if (saved.utf8 == (locale_t)0) return;
    uselocale(saved.previous);
    freelocale(saved.utf8);
}

#endif
