// The generators of price requests at the limits of the number format (Generator::decimal_of_size
// and Generator::wide_price_request, declared in generators.hpp).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "generators.hpp"

namespace ratecard::testing {
namespace {

// A decimal string of up to `max_integer_digits` integer digits and up to 12 fractional ones,
// with the extremes (none, all) drawn as often as the rest together. A negative
// `max_integer_digits` -k asks for a value below 10^-k: "0." then k zeros, then digits.
std::string wide_decimal(Generator& gen, int max_integer_digits) {
  if (max_integer_digits < 0) {
    const int zeros = std::min(-max_integer_digits, 11);
    return "0." + std::string(static_cast<std::size_t>(zeros), '0') +
           gen.decimal_of_size(0, 12 - zeros).substr(std::string("0.").size());
  }
  const auto integer_digits = static_cast<int>(gen.chance(50) ? gen.integer(0, max_integer_digits)
                                                              : gen.pick(std::vector<std::int64_t>{0, max_integer_digits}));
  const auto fraction_digits = static_cast<int>(gen.chance(50) ? gen.integer(0, 12) : gen.pick(std::vector<std::int64_t>{0, 12}));
  return gen.decimal_of_size(integer_digits, fraction_digits);
}

// A decimal string of at least 1 with up to `max_integer_digits` integer digits (>= 1).
std::string wide_positive(Generator& gen, int max_integer_digits) {
  return gen.decimal_of_size(static_cast<int>(gen.integer(1, max_integer_digits)), static_cast<int>(gen.integer(0, 12)));
}

// A rate from 0 to 100 with up to 12 fractional digits.
std::string wide_rate(Generator& gen) {
  if (gen.chance(10)) return gen.pick({"0", "100", "0.000000000001", "99.999999999999"});
  return gen.decimal_of_size(static_cast<int>(gen.integer(0, 2)), static_cast<int>(gen.integer(0, 12)));
}

// `count` strictly increasing tier bounds below 10^quantity_digits, with `scale` fractional digits.
std::vector<std::string> wide_bounds(Generator& gen, std::size_t count, int quantity_digits, int scale) {
  std::vector<std::string> bounds;
  std::string units = "0";  // the running bound in units of 10^-scale, as decimal digits
  const int step_digits = std::max(1, quantity_digits - 1 + scale);
  for (std::size_t i = 0; i < count; ++i) {
    // units += a step of 1 to step_digits digits (decimal string addition)
    const std::string step = gen.decimal_of_size(static_cast<int>(gen.integer(1, step_digits)), 0);
    std::string sum;
    int carry = 0;
    for (std::size_t k = 0; k < std::max(units.size(), step.size()) || carry != 0; ++k) {
      const int a = k < units.size() ? units[units.size() - 1 - k] - '0' : 0;
      const int b = k < step.size() ? step[step.size() - 1 - k] - '0' : 0;
      sum.insert(sum.begin(), static_cast<char>('0' + (a + b + carry) % 10));
      carry = (a + b + carry) / 10;
    }
    units = sum;
    std::string text = units;
    if (scale > 0) {
      const auto fraction = static_cast<std::size_t>(scale);
      if (text.size() <= fraction) text.insert(0, fraction + 1 - text.size(), '0');
      text.insert(text.size() - fraction, ".");
    }
    bounds.push_back(canonical_decimal(text));
  }
  return bounds;
}

}  // namespace

std::string Generator::decimal_of_size(int integer_digits, int fraction_digits) {
  std::string text;
  for (int i = 0; i < integer_digits; ++i) text += static_cast<char>('0' + integer(i == 0 ? 1 : 0, 9));
  if (text.empty()) text = "0";
  if (fraction_digits > 0) {
    text += '.';
    for (int i = 1; i < fraction_digits; ++i) text += static_cast<char>('0' + integer(0, 9));
    text += static_cast<char>('0' + integer(1, 9));
  }
  return text;
}

Json Generator::wide_price_request(const std::string& model) {
  static const std::vector<std::string> models = {"flat",      "per_unit",  "package",    "graduated",
                                                  "volume",    "stairstep", "percentage", "graduated_percentage"};
  const std::string chosen = model.empty() ? pick(models) : model;
  // Integer digits of quantities (and tier bounds) and of amounts: together at most 22 (a
  // 24-digit quantity goes with amounts below 10^-2), so a product stays below 10^22 and six
  // tiers' lines with their flat amounts below 10^24, even with the quantity half as much again.
  // A percentage charges up to the quantity itself (eight events of it at most), so its
  // quantities keep to 22 digits.
  const bool percentages = chosen == "percentage" || chosen == "graduated_percentage";
  const auto quantity_digits = static_cast<int>(chance(20) && !percentages ? 24 : integer(0, percentages ? 22 : 20));
  const int amount_digits = 22 - quantity_digits;
  Json price{{"model", chosen}};
  Json request{{"op", "price"}, {"currency", currency()}};
  if (chance(70)) request["rounding"] = rounding_mode();

  if (chosen == "flat") {
    price["amount"] = wide_decimal(*this, 23);
  } else if (chosen == "per_unit") {
    price["unit_amount"] = wide_decimal(*this, amount_digits);
  } else if (chosen == "package") {
    price["package_size"] = wide_positive(*this, std::max(1, quantity_digits));
    price["package_amount"] = wide_decimal(*this, amount_digits);
    if (chance(40)) price["free_units"] = wide_decimal(*this, quantity_digits);
  } else if (chosen == "percentage") {
    price["rate"] = wide_rate(*this);
    if (chance(60)) price["fixed_amount"] = wide_decimal(*this, amount_digits);
    if (chance(30)) price["free_units_per_events"] = integer(0, 5);
    if (chance(30)) price["free_units_per_total_aggregation"] = wide_decimal(*this, quantity_digits);
    if (chance(30)) price["per_transaction_min"] = decimal(1, 2);
    if (chance(30)) price["per_transaction_max"] = "1" + decimal(2, 2);  // above every minimum
  } else {
    const auto count = static_cast<std::size_t>(integer(1, 6));
    const std::vector<std::string> bounds =
        wide_bounds(*this, count - 1, std::max(1, quantity_digits), static_cast<int>(pick(std::vector<std::int64_t>{0, 0, 3, 12})));
    Json tiers = Json::array();
    for (std::size_t i = 0; i < count; ++i) {
      Json tier{{"up_to", i + 1 == count ? Json(nullptr) : Json(bounds[i])}};
      if (chosen == "stairstep") {
        tier["flat_amount"] = wide_decimal(*this, 22);
      } else if (chosen == "graduated_percentage") {
        tier["rate"] = wide_rate(*this);
        if (chance(40)) tier["flat_amount"] = wide_decimal(*this, amount_digits);
      } else {
        const bool unit = chance(85);
        if (unit) tier["unit_amount"] = wide_decimal(*this, amount_digits);
        if (!unit || chance(30)) tier["flat_amount"] = wide_decimal(*this, amount_digits);
      }
      tiers.push_back(std::move(tier));
    }
    price["tiers"] = std::move(tiers);
    if (!bounds.empty() && chance(50)) {
      // On a bound, or (a whole bound) one unit of the 12th fractional digit above it.
      const std::string bound = pick(bounds);
      const bool just_above = bound.find('.') == std::string::npos && chance(50);
      request["quantity"] = just_above ? bound + ".000000000001" : bound;
    }
  }
  request["price"] = std::move(price);

  if (chosen == "percentage") {
    Json events = Json::array();
    for (std::int64_t i = integer(0, 8); i > 0; --i) events.push_back(wide_decimal(*this, quantity_digits));
    request["events"] = std::move(events);
  } else if (!request.contains("quantity") && (chosen != "flat" || chance(50))) {
    const std::string quantity = wide_decimal(*this, quantity_digits);
    const bool small_integer = quantity.find('.') == std::string::npos && quantity.size() <= 18;
    request["quantity"] = small_integer && chance(20) ? Json(std::stoll(quantity)) : Json(quantity);
  }
  return request;
}

}  // namespace ratecard::testing
