/* Escaping text for HTML/XML output (the report page and JUnit XML). */
#ifndef FF_TOOLS_REPORT_XML_H
#define FF_TOOLS_REPORT_XML_H

#include <stdio.h>

/* Writes s with & < > " ' escaped; control bytes other than tab/newline and
 * invalid UTF-8 become '?', so the document stays well-formed XML. */
void ff_xml_text(FILE *f, const char *s);
/* printf into a bounded buffer, then ff_xml_text. */
void ff_xml_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
