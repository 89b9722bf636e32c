// The tree-sitter runtime's C API, from Debian's libtree-sitter-dev.
#include <tree_sitter/api.h>
