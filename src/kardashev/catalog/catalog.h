// The Catalog holds the hardware and model specifications that scenarios name:
// GPUs, nodes (servers or racks of GPUs), scale-out fabrics, transformer
// models, and the failure rates of node components. It is plain data loaded
// from TOML (data/catalog/*.toml, compiled into the binary); every number there
// carries its source or is named an assumption, and each entry keeps its
// `source` text so that reports can cite it.
//
// Loading is strict: a missing or unknown key, a wrong type or a non-positive
// quantity is a CatalogError naming the file, line and key. A loaded Catalog is
// immutable; Extend() makes a new one with a user's entries (from a scenario
// or a user's catalog file) added after the built-in ones, read by the same
// readers. A user entry never replaces another: an entry whose name its kind
// already holds is a CatalogError naming both places.
#ifndef KARDASHEV_CATALOG_CATALOG_H_
#define KARDASHEV_CATALOG_CATALOG_H_

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/catalog/embedded.h"
#include "kardashev/catalog/entry.h"

namespace kardashev::catalog {

struct GpuSpec {
  std::string name;  // e.g. "h100-sxm"
  std::string display;
  std::string vendor;
  double bf16_dense_flops = 0;  // FLOP/s, dense
  double fp8_dense_flops = 0;   // FLOP/s, dense (0 where the GPU has no FP8)
  double fp4_dense_flops = 0;   // FLOP/s, dense (0 where the GPU has no FP4)
  double hbm_bytes = 0;
  double hbm_bandwidth_bytes_per_s = 0;
  double scale_up_bandwidth_bytes_per_s = 0;  // per GPU, per direction
  int scale_up_domain_gpus = 0;
  double tdp_w = 0;
  double idle_w = 0;
  double price_usd = 0;
  std::string source;
};

struct NodeSpec {
  std::string name;  // e.g. "hgx-h100"
  std::string display;
  std::string gpu;  // a GpuSpec name
  int gpus = 0;
  double host_power_w = 0;  // everything but the GPUs, at full load
  double host_idle_w = 0;   // everything but the GPUs, idle
  double price_usd = 0;     // the node without its GPUs
  std::string source;
};

struct FabricSpec {
  std::string name;  // e.g. "ib-ndr400"
  std::string display;
  double bandwidth_bytes_per_s_per_gpu = 0;  // per direction
  double latency_s = 0;
  double price_usd_per_gpu = 0;
  std::string source;
};

struct ModelSpec {
  std::string name;  // e.g. "llama3-405b"
  std::string display;
  int layers = 0;
  int hidden_size = 0;
  int heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  int ffn_hidden_size = 0;
  int vocab_size = 0;
  int max_seq_len = 0;
  int experts = 0;
  int experts_per_token = 0;
  int shared_experts = 0;
  int moe_ffn_hidden_size = 0;
  int dense_layers = 0;
  // Multi-head latent attention (DeepSeek-V2/V3); all 0 for other models. The
  // KV cache holds kv_lora_rank + qk_rope_head_dim values per token and layer;
  // queries pass through a rank-q_lora_rank bottleneck (0: a full projection);
  // each head's query/key has qk_nope_head_dim + qk_rope_head_dim dims and
  // its value v_head_dim.
  int kv_lora_rank = 0;
  int q_lora_rank = 0;
  int qk_rope_head_dim = 0;
  int qk_nope_head_dim = 0;
  int v_head_dim = 0;
  bool gated_mlp = true;
  double published_params = 0;
  double published_active_params = 0;
  std::string source;
};

// How a GPU generation's GEMM kernels run at one precision, as a function of
// the GEMM's shape (see perf/gemm_efficiency.h), and its attention kernels
// (see perf/attention.h; read from the generation's "bf16" set, since
// attention runs in BF16 whatever the GEMM precision).
struct GemmEfficiencySpec {
  std::string name;       // e.g. "hopper-bf16"
  std::string gpus;       // the GpuSpec names it covers, space-separated
  std::string precision;  // "bf16" or "fp8"
  // Share of the dense peak a long-K GEMM reaches on the largest output
  // tile (128 x 256), all SMs busy.
  double peak_share = 0;
  // A tile of tm x tn outputs reuses each operand byte a = tm tn / (tm + tn)
  // times; it runs at (a / (a + tile_reuse_half)) over the largest tile's
  // value of that ratio. Smaller tiles trade efficiency for more of them.
  double tile_reuse_half = 0;
  // Per-tile prologue and epilogue (pipeline fill, writing the output), in
  // K-elements of main-loop time: a short K reaches less of peak.
  double tile_k_overhead = 0;
  double hbm_share = 0;  // of HBM bandwidth, streaming the operands
  double launch_s = 0;   // fixed time per GEMM (launch, tail)
  int sms = 0;           // streaming multiprocessors that run output tiles
  // Flash attention (perf/attention.h): the forward pass's share of the BF16
  // dense peak at long sequences and large head dimensions, the backward
  // pass's ratio to the forward's share, the key length per query tile at
  // which a tile reaches half of that (prologue, softmax rescaling), and the
  // head dimension at which the share halves.
  double attention_share = 0;
  double attention_backward_ratio = 0;
  double attention_kv_half_tokens = 0;
  double attention_head_dim_half = 0;
  std::string source;
};

// Achievable efficiencies of a training software stack (see
// data/catalog/efficiency.toml): shares of peak FLOP/s, bandwidth and memory,
// and the share of each kind of communication hidden behind compute.
struct EfficiencySpec {
  std::string name;  // e.g. "megatron-bf16"
  std::string display;
  double gemm = 0;       // large matrix multiplies
  double attention = 0;  // flash attention, causal (GPUs no gemm set covers)
  // Share of the generation's flash-attention throughput (its bf16 set's
  // attention_share) that this stack's attention kernels reach.
  double attention_kernel = 0;
  double hbm = 0;  // small element-wise ops, memory-bound
  // Bytes each token moves per layer in small ops, in units of hidden_size x 2
  // bytes, forward.
  double small_op_bytes_per_hidden = 0;
  double scale_up = 0;  // share of NVLink bandwidth reached in collectives
  double scale_up_latency_s = 0;
  double scale_out = 0;  // share of the fabric's bandwidth reached
  double tp_overlap = 0;
  double cp_overlap = 0;
  double ep_overlap = 0;
  double pp_overlap = 0;
  double dp_overlap = 0;
  double usable_hbm = 0;  // share of HBM available to the job
  // CPU-side launch and synchronisation cost of one micro-batch's forward and
  // backward pass, not hidden behind GPU work.
  double micro_batch_overhead_s = 0;
  // Bytes the optimizer step reads and writes per parameter it updates
  // (weights, gradients, Adam moments, master weights), at `hbm` efficiency.
  double optimizer_bytes_per_param = 0;
  // Shape-dependent GEMM and attention efficiencies by GPU generation and
  // precision (every [[gemm_efficiency]] entry of the catalog); a GPU none
  // covers uses `gemm` and `attention`.
  std::vector<GemmEfficiencySpec> gemm_sets;
  std::string source;
};

// Achievable efficiencies of an inference server (see
// data/catalog/efficiency.toml).
struct InferenceEfficiencySpec {
  std::string name;  // e.g. "vllm-fp8"
  std::string display;
  double gemm = 0;       // share of peak FLOP/s in matrix multiplies
  double hbm = 0;        // share of HBM bandwidth reading weights and KV cache
  double attention = 0;  // share of peak FLOP/s in attention
  double scale_up =
      0;  // share of NVLink bandwidth in tensor-parallel all-reduces
  double scale_up_latency_s = 0;
  // Framework overhead of one iteration (scheduling, sampling,
  // detokenisation, kernel launches): a fixed part plus a part per sequence in
  // the batch, of which the share cpu_overlap runs behind the GPU's work.
  double step_overhead_s = 0;
  double overhead_per_sequence_s = 0;
  double cpu_overlap = 0;
  // Share of the expert-parallel all-to-all hidden behind computation (two
  // micro-batches in flight), share of the fabric's bandwidth it reaches, and
  // the busiest GPU's expert load over the mean.
  double ep_overlap = 0;
  double scale_out = 0;
  double expert_imbalance = 1;
  double memory_share =
      0;  // share of HBM the server may use (weights + KV cache)
  std::string source;
  // Every [[gemm_efficiency]] set of the catalog: the GEMM kernels of the
  // GPUs they cover (the flat `gemm` share serves the others).
  std::vector<GemmEfficiencySpec> gemm_sets;
};

// One way a node's repair ends (reset or reboot, a part swapped on site, the
// node sent for return-merchandise repair, maintenance), with its share of a
// component's failures and a lognormal time out of service (data/catalog/
// repair.toml).
struct RepairOutcome {
  std::string name;  // e.g. "reset"
  double share = 0;  // of the component's failures; a component's sum to 1
  double median_h = 0;
  double sigma = 0;  // of the log of the hours
};

// One cause of node interruption, with its rate per GPU-hour (so that rates
// scale with the number of GPUs) and how its repairs end: the repair mix of
// its category (data/catalog/repair.toml).
struct FailureComponent {
  std::string name;  // e.g. "faulty-gpu"
  std::string category;
  bool planned = false;
  // Whether a failure stops every rank of a job whatever its fault-tolerance
  // mode ("job"), or only the ranks on the failed node ("node").
  bool job_scope = false;
  int llama3_count = 0;
  double rate_per_gpu_hour = 0;
  std::vector<RepairOutcome> repair;
  std::string source;
};

// What a restart is made of beyond its state load (see
// data/catalog/recovery.toml): a classic restart from storage, or an in-job
// recovery system with hot spares and in-memory state.
struct RecoverySpec {
  std::string name;  // e.g. "storage-restart"
  std::string display;
  double detection_s = 0;     // from the fault to knowing which node failed
  double rescheduling_s = 0;  // relaunching on whole nodes
  double warmup_s = 0;        // communicators, compilation, data loader
  // GPU-to-host-memory copy rate of in-memory checkpoints (save and restore).
  double host_copy_bytes_per_s_per_gpu = 0;
  std::string source;
};

// Where a catalog entry was written, and whether a user gave it.
struct EntryOrigin {
  std::string table;  // "gpu", "node", ...
  std::string name;
  SourcePos where;
  bool user = false;
};

// The tables a user may add entries to: gpu, node, fabric, model, efficiency,
// gemm_efficiency, inference_efficiency and recovery (not the failure model's
// tables, which describe the whole fleet's failure statistics).
const std::vector<std::string_view>& UserTables();

class Catalog {
 public:
  // Loads the catalog compiled into the binary. Throws CatalogError if it is
  // malformed.
  static Catalog LoadEmbedded();

