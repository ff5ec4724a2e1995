#include "proration/proration_json.hpp"

namespace ratecard {

Json proration_line_json(const ProrationLine& line, int scale, Instant start, Instant end) {
  return Json{{"item", line.item_id},
              {"kind", line.credit ? "credit" : "charge"},
              {"quantity", line.quantity.to_string()},
              {"cycle_amount", line.cycle_amount.to_fixed(scale)},
              {"amount", line.amount.to_fixed(scale)},
              {"start", format_instant(start)},
              {"end", format_instant(end)}};
}

}  // namespace ratecard
