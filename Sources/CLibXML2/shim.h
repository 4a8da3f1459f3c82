// libxml2 as Debian builds it (with ICU). Foundation ships its own ICU module; hiding libxml2's
// ICU declarations keeps the two apart. Only the tail of xmlCharEncodingHandler depends on
// them, and digest never touches that struct.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

// xmlFree is a global function pointer, which Swift 6 sees as shared mutable state.
static inline void digest_xml_free(void *pointer) { xmlFree(pointer); }
