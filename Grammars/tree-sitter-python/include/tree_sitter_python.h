#ifndef UMLAUT_TREE_SITTER_PYTHON_H
#define UMLAUT_TREE_SITTER_PYTHON_H

// The one entry point of the fetched Python grammar (src/parser.c, assembled at setup time).
typedef struct TSLanguage TSLanguage;

#ifdef __cplusplus
extern "C" {
#endif

const TSLanguage *tree_sitter_python(void);

#ifdef __cplusplus
}
#endif

#endif
