// Readers of what adjusts an invoice besides its items: coupons, credits, prorations, and
// amounts that must already be exact in the invoice's currency.
#include <limits>

#include "invoicing/invoice_reader.hpp"
#include "json/bounded_readers.hpp"
#include "json/identifier_reader.hpp"
#include "json/json_pointer.hpp"
#include "tax/tax_reader.hpp"
#include "text/quote.hpp"

namespace ratecard {
namespace {

constexpr std::size_t kMaxCouponScope = 100;
constexpr std::int64_t kMaxPeriods = std::numeric_limits<std::int32_t>::max();

Status check_scale(const Decimal& amount, const Currency& currency, const std::string& path) {
  RATECARD_TRY(Decimal truncated, round_to_scale(amount.to_rational(), currency.minor_units, RoundingMode::kDown));
  if (truncated != amount) {
    return Error{ErrorCode::kInvalidArgument,
                 amount.to_string() + " has more decimal places than " + std::string(currency.code) + " allows (" +
                     std::to_string(currency.minor_units) + ")",
                 path};
  }
  return ok_status();
}

Result<CouponDuration> read_duration(ObjectReader& coupon) {
  RATECARD_TRY(std::optional<std::string> duration, coupon.optional_string("duration"));
  if (!duration || *duration == "once") return CouponDuration::kOnce;
  if (*duration == "repeating") return CouponDuration::kRepeating;
  if (*duration == "forever") return CouponDuration::kForever;
  return Error{ErrorCode::kInvalidArgument,
               quote_for_message(*duration) + " is not a coupon duration; use once, repeating or forever",
               coupon.path_of("duration")};
}

Status read_discount(ObjectReader& coupon, const Currency& currency, Coupon& parsed) {
  if (coupon.has("percent_off") == coupon.has("amount_off")) {
    return Error{coupon.has("percent_off") ? ErrorCode::kInvalidArgument : ErrorCode::kMissingField,
                 "a coupon has exactly one of \"percent_off\" and \"amount_off\"", coupon.path_of("percent_off")};
  }
  RATECARD_TRY(parsed.percent_off, coupon.optional_percent("percent_off"));
  if (parsed.percent_off && parsed.percent_off->is_zero()) {
    return Error{ErrorCode::kInvalidArgument, "must be greater than zero", coupon.path_of("percent_off")};
  }
  RATECARD_TRY(parsed.amount_off, read_optional_currency_amount(coupon, "amount_off", currency, Sign::kPositive));
  if (parsed.amount_off) {
    RATECARD_TRY(Currency coupon_currency, coupon.currency("currency"));
    if (coupon_currency.code != currency.code) {
      return Error{ErrorCode::kInvalidArgument,
                   "the coupon is in " + std::string(coupon_currency.code) + " but the invoice is in " +
                       std::string(currency.code),
                   coupon.path_of("currency")};
    }
  } else if (coupon.find("currency") != nullptr) {
    return Error{ErrorCode::kInvalidArgument, "only \"amount_off\" coupons have a currency", coupon.path_of("currency")};
  }
  return ok_status();
}

Status read_duration_fields(ObjectReader& coupon, Coupon& parsed) {
  RATECARD_TRY(parsed.duration, read_duration(coupon));
  RATECARD_TRY(std::optional<std::int64_t> periods, coupon.optional_count("duration_periods", 1, kMaxPeriods));
  if (parsed.duration == CouponDuration::kRepeating && !periods) {
    return Error{ErrorCode::kMissingField, "a repeating coupon needs \"duration_periods\"",
                 coupon.path_of("duration_periods")};
  }
  if (parsed.duration != CouponDuration::kRepeating && periods) {
    return Error{ErrorCode::kInvalidArgument, "only repeating coupons have \"duration_periods\"",
                 coupon.path_of("duration_periods")};
  }
  parsed.duration_periods = periods.value_or(0);
  RATECARD_TRY(std::optional<std::int64_t> applied, coupon.optional_count("periods_applied", 0, kMaxPeriods));
  parsed.periods_applied = applied.value_or(0);
  return ok_status();
}

Result<std::optional<std::vector<std::string>>> read_scope(ObjectReader& coupon) {
  if (!coupon.has("applies_to")) {
    coupon.mark_read("applies_to");
    return std::optional<std::vector<std::string>>{};
  }
  RATECARD_TRY(const Json* items, read_bounded_array(coupon, "applies_to", kMaxCouponScope));
  const std::string path = coupon.path_of("applies_to");
  if (items->empty()) {
    return Error{ErrorCode::kInvalidArgument, "list at least one item id, or leave \"applies_to\" out for all items",
                 path};
  }
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < items->size(); ++i) {
    RATECARD_TRY(std::string id, read_identifier_value((*items)[i], pointer_child(path, i)));
    ids.push_back(std::move(id));
  }
  return std::optional<std::vector<std::string>>(std::move(ids));
}

// The prorated span: `start` and `end` instants, both or neither, start < end.
Status read_span(ObjectReader& line, std::optional<TimeRange>& period) {
  RATECARD_TRY(std::optional<Instant> start, line.optional_instant("start"));
  RATECARD_TRY(std::optional<Instant> end, line.optional_instant("end"));
  if (start.has_value() != end.has_value()) {
    return Error{ErrorCode::kMissingField, "a proration's span needs both \"start\" and \"end\"",
                 line.path_of(start ? "end" : "start")};
  }
  if (start && *end <= *start) {
    return Error{ErrorCode::kInvalidArgument, "\"end\" must be after \"start\"", line.path_of("end")};
  }
  if (start) period = TimeRange{*start, *end};
  return ok_status();
}

}  // namespace

