// libxml2 for Swift. xmlversion.h first, so that ICU support can be hidden: with LIBXML_ICU_ENABLED,
// encoding.h includes <unicode/ucnv.h>, whose UErrorCode clashes with Foundation's bundled ICU in any Swift
// module that sees both. Only xmlCharEncodingHandler's trailing ICU fields depend on it, and Swift never
// touches that struct by value.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <libxml/encoding.h>
