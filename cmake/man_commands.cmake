# Writes OUT, a help2man include file (cmake/manpages.cmake) with the --help of each of
# PROGRAM's commands, so that `man theorylab` documents run's, merge's, verify's, submit's,
# check's and new's options, not only the overview. Run at build time: cmake -DPROGRAM=...
# -DOUT=... -P man_commands.cmake
set(text "[COMMANDS]\nEach command's own help (\\fBtheorylab COMMAND --help\\fR).\n")
foreach(command run merge verify submit check new)
  execute_process(COMMAND ${PROGRAM} ${command} --help OUTPUT_VARIABLE help ERROR_VARIABLE help RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${command} --help exited ${status}")
  endif()
  # roff: a backslash is \e; a line starting with . or ' would be a request.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND text ".SS \"theorylab ${command}\"\n.nf\n${help}.fi\n")
endforeach()
file(WRITE ${OUT} "${text}")