Result<Decimal> read_currency_amount(ObjectReader& object, std::string_view key, const Currency& currency, Sign sign) {
  RATECARD_TRY(Decimal amount, object.money(key, sign));
  RATECARD_CHECK(check_scale(amount, currency, object.path_of(key)));
  return amount;
}

Result<std::optional<Decimal>> read_optional_currency_amount(ObjectReader& object, std::string_view key,
                                                             const Currency& currency, Sign sign) {
  RATECARD_TRY(std::optional<Decimal> amount, object.optional_money(key, sign));
  if (amount) RATECARD_CHECK(check_scale(*amount, currency, object.path_of(key)));
  return amount;
}

Result<Coupon> read_coupon(ObjectReader& coupon, const Currency& currency) {
  Coupon parsed;
  RATECARD_TRY(parsed.id, read_identifier(coupon, "id"));
  RATECARD_CHECK(read_discount(coupon, currency, parsed));
  RATECARD_CHECK(read_duration_fields(coupon, parsed));
  RATECARD_TRY(parsed.applies_to, read_scope(coupon));
  RATECARD_CHECK(coupon.finish());
  return parsed;
}

Result<Credit> read_credit(ObjectReader& credit, const Currency& currency) {
  Credit parsed;
  RATECARD_TRY(parsed.id, read_identifier(credit, "id"));
  RATECARD_TRY(parsed.balance, read_currency_amount(credit, "balance", currency));
  RATECARD_CHECK(credit.finish());
  return parsed;
}

Result<PendingProration> read_pending_proration(ObjectReader& line, const Currency& currency) {
  PendingProration parsed;
  RATECARD_TRY(parsed.amount, read_currency_amount(line, "amount", currency, Sign::kAny));
  RATECARD_TRY(std::optional<std::string> kind, line.optional_string("kind"));
  parsed.kind = parsed.amount.sign() < 0 ? ProrationKind::kCredit : ProrationKind::kCharge;
  if (kind && *kind != "charge" && *kind != "credit") {
    return Error{ErrorCode::kInvalidArgument, quote_for_message(*kind) + " is not a proration kind; use charge or credit",
                 line.path_of("kind")};
  }
  if (kind && !parsed.amount.is_zero() && (*kind == "credit") != (parsed.kind == ProrationKind::kCredit)) {
    return Error{ErrorCode::kInvalidArgument, "a " + *kind + " of " + parsed.amount.to_fixed(currency.minor_units) +
                     ": credits are negative amounts and charges positive ones", line.path_of("amount")};
  }
  if (kind) parsed.kind = *kind == "credit" ? ProrationKind::kCredit : ProrationKind::kCharge;
  RATECARD_TRY(parsed.item, read_optional_identifier(line, "item"));
  RATECARD_TRY(parsed.quantity, line.optional_quantity("quantity"));
  RATECARD_TRY(parsed.cycle_amount, read_optional_currency_amount(line, "cycle_amount", currency));
  RATECARD_CHECK(read_span(line, parsed.period));
  RATECARD_TRY(parsed.subscription_id, read_optional_identifier(line, "subscription_id"));
  RATECARD_TRY(parsed.description, read_description(line, "description"));
  RATECARD_CHECK(read_optional_tax_treatment(line, parsed.tax_category, parsed.tax_behavior, parsed.tax_code));
  parsed.path = line.path();
  RATECARD_CHECK(line.finish());
  return parsed;
}

}  // namespace ratecard
