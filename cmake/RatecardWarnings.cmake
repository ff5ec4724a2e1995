# ratecard_set_warnings(<target>): the project's warning flags, errors when
# RATECARD_WARNINGS_AS_ERRORS is on (CI turns it on).
function(ratecard_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    -Wsign-conversion -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
  if(RATECARD_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
