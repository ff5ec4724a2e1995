// The core as a Node.js addon (Node-API through node-addon-api): the same one-function
// boundary as the CLI and the WebAssembly module, synchronously and on a worker thread.
// Everything else (typed helpers, errors as BillingError) lives in the JavaScript package.
#include <napi.h>

#include <string>
#include <string_view>
#include <utility>

#include "ratecard/evaluate.hpp"

namespace {

// Reads the one string argument both functions take; throws a TypeError into JavaScript and
// returns false when it is missing or not a string.
bool read_request_argument(const Napi::CallbackInfo& info, std::string& request_json) {
  if (info.Length() != 1 || !info[0].IsString()) {
    Napi::TypeError::New(info.Env(), "evaluateJson takes one argument, the request as a JSON string")
        .ThrowAsJavaScriptException();
    return false;
  }
  request_json = info[0].As<Napi::String>().Utf8Value();
  return true;
}

Napi::Value evaluate_json(const Napi::CallbackInfo& info) {
  std::string request_json;
  if (!read_request_argument(info, request_json)) return info.Env().Undefined();
  return Napi::String::New(info.Env(), ratecard::evaluate(request_json));
}

// Evaluates one request on a libuv worker thread and settles a promise with the response.
// evaluate() never fails (errors are responses), so the promise is only ever resolved.
class EvaluateWorker final : public Napi::AsyncWorker {
 public:
  EvaluateWorker(Napi::Env env, std::string request_json)
      : Napi::AsyncWorker(env, "ratecard.evaluateJsonAsync"),
        deferred_(Napi::Promise::Deferred::New(env)),
        request_json_(std::move(request_json)) {}

  [[nodiscard]] Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override { response_json_ = ratecard::evaluate(request_json_); }
  void OnOK() override { deferred_.Resolve(Napi::String::New(Env(), response_json_)); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::string request_json_;
  std::string response_json_;
};

Napi::Value evaluate_json_async(const Napi::CallbackInfo& info) {
  std::string request_json;
  if (!read_request_argument(info, request_json)) return info.Env().Undefined();
  auto* worker = new EvaluateWorker(info.Env(), std::move(request_json));  // deletes itself when done
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("evaluateJson", Napi::Function::New(env, evaluate_json, "evaluateJson"));
  exports.Set("evaluateJsonAsync", Napi::Function::New(env, evaluate_json_async, "evaluateJsonAsync"));
  // What computed the answers: a stored result can be recomputed by the same core and tzdata.
  exports.Set("coreVersion", Napi::String::New(env, std::string(ratecard::core_version())));
  exports.Set("tzdataVersion", Napi::String::New(env, std::string(ratecard::tzdata_version())));
  return exports;
}

}  // namespace

NODE_API_MODULE(ratecard, init)
