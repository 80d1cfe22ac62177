# Installing theorylab (included by the top CMakeLists.txt): `cmake --install BUILD
# --prefix P` (or `make install PREFIX=P`) puts into P
#   bin/theorylab, bin/tl-*                the command line and the analysis tools
#   lib/libtheorylab.a                     theorylab::theorylab: experiments are written against it
#   lib/libtheorylab_main.a                theorylab::main: the whole command line, main() included
#   include/theorylab/...                  the public headers (lib/include)
#   lib/cmake/theorylab/                   find_package(theorylab CONFIG): targets, version,
#                                          theorylab_add_executable(), the build-identity script
#   lib/pkgconfig/theorylab.pc, theorylab-main.pc
#   share/man/man1/*.1                     from each program's --help (help2man; cmake/manpages.cmake)
# A project that builds theorylab with add_subdirectory() installs nothing of it unless
# it sets THEORYLAB_INSTALL=ON.
option(THEORYLAB_INSTALL "install rules for theorylab's programs, library and CMake package" ${TL_TOP_LEVEL})

# Everything `cmake --install` needs, without the tests: `make install` and `make package`
# build this target, not the whole tree.
add_custom_target(theorylab_installables DEPENDS theorylab theorylab_main theorylab_lib ${TL_TOOLS})
include(${CMAKE_CURRENT_LIST_DIR}/manpages.cmake)

if(NOT THEORYLAB_INSTALL)
  return()
endif()

set(TL_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/theorylab)
install(TARGETS theorylab ${TL_TOOLS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS theorylab_lib theorylab_main EXPORT theorylabTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/theorylab DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(EXPORT theorylabTargets NAMESPACE theorylab:: DESTINATION ${TL_CMAKE_INSTALL_DIR})

# The package's dependencies, found again by theorylabConfig.cmake (find_dependency):
# a user project names only theorylab.
if(MPI_C_FOUND)
  set(TL_USES_MPI ON)
else()
  set(TL_USES_MPI OFF)
endif()
include(CMakePackageConfigHelpers)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/theorylabConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/theorylabConfig.cmake INSTALL_DESTINATION ${TL_CMAKE_INSTALL_DIR})
# 0.x: a minor version may break the interface, so only the same major.minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/theorylabConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/theorylabConfig.cmake
              ${PROJECT_BINARY_DIR}/package/theorylabConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/theorylab_add_executable.cmake
              ${CMAKE_CURRENT_LIST_DIR}/git_commit.cmake
              ${CMAKE_CURRENT_LIST_DIR}/program_identity.cpp.in
        DESTINATION ${TL_CMAKE_INSTALL_DIR})

# pkg-config: paths relative to the .pc file (${pcfiledir}), so that the same files serve
# `make install PREFIX=...` and the Debian package (/usr).
file(RELATIVE_PATH TL_PC_PREFIX_FROM_PCDIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" TL_PC_PREFIX_FROM_PCDIR "${TL_PC_PREFIX_FROM_PCDIR}")
set(TL_PC_MARCH "${TL_MARCH_FLAG}")
if(MPI_C_FOUND)
  set(TL_PC_MPI_REQUIRES ", ompi-c")
else()
  set(TL_PC_MPI_REQUIRES "")
endif()
foreach(pc theorylab theorylab-main)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${PROJECT_BINARY_DIR}/package/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/package/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
