#pragma once

#include <string>

#include "ratecard/big_int.hpp"

namespace ratecard {

/// The decimal text of `value` ("-12", "0"), the same as Boost's `str()`, which formats a
/// one-limb value with boost::lexical_cast and so brings iostreams' locales (about 55 KB of
/// code) into the WebAssembly module.
[[nodiscard]] std::string to_decimal_text(const BigInt& value);

}  // namespace ratecard
