/* Commands not yet built: they say so and fail (removed as each lands). */
#include "cmd.h"
#define PENDING(fn, name) int fn(int argc, char **argv) { (void)argc; (void)argv; cli_error("'" name "' is not built yet"); return EXIT_DATA; }
