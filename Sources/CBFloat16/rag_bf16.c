#include "rag_bf16.h"

#include <immintrin.h>
#include <string.h>

// Tiles: 8 rows of x against 48 outputs (three 16-float registers), 24 accumulators in all.
// The weight is packed as [outputs / 48][inputs / 2][48][2], the pairs vdpbf16ps multiplies.
enum { ROWS = 8, VECTORS = 3, OUTPUTS = 16 * VECTORS };
// Weight panels swept together over every row of x, sized to stay in a 512 KiB L2 cache.
enum { L2_BYTES = 384 * 1024 };

#define AVX512_BF16 __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))

int rag_bf16_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bf16");
}

int rag_bf16_fits(int outputs, int inputs) {
    return outputs > 0 && inputs > 0 && outputs % OUTPUTS == 0 && inputs % 32 == 0;
}

size_t rag_bf16_packed_count(int outputs, int inputs) { return (size_t)outputs * inputs; }

static uint16_t to_bf16(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    bits += 0x7FFF + ((bits >> 16) & 1);  // round to nearest, ties to even, as vcvtne2ps2bf16 does
    return (uint16_t)(bits >> 16);
}

void rag_bf16_pack(const float *w, int outputs, int inputs, uint16_t *packed) {
    size_t at = 0;
    for (int panel = 0; panel < outputs / OUTPUTS; panel++)
        for (int pair = 0; pair < inputs / 2; pair++)
            for (int o = 0; o < OUTPUTS; o++)
                for (int half = 0; half < 2; half++)
                    packed[at++] = to_bf16(w[(size_t)(panel * OUTPUTS + o) * inputs + 2 * pair + half]);
}

size_t rag_bf16_scratch_count(int rows, int inputs) {
    return (size_t)((rows + ROWS - 1) / ROWS * ROWS) * inputs;
}

// x rounded to bfloat16, with zero rows up to a whole tile.
AVX512_BF16 static void round_rows(const float *x, int rows, int inputs, uint16_t *rounded) {
    size_t count = (size_t)rows * inputs;  // a multiple of 32, as inputs is
    for (size_t i = 0; i < count; i += 32) {
        __m512bh pair = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(x + i));
        _mm512_storeu_si512(rounded + i, (__m512i)pair);
    }
    memset(rounded + count, 0, (rag_bf16_scratch_count(rows, inputs) - count) * sizeof *rounded);
}

// out's `rows` (at most ROWS) rows by OUTPUTS columns, from ROWS rounded rows and one weight panel.
AVX512_BF16 static inline void tile(const uint16_t *x, int inputs, const uint16_t *panel, float *out, int outputs, int rows) {
    __m512 sum[ROWS][VECTORS];
    for (int r = 0; r < ROWS; r++)
        for (int v = 0; v < VECTORS; v++) sum[r][v] = _mm512_setzero_ps();
    for (int k = 0; k < inputs; k += 2) {
        __m512bh w[VECTORS];
        for (int v = 0; v < VECTORS; v++) w[v] = (__m512bh)_mm512_loadu_si512(panel + 32 * v);
        panel += 32 * VECTORS;
        for (int r = 0; r < ROWS; r++) {
            int32_t pair;
            memcpy(&pair, x + (size_t)r * inputs + k, sizeof pair);
            __m512bh a = (__m512bh)_mm512_set1_epi32(pair);
            for (int v = 0; v < VECTORS; v++) sum[r][v] = _mm512_dpbf16_ps(sum[r][v], a, w[v]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < VECTORS; v++) _mm512_storeu_ps(out + (size_t)r * outputs + 16 * v, sum[r][v]);
}

AVX512_BF16 void rag_bf16_linear(float *out, const float *x, int rows, int inputs, const uint16_t *packed, int outputs,
                                 uint16_t *scratch) {
    round_rows(x, rows, inputs, scratch);
    const int panels = outputs / OUTPUTS;
    int sweep = L2_BYTES / (OUTPUTS * inputs * 2);
    if (sweep < 1) sweep = 1;
    for (int first = 0; first < panels; first += sweep) {
        const int last = first + sweep < panels ? first + sweep : panels;
        for (int row = 0; row < rows; row += ROWS)
            for (int p = first; p < last; p++)
                tile(scratch + (size_t)row * inputs, inputs, packed + (size_t)p * OUTPUTS * inputs,
                     out + (size_t)row * outputs + p * OUTPUTS, outputs, rows - row < ROWS ? rows - row : ROWS);
    }
}
