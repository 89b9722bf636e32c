#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

#include <stdint.h>

/// VectorMath's distance kernels for long float vectors, in C so that they can use AVX2 and FMA
/// where the processor has them (chosen at run time: the package is built for the baseline x86-64,
/// whose SSE2 does four multiplies and four adds where AVX2's FMA does sixteen of each).

/// Σ (a[i] − b[i])², i < count.
float vm_squared_distance(const float *a, const float *b, long count);

/// Σ a[i]·b[i], i < count.
float vm_dot(const float *a, const float *b, long count);

/// 1 when the AVX2 + FMA kernels are in use (for the benchmark's report).
int vm_kernels_are_wide(void);

/// One epoch of the UMAP layout's SGD in two dimensions over edges [lower, upper), as
/// VectorMath's `Layout.planeEpoch` (see there; `seed` is the SplitMix64 state it starts from),
/// with AVX2: 1 when it ran, 0 when the processor lacks AVX2 and FMA (the caller runs its own).
int vm_umap_plane_epoch(long lower, long upper, float n, float alpha, float a, float b, float gamma, float *y,
    const float *settled, long vertices, const int32_t *heads, const int32_t *tails, const float *per_sample,
    const float *per_negative, float *next_sample, float *next_negative, int32_t *due, uint64_t seed);

#endif
