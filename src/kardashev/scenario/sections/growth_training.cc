// The [[growth_training]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/perf/training_step.h"
#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Default;
using keys::DefaultInt;
using keys::Int;
using keys::Range;
using keys::Str;

SectionDecl GrowthTrainingSection() {
  const SectionDecl training = TrainingSection();
  std::vector<KeyDecl> k = {
      Str("name", "Unique name of the job."),
      keys::Bool("enabled", true, "false drops the job (useful in variants)."),
      Str("model", "Catalog model (kardashev catalog models)."),
      keys::StrList("sites",
                    "Ground or orbital sites whose pools may train it; each "
                    "month it takes the pool that trains it fastest."),
      DefaultInt(Range(Int("max_gpus", "GPUs",
                           "Most GPUs it takes; 0: every GPU left in its "
                           "pool."),
                       0, keys::kMaxGpus, keys::kGpusReason),
                 0),
      Range(Int("reference_gpus", "GPUs",
                "GPU count the plan (dp) is evaluated at on each generation; "
                "divisible by tp x pp x cp."),
            1, keys::kMaxGpus, keys::kGpusReason),
      keys::Month("start_month", 0, "First month it may train."),
      DefaultInt(Range(Int("end_month", "month",
                           "First month it no longer trains; -1: the "
                           "horizon's end."),
                       -1, keys::kMaxGrowthMonths,
                       "-1 (the horizon's end), or a month of the growth "
                       "horizon"),
                 -1),
  };
  for (KeyDecl& d : TrainingPlanKeys()) k.push_back(std::move(d));
  k.push_back(*training.Find("target_tokens"));
  k.push_back(*training.Find("gpu_utilization"));
  for (KeyDecl& d : TrainingValueKeys()) k.push_back(std::move(d));
  return SectionDecl{"growth_training", true,
                     "Growth level: a training job that takes, each month, "
                     "the GPUs left after leases and serving in one pool.",
                     std::move(k)};
}

namespace {

// An orbital shell trains a job only over its inter-satellite links, and
// only with whole copies of the model on one satellite.
void CheckOrbitalSites(const Reader& r, const GrowthJobSpec& j,
                       const Scenario& s) {
  const auto& plan = j.training.step.plan;
  const std::int64_t copy_gpus =
      static_cast<std::int64_t>(plan.tp) * plan.pp * plan.cp;
  for (int site : j.sites) {
    if (site < static_cast<int>(s.sites.size())) continue;
    const std::size_t shell = site - s.sites.size();
    const OrbitalSpec& o = s.orbital[shell];
    if (s.growth->shells[shell].isl_bytes_per_s <= 0) {
      r.Fail("sites",
             fmt::format("orbital shell \"{}\" has no inter-satellite link "
                         "(isl_gbps = 0), and a training job's gradients "
                         "must cross satellites; set its isl_gbps or train "
                         "elsewhere",
                         o.name));
    }
    const std::int64_t satellite_gpus =
        static_cast<std::int64_t>(o.nodes_per_satellite) * o.node.gpus;
    if (copy_gpus > satellite_gpus) {
      r.Fail("sites",
             fmt::format("a copy of the model takes tp x pp x cp = {} GPUs, "
                         "more than one satellite of shell \"{}\" carries "
                         "({}); pipeline stages across satellites are not "
                         "modelled",
                         copy_gpus, o.name, satellite_gpus));
    }
  }
}

// Refuses a plan that fits in memory on no generation, and replica groups
// that do not suit the nodes of a generation it fits.
void CheckFitsAGeneration(const Reader& r, const GrowthJobSpec& j,
                          const GrowthSpec& g) {
  if (g.generations.empty()) {
    r.Fail("reference_gpus",
           fmt::format("training job \"{}\" fits no generation: the "
                       "scenario has no [[build]] and no [[orbital]] shell",
                       j.name));
  }
  std::string reason;
  bool fits = false;
  for (const auto& gen : g.generations) {
    perf::TrainingStepInput step = j.training.step;
    step.gpu = gen.gpu;
    step.fabric = gen.fabric;
    try {
      perf::CheckTrainingPlan(step);
    } catch (const perf::PlanError& e) {
      if (reason.empty()) reason = e.what();
      continue;
    }
    // Replica groups must suit the nodes of every generation it may use.
    if (j.training.fault_tolerance != training::FaultTolerance::kGang) {
      CheckGroups(r, j.training.step.plan, gen.node.gpus);
    }
    fits = true;
  }
  if (fits) return;
  r.Fail("reference_gpus",
         fmt::format("training job \"{}\" fits no generation; on the first "
                     "({}): {}",
                     j.name, g.generations.front().node.name, reason));
}

}  // namespace

void ReadGrowthTraining(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "growth_training")) {
    if (!r.Bool("enabled")) continue;
    GrowthJobSpec j;
    j.name = r.String("name");
    const catalog::ModelSpec& model = CatalogEntry(
        r, "model", "model", in.catalog.FindModel(r.String("model")),
        in.catalog.models());
    j.sites = ResolveGrowthSites(r, s);
    j.max_gpus = r.Integer("max_gpus");
    j.reference_gpus = r.Integer("reference_gpus");
    j.start_month = r.Int("start_month");
    j.end_month = r.Int("end_month");
    if (j.end_month >= 0 && j.end_month <= j.start_month) {
      r.Fail("end_month",
             fmt::format("expected -1 (the horizon's end) or a month after "
                         "start_month ({}), got {}",
                         j.start_month, j.end_month));
    }
    TrainingSpec& t = j.training;
    t.name = j.name;
    t.model = model.name;
    t.gpus = j.reference_gpus;
    t.step = ReadTrainingPlan(r, in, model, j.reference_gpus, "reference_gpus");
    ReadTrainingResilience(r, in, t);
    t.target_tokens = r.Number("target_tokens");
    t.gpu_utilization = r.Number("gpu_utilization");
    ReadTrainingValue(r, t);
    CheckOrbitalSites(r, j, s);
    CheckFitsAGeneration(r, j, *s.growth);
    s.growth->jobs.push_back(std::move(j));
  }
}

}  // namespace kardashev::scenario
