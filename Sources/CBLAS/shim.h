// OpenBLAS's C interface (CBLAS, plus openblas_set_num_threads), from Debian's libopenblas-dev.
// pkg-config openblas adds the include directory of the variant Debian selected (pthread).
#include <cblas.h>