  // Loads a catalog from files given as (path, text). Throws CatalogError.
  static Catalog Load(const std::vector<EmbeddedFile>& files);

  // This catalog with `entries` added, in order, as user entries. Throws
  // CatalogError at the first entry that is malformed, is of a table not in
  // UserTables(), has a name its table already holds (built-in or user), or
  // (a node) names a GPU the result does not hold.
  Catalog Extend(const std::vector<Entry>& entries) const;

  // Where the entry `name` of `table` came from; nullptr when absent.
  const EntryOrigin* Origin(std::string_view table,
                            std::string_view name) const;
  // Whether any entry came from a user.
  bool has_user_entries() const;

  // Lookups by name; nullptr when absent.
  const GpuSpec* FindGpu(std::string_view name) const;
  const NodeSpec* FindNode(std::string_view name) const;
  // The first node (in catalog order) built around GPU `gpu`, or nullptr.
  const NodeSpec* FirstNodeWithGpu(std::string_view gpu) const;
  const FabricSpec* FindFabric(std::string_view name) const;
  const ModelSpec* FindModel(std::string_view name) const;
  const EfficiencySpec* FindEfficiency(std::string_view name) const;
  const InferenceEfficiencySpec* FindInferenceEfficiency(
      std::string_view name) const;
  const RecoverySpec* FindRecovery(std::string_view name) const;

