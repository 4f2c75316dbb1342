// timeseries.csv: its header comes from the output reference; one hand-made
// row.
#include "kardashev/report/timeseries_csv.h"

#include <gtest/gtest.h>

namespace kardashev::report {
namespace {

TEST(TimeseriesCsvTest, HeaderAndOneRow) {
  Results r;
  r.variant = "v";
  sched::TimeseriesRow row;
  row.time_s = 3600;
  row.gpus_up = 1000;
  row.gpus_down = 8;
  row.gpus_active = 992.5;
  row.power_mw = 1.25;
  row.battery_mwh = 2;
  row.energy_mwh = 1.25;
  row.failures = 1;
  r.timeseries = {row};
  EXPECT_EQ(TimeseriesCsv({r}),
            "variant,time_s,gpus_up,gpus_down,gpus_active,gpus_leased_short,"
            "gpus_unpowered,power_mw,grid_power_mw,battery_mwh,energy_mwh,"
            "failures\n"
            "v,3600,1000,8,992.5,0,0,1.25,0,2,1.25,1\n");
}

TEST(TimeseriesCsvTest, OnlyAFleetHasATimeseries) {
  Results none;
  EXPECT_FALSE(HasTimeseries({none}));
  Results fleet;
  fleet.clusters.resize(1);
  EXPECT_TRUE(HasTimeseries({none, fleet}));
}

}  // namespace
}  // namespace kardashev::report
