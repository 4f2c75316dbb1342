// Kernel cases: one GEMM, one attention pass or one collective, predicted by
// the kernel models the step and iteration models sum.
//
//   kind = "gemm"; gpu, precision (bf16, fp8), m, n, k, groups: TFLOP/s.
//   kind = "attention"; gpu, seq_len, head_dim, causal, pass (forward,
//     backward): TFLOP/s in FlashAttention's FLOP convention.
//   kind = "collective"; gpu, op (all_reduce, all_gather, reduce_scatter),
//     ranks, bytes (each rank's buffer), over (scale_up, scale_out), fabric:
//     bus bandwidth in GB/s as nccl-tests defines it.
// The kernel constants come from the training stack `efficiency`
// (megatron-bf16 unless named).
#include "kardashev/perf/attention.h"
#include "kardashev/perf/collectives.h"
#include "kardashev/perf/gemm_efficiency.h"
#include "kardashev/validate/predictors.h"

namespace kardashev::validate::internal {

namespace {

std::optional<Prediction> Gemm(const CaseReader& c, const catalog::GpuSpec& gpu,
                               const catalog::EfficiencySpec& e) {
  const std::string precision = c.Str("precision", "bf16");
  if (precision != "bf16" && precision != "fp8") {
    c.Fail("precision", "expected bf16 or fp8");
  }
  perf::GemmDevice d;
  d.set = perf::FindGemmSet(e, gpu.name, precision);
  d.flat_share = e.gemm;
  d.peak_flops =
      precision == "fp8" ? gpu.fp8_dense_flops : gpu.bf16_dense_flops;
  d.hbm_bandwidth_bytes_per_s = gpu.hbm_bandwidth_bytes_per_s;
  d.bytes_per_element = precision == "fp8" ? 1 : 2;
  if (d.peak_flops <= 0) c.Fail("precision", "the GPU has no such peak");
  const perf::GemmShape shape{c.Num("m"), c.Num("n"), c.Num("k"),
                              c.Num("groups", 1)};
  const double t = perf::GemmTimeS(shape, d);
  return Prediction{shape.flops() / t * 1e-12, "gemm", "TFLOP/s"};
}

std::optional<Prediction> Attention(const CaseReader& c,
                                    const catalog::GpuSpec& gpu,
                                    const catalog::EfficiencySpec& e) {
  perf::AttentionKernel k;
  k.set = perf::FindGemmSet(e, gpu.name, "bf16");
  k.flat_share = e.attention;
  k.kernel_factor = e.attention_kernel;
  k.peak_flops = gpu.bf16_dense_flops;
  const double s = c.Num("seq_len");
  const double d = c.Num("head_dim");
  const bool causal = c.Bool("causal", false);
  // One head of one sequence; the share does not depend on how many.
  const double flops = 4 * s * s * d * (causal ? 0.5 : 1.0);
  const std::string pass = c.Str("pass", "forward");
  double t = 0;
  double pass_flops = flops;
  if (pass == "forward") {
    t = perf::AttentionForwardS(k, flops, s, d, causal);
  } else if (pass == "backward") {
    t = perf::AttentionBackwardS(k, flops, s, d, causal);
    pass_flops = 2.5 * flops;
  } else {
    c.Fail("pass", "expected forward or backward");
  }
  return Prediction{pass_flops / t * 1e-12, "attention", "TFLOP/s"};
}

std::optional<Prediction> Collective(const CaseReader& c,
                                     const catalog::Catalog& catalog,
                                     const catalog::GpuSpec& gpu,
                                     const catalog::EfficiencySpec& e) {
  const std::string over = c.Str("over", "scale_up");
  perf::Link link;
  if (over == "scale_up") {
    link = {gpu.scale_up_bandwidth_bytes_per_s * e.scale_up,
            e.scale_up_latency_s};
  } else if (over == "scale_out") {
    const catalog::FabricSpec& f =
        c.Entry("fabric", catalog.FindFabric(c.Str("fabric", "ib-ndr400")));
    link = {f.bandwidth_bytes_per_s_per_gpu * e.scale_out, f.latency_s};
  } else {
    c.Fail("over", "expected scale_up or scale_out");
  }
  const int n = c.Int("ranks");
  if (n < 2) c.Fail("ranks", "expected at least 2");
  const double bytes = c.Num("bytes");
  const std::string op = c.Str("op");
  double t = 0;
  double factor = 0;  // nccl-tests' bus bandwidth over algorithm bandwidth
  if (op == "all_reduce") {
    t = perf::RingAllReduceS(bytes, n, link);
    factor = 2.0 * (n - 1) / n;
  } else if (op == "all_gather") {
    t = perf::AllGatherS(bytes, n, link);
    factor = (n - 1.0) / n;
  } else if (op == "reduce_scatter") {
    t = perf::ReduceScatterS(bytes, n, link);
    factor = (n - 1.0) / n;
  } else {
    c.Fail("op", "expected all_reduce, all_gather or reduce_scatter");
  }
  return Prediction{bytes / t * factor * 1e-9, "collectives", "bus GB/s"};
}

}  // namespace

std::optional<Prediction> PredictKernel(const std::string& kind,
                                        const CaseReader& c,
                                        const catalog::Catalog& catalog) {
  if (kind != "gemm" && kind != "attention" && kind != "collective") {
    return std::nullopt;
  }
  const catalog::GpuSpec& gpu = c.Entry("gpu", catalog.FindGpu(c.Str("gpu")));
  const catalog::EfficiencySpec& e =
      c.Entry("efficiency",
              catalog.FindEfficiency(c.Str("efficiency", "megatron-bf16")));
  if (kind == "gemm") return Gemm(c, gpu, e);
  if (kind == "attention") return Attention(c, gpu, e);
  return Collective(c, catalog, gpu, e);
}

}  // namespace kardashev::validate::internal
