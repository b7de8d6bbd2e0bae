// Debian's libedit (BSD editline) for `rag chat`: line editing and history on a terminal through
// its readline-compatible API, readline() and add_history().
#include <stdio.h>
#include <editline/readline.h>
