#include "tax/tax_json.hpp"

namespace ratecard {
namespace {

std::string money(const Decimal& amount, const Currency& currency) { return amount.to_fixed(currency.minor_units); }

}  // namespace

Json tax_line_json(const TaxedLine& line, const Currency& currency) {
  Json components = Json::array();
  for (const TaxComponentAmount& component : line.components) {
    components.push_back(Json{{"jurisdiction", component.jurisdiction},
                              {"name", component.name},
                              {"rate", component.rate.to_string()},
                              {"taxable_amount", money(component.taxable_amount, currency)},
                              {"tax_amount", money(component.tax_amount, currency)}});
  }
  Json json{{"amount", money(line.amount, currency)},
            {"discount_amount", money(line.discount_amount, currency)},
            {"net_amount", money(line.net_amount, currency)},
            {"tax_amount", money(line.tax_amount, currency)},
            {"gross_amount", money(line.gross_amount, currency)},
            {"tax_category", tax_category_name(line.category)},
            {"tax_behavior", tax_behavior_name(line.behavior)},
            {"taxability_reason", taxability_reason_name(line.reason)},
            {"components", std::move(components)},
            {"rates_from", line.rates_from_request ? "request" : "dataset"}};
  if (line.tax_code) json["tax_code"] = *line.tax_code;
  if (line.jurisdiction) json["jurisdiction"] = *line.jurisdiction;
  return json;
}

Json tax_breakdown_json(const std::vector<TaxBreakdownEntry>& breakdown, const Currency& currency) {
  Json entries = Json::array();
  for (const TaxBreakdownEntry& entry : breakdown) {
    entries.push_back(Json{{"jurisdiction", entry.jurisdiction},
                           {"name", entry.name},
                           {"rate", entry.rate.to_string()},
                           {"taxability_reason", taxability_reason_name(entry.reason)},
                           {"taxable_amount", money(entry.taxable_amount, currency)},
                           {"tax_amount", money(entry.tax_amount, currency)}});
  }
  return entries;
}

Json tax_totals_json(const TaxTotals& totals, const Currency& currency) {
  return Json{{"discount_amount", money(totals.discount_amount, currency)},
              {"net_amount", money(totals.net_amount, currency)},
              {"tax_amount", money(totals.tax_amount, currency)},
              {"gross_amount", money(totals.gross_amount, currency)}};
}

}  // namespace ratecard
