/* The linked-library side of Benchmarks/pdf-reader.sh: every PDF named on the command line read
 * through poppler-glib in this process (title, author, every page's text), as the documents
 * source would if it linked poppler. Prints the characters of text read. */
#include <poppler.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    size_t total = 0;
    for (int i = 1; i < argc; i++) {
        gchar *data;
        gsize length;
        if (!g_file_get_contents(argv[i], &data, &length, NULL)) continue;
        GBytes *bytes = g_bytes_new_take(data, length);
        GError *error = NULL;
        PopplerDocument *document = poppler_document_new_from_bytes(bytes, NULL, &error);
        if (!document) {
            g_error_free(error);
            g_bytes_unref(bytes);
            continue;
        }
        g_free(poppler_document_get_title(document));
        g_free(poppler_document_get_author(document));
        int pages = poppler_document_get_n_pages(document);
        for (int p = 0; p < pages; p++) {
            PopplerPage *page = poppler_document_get_page(document, p);
            gchar *text = poppler_page_get_text(page);
            total += strlen(text);
            g_free(text);
            g_object_unref(page);
        }
        g_object_unref(document);
        g_bytes_unref(bytes);
    }
    printf("%zu\n", total);
    return 0;
}
