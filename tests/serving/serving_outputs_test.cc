// Serving outputs: requests.csv (report/requests_csv.h) and the cost of a
// serving run (econ/serving_cost.h), by hand.
#include <gtest/gtest.h>

#include <string>

#include "kardashev/econ/serving_cost.h"
#include "kardashev/report/requests_csv.h"
#include "kardashev/report/run_directory.h"

namespace kardashev {
namespace {

TEST(ServingOutputsTest, RequestsCsvHasOneRowPerRecordAndOnlyWhenRecorded) {
  report::Results r;
  r.scenario = "s";
  r.variant = "v,1";  // a separator: quoted
  report::ServingOutcome so;
  so.name = "chat";
  so.records.push_back(
      serving::RequestRecord{3, 1.5, 100, 10, 56, 0.25, 0.02, 0.43, 1});
  r.serving.push_back(so);
  const std::vector<report::Results> results{r};
  EXPECT_FALSE(report::HasRequests(results));
  EXPECT_EQ(report::RunDirectoryFiles(results),
            std::vector<std::string>{"summary.json"});
  std::vector<report::Results> recorded = results;
  recorded[0].requests_recorded = true;
  ASSERT_TRUE(report::HasRequests(recorded));
  EXPECT_EQ(report::RequestsCsv(recorded),
            std::string("scenario,variant,deployment,request,arrival_s,"
                        "prompt_tokens,output_tokens,cached_prompt_tokens,"
                        "ttft_s,tpot_s,e2e_s,preemptions\n"
                        "s,\"v,1\",chat,3,1.5,100,10,56,0.25,0.02,0.43,1\n"));
  const auto files = report::RunDirectoryFiles(recorded);
  EXPECT_EQ(files.back(), "requests.csv");
}

// One hour on 4 GPUs, busy 3 GPU-hours (1 prefill, 2 decode) and idle 1:
// depreciation 4 x $1 = $4; energy 3 x 1,000 W + 1 x 200 W = 3.2 kWh at
// $100/MWh = $0.32; total $4.32. Prefill takes a third of the busy time, so
// a third of the cost: $1.44 over 1M prompt tokens, $2.88 over 0.5M output
// tokens ($5.76 per million).
TEST(ServingOutputsTest, CostSplitsByPhaseGpuTime) {
  econ::GpuHourPrice p;
  p.capex_usd_per_gpu_hour = 1;
  p.busy_power_w = 1000;
  p.idle_power_w = 200;
  p.electricity_usd_per_mwh = 100;
  serving::ServingResult r;
  r.makespan_s = 3600;
  r.busy_gpu_s = 3 * 3600;
  r.idle_gpu_s = 1 * 3600;
  r.prefill_phase_gpu_s = 1 * 3600;
  r.decode_phase_gpu_s = 2 * 3600;
  r.prompt_tokens = 1'000'000;
  r.output_tokens = 500'000;
  const econ::ServingCost c = econ::CostOfRun(p, r, 4);
  EXPECT_DOUBLE_EQ(c.gpus, 4);
  EXPECT_NEAR(c.usd_per_hour, 4.32, 1e-9);
  EXPECT_NEAR(c.power_kw, 3.2, 1e-9);
  EXPECT_NEAR(c.usd_per_million_input_tokens, 1.44, 1e-9);
  EXPECT_NEAR(c.usd_per_million_output_tokens, 5.76, 1e-9);
  EXPECT_EQ(econ::CostOfRun(p, serving::ServingResult{}, 4).usd_per_hour, 0);
  // Other opex per GPU-hour counts too: 4 GPUs x $0.50.
  p.other_usd_per_gpu_hour = 0.5;
  EXPECT_NEAR(econ::CostOfRun(p, r, 4).usd_per_hour, 6.32, 1e-9);
}

}  // namespace
}  // namespace kardashev
