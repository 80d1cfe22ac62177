# Writes OUT (generated/theorylab/git_commit.hpp) with the commit of SOURCE_DIR, run at
# every build (not only at configure time), so that a binary rebuilt after a new commit
# or an edit records that commit: provenance must name the code that ran. The file is
# replaced only when the text changes, so an unchanged tree recompiles nothing.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT commit)
  set(commit "unknown")
elseif(dirty)
  set(commit "${commit}-dirty")
endif()
file(WRITE ${OUT}.tmp "#pragma once\n// Generated at build time by cmake/git_commit.cmake.\n#define THEORYLAB_GIT_COMMIT \"${commit}\"\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
file(REMOVE ${OUT}.tmp)
