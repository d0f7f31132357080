#include "aws/profile_files.h"

#include <gtest/gtest.h>

#include "common/failure.h"
#include "temp_home.h"

namespace ddbm::aws {
namespace {

TEST(ProfileFilesTest, ConfigProfilesNeedTheProfileKeywordExceptDefault) {
  ProfileFile file = ParseProfileFile(
      "[default]\nregion = a\n[profile dev]\nregion = b\n[profile \"with space\"]\nregion = c\n"
      "[bare]\nregion = d\n[sso-session corp]\nsso_region = e\n",
      ProfileFileKind::kConfig, "config");

  ASSERT_NE(file.FindProfile("default"), nullptr);
  EXPECT_EQ(Setting(file.FindProfile("default"), "region"), "a");
  EXPECT_EQ(Setting(file.FindProfile("dev"), "region"), "b");
  EXPECT_EQ(Setting(file.FindProfile("with space"), "region"), "c");
  EXPECT_EQ(file.FindProfile("bare"), nullptr);
  EXPECT_EQ(file.FindProfile("corp"), nullptr);
  EXPECT_EQ(file.profiles.size(), 3u);
}

TEST(ProfileFilesTest, CredentialsSectionsAreProfileNamesAsWritten) {
  ProfileFile file = ParseProfileFile("[dev]\naws_access_key_id = A\n[profile x]\nk = v\n",
                                      ProfileFileKind::kCredentials, "credentials");
  EXPECT_NE(file.FindProfile("dev"), nullptr);
  EXPECT_NE(file.FindProfile("profile x"), nullptr);
  EXPECT_EQ(file.FindProfile("x"), nullptr);
}

TEST(ProfileFilesTest, NestedValuesKeepTheirLines) {
  ProfileFile file = ParseProfileFile(
      "[services local]\ndynamodb =\n  endpoint_url = http://localhost:8000\n  other = 1\n"
      "s3 =\n  endpoint_url = http://s3\n",
      ProfileFileKind::kConfig, "config");

  ASSERT_EQ(file.services.count("local"), 1u);
  const ProfileSettings& services = file.services.at("local");
  ProfileSettings dynamodb = NestedSettings(services.at("dynamodb"));
  EXPECT_EQ(dynamodb.at("endpoint_url"), "http://localhost:8000");
  EXPECT_EQ(dynamodb.at("other"), "1");
  EXPECT_EQ(NestedSettings(services.at("s3")).at("endpoint_url"), "http://s3");
}

TEST(ProfileFilesTest, ColonSeparatorAndWhitespaceAreAccepted) {
  ProfileFile file = ParseProfileFile("[default]\n  region:us-east-1  \r\nOutput = json\r\n",
                                      ProfileFileKind::kConfig, "config");
  EXPECT_EQ(Setting(file.FindProfile("default"), "region"), "us-east-1");
  EXPECT_EQ(Setting(file.FindProfile("default"), "output"), "json");
}

TEST(ProfileFilesTest, EmptyValueIsNoSetting) {
  ProfileFile file = ParseProfileFile("[default]\nregion =\n", ProfileFileKind::kConfig, "c");
  EXPECT_EQ(Setting(file.FindProfile("default"), "region"), std::nullopt);
}

TEST(ProfileFilesTest, ValueBeforeAnySectionIsAnError) {
  try {
    ParseProfileFile("region = us-east-1\n", ProfileFileKind::kConfig, "/x/config");
    FAIL() << "no Failure";
  } catch (const Failure& failure) {
    EXPECT_EQ(std::string(failure.what()),
              "cannot parse /x/config: line 1 sets a value before any [section]");
  }
}

TEST(ProfileFilesTest, MissingFileIsEmptyNotAnError) {
  testing::TempHome home;
  ProfileFile file = LoadProfileFile(home.path() + "/absent", ProfileFileKind::kConfig);
  EXPECT_FALSE(file.exists);
  EXPECT_TRUE(file.profiles.empty());
}

TEST(ProfileFilesTest, ByteOrderMarkIsSkipped) {
  ProfileFile file =
      ParseProfileFile("\xEF\xBB\xBF[default]\nregion = x\n", ProfileFileKind::kConfig, "c");
  EXPECT_EQ(Setting(file.FindProfile("default"), "region"), "x");
}

}  // namespace
}  // namespace ddbm::aws