  const std::vector<GpuSpec>& gpus() const { return gpus_; }
  const std::vector<NodeSpec>& nodes() const { return nodes_; }
  const std::vector<FabricSpec>& fabrics() const { return fabrics_; }
  const std::vector<ModelSpec>& models() const { return models_; }
  const std::vector<FailureComponent>& failure_components() const {
    return failures_;
  }
  const std::vector<EfficiencySpec>& efficiencies() const {
    return efficiencies_;
  }
  const std::vector<InferenceEfficiencySpec>& inference_efficiencies() const {
    return inference_efficiencies_;
  }
  const std::vector<RecoverySpec>& recoveries() const { return recoveries_; }
  const std::vector<GemmEfficiencySpec>& gemm_efficiencies() const {
    return gemm_sets_;
  }

 private:
  // Reads `entry` into its table. REQUIRES: its table is a UserTables() one.
  void Add(const Entry& entry, bool user);
  // Gives every training stack every GEMM set; checks nodes' GPUs.
  void Link();

  std::vector<GpuSpec> gpus_;
  std::vector<NodeSpec> nodes_;
  std::vector<FabricSpec> fabrics_;
  std::vector<ModelSpec> models_;
  std::vector<FailureComponent> failures_;
  std::vector<EfficiencySpec> efficiencies_;
  std::vector<InferenceEfficiencySpec> inference_efficiencies_;
  std::vector<RecoverySpec> recoveries_;
  std::vector<GemmEfficiencySpec> gemm_sets_;
  std::vector<EntryOrigin> origins_;
};

// A comma-separated list of the names in `items`, for "expected one of ..."
// messages.
template <typename T>
std::string NameList(const std::vector<T>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item.name;
  }
  return out;
}

}  // namespace kardashev::catalog

#endif  // KARDASHEV_CATALOG_CATALOG_H_
