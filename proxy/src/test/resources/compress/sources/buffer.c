/* A growable byte buffer. */
#include <stdlib.h>
#include <string.h>

#define GROWTH 2 /* doubling */

typedef struct {
    char *data; // owned
    size_t len;
    size_t cap;
} buffer;

static const char *MARK = "/* not a comment */ // nor this";

int buffer_append(buffer *b, const char *s, size_t n) {
    if (b->len + n > b->cap) {
        /* grow */
        size_t cap = b->cap ? b->cap * GROWTH : 16;
        while (cap < b->len + n) cap *= GROWTH;
        char *p = realloc(b->data, cap);
        if (!p) return -1; // out of memory
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

static const int ZEROS[] = {
    0, 0, 0, 0,
    0, 0, 0, 0,
    0, 0, 0, 0,
    0, 0, 0, 0,
};

char quote(void) { return '"'; }
