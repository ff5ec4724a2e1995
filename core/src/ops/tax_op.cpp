#include "json/json_pointer.hpp"
#include "ops/ops.hpp"
#include "tax/tax_calculation.hpp"
#include "tax/tax_json.hpp"
#include "tax/tax_reader.hpp"

namespace ratecard {
namespace {

Result<std::vector<TaxLine>> read_lines(ObjectReader& request, const Currency& currency) {
  RATECARD_TRY(const Json* lines, request.array("lines"));
  const std::string lines_path = request.path_of("lines");
  std::vector<TaxLine> result;
  result.reserve(lines->size());
  for (std::size_t i = 0; i < lines->size(); ++i) {
    RATECARD_TRY(ObjectReader reader, ObjectReader::open((*lines)[i], pointer_child(lines_path, i)));
    RATECARD_TRY(TaxLine line, read_tax_line(reader, currency));
    RATECARD_CHECK(reader.finish());
    result.push_back(std::move(line));
  }
  return result;
}

}  // namespace

Result<Json> run_tax(ObjectReader& request) {
  RATECARD_TRY(Currency currency, request.currency("currency"));
  RATECARD_TRY(RoundingMode rounding, request.rounding());
  RATECARD_TRY(std::vector<TaxLine> lines, read_lines(request, currency));
  RATECARD_TRY(TaxContext context, read_tax_context(request, std::optional<std::size_t>(lines.size())));
  RATECARD_TRY(TaxResult tax, compute_tax(context, lines, currency, rounding));

  Json taxed_lines = Json::array();
  for (const TaxedLine& line : tax.lines) taxed_lines.push_back(tax_line_json(line, currency));
  Json result{{"currency", currency.code},
              {"tax_date", format_civil_date(context.tax_date)},
              {"rounding", rounding_mode_name(rounding)},
              {"tax_rounding", tax_rounding_level_name(context.rounding_level)},
              {"lines", std::move(taxed_lines)},
              {"breakdown", tax_breakdown_json(tax.breakdown, currency)},
              {"totals", tax_totals_json(tax.totals, currency)}};
  // Echoed only when asked for, so results without it keep their bytes.
  if (context.inclusive_rounding != InclusiveRounding::kTax) {
    result["inclusive_rounding"] = inclusive_rounding_name(context.inclusive_rounding);
  }
  return result;
}

}  // namespace ratecard
