#include "CVectorKernels.h"

// Portable kernels: eight independent sums, which the compiler keeps in vector registers
// (a single running sum would be one dependent add after another).
static float squared_distance_portable(const float *a, const float *b, long count) {
    float sums[8] = {0};
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        for (int lane = 0; lane < 8; lane++) {
            float d = a[i + lane] - b[i + lane];
            sums[lane] += d * d;
        }
    }
    float sum = 0;
    for (int lane = 0; lane < 8; lane++) sum += sums[lane];
    for (; i < count; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
    return sum;
}

static float dot_portable(const float *a, const float *b, long count) {
    float sums[8] = {0};
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        for (int lane = 0; lane < 8; lane++) sums[lane] += a[i + lane] * b[i + lane];
    }
    float sum = 0;
    for (int lane = 0; lane < 8; lane++) sum += sums[lane];
    for (; i < count; i++) sum += a[i] * b[i];
    return sum;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

// Four accumulators of eight lanes: two loads a cycle feed one FMA a cycle, and four chains
// cover the FMA's latency.
__attribute__((target("avx2,fma"))) static float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma"))) static float squared_distance_wide(const float *a, const float *b, long count) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
    for (; i + 32 <= count; i += 32) {
        __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
        __m256 d2 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16));
        __m256 d3 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24));
        s0 = _mm256_fmadd_ps(d0, d0, s0);
        s1 = _mm256_fmadd_ps(d1, d1, s1);
        s2 = _mm256_fmadd_ps(d2, d2, s2);
        s3 = _mm256_fmadd_ps(d3, d3, s3);
    }
    for (; i + 8 <= count; i += 8) {
        __m256 d = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        s0 = _mm256_fmadd_ps(d, d, s0);
    }
    float sum = horizontal_sum(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    for (; i < count; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
    return sum;
}

__attribute__((target("avx2,fma"))) static float dot_wide(const float *a, const float *b, long count) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
    for (; i + 32 <= count; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
    }
    for (; i + 8 <= count; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    float sum = horizontal_sum(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    for (; i < count; i++) sum += a[i] * b[i];
    return sum;
}

// AVX2 and FMA in the processor (CPUID) and the AVX registers saved by the OS (XGETBV).
static int detect_wide(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int fma = (ecx >> 12) & 1, osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
    if (!(fma && osxsave && avx)) return 0;
    unsigned int xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx >> 5) & 1;
}

// Decided once, before main (and so before any thread reads it).
static int wide = 0;

__attribute__((constructor)) static void choose_kernels(void) { wide = detect_wide(); }

static inline int use_wide(void) { return wide; }

float vm_squared_distance(const float *a, const float *b, long count) {
    return use_wide() ? squared_distance_wide(a, b, count) : squared_distance_portable(a, b, count);
}

float vm_dot(const float *a, const float *b, long count) {
    return use_wide() ? dot_wide(a, b, count) : dot_portable(a, b, count);
}

int vm_kernels_are_wide(void) { return use_wide(); }

#else

float vm_squared_distance(const float *a, const float *b, long count) {
    return squared_distance_portable(a, b, count);
}

float vm_dot(const float *a, const float *b, long count) { return dot_portable(a, b, count); }

int vm_kernels_are_wide(void) { return 0; }

#endif
