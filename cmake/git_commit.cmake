# Writes OUT (generated/theorylab/git_commit.hpp) with the build identity of SOURCE_DIR,
# run at every build (not only at configure time), so that provenance names the code
# that ran and a resume, merge or verify can refuse rows of other code.
#
# The identity is the commit, plus, when the tree differs from it, "-dirty-" and the first
# 12 hex digits of a SHA-256 over that difference: the tracked changes (git diff HEAD,
# binary-safe) and every untracked, not ignored file the build may compile (sources,
# headers and CMake files, by name and content). Two different uncommitted states get
# different identities; an untracked source file marks the build dirty. The whole hash is
# recorded beside it (THEORYLAB_BUILD_CONTENT_HASH; empty for a clean tree).
# The file is replaced only when the text changes, so an unchanged tree recompiles nothing.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(content_hash "")
if(NOT commit)
  set(commit "unknown")
else()
  execute_process(COMMAND git diff HEAD --binary --no-ext-diff WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE diff ERROR_QUIET)
  execute_process(COMMAND git ls-files --others --exclude-standard WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE untracked_lines OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  string(REPLACE "\n" ";" untracked_list "${untracked_lines}")
  set(untracked_text "")
  foreach(name IN LISTS untracked_list)
    if(name MATCHES "(\\.(c|cc|cpp|cxx|h|hh|hpp|hxx|inc|ipp|cmake|in)|CMakeLists\\.txt)$" AND EXISTS "${SOURCE_DIR}/${name}")
      file(SHA256 "${SOURCE_DIR}/${name}" file_hash)
      string(APPEND untracked_text "untracked ${name} ${file_hash}\n")
    endif()
  endforeach()
  if(NOT "${diff}" STREQUAL "" OR NOT "${untracked_text}" STREQUAL "")
    string(SHA256 diff_hash "${diff}")
    string(SHA256 content_hash "tracked ${diff_hash}\n${untracked_text}")
    string(SUBSTRING "${content_hash}" 0 12 short_hash)
    set(commit "${commit}-dirty-${short_hash}")
  endif()
endif()
file(WRITE ${OUT}.tmp "#pragma once\n// Generated at build time by cmake/git_commit.cmake.\n"
                      "#define THEORYLAB_GIT_COMMIT \"${commit}\"\n"
                      "#define THEORYLAB_BUILD_CONTENT_HASH \"${content_hash}\"\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
file(REMOVE ${OUT}.tmp)
