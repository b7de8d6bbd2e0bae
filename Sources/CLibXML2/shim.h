// libxml2 is built with ICU, so its encoding.h pulls in ICU's C headers. Those declare the same
// types as the ICU copy inside Foundation, and a Swift module that sees both fails to build
// ("'UErrorCode' has different definitions in different modules"). rag never touches the ICU
// converter fields of libxml2's encoding handler, so the headers are read as if ICU were off;
// the library itself is unchanged.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
