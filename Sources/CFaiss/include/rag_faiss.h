// A small C API over FAISS's C++ library, for Swift.
//
// Debian's libfaiss-dev ships only the C++ static library (no C API), and Swift cannot catch
// C++ exceptions. Every function here catches them and returns -1, leaving a message that
// rag_faiss_last_error() returns (per thread). Ids are int64 chunk ids; vectors are float32
// rows of `dim` values; the metric is always inner product (vectors are L2-normalised).
#ifndef RAG_FAISS_H
#define RAG_FAISS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rag_faiss_index rag_faiss_index;

/// The message of the last failed call on this thread ("" when none).
const char *rag_faiss_last_error(void);

/// Builds an empty index from a FAISS factory string such as "IDMap2,Flat" or "IDMap2,HNSW32".
int rag_faiss_new(const char *factory, int dim, rag_faiss_index **out);
void rag_faiss_free(rag_faiss_index *index);

int rag_faiss_dimension(const rag_faiss_index *index);
int64_t rag_faiss_count(const rag_faiss_index *index);
int rag_faiss_is_trained(const rag_faiss_index *index);

/// Trains quantisers (IVF) on `n` sample vectors; a no-op for indexes that need no training.
int rag_faiss_train(rag_faiss_index *index, int64_t n, const float *vectors);
int rag_faiss_add(rag_faiss_index *index, int64_t n, const float *vectors, const int64_t *ids);
/// Removes the given ids; `removed` receives how many were present.
int rag_faiss_remove(rag_faiss_index *index, int64_t n, const int64_t *ids, int64_t *removed);
/// For each of `n` queries, the `k` best ids (-1 when fewer exist) and their inner products.
int rag_faiss_search(const rag_faiss_index *index, int64_t n, const float *queries, int64_t k,
                     float *scores, int64_t *ids);
/// Sets a search-time parameter by name ("efSearch" for HNSW, "nprobe" for IVF).
int rag_faiss_set_parameter(rag_faiss_index *index, const char *name, double value);
/// Copies every stored id into `ids`, which must hold rag_faiss_count() values (IDMap indexes only).
int rag_faiss_copy_ids(const rag_faiss_index *index, int64_t *ids);

int rag_faiss_write(const rag_faiss_index *index, const char *path);
int rag_faiss_read(const char *path, rag_faiss_index **out);

#ifdef __cplusplus
}
#endif

#endif
