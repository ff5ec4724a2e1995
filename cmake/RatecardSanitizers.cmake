# Sanitizer and fuzzing builds (the `sanitize` preset in CMakePresets.json turns both on).
#
# Build type Sanitize (the preset): -O1 -gline-tables-only, assertions kept (no NDEBUG),
# so nlohmann's own assertions catch misuse too.
#
# RATECARD_SANITIZE:     every target with AddressSanitizer and UndefinedBehaviorSanitizer;
#                        any finding aborts (-fno-sanitize-recover=all).
# RATECARD_BUILD_FUZZER: the libFuzzer target over evaluate() (clang only). The core and the
#                        tests are then also compiled with -fsanitize=fuzzer-no-link so the
#                        fuzzer sees coverage, and one build directory holds both the
#                        sanitized GoogleTest binary and the fuzzer.
option(RATECARD_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(RATECARD_BUILD_FUZZER "Build the libFuzzer target over evaluate() (clang only)" OFF)

if(RATECARD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()

if(RATECARD_BUILD_FUZZER)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "RATECARD_BUILD_FUZZER needs clang (libFuzzer); use the `sanitize` preset")
  endif()
  if(NOT RATECARD_SANITIZE)
    message(FATAL_ERROR "RATECARD_BUILD_FUZZER needs RATECARD_SANITIZE: a fuzzer without sanitizers finds little")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
