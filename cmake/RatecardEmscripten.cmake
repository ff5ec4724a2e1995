# Host headers for the Emscripten build. The core's header-only dependencies (nlohmann/json,
# Boost.Multiprecision, Howard Hinnant's date) are Debian packages under /usr/include, but
# adding /usr/include itself to em++'s search path would shadow Emscripten's own libc and
# libc++ headers. So the build gets a directory holding links to just those three, added as a
# SYSTEM include so the project's strict warnings do not fire inside them.
set(RATECARD_HOST_INCLUDE_DIR ${CMAKE_BINARY_DIR}/host-include)
file(MAKE_DIRECTORY ${RATECARD_HOST_INCLUDE_DIR})
foreach(header_dir nlohmann boost date)
  if(NOT EXISTS /usr/include/${header_dir})
    message(FATAL_ERROR "/usr/include/${header_dir} is missing: run bash scripts/setup.sh")
  endif()
  if(NOT EXISTS ${RATECARD_HOST_INCLUDE_DIR}/${header_dir})
    file(CREATE_LINK /usr/include/${header_dir} ${RATECARD_HOST_INCLUDE_DIR}/${header_dir} SYMBOLIC)
  endif()
endforeach()
include_directories(SYSTEM ${RATECARD_HOST_INCLUDE_DIR})
# Boost names its headers in error messages (__FILE__): name them as on the host, not by the
# build directory, so the module is the same bytes whatever directory built it.
add_compile_options(-ffile-prefix-map=${RATECARD_HOST_INCLUDE_DIR}=/usr/include)
