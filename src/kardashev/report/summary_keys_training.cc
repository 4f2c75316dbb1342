// The summary.json keys of training jobs: outcomes, fault tolerance and the
// step-time breakdown (see report/summary_key_blocks.h).
#include "kardashev/report/summary_key_blocks.h"

namespace kardashev::report::summary_keys {

namespace {

using enum OutputKind;

void AddTrainingFaultTolerance(std::vector<OutputKey>& out);

}  // namespace

void AddTraining(std::vector<OutputKey>& out) {
  Add(out, "variants[].training[].",
      {
          {"name", "-", kLabel, "Job name."},
          {"tenant", "-", kLabel, "Tenant that runs the job."},
          {"model", "-", kLabel, "Catalog model trained."},
          {"gpus", "GPUs", kSetting, "GPUs in the job's gang."},
          {"mfu", "1", kHorizonFigure,
           "Model FLOPs utilisation while training."},
          {"hfu", "1", kHorizonFigure,
           "Hardware FLOPs utilisation (recomputation counted)."},
          {"step_time_s", "s", kSetting, "Time of one training step."},
          {"tokens_per_s", "tokens/s", kRate,
           "While training, without interruptions."},
          {"tokens_trained", "tokens", kHorizonTotal, "Tokens trained."},
          {"interruptions.total", "count", kHorizonTotal, "Interruptions."},
          {"interruptions.unexpected", "count", kHorizonTotal,
           "From failures."},
          {"interruptions.planned", "count", kHorizonTotal,
           "From maintenance."},
          {"interruptions.by_cause.*", "count", kHorizonTotal,
           "Interruptions by failure category."},
          {"ettr", "1", kHorizonFigure,
           "Effective training time ratio: training time kept / time the job "
           "existed."},
          {"cost_usd_per_million_tokens", "USD", kHorizonFigure,
           "Fleet cost per GPU-hour x GPUs x hours held / million tokens "
           "trained."},
          {"time_to_train_s", "s", kHorizonFigure,
           "To the target tokens; extrapolated at this ETTR if not reached."},
          {"finished", "-", kLabel, "Whether the target was reached."},
          {"checkpoint_interval_s", "s", kSetting, "Between checkpoints."},
          {"checkpoint_write_s", "s", kSetting, "To write one checkpoint."},
          {"mtbi_s", "s", kSetting,
           "Expected mean time between interruptions, from the failure rates."},
      });
  Add(out, "variants[].training[].",
      {
          {"time_s.training", "s", kHorizonTotal, "Training time kept."},
          {"time_s.lost_work", "s", kHorizonTotal,
           "Work lost since the last checkpoint."},
          {"time_s.checkpointing", "s", kHorizonTotal, "Writing checkpoints."},
          {"time_s.restarting", "s", kHorizonTotal, "Restarting."},
          {"time_s.waiting_for_nodes", "s", kHorizonTotal,
           "Waiting for a whole gang."},
          {"time_s.power_throttled", "s", kHorizonTotal,
           "Training time lost to power shedding."},
          {"placement.min_pods", "pods", kSetting,
           "The fewest network pods its nodes could fill."},
          {"placement.max_pods_spanned", "pods", kHorizonFigure,
           "The most pods its nodes spanned at once."},
          {"placement.pods_spanned_end", "pods", kHorizonFigure,
           "Pods spanned at the end of the horizon."},
          {"preemptions.total", "count", kHorizonTotal,
           "Stopped whole for a higher-priority service."},
          {"preemptions.lost_work_s", "s", kHorizonTotal,
           "Work lost to preemptions."},
          {"preemptions.waiting_s", "s", kHorizonTotal,
           "Waiting to be whole again after preemptions."},
          {"preemptions.restart_s", "s", kHorizonTotal,
           "Restarts after preemptions."},
      });
  AddTrainingFaultTolerance(out);
}

namespace {

void AddTrainingFaultTolerance(std::vector<OutputKey>& out) {
  Add(out, "variants[].training[].",
      {
          {"time_share.training", "1", kHorizonFigure,
           "Share of the job's existence (GPU time) training, kept."},
          {"time_share.lost_work", "1", kHorizonFigure, "Share lost."},
          {"time_share.checkpointing", "1", kHorizonFigure,
           "Share checkpointing."},
          {"time_share.restarting", "1", kHorizonFigure, "Share restarting."},
          {"time_share.waiting_for_nodes", "1", kHorizonFigure,
           "Share waiting for nodes."},
          {"time_share.power_throttled", "1", kHorizonFigure,
           "Share lost to power shedding."},
          {"fault_tolerance.mode", "-", kLabel,
           "gang, replica or elastic: what a node failure stops."},
          {"fault_tolerance.recovery", "-", kLabel, "Catalog recovery set."},
          {"fault_tolerance.checkpoint", "-", kLabel,
           "storage or memory: where checkpoints go."},
          {"fault_tolerance.failure_domains", "count", kSetting,
           "Units whose node failure stops the same replica groups."},
          {"fault_tolerance.job_restarts", "count", kHorizonTotal,
           "Whole-job restarts begun."},
          {"fault_tolerance.group_rejoins", "count", kHorizonTotal,
           "Replica groups rejoined from a peer group."},
          {"fault_tolerance.mean_width", "1", kHorizonFigure,
           "Fielded share of the replica groups while running."},
          {"fault_tolerance.reduced_width_share", "1", kHorizonFigure,
           "Share of the running time below full data-parallel width."},
          {"fault_tolerance.restart_s.*", "s", kSetting,
           "One whole-job restart: detection, rescheduling, state_load, "
           "warmup, total."},
          {"fault_tolerance.rejoin_s.*", "s", kSetting,
           "One group rejoin from a peer: detection, rescheduling, "
           "state_load, warmup, total."},
          {"fault_tolerance.restarting_s.job", "s", kHorizonTotal,
           "Of time_s.restarting: whole-job restarts."},
          {"fault_tolerance.restarting_s.rejoin", "s", kHorizonTotal,
           "Of time_s.restarting: group rejoins."},
      });
}

}  // namespace

void AddTrainingStep(std::vector<OutputKey>& out) {
  Add(out, "variants[].training[].step.",
      {
          {"time_s", "s", kSetting,
           "Step time of the job's plan: the compute_s, exposed_comm_s and "
           "bubble_s parts below sum to it."},
          {"micro_batches", "count", kSetting,
           "Micro-batches per data-parallel rank per step."},
          {"tokens", "tokens", kSetting, "Tokens per step."},
          {"compute_s.gemm", "s", kSetting,
           "Matrix multiplies, forward and backward, all micro-batches."},
          {"compute_s.attention", "s", kSetting, "Attention (BF16)."},
          {"compute_s.elementwise", "s", kSetting,
           "Memory-bound ops: norms, activations, residuals, FP8 casts."},
          {"compute_s.recompute", "s", kSetting,
           "Recomputed forward pass (activation recomputation)."},
          {"compute_s.optimizer", "s", kSetting,
           "Optimizer step over the parameters the GPU updates."},
          {"compute_s.framework", "s", kSetting,
           "Launch and synchronisation overhead of the micro-batches."},
          {"exposed_comm_s.tp", "s", kSetting,
           "Tensor-parallel communication not hidden behind compute."},
          {"exposed_comm_s.cp", "s", kSetting, "Context-parallel, exposed."},
          {"exposed_comm_s.ep", "s", kSetting, "Expert all-to-all, exposed."},
          {"exposed_comm_s.pp", "s", kSetting,
           "Pipeline point-to-point, exposed."},
          {"exposed_comm_s.dp", "s", kSetting,
           "Data-parallel gradient and parameter exchange, exposed."},
          {"bubble_s", "s", kSetting, "Pipeline bubble."},
          {"bubble_fraction", "1", kSetting,
           "Bubble share of the pipelined time."},
          {"memory_per_gpu_bytes.weights", "bytes", kSetting,
           "Weights each GPU holds."},
          {"memory_per_gpu_bytes.gradients", "bytes", kSetting,
           "Gradients each GPU holds."},
          {"memory_per_gpu_bytes.optimizer", "bytes", kSetting,
           "Optimizer state each GPU holds."},
          {"memory_per_gpu_bytes.activations", "bytes", kSetting,
           "Activations held for the backward pass."},
          {"memory_per_gpu_bytes.total", "bytes", kSetting,
           "All of the above."},
          {"memory_per_gpu_bytes.capacity", "bytes", kSetting,
           "HBM usable by the job."},
      });
}

}  // namespace kardashev::report::summary_keys
