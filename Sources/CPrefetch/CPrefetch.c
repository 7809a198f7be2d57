// The module is its header; this file gives the target a source to compile.
#include "CPrefetch.h"
