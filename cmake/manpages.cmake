# Man pages (section 1) for theorylab and every tl-* tool, generated from their --help
# by help2man (Debian package help2man; `THEORYLAB_PACKAGE=1 scripts/install-deps.sh`
# installs it, `make package` asks for it). Without help2man the build and the install
# simply have no man pages. Built with the programs (target theorylab_man).
find_program(TL_HELP2MAN help2man)
if(TL_HELP2MAN)
  set(TL_MANPAGES_DEFAULT ON)
else()
  set(TL_MANPAGES_DEFAULT OFF)
endif()
option(THEORYLAB_MANPAGES "generate man pages from --help (needs help2man)" ${TL_MANPAGES_DEFAULT})
if(NOT THEORYLAB_MANPAGES)
  return()
endif()
if(NOT TL_HELP2MAN)
  message(FATAL_ERROR "THEORYLAB_MANPAGES=ON needs help2man (apt-get install help2man)")
endif()

# The NAME line of each page (help2man --name).
set(TL_MAN_NAME_theorylab "reproducible numerical checks of scaling-law and attention/optimisation theory")
set(TL_MAN_NAME_tl-inspect "print a theorylab result file: provenance, parameters, tree, table, claims")
set(TL_MAN_NAME_tl-summarize "summarise theorylab result files: one line or table per file")
set(TL_MAN_NAME_tl-fit "fit a power law or a line to two columns of a theorylab result file")
set(TL_MAN_NAME_tl-plot "plot columns or series of a theorylab result file with gnuplot")
set(TL_MAN_NAME_tl-report "write a self-contained HTML page for a theorylab result file")
set(TL_MAN_NAME_tl-tables "regenerate each source's tables with a verdict on every claim")

# theorylab's page also has each command's --help (cmake/man_commands.cmake).
set(TL_MAN_COMMANDS ${PROJECT_BINARY_DIR}/man/theorylab-commands.h2m)
add_custom_command(OUTPUT ${TL_MAN_COMMANDS}
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:theorylab> -DOUT=${TL_MAN_COMMANDS}
          -P ${CMAKE_CURRENT_LIST_DIR}/man_commands.cmake
  DEPENDS theorylab ${CMAKE_CURRENT_LIST_DIR}/man_commands.cmake
  VERBATIM)

# Compressed, as Debian installs man pages (man reads them as they are).
find_program(TL_GZIP gzip)
set(TL_MAN_PAGES "")
foreach(program theorylab ${TL_TOOLS})
  set(page ${PROJECT_BINARY_DIR}/man/${program}.1)
  set(name "${TL_MAN_NAME_${program}}")
  if(NOT name)
    set(name "theorylab analysis tool")
  endif()
  set(include "")
  set(depends ${program})
  if(program STREQUAL "theorylab")
    set(include --include=${TL_MAN_COMMANDS})
    list(APPEND depends ${TL_MAN_COMMANDS})
  endif()
  set(compress "")
  if(TL_GZIP)
    set(compress COMMAND ${TL_GZIP} -9nf ${page})
    set(page ${page}.gz)
  endif()
  add_custom_command(OUTPUT ${page}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${TL_HELP2MAN} --no-info --no-discard-stderr --section=1 --version-string=${PROJECT_VERSION}
            --name=${name} ${include} --output=${PROJECT_BINARY_DIR}/man/${program}.1 $<TARGET_FILE:${program}>
    ${compress}
    DEPENDS ${depends}
    COMMENT "man page of ${program}"
    VERBATIM)
  list(APPEND TL_MAN_PAGES ${page})
endforeach()
add_custom_target(theorylab_man ALL DEPENDS ${TL_MAN_PAGES})
add_dependencies(theorylab_installables theorylab_man)
if(THEORYLAB_INSTALL)
  install(FILES ${TL_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
