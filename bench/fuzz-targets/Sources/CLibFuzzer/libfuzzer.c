// Only the header matters: the driver itself is in libFuzzer.
#include "libfuzzer.h"
