#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

/// VectorMath's distance kernels for long float vectors, in C so that they can use AVX2 and FMA
/// where the processor has them (chosen at run time: the package is built for the baseline x86-64,
/// whose SSE2 does four multiplies and four adds where AVX2's FMA does sixteen of each).

/// Σ (a[i] − b[i])², i < count.
float vm_squared_distance(const float *a, const float *b, long count);

/// Σ a[i]·b[i], i < count.
float vm_dot(const float *a, const float *b, long count);

/// 1 when the AVX2 + FMA kernels are in use (for the benchmark's report).
int vm_kernels_are_wide(void);

#endif
