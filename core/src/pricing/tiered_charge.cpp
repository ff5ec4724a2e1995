#include "pricing/charge.hpp"

namespace ratecard {
namespace {

const Rational& one_hundred() {
  static const Rational value(100);
  return value;
}

// The line of one tier applied to `units` of the quantity.
ChargeLine tier_line(TierMode mode, const Tier& tier, std::size_t index, const Decimal& units) {
  TierLine fields{index, tier.up_to, units, tier.flat_amount, std::nullopt, std::nullopt};
  Rational amount = tier.flat_amount.to_rational();
  switch (mode) {
    case TierMode::kGraduated:
    case TierMode::kVolume:
      fields.unit_amount = tier.unit_amount;
      amount += units.to_rational() * tier.unit_amount.to_rational();
      break;
    case TierMode::kGraduatedPercentage:
      fields.rate = tier.rate;
      amount += units.to_rational() * tier.rate.to_rational() / one_hundred();
      break;
    case TierMode::kStairstep:
      break;
  }
  return {std::move(fields), amount};
}

// Each tier charges the part of the quantity in (previous up_to, up_to]. The first tier
// always applies (its flat amount even at quantity 0); a later one once the quantity
// passes the previous bound.
Charge charge_graduated(const TieredPrice& price, const Decimal& quantity) {
  Charge charge;
  Decimal previous_bound;
  for (std::size_t i = 0; i < price.tiers.size(); ++i) {
    const Tier& tier = price.tiers[i];
    if (i > 0 && quantity <= previous_bound) break;
    const Decimal upper = tier.up_to && *tier.up_to < quantity ? *tier.up_to : quantity;
    charge.lines.push_back(tier_line(price.mode, tier, i, upper - previous_bound));
    if (!tier.up_to) break;
    previous_bound = *tier.up_to;
  }
  return charge;
}

// The whole quantity is priced at the one tier that contains it.
Charge charge_whole_quantity(const TieredPrice& price, const Decimal& quantity) {
  std::size_t index = 0;
  while (index + 1 < price.tiers.size() && quantity > *price.tiers[index].up_to) ++index;
  Charge charge;
  charge.lines.push_back(tier_line(price.mode, price.tiers[index], index, quantity));
  return charge;
}

}  // namespace

Charge charge_tiered(const TieredPrice& price, const Decimal& quantity) {
  switch (price.mode) {
    case TierMode::kGraduated:
    case TierMode::kGraduatedPercentage: return charge_graduated(price, quantity);
    case TierMode::kVolume:
    case TierMode::kStairstep: return charge_whole_quantity(price, quantity);
  }
  return {};
}

}  // namespace ratecard
