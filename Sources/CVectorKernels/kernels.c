#include "CVectorKernels.h"

#include <math.h>
#include <string.h>

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

// ---- The UMAP layout's epoch in two dimensions (VectorMath's `Layout.planeEpoch`) ----
//
// The same steps as the Swift loop, with an edge's negative samples eight to a vector where
// the Swift code has SSE2's four: an edge has about five, which took two passes of four lanes
// and now take one of eight. The random words are drawn as the Swift loop draws them (two per
// four samples), so both draw the same samples; only the order of the sums differs.

static inline uint64_t splitmix_next(uint64_t *state) {
    *state += 0x9E3779B97F4A7C15ull;
    uint64_t z = *state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// x^b for x > 0 as 2^(b·log2 x), the polynomials of `Layout.power`.
static inline float power_scalar(float x, float b) {
    if (!(x >= 1e-30f)) x = 1e-30f;
    uint32_t bits;
    memcpy(&bits, &x, 4);
    float exponent = (float)((int32_t)((bits >> 23) & 0xff) - 127);
    uint32_t mantissa = (bits & 0x7fffff) | 0x3f800000;
    float t;
    memcpy(&t, &mantissa, 4);
    t -= 1;
    float l = 0.04588553f;
    l = l * t - 0.19442267f;
    l = l * t + 0.41542195f;
    l = l * t - 0.70868210f;
    l = l * t + 1.44182580f;
    float y = b * (exponent + l * t);
    if (y > 126) y = 126;
    if (y < -126) y = -126;
    float whole = floorf(y);
    float f = y - whole;
    float p = 0.01349301f;
    p = p * f + 0.05207471f;
    p = p * f + 0.24140438f;
    p = p * f + 0.69301869f;
    p = p * f + 1;
    int32_t pbits;
    memcpy(&pbits, &p, 4);
    pbits += (int32_t)whole << 23;
    float result;
    memcpy(&result, &pbits, 4);
    return result;
}

static inline float clip4(float v) { return v > 4 ? 4 : (v < -4 ? -4 : v); }

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


__attribute__((target("avx2,fma"))) static __m256 power_wide(__m256 x, float b) {
    x = _mm256_max_ps(x, _mm256_set1_ps(1e-30f));
    __m256i bits = _mm256_castps_si256(x);
    __m256 exponent = _mm256_sub_ps(
        _mm256_castsi256_ps(_mm256_or_si256(
            _mm256_and_si256(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(0xff)), _mm256_set1_epi32(0x4B000000))),
        _mm256_set1_ps(8388608.0f + 127.0f));
    __m256 t = _mm256_sub_ps(
        _mm256_castsi256_ps(_mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x7fffff)),
            _mm256_set1_epi32(0x3f800000))),
        _mm256_set1_ps(1.0f));
    __m256 l = _mm256_set1_ps(0.04588553f);
    l = _mm256_fmadd_ps(l, t, _mm256_set1_ps(-0.19442267f));
    l = _mm256_fmadd_ps(l, t, _mm256_set1_ps(0.41542195f));
    l = _mm256_fmadd_ps(l, t, _mm256_set1_ps(-0.70868210f));
    l = _mm256_fmadd_ps(l, t, _mm256_set1_ps(1.44182580f));
    __m256 y = _mm256_mul_ps(_mm256_set1_ps(b), _mm256_fmadd_ps(l, t, exponent));
    y = _mm256_min_ps(_mm256_max_ps(y, _mm256_set1_ps(-126.0f)), _mm256_set1_ps(126.0f));
    __m256 whole = _mm256_floor_ps(y);
    __m256 f = _mm256_sub_ps(y, whole);
    __m256 p = _mm256_set1_ps(0.01349301f);
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.05207471f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.24140438f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.69301869f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f));
    __m256i integer = _mm256_cvtps_epi32(whole);
    return _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(p), _mm256_slli_epi32(integer, 23)));
}

