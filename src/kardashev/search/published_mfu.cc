#include "kardashev/search/published_mfu.h"

namespace kardashev::search {

namespace {

bool Hopper(std::string_view gpu) {
  return gpu == "h100-sxm" || gpu == "h200" || gpu == "h800";
}

}  // namespace

std::optional<PublishedMfu> BestPublishedMfu(std::string_view gpu,
                                             perf::Precision precision,
                                             bool moe) {
  using perf::Precision;
  if (Hopper(gpu) && precision == Precision::kBf16 && !moe) {
    // figures.csv B01: 430 TFLOP/s per GPU, 43% of 989.4 TFLOP/s BF16.
    return PublishedMfu{430, 0.43, "Llama 3 405B on 8,192 H100",
                        "The Llama 3 Herd of Models (arXiv 2407.21783) "
                        "Table 4; figures.csv B01"};
  }
  if (Hopper(gpu) && precision == Precision::kFp8 && !moe) {
    // 784 TFLOP/s per GPU: 39.6% of 1,978.9 TFLOP/s FP8 dense.
    return PublishedMfu{784, 0.396, "Llama 3.1 405B in FP8 on 1,024 H100",
                        "NVIDIA NeMo performance summary, release 26.02"};
  }
  if (Hopper(gpu) && moe) {
    // 338 TFLOP/s per GPU: 17% of the FP8 dense peak (34% of BF16).
    return PublishedMfu{338, precision == Precision::kFp8 ? 0.171 : 0.342,
                        "DeepSeek-V3 in FP8 on 1,024 H100",
                        "NVIDIA NeMo performance summary, release 25.09"};
  }
  if (gpu == "a100-sxm" && precision == Precision::kBf16 && !moe) {
    // figures.csv B07: 55.2% MFU of 312 TFLOP/s BF16 = 172 TFLOP/s.
    return PublishedMfu{172.2, 0.552, "a 175B model on 12,288 A100",
                        "MegaScale (Jiang et al., NSDI 2024) Table 2; "
                        "figures.csv B07"};
  }
  if (gpu == "gb200" && precision == Precision::kFp8 && !moe) {
    return PublishedMfu{2053, 0.41, "Llama 3.1 405B in FP8 on 256 GB200",
                        "NVIDIA NeMo performance summary, release 25.11"};
  }
  if (gpu == "b200" && precision == Precision::kFp8 && !moe) {
    return PublishedMfu{1667, 0.37, "Llama 3.1 405B in FP8 on 128 B200",
                        "NVIDIA NeMo performance summary, release 25.11"};
  }
  return std::nullopt;
}

}  // namespace kardashev::search
