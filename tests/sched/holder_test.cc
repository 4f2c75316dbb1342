#include "kardashev/sched/holder.h"

#include <gtest/gtest.h>

namespace kardashev::sched {
namespace {

TEST(HolderIndexTest, LeasesThenJobsThenServicesEachSlotOnce) {
  const HolderIndex index(2, 3, 1);
  EXPECT_EQ(index.size(), 6);
  EXPECT_EQ(index.Slot(HolderId::Lease(1)), 1);
  EXPECT_EQ(index.Slot(HolderId::Job(0)), 2);
  EXPECT_EQ(index.Slot(HolderId::Service(0)), 5);
  for (int slot = 0; slot < index.size(); ++slot) {
    EXPECT_EQ(index.Slot(index.Id(slot)), slot);
  }
  EXPECT_EQ(index.Id(4), HolderId::Job(2));
}

TEST(HolderIndexTest, NoLeasesOrNoJobs) {
  const HolderIndex jobs_only(0, 2, 0);
  EXPECT_EQ(jobs_only.Id(1), HolderId::Job(1));
  const HolderIndex no_jobs(1, 0, 2);
  EXPECT_EQ(no_jobs.Id(1), HolderId::Service(0));
  EXPECT_EQ(no_jobs.Id(0), HolderId::Lease(0));
}

}  // namespace
}  // namespace kardashev::sched
