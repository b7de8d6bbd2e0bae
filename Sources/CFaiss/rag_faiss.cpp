#include "rag_faiss.h"

#include <faiss/AutoTune.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/IndexIDMap.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <memory>
#include <string>

struct rag_faiss_index {
    std::unique_ptr<faiss::Index> index;
};

static thread_local std::string last_error;

// Debian builds FAISS for baseline x86-64, so its per-vector inner product is the scalar reference
// loop. From this many queries on, flat search uses BLAS (OpenBLAS, which picks AVX2 at run time)
// instead; the default of 20 sent every single-query search down the scalar path, 3x slower.
static const bool blas_for_every_search = [] {
    faiss::distance_compute_blas_threshold = 1;
    return true;
}();

// Runs `body`, turning any C++ exception into -1 and a message, because an exception that
// unwinds into Swift frames aborts the process.
template <typename Body>
static int guarded(Body body) {
    try {
        last_error.clear();
        body();
        return 0;
    } catch (const std::exception &e) {
        last_error = e.what();
    } catch (...) {
        last_error = "unknown FAISS error";
    }
    return -1;
}

extern "C" {

const char *rag_faiss_last_error(void) { return last_error.c_str(); }

int rag_faiss_new(const char *factory, int dim, rag_faiss_index **out) {
    return guarded([&] {
        std::unique_ptr<faiss::Index> index(faiss::index_factory(dim, factory, faiss::METRIC_INNER_PRODUCT));
        *out = new rag_faiss_index{std::move(index)};
    });
}

void rag_faiss_free(rag_faiss_index *index) { delete index; }

int rag_faiss_dimension(const rag_faiss_index *index) { return index->index->d; }

int64_t rag_faiss_count(const rag_faiss_index *index) { return index->index->ntotal; }

int rag_faiss_is_trained(const rag_faiss_index *index) { return index->index->is_trained ? 1 : 0; }

int rag_faiss_train(rag_faiss_index *index, int64_t n, const float *vectors) {
    return guarded([&] {
        if (!index->index->is_trained) index->index->train(n, vectors);
    });
}

int rag_faiss_add(rag_faiss_index *index, int64_t n, const float *vectors, const int64_t *ids) {
    return guarded([&] { index->index->add_with_ids(n, vectors, ids); });
}

int rag_faiss_remove(rag_faiss_index *index, int64_t n, const int64_t *ids, int64_t *removed) {
    return guarded([&] {
        faiss::IDSelectorBatch selector(n, ids);
        *removed = static_cast<int64_t>(index->index->remove_ids(selector));
    });
}

int rag_faiss_search(const rag_faiss_index *index, int64_t n, const float *queries, int64_t k,
                     float *scores, int64_t *ids) {
    return guarded([&] { index->index->search(n, queries, k, scores, ids); });
}

int rag_faiss_set_parameter(rag_faiss_index *index, const char *name, double value) {
    return guarded([&] {
        faiss::ParameterSpace space;
        space.set_index_parameter(index->index.get(), name, value);
    });
}

int rag_faiss_copy_ids(const rag_faiss_index *index, int64_t *ids) {
    return guarded([&] {
        // IndexIDMap2 derives from IndexIDMap, so one cast covers both.
        auto map = dynamic_cast<const faiss::IndexIDMap *>(index->index.get());
        if (!map) throw std::runtime_error("index has no id map");
        std::copy(map->id_map.begin(), map->id_map.end(), ids);
    });
}

int rag_faiss_write(const rag_faiss_index *index, const char *path) {
    return guarded([&] { faiss::write_index(index->index.get(), path); });
}

int rag_faiss_read(const char *path, rag_faiss_index **out) {
    return guarded([&] {
        std::unique_ptr<faiss::Index> index(faiss::read_index(path));
        *out = new rag_faiss_index{std::move(index)};
    });
}

}
