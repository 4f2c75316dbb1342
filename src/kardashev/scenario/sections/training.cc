// The [[training]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/perf/training_step.h"
#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"
#include "kardashev/training/job.h"

namespace kardashev::scenario {

using keys::Bool;
using keys::Choices;
using keys::Default;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

namespace {

std::vector<Choice<training::FaultTolerance>> FaultToleranceChoices() {
  return {{"gang", training::FaultTolerance::kGang},
          {"replica", training::FaultTolerance::kReplica},
          {"elastic", training::FaultTolerance::kElastic}};
}

std::vector<Choice<bool>> CheckpointChoices() {
  return {{"storage", false}, {"memory", true}};
}

std::vector<Choice<perf::Recompute>> RecomputeChoices() {
  return {{"none", perf::Recompute::kNone},
          {"selective", perf::Recompute::kSelective},
          {"full", perf::Recompute::kFull}};
}

std::vector<Choice<perf::MoeOverlap>> MoeOverlapChoices() {
  return {{"none", perf::MoeOverlap::kNone},
          {"two-batch", perf::MoeOverlap::kTwoBatch},
          {"dualpipe", perf::MoeOverlap::kDualPipe}};
}

// The job's parallel plan, dp from its GPUs.
perf::ParallelPlan ReadPlan(const Reader& r, std::int64_t gpus,
                            std::string_view gpus_key) {
  perf::ParallelPlan p;
  p.tp = r.Int("tp");
  p.pp = r.Int("pp");
  p.cp = r.Int("cp");
  p.ep = r.Int("ep");
  p.virtual_stages = r.Int("virtual_stages");
  p.micro_batch_sequences = r.Int("micro_batch_sequences");
  p.zero_stage = r.Int("zero_stage");
  p.recompute = r.Enum("recompute", RecomputeChoices());
  p.precision = r.Enum("precision", PrecisionChoices());
  p.tp_comm_overlap = r.Bool("tp_comm_overlap");
  p.moe_overlap = r.Enum("moe_overlap", MoeOverlapChoices());
  const std::int64_t model_parallel =
      static_cast<std::int64_t>(p.tp) * p.pp * p.cp;
  if (gpus % model_parallel != 0) {
    r.Fail(gpus_key,
           fmt::format("expected a multiple of tp x pp x cp = {}, got {}",
                       model_parallel, gpus));
  }
  p.dp = static_cast<int>(gpus / model_parallel);
  return p;
}

// What the step-time model takes: catalog entries, lengths and the plan. A
// plan that does not fit in memory is refused here, at the job's `gpus`.
perf::TrainingStepInput ReadStep(const Reader& r, const ReadContext& in,
                                 const catalog::ModelSpec& model,
                                 const fleet::ClusterConfig& cluster,
                                 std::int64_t gpus) {
  perf::TrainingStepInput step = ReadTrainingPlan(r, in, model, gpus, "gpus");
  step.gpu = cluster.gpu;
  if (!cluster.fabric) {
    r.Fail("cluster",
           fmt::format("cluster \"{}\" has no fabric; a training job needs "
                       "one (set its `fabric` key)",
                       cluster.name));
  }
  step.fabric = *cluster.fabric;
  try {
    perf::CheckTrainingPlan(step);
  } catch (const perf::PlanError& e) {
    throw ScenarioError(
        r.Where("gpus"), r.Path("gpus"),
        fmt::format("the training plan is refused: {}", e.what()));
  }
  return step;
}

}  // namespace

void CheckGroups(const Reader& r, const perf::ParallelPlan& p, int node_gpus) {
  const std::int64_t group = static_cast<std::int64_t>(p.tp) * p.pp * p.cp;
  const std::int64_t node = node_gpus;
  if (group % node != 0 && node % group != 0) {
    r.Fail("fault_tolerance",
           fmt::format("replica groups of tp x pp x cp = {} GPUs must be "
                       "whole {}-GPU nodes, or divide a node",
                       group, node));
  }
  // A rejoining group copies its state from a peer group, which holds it only
  // when no state is sharded across the data-parallel replicas.
  if (p.zero_stage > 0) {
    r.Fail("fault_tolerance",
           fmt::format("a replica group rejoins from a peer group's copy of "
                       "the model and optimizer state, but zero_stage = {} "
                       "shards that state across the data-parallel replicas; "
                       "set zero_stage = 0, or fault_tolerance = \"gang\"",
                       p.zero_stage));
  }
}

void ReadTrainingValue(const Reader& r, TrainingSpec& j) {
  j.value_usd_per_million_tokens = r.Number("value_usd_per_million_tokens");
  j.value_usd_per_run = r.Number("value_usd_per_run");
  if (j.value_usd_per_run > 0 && j.value_usd_per_million_tokens > 0) {
    r.Fail("value_usd_per_run",
           "set value_usd_per_run or value_usd_per_million_tokens, not both: "
           "each values the same tokens");
  }
  if (j.value_usd_per_run > 0 && j.target_tokens <= 0) {
    r.Fail("value_usd_per_run",
           "a value per run needs target_tokens > 0 (the run's end); a job "
           "that trains to the horizon is valued with "
           "value_usd_per_million_tokens");
  }
}

std::vector<KeyDecl> TrainingPlanKeys() {
  return {
      Range(Int("seq_len", "tokens", "Sequence length."), 1, 10'000'000,
            "up to ten million tokens, beyond the longest trained "
            "context"),
      Range(Num("global_batch_tokens", "tokens", "Tokens per optimizer step."),
            1, 1e10, "up to 10^10 tokens, about 600 times Llama 3 405B's 16M"),
      DefaultInt(Range(Int("tp", "", "Tensor-parallel degree."), 1, 1024,
                       "up to 1,024 GPUs, beyond any scale-up domain"),
                 perf::ParallelPlan{}.tp),
      DefaultInt(Range(Int("pp", "", "Pipeline-parallel degree."), 1, 4096,
                       "up to 4,096 stages, beyond any model's layers"),
                 perf::ParallelPlan{}.pp),
      DefaultInt(Range(Int("cp", "", "Context-parallel degree."), 1, 4096,
                       "up to 4,096 GPUs per sequence"),
                 perf::ParallelPlan{}.cp),
      DefaultInt(Range(Int("ep", "",
                           "Expert-parallel degree (within data parallelism)."),
                       1, 4096, "up to 4,096 GPUs, beyond any model's experts"),
                 perf::ParallelPlan{}.ep),
      DefaultInt(
          Range(Int("virtual_stages", "",
                    "Interleaved pipeline chunks per stage (1: plain 1F1B)."),
                1, 1024, "up to 1,024 chunks, beyond any model's layers"),
          perf::ParallelPlan{}.virtual_stages),
      DefaultInt(Range(Int("micro_batch_sequences", "sequences",
                           "Sequences per micro-batch."),
                       1, 65536, "up to 65,536 sequences, beyond any batch"),
                 perf::ParallelPlan{}.micro_batch_sequences),
      DefaultInt(Range(Int("zero_stage", "",
                           "ZeRO stage of the data-parallel optimizer."),
                       0, 3, "ZeRO has stages 0 to 3"),
                 perf::ParallelPlan{}.zero_stage),
      DefaultStr(
          Choices(Str("recompute", "Activation recomputation."),
                  ChoiceNames(RecomputeChoices())),
          ChoiceName(RecomputeChoices(), perf::ParallelPlan{}.recompute)),
      DefaultStr(
          Choices(Str("precision", "Precision of the matrix multiplies."),
                  ChoiceNames(PrecisionChoices())),
          ChoiceName(PrecisionChoices(), perf::ParallelPlan{}.precision)),
      Bool("tp_comm_overlap", perf::ParallelPlan{}.tp_comm_overlap,
           "Tensor-parallel collectives overlap the GEMMs (the efficiency "
           "set's tp_overlap share is hidden); false exposes them all."),
      DefaultStr(
          Choices(Str("moe_overlap",
                      "How the expert all-to-alls meet compute: none "
                      "(exposed), two-batch (under the other micro-batch's "
                      "compute) or dualpipe (DeepSeek-V3's schedule: also "
                      "the pipeline sends, half the bubble, two weight "
                      "copies; an even pp)."),
                  ChoiceNames(MoeOverlapChoices())),
          ChoiceName(MoeOverlapChoices(), perf::ParallelPlan{}.moe_overlap)),
      DefaultStr(Str("efficiency",
                     "Catalog efficiency set of the training stack "
                     "(kardashev catalog "
                     "efficiency)."),
                 "megatron-bf16"),
      Default(Range(Num("checkpoint_interval_hours", "hours",
                        "Training time between checkpoints; 0 for the "
                        "Young/Daly optimum "
                        "from the job's failure rate."),
                    0, keys::kHoursPerYear,
                    "0 (the optimum), or from a minute (a shorter one "
                    "leaves no time to train) to a year"),
              training::TrainingJobConfig{}.checkpoint_interval_s /
                  sim::kSecondsPerHour),
      Default(Range(Num("checkpoint_write_gb_per_s", "GB/s",
                        "Storage write bandwidth for checkpoints (a "
                        "checkpoint holds BF16 weights and FP32 Adam state: "
                        "14 bytes per parameter). Required with checkpoint = "
                        "\"storage\"; 0: none (checkpoints to memory)."),
                    0, 1e6,
                    "0 (none), or from 10 MB/s to 1 PB/s, beyond any storage "
                    "system"),
              0),
      Default(Range(Num("restart_minutes", "minutes",
                        "Time of a whole-job restart: detect, reschedule, "
                        "reload the checkpoint, warm up; 0 for the sum of "
                        "the recovery set's parts (set, it replaces that "
                        "sum, its parts scaled alike)."),
                    0, keys::kMinutesPerWeek, "from instant to a week"),
              0),
      DefaultStr(Choices(Str("fault_tolerance",
                             "What a node failure stops: the whole job "
                             "(gang), only its replica group of tp x pp x "
                             "cp GPUs (replica), or as replica and the job "
                             "re-forms fewer whole groups when no spare is "
                             "free (elastic)."),
                         ChoiceNames(FaultToleranceChoices())),
                 "gang"),
      DefaultStr(Str("recovery",
                     "Catalog recovery set: detection, rescheduling and "
                     "warm-up of a restart (data/catalog/recovery.toml)."),
                 "storage-restart"),
      DefaultStr(Choices(Str("checkpoint",
                             "Where checkpoints go: storage (blocking "
                             "write at checkpoint_write_gb_per_s) or "
                             "memory (to host memory, copied to a peer "
                             "and persisted in the background)."),
                         ChoiceNames(CheckpointChoices())),
                 "storage"),
  };
}

std::vector<KeyDecl> TrainingValueKeys() {
  return {
      Default(Range(Num("value_usd_per_million_tokens", "USD/Mtok",
                        "What a million trained tokens are worth to you "
                        "(e.g. the cost of training them elsewhere); an "
                        "imputed value, not cash, in the ledger's "
                        "training_value_usd and the NPV. 0: not valued."),
                    0, 1e6,
                    "up to $1M per million tokens, far above any "
                    "training cost (dollars per million)"),
              0),
      Default(Range(Num("value_usd_per_run", "USD",
                        "What finishing target_tokens is worth to you, "
                        "credited in the month the job finishes (nothing "
                        "if it does not); instead of "
                        "value_usd_per_million_tokens. 0: not valued."),
                    0, 1e13, "up to $10 trillion, beyond any model's worth"),
              0),
  };
}

// The slowest storage a checkpoint may be written to: 10 MB/s.
constexpr double kMinCheckpointWriteBytesPerS = 0.01e9;

perf::TrainingStepInput ReadTrainingPlan(const Reader& r, const ReadContext& in,
                                         const catalog::ModelSpec& model,
                                         std::int64_t gpus,
                                         std::string_view gpus_key) {
  perf::TrainingStepInput step;
  step.efficiency =
      CatalogEntry(r, "efficiency", "efficiency set",
                   in.catalog.FindEfficiency(r.String("efficiency")),
                   in.catalog.efficiencies());
  step.model = model;
  step.seq_len = r.Int("seq_len");
  step.global_batch_tokens = r.Number("global_batch_tokens");
  step.plan = ReadPlan(r, gpus, gpus_key);
  return step;
}

void ReadTrainingResilience(const Reader& r, const ReadContext& in,
                            TrainingSpec& j) {
  j.checkpoint_write_bytes_per_s = r.Number("checkpoint_write_gb_per_s") * 1e9;
  j.checkpoint_interval_s =
      r.Number("checkpoint_interval_hours") * sim::kSecondsPerHour;
  if (j.checkpoint_interval_s > 0 &&
      j.checkpoint_interval_s < keys::kSecondsPerMinute) {
    r.Fail("checkpoint_interval_hours",
           fmt::format("expected 0 (the Young/Daly optimum) or at least a "
                       "minute ({:.10g} hours), got {:.10g}",
                       keys::kSecondsPerMinute / sim::kSecondsPerHour,
                       j.checkpoint_interval_s / sim::kSecondsPerHour));
  }
  j.restart_s = r.Number("restart_minutes") * keys::kSecondsPerMinute;
  j.fault_tolerance = r.Enum("fault_tolerance", FaultToleranceChoices());
  j.recovery = CatalogEntry(r, "recovery", "recovery set",
                            in.catalog.FindRecovery(r.String("recovery")),
                            in.catalog.recoveries());
  j.memory_checkpoint = r.Enum("checkpoint", CheckpointChoices());
  if (!j.memory_checkpoint &&
      j.checkpoint_write_bytes_per_s < kMinCheckpointWriteBytesPerS) {
    r.Fail("checkpoint_write_gb_per_s",
           fmt::format("expected a storage write bandwidth of at least {:g} "
                       "GB/s with checkpoint = \"storage\", got {:.10g}{}",
                       kMinCheckpointWriteBytesPerS * 1e-9,
                       j.checkpoint_write_bytes_per_s * 1e-9,
                       r.Has("checkpoint_write_gb_per_s")
                           ? ""
                           : " (the key is missing: set it, or checkpoint = "
                             "\"memory\")"));
  }
}

SectionDecl TrainingSection() {
  std::vector<KeyDecl> k = {
      Str("name", "Unique name of the job."),
      DefaultStr(
          Str("tenant", "The [[tenant]] that runs it; \"\" for the owner."),
          ""),
      Str("cluster", "The [[cluster]] whose nodes it runs on."),
      Str("model", "Catalog model (kardashev catalog models)."),
      Range(Int("gpus", "GPUs",
                "GPUs of the job: whole nodes, divisible by tp x pp x cp "
                "(the rest is "
                "data parallelism)."),
            1, keys::kMaxGpus, keys::kGpusReason),
  };
  for (KeyDecl& d : TrainingPlanKeys()) k.push_back(std::move(d));
  for (KeyDecl& d : std::vector<KeyDecl>{
           Default(Range(Num("target_tokens", "tokens",
                             "Tokens to train; the job ends when they are "
                             "reached (0: train "
                             "to the horizon)."),
                         0, 1e16,
                         "up to 10^16 tokens, over 600 times Llama 3's 15T"),
                   training::TrainingJobConfig{}.target_tokens),
           Default(Range(Num("gpu_utilization", "fraction",
                             "Power draw while training, as a share of the "
                             "idle-to-TDP range "
                             "(default: at TDP)."),
                         0, 1, keys::kShareReason),
                   training::TrainingJobConfig{}.gpu_utilization),
           DefaultInt(
               Range(Int("priority", "",
                         "A serving [[demand]] of higher priority on the "
                         "same cluster may preempt the job."),
                     0, 1000, keys::kPriorityReason),
               training::TrainingJobConfig{}.priority),
       }) {
    k.push_back(std::move(d));
  }
  for (KeyDecl& d : TrainingValueKeys()) k.push_back(std::move(d));
  k.push_back(
      Bool("enabled", true, "false drops the job (useful in variants)."));
  return SectionDecl{
      "training", true,
      "A training job: a gang of whole nodes of one cluster, interrupted by "
      "any failure of them, restarting from its last checkpoint.",
      std::move(k)};
}

std::vector<Choice<perf::Precision>> PrecisionChoices() {
  return {{"bf16", perf::Precision::kBf16},
          {"fp8", perf::Precision::kFp8},
          {"fp4", perf::Precision::kFp4}};
}

void ReadTraining(const ReadContext& in, GpuClaims& claims, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "training")) {
    const std::string tenant = ResolveTenant(r, s, true);
    const int cluster = ResolveCluster(r, s);
    const catalog::ModelSpec& model = CatalogEntry(
        r, "model", "model", in.catalog.FindModel(r.String("model")),
        in.catalog.models());
    if (!r.Bool("enabled")) continue;
    TrainingSpec j;
    j.name = r.String("name");
    j.tenant = tenant;
    j.model = r.String("model");
    j.cluster = cluster;
    j.gpus = claims.Claim(r, s.clusters[cluster], cluster);
    j.node_gpus = s.clusters[cluster].node.gpus;
    j.step = ReadStep(r, in, model, s.clusters[cluster], j.gpus);
    ReadTrainingResilience(r, in, j);
    if (j.fault_tolerance != training::FaultTolerance::kGang) {
      CheckGroups(r, j.step.plan, s.clusters[cluster].node.gpus);
    }
    j.target_tokens = r.Number("target_tokens");
    j.gpu_utilization = r.Number("gpu_utilization");
    j.priority = r.Int("priority");
    ReadTrainingValue(r, j);
    s.training.push_back(std::move(j));
  }
}

}  // namespace kardashev::scenario
