// OpenBLAS's C interface (CBLAS, plus openblas_set_num_threads), from Debian's libopenblas-dev.
// pkg-config openblas adds the include directory of the variant Debian selected (pthread).
#include <cblas.h>

// Stops OpenBLAS's worker threads; its next multi-threaded call starts them again. Exported by
// the library (its fork handler calls it) but declared in none of its headers.
int blas_thread_shutdown_(void);