__attribute__((target("avx2,fma"))) static void plane_epoch_wide(long lower, long upper, float n, float alpha,
    float a, float b, float gamma, float *y, const float *settled, long vertices, const int32_t *heads,
    const int32_t *tails, const float *per_sample, const float *per_negative, float *next_sample,
    float *next_negative, int32_t *due, uint64_t seed) {
    long due_count = 0;
    for (long e = lower; e < upper; e++) {
        due[due_count] = (int32_t)e;
        // Due when n − next ≥ 0: its sign bit clear (no branch: about half are due, unpredictably).
        float difference = n - next_sample[e];
        uint32_t sign;
        memcpy(&sign, &difference, 4);
        due_count += 1 - (long)(sign >> 31);
    }
    uint64_t state = seed;
    uint64_t vertex_count = (uint64_t)vertices;
    const __m256i lane_numbers = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256 limit = _mm256_set1_ps(4.0f), negative_limit = _mm256_set1_ps(-4.0f);
    const __m256 scale = _mm256_set1_ps(2 * gamma * b);
    long slot = 0;
    while (slot < due_count) {
        long j = heads[due[slot]];
        float current_x = y[2 * j], current_y = y[2 * j + 1];
        do {
            long e = due[slot];
            long k = tails[e];
            float origin_x = current_x, origin_y = current_y;
            long negatives = (long)((n - next_negative[e]) / per_negative[e]);
            if (negatives < 0) negatives = 0;
            next_negative[e] += (float)negatives * per_negative[e];
            __m256 repulsion_x = _mm256_setzero_ps(), repulsion_y = _mm256_setzero_ps();
            const __m256 head_x = _mm256_set1_ps(origin_x), head_y = _mm256_set1_ps(origin_y);
            long remaining = negatives;
            while (remaining > 0) {
                // Two random words per four samples, as the Swift loop draws them.
                int32_t samples[8] = {0};
                for (int block = 0; block < (remaining > 4 ? 2 : 1); block++) {
                    uint64_t first = splitmix_next(&state), second = splitmix_next(&state);
                    samples[4 * block + 0] = (int32_t)(((first >> 32) * vertex_count) >> 32);
                    samples[4 * block + 1] = (int32_t)(((first & 0xffffffffull) * vertex_count) >> 32);
                    samples[4 * block + 2] = (int32_t)(((second >> 32) * vertex_count) >> 32);
                    samples[4 * block + 3] = (int32_t)(((second & 0xffffffffull) * vertex_count) >> 32);
                }
                __m256i index = _mm256_loadu_si256((const __m256i *)samples);
                __m256i twice = _mm256_add_epi32(index, index);
                __m256 away_x = _mm256_sub_ps(head_x, _mm256_i32gather_ps(settled, twice, 4));
                __m256 away_y = _mm256_sub_ps(head_y, _mm256_i32gather_ps(settled + 1, twice, 4));
                __m256 d2 = _mm256_fmadd_ps(away_x, away_x, _mm256_mul_ps(away_y, away_y));
                // Lanes past the count push nothing, nor does the head drawn as its own sample.
                __m256i live = _mm256_and_si256(
                    _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)(remaining > 8 ? 8 : remaining)), lane_numbers),
                    _mm256_castps_si256(_mm256_cmp_ps(d2, _mm256_setzero_ps(), _CMP_GT_OQ)));
                live = _mm256_andnot_si256(_mm256_cmpeq_epi32(index, _mm256_set1_epi32((int32_t)j)), live);
                __m256 denominator = _mm256_mul_ps(_mm256_add_ps(_mm256_set1_ps(0.001f), d2),
                    _mm256_fmadd_ps(_mm256_set1_ps(a), power_wide(d2, b), _mm256_set1_ps(1.0f)));
                __m256 coefficient = _mm256_div_ps(scale, denominator);
                __m256 push_x = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(coefficient, away_x), negative_limit), limit);
                __m256 push_y = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(coefficient, away_y), negative_limit), limit);
                repulsion_x = _mm256_add_ps(repulsion_x, _mm256_and_ps(push_x, _mm256_castsi256_ps(live)));
                repulsion_y = _mm256_add_ps(repulsion_y, _mm256_and_ps(push_y, _mm256_castsi256_ps(live)));
                remaining -= 8;
            }
            float other_x = y[2 * k], other_y = y[2 * k + 1];
            float difference_x = origin_x - other_x, difference_y = origin_y - other_y;
            float d2 = difference_x * difference_x + difference_y * difference_y;
            if (d2 > 0) {
                float pb = power_scalar(d2, b);
                float coefficient = -2 * a * b * (pb / d2) / (a * pb + 1);
                float step_x = clip4(coefficient * difference_x) * alpha;
                float step_y = clip4(coefficient * difference_y) * alpha;
                current_x += step_x;
                current_y += step_y;
                y[2 * k] = other_x - step_x;
                y[2 * k + 1] = other_y - step_y;
            }
            next_sample[e] += per_sample[e];
            current_x += horizontal_sum(repulsion_x) * alpha;
            current_y += horizontal_sum(repulsion_y) * alpha;
            slot++;
        } while (slot < due_count && heads[due[slot]] == j);
        y[2 * j] = current_x;
        y[2 * j + 1] = current_y;
    }
}

int vm_umap_plane_epoch(long lower, long upper, float n, float alpha, float a, float b, float gamma, float *y,
    const float *settled, long vertices, const int32_t *heads, const int32_t *tails, const float *per_sample,
    const float *per_negative, float *next_sample, float *next_negative, int32_t *due, uint64_t seed) {
    if (!use_wide()) return 0;
    plane_epoch_wide(lower, upper, n, alpha, a, b, gamma, y, settled, vertices, heads, tails, per_sample,
        per_negative, next_sample, next_negative, due, seed);
    return 1;
}

#else

float vm_squared_distance(const float *a, const float *b, long count) {
    return squared_distance_portable(a, b, count);
}

float vm_dot(const float *a, const float *b, long count) { return dot_portable(a, b, count); }

int vm_kernels_are_wide(void) { return 0; }

int vm_umap_plane_epoch(long lower, long upper, float n, float alpha, float a, float b, float gamma, float *y,
    const float *settled, long vertices, const int32_t *heads, const int32_t *tails, const float *per_sample,
    const float *per_negative, float *next_sample, float *next_negative, int32_t *due, uint64_t seed) {
    return 0;
}

#endif
