// libgit2 as one C module. Only the MigsyncGit Swift module imports it.
#include <git2.h>
