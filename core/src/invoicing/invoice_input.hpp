#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calendar/time_range.hpp"
#include "calendar/time_zone.hpp"
#include "pricing/price.hpp"
#include "ratecard/currency.hpp"
#include "ratecard/decimal.hpp"
#include "ratecard/rounding.hpp"
#include "tax/tax_request.hpp"

namespace ratecard {

/// Who is invoiced: the currency fixes every amount's minor unit, the billing zone the local
/// dates of the periods.
struct InvoiceCustomer {
  std::optional<std::string> id;
  Currency currency{"USD", 2};
  std::optional<TimeZone> billing_zone;  ///< UTC dates when absent.
};

/// What an item charges for.
enum class ItemType {
  kFixed,  ///< A fee for a quantity (seats, a plan), billed in advance by default.
  kUsage,  ///< Metered usage, billed in arrears on the usage of its metric.
};

/// When a fixed item is charged: for the period that starts or the one that ended.
enum class Billing { kInAdvance, kInArrears };

/// One priced item of a subscription.
struct InvoiceItem {
  std::string id;
  std::optional<std::string> description;
  ItemType type = ItemType::kFixed;
  Billing billing = Billing::kInAdvance;  ///< Usage items are always in arrears.
  Price price;
  Decimal quantity;    ///< Fixed items: the quantity (default 1).
  std::string metric;  ///< Usage items: the code of the usage they are charged on.
  std::string path;    ///< The item's JSON Pointer in the request, for errors found later.
  TaxTreatment tax;    ///< `tax_category` and `tax_behavior`: how its lines are taxed.
};

/// A floor on what a subscription spends in a period; the shortfall is billed as a true-up.
struct MinimumCommitment {
  Decimal amount;       ///< The committed spend for the period.
  Decimal prior_spend;  ///< What earlier invoices already charged for that period.
  TaxTreatment tax;     ///< How the true-up line is taxed.
  std::string path;     ///< Its JSON Pointer, for errors found later.
};

/// A subscription: its items and optional minimum commitment.
struct InvoiceSubscription {
  std::string id;
  std::vector<InvoiceItem> items;
  std::optional<MinimumCommitment> minimum_commitment;
};

/// The usage of one metric in the arrears period: a quantity, or (for percentage prices) the
/// amounts of the events.
struct UsageQuantity {
  std::optional<Decimal> value;
  std::optional<std::vector<Decimal>> events;
};

/// Whether a proration line gives back unused time or charges for the rest of a cycle.
enum class ProrationKind { kCharge, kCredit };

/// A proration computed by the `prorate` op, waiting for the next invoice. Its fields are
/// those of a line of the prorate op's result, so such a line can be passed through as is.
struct PendingProration {
  Decimal amount;  ///< Signed: credits are negative. Already rounded.
  ProrationKind kind = ProrationKind::kCharge;
  std::optional<std::string> item;  ///< The item prorated (coupons' applies_to matches it).
  std::optional<Decimal> quantity;
  std::optional<Decimal> cycle_amount;  ///< The item's charge for a whole cycle.
  std::optional<TimeRange> period;      ///< The prorated span [start, end).
  std::optional<std::string> subscription_id;
  std::optional<std::string> description;
  /// How the line is taxed; what is absent comes from the prorated item (then the defaults).
  std::optional<TaxCategory> tax_category;
  std::optional<TaxBehavior> tax_behavior;
  std::optional<std::string> tax_code;
  std::string path;  ///< Its JSON Pointer, for errors found later.
};

/// How long a coupon keeps discounting, counted in invoices.
enum class CouponDuration { kOnce, kRepeating, kForever };

/// A discount: a percentage or a fixed amount, for some periods, on all or some items.
struct Coupon {
  std::string id;
  std::optional<Decimal> percent_off;  ///< Exactly one of percent_off and amount_off.
  std::optional<Decimal> amount_off;
  CouponDuration duration = CouponDuration::kOnce;
  std::int64_t duration_periods = 0;  ///< Repeating: how many invoices it discounts.
  std::int64_t periods_applied = 0;   ///< Invoices it has already discounted.
  std::optional<std::vector<std::string>> applies_to;  ///< Item ids; all items when empty.
};

/// A prepaid credit balance, spent after tax.
struct Credit {
  std::string id;
  Decimal balance;
};

/// One item's usage that arrived after its period was invoiced: what was billed then and what
/// came late, both a quantity or (for percentage prices) event amounts, with the item's price
/// for that period.
struct LateUsageItem {
  std::string id;
  std::optional<std::string> description;
  std::string metric;
  Price price;
  UsageQuantity billed;  ///< The usage the period's invoice charged.
  UsageQuantity late;    ///< The usage that came after it.
  TaxTreatment tax;      ///< How the adjustment line is taxed.
  std::string path;      ///< Its JSON Pointer, for errors found later.
};

/// The minimum commitment of an already invoiced period, and the spend it was checked against.
struct LateCommitment {
  Decimal amount;  ///< The committed spend for the period.
  Decimal spend;   ///< The spend counted when the period was invoiced (its true-up excluded).
  TaxTreatment tax;
  std::string path;
};

/// Late usage of one subscription for one period invoiced earlier.
struct LateUsage {
  std::string subscription_id;
  TimeRange period;  ///< The period the usage belongs to.
  std::vector<LateUsageItem> items;
  std::optional<LateCommitment> minimum_commitment;
};

/// Everything an invoice is a pure function of.
struct InvoiceInput {
  InvoiceCustomer customer;
  RoundingMode rounding = RoundingMode::kHalfUp;
  std::optional<TimeRange> period;          ///< In-advance items are charged for it.
  std::optional<TimeRange> arrears_period;  ///< Usage and in-arrears items are charged for it.
  std::vector<InvoiceSubscription> subscriptions;
  std::map<std::string, UsageQuantity> usage;  ///< By metric code.
  std::vector<PendingProration> prorations;
  std::vector<LateUsage> late_usage;  ///< Billed as adjustments after the prorations.
  std::vector<Coupon> coupons;
  std::vector<Credit> credits;
  std::optional<TaxContext> tax;  ///< When given, the invoice is taxed (docs/core-api.md, Op `tax`).
  bool include_core_version = false;  ///< The result names the core version that computed it.
};

/// Limits of one invoice request.
inline constexpr std::size_t kMaxSubscriptions = 100;
inline constexpr std::size_t kMaxItemsPerSubscription = 100;
inline constexpr std::size_t kMaxUsageEntries = 1000;
inline constexpr std::size_t kMaxUsageEvents = 100000;
inline constexpr std::size_t kMaxProrations = 1000;
inline constexpr std::size_t kMaxLateUsage = 100;
inline constexpr std::size_t kMaxCoupons = 20;
inline constexpr std::size_t kMaxCredits = 100;
inline constexpr std::size_t kMaxDescriptionBytes = 1000;

}  // namespace ratecard
