// libFuzzer target on the Azure trace reader: every input is a trace file
// (fuzz_entry.h). A TraceError is an accepted outcome; a broken invariant, any
// other exception, a sanitizer report or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "fuzz/fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string broken;
  try {
    broken = kardashev::fuzz::CheckTraceInput(input);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "trace_fuzzer: uncaught %s: %s\n", typeid(e).name(),
                 e.what());
    std::abort();
  }
  if (!broken.empty()) {
    std::fprintf(stderr, "trace_fuzzer: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
