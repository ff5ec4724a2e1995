// ratecard: the core on the command line. Reads one JSON request per line on stdin and
// writes one canonical JSON response per line on stdout, in order.
#include <iostream>
#include <string>
#include <string_view>

#include "ratecard/evaluate.hpp"

namespace {

constexpr std::string_view kUsage =
    "Usage: ratecard [--help] [--version]\n"
    "\n"
    "Reads JSON Lines on stdin: one request per line, such as\n"
    "  {\"op\":\"price\",\"currency\":\"USD\",\"price\":{\"model\":\"per_unit\",\"unit_amount\":\"9.99\"},"
    "\"quantity\":3}\n"
    "and writes one canonical response per input line on stdout, in the same order:\n"
    "  {\"ok\":true,\"result\":{...}} or {\"ok\":false,\"error\":{\"code\",\"message\",\"path\"}}\n"
    "\n"
    "Operations and fields: docs/core-api.md. Exit status 0, or 1 when stdin cannot be read,\n"
    "2 for an unknown option.\n";

int serve(std::istream& in, std::ostream& out) {
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out << ratecard::evaluate(line) << '\n';
    // Answer interactive users at once; batch through pipes without a flush per line.
    if (in.rdbuf()->in_avail() <= 0) out.flush();
  }
  out.flush();
  if (in.bad()) {
    std::cerr << "ratecard: cannot read standard input\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--help" || argument == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (argument == "--version") {
      std::cout << "ratecard " << ratecard::core_version() << '\n'
                << "tzdata " << ratecard::tzdata_version() << '\n';
      return 0;
    }
    std::cerr << "ratecard: unknown option " << argument << "\n\n" << kUsage;
    return 2;
  }
  return serve(std::cin, std::cout);
}
