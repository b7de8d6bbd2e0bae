#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, which -sanitize=fuzzer links in. SwiftPM gives an executable its own `main`
// (it renames the module's entry point and points `main` at it), so rag-fuzz starts libFuzzer
// itself through this instead of linking libFuzzer's `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test_one_input)(const uint8_t *data, size_t size));
