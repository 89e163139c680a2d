/* The example's protocol-aware JSON mutator (jansson trees): edits one value,
 * key or piece of structure at a time, so mutated inputs stay valid JSON. */
#ifndef EXAMPLE_JSON_MUTATOR_H
#define EXAMPLE_JSON_MUTATOR_H
#include "formfuzz/struct_mutator.h"
extern const ff_struct_mutator example_json_mutator;
#endif
