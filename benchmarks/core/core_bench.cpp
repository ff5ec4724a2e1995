// Google Benchmark of the core: every request of benchmarks/requests.json through evaluate()
// (JSON text in, canonical JSON text out), alone and as one element of a batch of 100, and the
// stages of one request (parsing the text, the op on the parsed request, writing the answer),
// plus the pricing engine without JSON for the price requests. Figures only; nothing fails by
// being slow.
//
//   ratecard_bench [Google Benchmark flags]            (npm run bench runs it with JSON output)
//   ratecard_bench --repeat NAME COUNT                 evaluates one request COUNT times and
//                                                      exits: for instruction counts under
//                                                      valgrind --tool=callgrind

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "json/canonical_writer.hpp"
#include "json/object_reader.hpp"
#include "json/request_parser.hpp"
#include "ops/envelope.hpp"
#include "pricing/charge.hpp"
#include "pricing/rounded_charge.hpp"
#include "ratecard/evaluate.hpp"
#include "ratecard/overflow.hpp"

namespace {

/// How many copies of a request the batched benchmarks send in one call.
constexpr int kBatchSize = 100;

struct BenchCase {
  std::string name;
  std::string op;
  std::string text;  ///< The request as compact JSON text.
};

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "ratecard_bench: %s\n", message.c_str());
  std::exit(2);
}

std::vector<BenchCase> load_cases(const char* path) {
  std::ifstream file(path);
  if (!file) fail(std::string("cannot read ") + path);
  std::stringstream content;
  content << file.rdbuf();
  const ratecard::Json cases = ratecard::Json::parse(content.str(), nullptr, false);
  if (!cases.is_array()) fail(std::string(path) + " is not a JSON array of cases");
  std::vector<BenchCase> loaded;
  for (const ratecard::Json& entry : cases) {
    BenchCase bench_case{entry.value("name", ""), entry.value("op", ""), entry.value("request", ratecard::Json()).dump()};
    // Benchmarks of refused requests would measure the wrong thing: every case must succeed.
    const std::string answer = ratecard::evaluate(bench_case.text);
    if (answer.rfind(R"({"ok":true)", 0) != 0) fail(bench_case.name + " is refused by the core: " + answer);
    loaded.push_back(std::move(bench_case));
  }
  return loaded;
}

std::string batch_text(const std::string& request, int size) {
  std::string text = R"({"op":"batch","requests":[)";
  for (int i = 0; i < size; ++i) {
    if (i > 0) text += ',';
    text += request;
  }
  return text + "]}";
}

void register_evaluate(const BenchCase& bench_case) {
  benchmark::RegisterBenchmark(("evaluate/" + bench_case.name).c_str(), [text = bench_case.text](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(ratecard::evaluate(text));
  });
  // One batch call answers kBatchSize requests: items_per_second counts requests.
  benchmark::RegisterBenchmark(("evaluate_batch100/" + bench_case.name).c_str(),
                               [text = batch_text(bench_case.text, kBatchSize)](benchmark::State& state) {
                                 for (auto _ : state) benchmark::DoNotOptimize(ratecard::evaluate(text));
                                 state.SetItemsProcessed(state.iterations() * kBatchSize);
                               });
}

// The response envelope of a parsed request, as evaluate() writes it.
std::string respond(const ratecard::Json& request) {
  std::string response;
  ratecard::CanonicalWriter out(response);
  ratecard::write_response(request, out);
  return response;
}

// The stages of evaluate(), to see what the JSON text costs next to the op itself. Ops that
// write their result as text (price, invoice, quote, batch) write it while they run: their op
// stage includes the writing, and the write stage measures dump_canonical of the same response
// parsed back, what writing it through a DOM would cost.
void register_stages(const BenchCase& bench_case) {
  const ratecard::Json request = ratecard::Json::parse(bench_case.text, nullptr, false);
  const ratecard::Json response = ratecard::Json::parse(respond(request));
  benchmark::RegisterBenchmark(("stage_parse/" + bench_case.name).c_str(), [text = bench_case.text](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(ratecard::parse_request(text));
  });
  benchmark::RegisterBenchmark(("stage_op/" + bench_case.name).c_str(), [request](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(respond(request));
  });
  benchmark::RegisterBenchmark(("stage_write/" + bench_case.name).c_str(), [response](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(ratecard::dump_canonical(response));
  });
}

// The pricing engine alone: the price already read into its structures, then charged and
// rounded (what an invoice does per item once its request is parsed).
void register_price_engine(const BenchCase& bench_case) {
  const ratecard::Json request = ratecard::Json::parse(bench_case.text, nullptr, false);
  auto request_reader = ratecard::ObjectReader::open(request, "");
  auto price_reader = request_reader->object("price");
  auto price = ratecard::read_price(*price_reader);
  auto currency = request_reader->currency("currency");
  if (!price || !currency) fail(bench_case.name + ": the price or currency does not read");
  std::vector<ratecard::Decimal> usage;
  const ratecard::Json& quantities = request.contains("events") ? request["events"] : ratecard::Json::array({request.value("quantity", ratecard::Json(0))});
  for (const ratecard::Json& quantity : quantities) {
    auto value = ratecard::read_quantity(quantity, "", ratecard::Sign::kNonNegative);
    if (!value) fail(bench_case.name + ": a quantity does not read");
    usage.push_back(*value);
  }
  benchmark::RegisterBenchmark(("engine/" + bench_case.name).c_str(),
                               [price = *price, currency = *currency, usage](benchmark::State& state) {
                                 for (auto _ : state) {
                                   const ratecard::ArithmeticScope arithmetic;
                                   ratecard::Charge charge =
                                       price.priced_over_events()
                                           ? ratecard::charge_for_events(std::get<ratecard::PercentagePrice>(price.spec), usage)
                                           : ratecard::charge_for_quantity(price, usage.front());
                                   benchmark::DoNotOptimize(
                                       ratecard::round_charge(std::move(charge), currency, ratecard::RoundingMode::kHalfUp));
                                 }
                               });
}

// --repeat NAME COUNT: evaluate one request COUNT times (for callgrind, which counts the
// instructions of the whole process: the difference between two counts is COUNTs' worth).
int repeat_case(const std::vector<BenchCase>& cases, const std::string& name, long count) {
  for (const BenchCase& bench_case : cases) {
    if (bench_case.name != name) continue;
    std::size_t bytes = 0;
    for (long i = 0; i < count; ++i) bytes += ratecard::evaluate(bench_case.text).size();
    std::printf("%zu\n", bytes);
    return 0;
  }
  fail("no case named " + name);
}

}  // namespace

int main(int argc, char** argv) {
  const char* requests_path = std::getenv("RATECARD_BENCH_REQUESTS");
  const std::vector<BenchCase> cases = load_cases(requests_path ? requests_path : RATECARD_BENCH_REQUESTS);
  if (argc == 4 && std::string(argv[1]) == "--repeat") return repeat_case(cases, argv[2], std::atol(argv[3]));

  for (const BenchCase& bench_case : cases) {
    register_evaluate(bench_case);
    register_stages(bench_case);
    if (bench_case.op == "price") register_price_engine(bench_case);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
