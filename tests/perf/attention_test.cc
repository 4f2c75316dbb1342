// The flash-attention kernel model (perf/attention.h) against hand-computed
// cases.
#include "kardashev/perf/attention.h"

#include <gtest/gtest.h>

namespace kardashev::perf {
namespace {

class AttentionTest : public ::testing::Test {
 protected:
  AttentionTest() {
    set_.attention_share = 0.6;
    set_.attention_backward_ratio = 0.8;
    set_.attention_kv_half_tokens = 256;
    set_.attention_head_dim_half = 64;
    kernel_.set = &set_;
    kernel_.kernel_factor = 1;
    kernel_.peak_flops = 1e15;
  }
  catalog::GemmEfficiencySpec set_;
  AttentionKernel kernel_;
};

TEST_F(AttentionTest, HandComputedShares) {
  // No mask, 1,024 keys, head dimension 128 (the reference): 0.6 x 1024 /
  // 1280.
  EXPECT_NEAR(AttentionForwardShare(kernel_, 1024, 128, false),
              0.6 * 1024 / 1280, 1e-12);
  // Head dimension 64: (64 / 128) / (128 / 192) = 0.75 of that.
  EXPECT_NEAR(AttentionForwardShare(kernel_, 1024, 64, false),
              0.6 * 1024 / 1280 * 0.75, 1e-12);
  // Causal: keys (1024 + 128) / 2 = 576 per query tile, and 1024 / 1152 of
  // the computed blocks useful.
  EXPECT_NEAR(AttentionForwardShare(kernel_, 1024, 128, true),
              0.6 * 576.0 / 832 * 1024 / 1152, 1e-12);
  // Times: FLOPs over the share of peak; backward 2.5 x the FLOPs at 0.8 of
  // the forward's share.
  const double share = 0.6 * 1024 / 1280;
  EXPECT_NEAR(AttentionForwardS(kernel_, 1e12, 1024, 128, false),
              1e12 / (1e15 * share), 1e-15);
  EXPECT_NEAR(AttentionBackwardS(kernel_, 1e12, 1024, 128, false),
              2.5e12 / (1e15 * share * 0.8), 1e-15);
  // A stack's kernel factor scales the share; no set: the flat share.
  kernel_.kernel_factor = 0.5;
  EXPECT_NEAR(AttentionForwardShare(kernel_, 1024, 128, false), share / 2,
              1e-12);
  kernel_.set = nullptr;
  kernel_.flat_share = 0.4;
  EXPECT_NEAR(AttentionForwardShare(kernel_, 1024, 128, false), 0.2, 1e-12);
  EXPECT_EQ(AttentionForwardS(kernel_, 0, 1024, 128, false), 0);
}

// Longer sequences and larger heads run closer to the kernel's best share,
// never above it.
TEST_F(AttentionTest, ShareGrowsWithLengthAndHeadDimension) {
  double last = 0;
  for (double s : {512.0, 2048.0, 8192.0, 32768.0}) {
    const double share = AttentionForwardShare(kernel_, s, 128, true);
    EXPECT_GT(share, last);
    EXPECT_LT(share, 0.6);
    last = share;
  }
  EXPECT_LT(AttentionForwardShare(kernel_, 4096, 64, false),
            AttentionForwardShare(kernel_, 4096, 256, false));
}

}  // namespace
}  // namespace kardashev::perf
