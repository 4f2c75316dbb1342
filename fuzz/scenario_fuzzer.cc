// libFuzzer target on the scenario loader: every input is a scenario file,
// loaded with the embedded catalog and, when small, run (fuzz_entry.h). A
// ScenarioError is an accepted outcome; a broken invariant, any other
// exception, a sanitizer report or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "fuzz/fuzz_entry.h"
#include "kardashev/catalog/catalog.h"

namespace {

// The embedded catalog, loaded once for the whole fuzzing process (a
// function-local static: libFuzzer calls the target millions of times, and the
// catalog never changes).
const kardashev::catalog::Catalog& EmbeddedCatalog() {
  static const kardashev::catalog::Catalog catalog =
      kardashev::catalog::Catalog::LoadEmbedded();
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  EmbeddedCatalog();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string broken;
  try {
    broken = kardashev::fuzz::CheckScenarioInput(input, EmbeddedCatalog());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scenario_fuzzer: uncaught %s: %s\n", typeid(e).name(),
                 e.what());
    std::abort();
  }
  if (!broken.empty()) {
    std::fprintf(stderr, "scenario_fuzzer: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
