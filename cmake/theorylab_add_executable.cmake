# theorylab_add_executable(NAME SOURCE...): an executable made of your experiments
# (files with THEORYLAB_EXPERIMENT registrations) that is a complete theorylab command
# line for them: NAME list | describe | plan | run (--resume, --shard K/N) | merge |
# verify | submit slurm. Its result files are theorylab's; every tl-* tool reads them.
#
# It also records your build identity: at every build, cmake/git_commit.cmake (the
# script theorylab records its own with) runs over the calling CMakeLists.txt's source
# folder, and the program's files and `NAME --version` say
#   git_commit = <your commit>[-dirty]+theorylab-<theorylab's commit>
# so resume, merge and verify (which accept only rows of the same build) tell two
# builds of your experiments apart, not only two builds of theorylab.
#
# Provided by find_package(theorylab CONFIG) and by add_subdirectory(theorylab).
set_property(GLOBAL PROPERTY theorylab_cmake_dir ${CMAKE_CURRENT_LIST_DIR})

function(theorylab_add_executable name)
  if(NOT ARGN)
    message(FATAL_ERROR "theorylab_add_executable(${name}): give the experiment sources")
  endif()
  get_property(dir GLOBAL PROPERTY theorylab_cmake_dir)
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${name}.theorylab)
  set(header ${generated}/theorylab/git_commit.hpp)
  add_custom_target(${name}_build_identity
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR} -DOUT=${header} -P ${dir}/git_commit.cmake
    BYPRODUCTS ${header}
    COMMENT "recording the build identity of ${name}"
    VERBATIM)
  # Includes "theorylab/git_commit.hpp" relative to itself: the generated header above.
  configure_file(${dir}/program_identity.cpp.in ${generated}/program_identity.cpp COPYONLY)
  add_executable(${name} ${ARGN} ${generated}/program_identity.cpp)
  add_dependencies(${name} ${name}_build_identity)
  target_link_libraries(${name} PRIVATE theorylab::main)
endfunction()
