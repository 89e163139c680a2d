/* The same JSON mutator as an AFL++ custom mutator library:
 *   AFL_CUSTOM_MUTATOR_LIBRARY=<build>/lib/libexample_json_afl.so afl-fuzz ... */
#include "json_mutator.h"

FF_AFL_MUTATOR(example_json_mutator)
