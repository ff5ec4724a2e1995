// Coupons, applied in order. Each coupon's discount is rounded once and allocated over the
// lines it applies to in proportion to what is left of them, so the parts sum exactly.
#include <algorithm>

#include "invoicing/invoice.hpp"

namespace ratecard {
namespace {

bool within_duration(const Coupon& coupon) {
  switch (coupon.duration) {
    case CouponDuration::kOnce: return coupon.periods_applied == 0;
    case CouponDuration::kRepeating: return coupon.periods_applied < coupon.duration_periods;
    case CouponDuration::kForever: return true;
  }
  return false;
}

bool exhausted(const Coupon& coupon, std::int64_t periods_applied) {
  switch (coupon.duration) {
    case CouponDuration::kOnce: return periods_applied >= 1;
    case CouponDuration::kRepeating: return periods_applied >= coupon.duration_periods;
    case CouponDuration::kForever: return false;
  }
  return true;
}

// Coupons discount item and proration lines in their scope, never a minimum true-up nor a
// late usage adjustment (it belongs to a period invoiced earlier).
bool in_scope(const Coupon& coupon, const InvoiceLine& line) {
  if (line.kind == LineKind::kMinimumTrueUp || line.kind == LineKind::kLateUsage ||
      line.kind == LineKind::kLateTrueUp) {
    return false;
  }
  if (!coupon.applies_to) return true;
  return line.item_id && std::find(coupon.applies_to->begin(), coupon.applies_to->end(), *line.item_id) !=
                             coupon.applies_to->end();
}

// The discount before allocation: a percentage of the base rounded once, or the fixed amount
// capped at the base so a line never goes below zero.
Result<Decimal> discount_total(const Coupon& coupon, const Decimal& base, const InvoiceInput& input) {
  if (coupon.amount_off) return std::min(*coupon.amount_off, base);
  const Rational exact = base.to_rational() * coupon.percent_off->to_rational() / Rational(100);
  return round_to_scale(exact, input.customer.currency.minor_units, input.rounding);
}

Result<CouponOutcome> apply_coupon(const InvoiceInput& input, const Coupon& coupon, std::vector<InvoiceLine>& lines) {
  CouponOutcome outcome{coupon.id, false, Decimal{}, coupon.periods_applied, false};
  if (within_duration(coupon)) {
    std::vector<std::size_t> eligible;
    std::vector<Rational> weights;
    Decimal base;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const Decimal left = lines[i].taxable_amount();
      if (left.sign() <= 0 || !in_scope(coupon, lines[i])) continue;
      eligible.push_back(i);
      weights.push_back(left.to_rational());
      base += left;
    }
    if (!eligible.empty()) {
      RATECARD_TRY(outcome.amount, discount_total(coupon, base, input));
      RATECARD_TRY(std::vector<Decimal> parts,
                   allocate_proportionally(outcome.amount, weights, input.customer.currency.minor_units));
      for (std::size_t k = 0; k < eligible.size(); ++k) {
        if (!parts[k].is_zero()) lines[eligible[k]].discounts.push_back({coupon.id, parts[k]});
      }
    }
    // A coupon uses up one of its periods on each invoice it actually discounts.
    outcome.applied = !outcome.amount.is_zero();
    if (outcome.applied) ++outcome.periods_applied;
  }
  outcome.exhausted = exhausted(coupon, outcome.periods_applied);
  return outcome;
}

}  // namespace

Result<std::vector<CouponOutcome>> apply_coupons(const InvoiceInput& input, std::vector<InvoiceLine>& lines) {
  std::vector<CouponOutcome> outcomes;
  outcomes.reserve(input.coupons.size());
  for (const Coupon& coupon : input.coupons) {
    RATECARD_TRY(CouponOutcome outcome, apply_coupon(input, coupon, lines));
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace ratecard
