// LoadPlanFile, and the plans docs/plan-format.md shows as examples.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/failure.h"
#include "plan/plan.h"

namespace ddbm::plan {
namespace {

namespace fs = std::filesystem;

// A directory of its own per test, removed afterwards.
class PlanFileTest : public testing::Test {
 protected:
  void SetUp() override {
    const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
    directory_ =
        fs::temp_directory_path() / ("ddbm_plan_" + std::to_string(getpid()) + "_" + test->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }

  void TearDown() override { fs::remove_all(directory_); }

  std::string Write(const std::string& file_name, const std::string& text) {
    const fs::path path = directory_ / file_name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  std::string FailureFor(const std::string& path) {
    try {
      LoadPlanFile(path);
    } catch (const Failure& failure) {
      EXPECT_EQ(failure.code(), ExitCode::kUsage);
      return failure.what();
    }
    ADD_FAILURE() << "loaded without an error";
    return "";
  }

  fs::path directory_;
};

TEST_F(PlanFileTest, LoadsAPlanAndNamesItsPathAsSource) {
  const std::string path = Write("plan.toml", DefaultPlanToml());
  const Plan plan = LoadPlanFile(path);

  EXPECT_EQ(plan.source, path);
  EXPECT_EQ(plan.name, "chat_records");
  ASSERT_EQ(plan.tables.size(), 2u);
  EXPECT_EQ(plan.tables[0].new_key, DefaultPlan().tables[0].new_key);
}

TEST_F(PlanFileTest, PutsThePathInFrontOfParseErrors) {
  const std::string path = Write("bad.toml", "name = \"p\"\n[[table]]\nname = \"Abc\"\nfil = 1\n");

  EXPECT_EQ(FailureFor(path),
            path + ":4:1: unknown key \"fil\" in table Abc, did you mean \"fill\"?");
}

TEST_F(PlanFileTest, ReportsAMissingFile) {
  const std::string path = (directory_ / "absent.toml").string();

  EXPECT_EQ(FailureFor(path), "plan file " + path + " does not exist");
}

TEST_F(PlanFileTest, ReportsADirectory) {
  EXPECT_EQ(FailureFor(directory_.string()),
            "plan file " + directory_.string() + " is a directory");
}

TEST_F(PlanFileTest, ReportsAnUnreadableFile) {
  if (geteuid() == 0) {
    GTEST_SKIP() << "root reads files whatever their mode";
  }
  const std::string path = Write("secret.toml", DefaultPlanToml());
  fs::permissions(path, fs::perms::none);

  EXPECT_EQ(FailureFor(path), "cannot read plan file " + path + ": permission denied");
}

TEST_F(PlanFileTest, ReportsAnEmptyFileAsAPlanWithoutName) {
  const std::string path = Write("empty.toml", "");

  EXPECT_EQ(FailureFor(path), path + ":1:1: the plan has no \"name\"; it names the backups");
}

// The docs sit at a fixed place relative to this file in the source tree.
fs::path DocPath() {
  return fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path() / "docs" /
         "plan-format.md";
}

// The ```toml blocks of a Markdown file, in order.
std::vector<std::string> TomlBlocks(const fs::path& markdown) {
  std::ifstream file(markdown);
  std::vector<std::string> blocks;
  std::string line;
  bool inside = false;
  while (std::getline(file, line)) {
    if (!inside && line == "```toml") {
      inside = true;
      blocks.emplace_back();
    } else if (inside && line == "```") {
      inside = false;
    } else if (inside) {
      blocks.back() += line + "\n";
    }
  }
  return blocks;
}

TEST(PlanFormatDoc, EveryExamplePlanParses) {
  // The docs sit at a fixed place relative to this file in the source tree.
  const fs::path doc = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path() /
                       "docs" / "plan-format.md";
  ASSERT_TRUE(fs::exists(doc)) << doc;

  const std::vector<std::string> blocks = TomlBlocks(doc);
  ASSERT_GE(blocks.size(), 6u);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_NO_THROW(ParsePlan(blocks[i], "example " + std::to_string(i + 1))) << blocks[i];
  }
}

TEST(PlanFormatDoc, ShowsTheBuiltInPlanAsItIs) {
  const std::vector<std::string> blocks = TomlBlocks(DocPath());
  ASSERT_FALSE(blocks.empty());

  const Plan shown = ParsePlan(blocks[0], "docs");
  const Plan built_in = DefaultPlan();
  EXPECT_EQ(shown.name, built_in.name);
  ASSERT_EQ(shown.tables.size(), built_in.tables.size());
  for (std::size_t i = 0; i < shown.tables.size(); ++i) {
    EXPECT_EQ(shown.tables[i].name, built_in.tables[i].name);
    EXPECT_EQ(shown.tables[i].new_key, built_in.tables[i].new_key);
    ASSERT_EQ(shown.tables[i].fills.size(), built_in.tables[i].fills.size());
    for (std::size_t j = 0; j < shown.tables[i].fills.size(); ++j) {
      EXPECT_EQ(shown.tables[i].fills[j].attribute, built_in.tables[i].fills[j].attribute);
      EXPECT_EQ(shown.tables[i].fills[j].value, built_in.tables[i].fills[j].value);
    }
  }
}

}  // namespace
}  // namespace ddbm::plan
