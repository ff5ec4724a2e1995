#include <type_traits>

#include "pricing/charge.hpp"

namespace ratecard {
namespace {

Charge charge_flat(const FlatPrice& price) {
  Charge charge;
  charge.lines.push_back({FlatLine{}, price.amount.to_rational()});
  return charge;
}

Charge charge_per_unit(const PerUnitPrice& price, const Decimal& quantity) {
  Charge charge;
  charge.lines.push_back(
      {UnitLine{quantity, price.unit_amount}, quantity.to_rational() * price.unit_amount.to_rational()});
  return charge;
}

// A started package counts as a whole one: packages = ceil(max(0, quantity - free) / size).
Charge charge_package(const PackagePrice& price, const Decimal& quantity) {
  const Decimal billable = quantity > price.free_units ? quantity - price.free_units : Decimal{};
  const BigInt packages = (billable.to_rational() / price.package_size.to_rational()).ceil();
  Charge charge;
  Rational amount = Rational(packages, BigInt(1)) * price.package_amount.to_rational();
  charge.lines.push_back(
      {PackageLine{quantity, price.free_units, billable, price.package_size, packages, price.package_amount},
       std::move(amount)});
  return charge;
}

}  // namespace

Charge charge_for_quantity(const Price& price, const Decimal& quantity) {
  return std::visit(
      [&](const auto& spec) -> Charge {
        using Spec = std::decay_t<decltype(spec)>;
        if constexpr (std::is_same_v<Spec, FlatPrice>) {
          return charge_flat(spec);
        } else if constexpr (std::is_same_v<Spec, PerUnitPrice>) {
          return charge_per_unit(spec, quantity);
        } else if constexpr (std::is_same_v<Spec, PackagePrice>) {
          return charge_package(spec, quantity);
        } else if constexpr (std::is_same_v<Spec, TieredPrice>) {
          return charge_tiered(spec, quantity);
        } else {
          // Percentage prices are priced over events; callers route them to charge_for_events.
          return charge_for_events(spec, {quantity});
        }
      },
      price.spec);
}

}  // namespace ratecard
