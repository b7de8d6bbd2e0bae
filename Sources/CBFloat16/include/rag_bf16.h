// Matrix products in bfloat16 on CPUs with AVX-512 BF16 (vdpbf16ps), for the sentence encoder's
// linear layers: both operands rounded to bfloat16 (8 significant bits), products summed in fp32.
// That keeps all-MiniLM-L6-v2's embeddings within cosine 0.99997 of fp32 on the golden rows and
// does twice the work per instruction of fp32 FMA; int8 was measured and fails the 0.9999 bar
// (docs/PERFORMANCE.md). Callers check rag_bf16_available() and keep fp32 where it says 0.
#ifndef RAG_BF16_H
#define RAG_BF16_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU (and the OS) run AVX-512 F, BW, VL and BF16 instructions.
int rag_bf16_available(void);

/// 1 when a weight of `outputs` rows and `inputs` columns fits the kernel's tiles: outputs a
/// multiple of 48, inputs a multiple of 32.
int rag_bf16_fits(int outputs, int inputs);

/// bfloat16 values `rag_bf16_pack` writes for such a weight.
size_t rag_bf16_packed_count(int outputs, int inputs);

/// Rounds the row-major weight w (outputs, inputs), as PyTorch stores a linear layer's, to
/// bfloat16 (to nearest, ties to even) and lays it out in the kernel's tiles.
void rag_bf16_pack(const float *w, int outputs, int inputs, uint16_t *packed);

/// bfloat16 values of scratch `rag_bf16_linear` needs for `rows` rows of `inputs`.
size_t rag_bf16_scratch_count(int rows, int inputs);

/// out (rows, outputs) = x (rows, inputs) · wᵀ, with w packed by rag_bf16_pack. Any number of
/// rows; single-threaded. Only where rag_bf16_available() and rag_bf16_fits() say 1.
void rag_bf16_linear(float *out, const float *x, int rows, int inputs, const uint16_t *packed, int outputs,
                     uint16_t *scratch);

#endif
