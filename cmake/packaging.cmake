# The Debian package of `make package` (CPack, DEB generator): theorylab_VERSION_ARCH.deb
# with everything `cmake --install` installs, under /usr. One package, runtime and
# development files together: the programs, and what building your own experiments
# against the installed library needs (the headers' and the static library's -dev
# dependencies). The runtime libraries' Depends come from dpkg-shlibdeps.
#
# The binaries and libtheorylab.a are compiled with this build's flags (-march=native
# by default: bit-identical results on one machine, design.md), so the package is for
# machines with this one's instruction set; configure with
# CMAKE_CXX_FLAGS_RELEASE="-O3 -march=x86-64-v2 -DNDEBUG" for a portable one.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME theorylab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "theorylab")
set(CPACK_PACKAGE_CONTACT "theorylab maintainers <theorylab@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "reproducible numerical checks of scaling-law and attention/optimisation theory")
set(CPACK_PACKAGE_DESCRIPTION "Runs experiments by name, sweeps their parameters, writes one HDF5 file per run \
with full provenance, and decides every claim of the source. Includes the theorylab command line, \
the tl-* analysis tools, libtheorylab with its headers, a CMake package and pkg-config files \
for building your own experiments.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # theorylab_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What the installed headers, libtheorylab.a and the CMake package need (shlibdeps sees
# only the programs): Eigen, Boost (headers and program_options), HDF5, and Open MPI
# when theorylab was built with it.
set(TL_DEB_DEV_DEPENDS "libeigen3-dev (>= 3.3), libboost-dev (>= 1.71), libboost-program-options-dev (>= 1.71), libhdf5-dev")
if(MPI_C_FOUND)
  string(APPEND TL_DEB_DEV_DEPENDS ", libopenmpi-dev")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${TL_DEB_DEV_DEPENDS}")
# Building your own experiments (cmake, a compiler), reading files without theorylab
# (h5dump), tl-plot (gnuplot), mpirun, the test of a project `theorylab new` writes (Catch2 v2).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cmake (>= 3.18), g++, pkg-config, hdf5-tools, gnuplot-nox, catch2 (<< 3)")
if(MPI_C_FOUND)
  string(APPEND CPACK_DEBIAN_PACKAGE_RECOMMENDS ", openmpi-bin")
endif()
# cpack (and the build folder's own `make install`) would first build target `all`, every
# test included; `make package` and `make install` build theorylab_installables instead.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
include(CPack)
