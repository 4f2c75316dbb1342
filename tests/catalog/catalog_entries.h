// Whole catalog entries as TOML text, for tests of user catalogs: a [[gpu]]
// and a [[node]] with the figures of no real hardware (only how they are read
// matters).
#ifndef KARDASHEV_TESTS_CATALOG_CATALOG_ENTRIES_H_
#define KARDASHEV_TESTS_CATALOG_CATALOG_ENTRIES_H_

#include <fmt/format.h>

#include <string>

namespace kardashev::catalog_test {

// A [[gpu]] named `name` of `tdp_w` (as TOML text) and idle_w = 100, with
// `extra` lines appended to the entry.
inline std::string GpuEntry(const std::string& name,
                            const std::string& tdp_w = "1000",
                            const std::string& extra = "") {
  return fmt::format(
      "[[gpu]]\nname = \"{}\"\ndisplay = \"d\"\nvendor = \"v\"\n"
      "bf16_dense_flops = 1e15\nfp8_dense_flops = 2e15\nhbm_bytes = 100e9\n"
      "hbm_bandwidth_bytes_per_s = 4e12\n"
      "scale_up_bandwidth_bytes_per_s = 400e9\nscale_up_domain_gpus = 8\n"
      "tdp_w = {}\nidle_w = 100\nprice_usd = 20000\nsource = \"s\"\n{}",
      name, tdp_w, extra);
}

// A [[node]] of 8 GPUs `gpu` named `name`.
inline std::string NodeEntry(const std::string& name, const std::string& gpu) {
  return fmt::format(
      "[[node]]\nname = \"{}\"\ndisplay = \"d\"\ngpu = \"{}\"\ngpus = 8\n"
      "host_power_w = 3000\nhost_idle_w = 1000\nprice_usd = 90000\n"
      "source = \"s\"\n",
      name, gpu);
}

}  // namespace kardashev::catalog_test

#endif  // KARDASHEV_TESTS_CATALOG_CATALOG_ENTRIES_H_
