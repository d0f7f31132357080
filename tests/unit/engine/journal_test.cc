#include "engine/journal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/failure.h"

namespace ddbm::engine {
namespace {

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ddbm-journal-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(JournalTest, NoJournalMeansAPlainExport) {
  EXPECT_EQ(ReadJournal(dir_.string()), MigrationStep::kNone);
}

TEST_F(JournalTest, EachStepReadsBackAsWritten) {
  for (MigrationStep step : {MigrationStep::kExported, MigrationStep::kRebuilt,
                             MigrationStep::kImported, MigrationStep::kVerified}) {
    WriteJournal(dir_.string(), step);
    EXPECT_EQ(ReadJournal(dir_.string()), step) << StepName(step);
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "journal.json.partial"));
}

TEST_F(JournalTest, AJournalFromElsewhereIsRefusedByName) {
  std::ofstream(dir_ / "journal.json") << R"({"step":"teleported"})";
  try {
    ReadJournal(dir_.string());
    FAIL() << "an unknown step must not be taken for a known one";
  } catch (const Failure& failure) {
    EXPECT_NE(std::string(failure.what()).find("journal.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace ddbm::engine
