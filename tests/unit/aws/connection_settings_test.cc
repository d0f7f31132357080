#include "aws/connection_settings.h"

#include <gtest/gtest.h>

#include <string>

#include "common/failure.h"
#include "temp_home.h"

namespace ddbm::aws {
namespace {

using testing::TempHome;

// Runs the resolution and returns the Failure it throws, for checking its words.
Failure ResolveFailure(const ConnectionOptions& options, const EnvLookup& env) {
  try {
    ResolveConnection(options, env);
  } catch (const Failure& failure) {
    return failure;
  }
  ADD_FAILURE() << "ResolveConnection did not throw";
  return Failure(ExitCode::kSuccess, "");
}

// Keys that satisfy credential resolution when a test is about something else.
std::map<std::string, std::string> WithKeys(std::map<std::string, std::string> values) {
  values.emplace("AWS_ACCESS_KEY_ID", "AKIDENV");
  values.emplace("AWS_SECRET_ACCESS_KEY", "env-secret");
  return values;
}

// --- region ---

TEST(ConnectionSettingsTest, RegionFlagBeatsEnvironmentAndProfile) {
  TempHome home;
  home.WriteConfig("[default]\nregion = ap-south-1\n");
  ConnectionOptions options;
  options.region = "eu-west-1";

  ConnectionSettings settings = ResolveConnection(
      options,
      home.Env(WithKeys({{"AWS_REGION", "us-west-2"}, {"AWS_DEFAULT_REGION", "us-east-2"}})));

  EXPECT_EQ(settings.region, "eu-west-1");
}

TEST(ConnectionSettingsTest, AwsRegionBeatsAwsDefaultRegion) {
  TempHome home;
  ConnectionSettings settings = ResolveConnection(
      {}, home.Env(WithKeys({{"AWS_REGION", "us-west-2"}, {"AWS_DEFAULT_REGION", "us-east-2"}})));
  EXPECT_EQ(settings.region, "us-west-2");
}

TEST(ConnectionSettingsTest, AwsDefaultRegionBeatsProfileRegion) {
  TempHome home;
  home.WriteConfig("[default]\nregion = ap-south-1\n");
  ConnectionSettings settings =
      ResolveConnection({}, home.Env(WithKeys({{"AWS_DEFAULT_REGION", "us-east-2"}})));
  EXPECT_EQ(settings.region, "us-east-2");
}

TEST(ConnectionSettingsTest, RegionComesFromTheProfileInEffect) {
  TempHome home;
  home.WriteConfig(
      "[default]\nregion = ap-south-1\n\n[profile dev]\nregion = eu-central-1\n"
      "aws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n");
  ConnectionOptions options;
  options.profile = "dev";

  ConnectionSettings settings = ResolveConnection(options, home.Env());

  EXPECT_EQ(settings.region, "eu-central-1");
  EXPECT_EQ(settings.profile, "dev");
}

TEST(ConnectionSettingsTest, EmptyVariableCountsAsUnset) {
  TempHome home;
  home.WriteConfig("[default]\nregion = ap-south-1\n");
  ConnectionSettings settings = ResolveConnection({}, home.Env(WithKeys({{"AWS_REGION", ""}})));
  EXPECT_EQ(settings.region, "ap-south-1");
}

TEST(ConnectionSettingsTest, MissingRegionSaysWhereToGiveOne) {
  TempHome home;
  Failure failure = ResolveFailure({}, home.Env(WithKeys({})));
  EXPECT_EQ(failure.code(), ExitCode::kFailedNothingChanged);
  EXPECT_EQ(std::string(failure.what()),
            "no AWS region: give --region, set AWS_REGION, or set region in profile default of " +
                home.config_path());
  EXPECT_FALSE(failure.hint().empty());
}

TEST(ConnectionSettingsTest, InvalidRegionNamesItsSource) {
  TempHome home;
  Failure failure = ResolveFailure({}, home.Env(WithKeys({{"AWS_REGION", "eu west/1"}})));
  EXPECT_EQ(std::string(failure.what()),
            "region 'eu west/1' (from AWS_REGION) is not a valid AWS region name");
}

// --- endpoint ---

TEST(ConnectionSettingsTest, DefaultEndpointFollowsRegion) {
  TempHome home;
  ConnectionSettings settings =
      ResolveConnection({}, home.Env(WithKeys({{"AWS_REGION", "eu-west-1"}})));
  EXPECT_EQ(settings.endpoint, "https://dynamodb.eu-west-1.amazonaws.com");
}

TEST(ConnectionSettingsTest, ChinaRegionsUseTheirOwnDomain) {
  TempHome home;
  ConnectionSettings settings =
      ResolveConnection({}, home.Env(WithKeys({{"AWS_REGION", "cn-north-1"}})));
  EXPECT_EQ(settings.endpoint, "https://dynamodb.cn-north-1.amazonaws.com.cn");
}

TEST(ConnectionSettingsTest, EndpointResolutionOrder) {
  TempHome home;
  home.WriteConfig(
      "[default]\nregion = us-east-1\nendpoint_url = http://profile:1\nservices = local\n"
      "[services local]\ndynamodb =\n  endpoint_url = http://services:2\n");
  std::map<std::string, std::string> env =
      WithKeys({{"AWS_ENDPOINT_URL_DYNAMODB", "http://service-env:3"},
                {"AWS_ENDPOINT_URL", "http://env:4"}});
  ConnectionOptions flag;
  flag.endpoint_url = "http://flag:5";

  EXPECT_EQ(ResolveConnection(flag, home.Env(env)).endpoint, "http://flag:5");
  EXPECT_EQ(ResolveConnection({}, home.Env(env)).endpoint, "http://service-env:3");
  env.erase("AWS_ENDPOINT_URL_DYNAMODB");
  EXPECT_EQ(ResolveConnection({}, home.Env(env)).endpoint, "http://env:4");
  env.erase("AWS_ENDPOINT_URL");
  EXPECT_EQ(ResolveConnection({}, home.Env(env)).endpoint, "http://services:2");
  home.WriteConfig("[default]\nregion = us-east-1\nendpoint_url = http://profile:1\n");
  EXPECT_EQ(ResolveConnection({}, home.Env(env)).endpoint, "http://profile:1");
}

TEST(ConnectionSettingsTest, IgnoreConfiguredEndpointUrlsKeepsOnlyTheFlag) {
  TempHome home;
  home.WriteConfig("[default]\nregion = us-east-1\nendpoint_url = http://profile:1\n");
  std::map<std::string, std::string> env = WithKeys(
      {{"AWS_ENDPOINT_URL", "http://env:4"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});

  EXPECT_EQ(ResolveConnection({}, home.Env(env)).endpoint,
            "https://dynamodb.us-east-1.amazonaws.com");
  ConnectionOptions flag;
  flag.endpoint_url = "http://flag:5";
  EXPECT_EQ(ResolveConnection(flag, home.Env(env)).endpoint, "http://flag:5");
}

TEST(ConnectionSettingsTest, EndpointWithoutSchemeIsRejected) {
  TempHome home;
  ConnectionOptions options;
  options.endpoint_url = "localhost:8000";
  Failure failure = ResolveFailure(options, home.Env(WithKeys({{"AWS_REGION", "us-east-1"}})));
  EXPECT_EQ(
      std::string(failure.what()),
      "endpoint URL 'localhost:8000' (from --endpoint-url) is not an http:// or https:// URL");
}

TEST(ConnectionSettingsTest, HttpsAndHttpEndpointsAreBothAccepted) {
  TempHome home;
  ConnectionOptions options;
  options.endpoint_url = "HTTPS://dynamodb.example.com";
  EXPECT_EQ(ResolveConnection(options, home.Env(WithKeys({{"AWS_REGION", "us-east-1"}}))).endpoint,
            "HTTPS://dynamodb.example.com");
  options.endpoint_url = "http://127.0.0.1:8000";
  EXPECT_EQ(ResolveConnection(options, home.Env(WithKeys({{"AWS_REGION", "us-east-1"}}))).endpoint,
            "http://127.0.0.1:8000");
}

// --- profile ---

TEST(ConnectionSettingsTest, ProfileFlagBeatsAwsProfile) {
  TempHome home;
  home.WriteCredentials(
      "[flagged]\naws_access_key_id = AKIDFLAG\naws_secret_access_key = s1\n"
      "[from-env]\naws_access_key_id = AKIDENVPROFILE\naws_secret_access_key = s2\n");
  ConnectionOptions options;
  options.profile = "flagged";
  options.region = "us-east-1";

  ConnectionSettings settings = ResolveConnection(options, home.Env({{"AWS_PROFILE", "from-env"}}));

  EXPECT_EQ(settings.profile, "flagged");
  EXPECT_EQ(settings.credentials.access_key_id, "AKIDFLAG");
}

TEST(ConnectionSettingsTest, AwsProfileChoosesTheProfile) {
  TempHome home;
  home.WriteCredentials("[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s\n");
  home.WriteConfig("[profile ci]\nregion = eu-north-1\n");

  ConnectionSettings settings = ResolveConnection({}, home.Env({{"AWS_PROFILE", "ci"}}));

  EXPECT_EQ(settings.profile, "ci");
  EXPECT_EQ(settings.region, "eu-north-1");
  EXPECT_EQ(settings.credentials.access_key_id, "AKIDCI");
  EXPECT_EQ(settings.credentials.source, "shared credentials file (profile ci)");
}

TEST(ConnectionSettingsTest, DefaultProfileWhenNoneIsNamed) {
  TempHome home;
  home.WriteCredentials("[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = s\n");
  ConnectionSettings settings = ResolveConnection({}, home.Env({{"AWS_REGION", "us-east-1"}}));
  EXPECT_EQ(settings.profile, "default");
  EXPECT_EQ(settings.credentials.access_key_id, "AKIDDEF");
}

TEST(ConnectionSettingsTest, UnknownProfileNamesItAndTheFilesLookedIn) {
  TempHome home;
  home.WriteConfig("[profile other]\nregion = us-east-1\n");
  ConnectionOptions options;
  options.profile = "prod";

  Failure failure = ResolveFailure(options, home.Env(WithKeys({{"AWS_REGION", "us-east-1"}})));

  EXPECT_EQ(std::string(failure.what()), "profile prod (from --profile) is not in " +
                                             home.config_path() + " or " + home.credentials_path() +
                                             " (no such file)");
  EXPECT_EQ(failure.code(), ExitCode::kFailedNothingChanged);
}

TEST(ConnectionSettingsTest, UnknownProfileFromAwsProfileSaysSo) {
  TempHome home;
  Failure failure = ResolveFailure(
      {}, home.Env(WithKeys({{"AWS_PROFILE", "gone"}, {"AWS_REGION", "us-east-1"}})));
  EXPECT_NE(std::string(failure.what()).find("profile gone (from AWS_PROFILE) is not in"),
            std::string::npos)
      << failure.what();
}

TEST(ConnectionSettingsTest, ConfigSectionWithoutProfileKeywordIsNotAProfile) {
  // The AWS CLI reads "[dev]" in the config file as nothing; only "[profile dev]" counts.
  TempHome home;
  home.WriteConfig("[dev]\nregion = us-east-1\n");
  ConnectionOptions options;
  options.profile = "dev";
  Failure failure = ResolveFailure(options, home.Env());
  EXPECT_NE(std::string(failure.what()).find("profile dev (from --profile) is not in"),
            std::string::npos);
}

TEST(ConnectionSettingsTest, SharedFileVariablesReplaceTheDefaultPaths) {
  TempHome home;
  home.WriteConfig("[default]\nregion = wrong-1\n");
  TempHome::Write(home.path() + "/other-config", "[profile x]\nregion = eu-west-3\n");
  TempHome::Write(home.path() + "/other-credentials",
                  "[x]\naws_access_key_id = AKIDX\naws_secret_access_key = s\n");

  ConnectionSettings settings = ResolveConnection(
      {}, home.Env({{"AWS_PROFILE", "x"},
                    {"AWS_CONFIG_FILE", home.path() + "/other-config"},
                    {"AWS_SHARED_CREDENTIALS_FILE", home.path() + "/other-credentials"}}));

  EXPECT_EQ(settings.region, "eu-west-3");
  EXPECT_EQ(settings.credentials.access_key_id, "AKIDX");
}

TEST(ConnectionSettingsTest, TildeInFileVariableMeansHome) {
  TempHome home;
  TempHome::Write(home.path() + "/cfg", "[default]\nregion = sa-east-1\n");
  ConnectionSettings settings =
      ResolveConnection({}, home.Env(WithKeys({{"AWS_CONFIG_FILE", "~/cfg"}})));
  EXPECT_EQ(settings.region, "sa-east-1");
}

// --- credentials ---

TEST(ConnectionSettingsTest, EnvironmentKeysBeatProfilesAndAwsProfile) {
  TempHome home;
  home.WriteCredentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
  ConnectionSettings settings =
      ResolveConnection({}, home.Env({{"AWS_PROFILE", "dev"},
                                      {"AWS_REGION", "us-east-1"},
                                      {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                      {"AWS_SECRET_ACCESS_KEY", "env-secret"},
                                      {"AWS_SESSION_TOKEN", "env-token"}}));

  EXPECT_EQ(settings.credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(settings.credentials.secret_access_key, "env-secret");
  EXPECT_EQ(settings.credentials.session_token, "env-token");
  EXPECT_EQ(settings.credentials.source, "environment");
  EXPECT_EQ(settings.profile, "dev");
}

TEST(ConnectionSettingsTest, ProfileFlagUsesThatProfileOnly) {
  TempHome home;
  home.WriteCredentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
  ConnectionOptions options;
  options.profile = "dev";

  ConnectionSettings settings =
      ResolveConnection(options, home.Env(WithKeys({{"AWS_REGION", "us-east-1"}})));

  EXPECT_EQ(settings.credentials.access_key_id, "AKIDDEV");
}

TEST(ConnectionSettingsTest, ProfileFlagWithoutKeysDoesNotFallBackToEnvironment) {
  TempHome home;
  home.WriteConfig("[profile empty]\nregion = us-east-1\n");
  ConnectionOptions options;
  options.profile = "empty";

  Failure failure = ResolveFailure(options, home.Env(WithKeys({})));

  EXPECT_EQ(std::string(failure.what()),
            "no AWS credentials in profile empty: add aws_access_key_id and "
            "aws_secret_access_key, or credential_process, to profile empty in " +
                home.credentials_path() + " or " + home.config_path());
}

TEST(ConnectionSettingsTest, CredentialsFileBeatsConfigFile) {
  TempHome home;
  home.WriteConfig(
      "[default]\nregion = us-east-1\naws_access_key_id = AKIDCONFIG\n"
      "aws_secret_access_key = config-secret\n");
  home.WriteCredentials(
      "[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = creds-secret\n"
      "aws_session_token = creds-token\n");

  ConnectionSettings settings = ResolveConnection({}, home.Env());

  EXPECT_EQ(settings.credentials.access_key_id, "AKIDCREDS");
  EXPECT_EQ(settings.credentials.session_token, "creds-token");
  EXPECT_EQ(settings.credentials.source, "shared credentials file (profile default)");
}

TEST(ConnectionSettingsTest, ConfigFileKeysWhenTheCredentialsFileHasNone) {
  TempHome home;
  home.WriteConfig(
      "[profile dev]\nregion = us-east-1\naws_access_key_id = AKIDCONFIG\n"
      "aws_secret_access_key = config-secret\n");
  home.WriteCredentials("[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = s\n");

  ConnectionSettings settings = ResolveConnection({}, home.Env({{"AWS_PROFILE", "dev"}}));

  EXPECT_EQ(settings.credentials.access_key_id, "AKIDCONFIG");
  EXPECT_EQ(settings.credentials.source, "config file (profile dev)");
}

TEST(ConnectionSettingsTest, KeysAreCaseInsensitiveAndValuesKeepSemicolons) {
  TempHome home;
  home.WriteCredentials(
      "; a comment\n# another\n[default]\nAWS_Access_Key_Id = AKIDCASE\n"
      "aws_secret_access_key = abc;def ;ghi\n");
  ConnectionSettings settings = ResolveConnection({}, home.Env({{"AWS_REGION", "us-east-1"}}));
  EXPECT_EQ(settings.credentials.access_key_id, "AKIDCASE");
  EXPECT_EQ(settings.credentials.secret_access_key, "abc;def ;ghi");
}

TEST(ConnectionSettingsTest, LongSessionTokenLineIsReadWhole) {
  TempHome home;
  std::string token(3000, 'T');
  home.WriteCredentials(
      "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
      "aws_session_token = " +
      token + "\n");
  ConnectionSettings settings = ResolveConnection({}, home.Env({{"AWS_REGION", "us-east-1"}}));
  EXPECT_EQ(settings.credentials.session_token, token);
}

TEST(ConnectionSettingsTest, HalfAKeyPairInTheEnvironmentIsAnError) {
  TempHome home;
  Failure failure = ResolveFailure(
      {}, home.Env({{"AWS_REGION", "us-east-1"}, {"AWS_ACCESS_KEY_ID", "AKIDONLY"}}));
  EXPECT_EQ(std::string(failure.what()),
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
}

TEST(ConnectionSettingsTest, HalfAKeyPairInAProfileIsAnError) {
  TempHome home;
  home.WriteCredentials("[default]\naws_secret_access_key = lonely-secret\n");
  Failure failure = ResolveFailure({}, home.Env({{"AWS_REGION", "us-east-1"}}));
  EXPECT_EQ(std::string(failure.what()), "profile default in " + home.credentials_path() +
                                             " has aws_secret_access_key but no aws_access_key_id");
  EXPECT_EQ(std::string(failure.what()).find("lonely-secret"), std::string::npos);
}

TEST(ConnectionSettingsTest, NoCredentialsSaysWhereToPutThem) {
  TempHome home;
  Failure failure = ResolveFailure({}, home.Env({{"AWS_REGION", "us-east-1"}}));
  EXPECT_EQ(std::string(failure.what()),
            "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add "
            "aws_access_key_id and aws_secret_access_key, or credential_process, to profile "
            "default in " +
                home.credentials_path() + " or " + home.config_path());
  EXPECT_EQ(failure.hint(), "run: aws configure --profile default");
}

TEST(ConnectionSettingsTest, AssumeRoleProfileIsExplainedNotIgnored) {
  TempHome home;
  home.WriteConfig(
      "[profile admin]\nregion = us-east-1\nrole_arn = arn:aws:iam::1:role/x\n"
      "source_profile = default\n");
  ConnectionOptions options;
  options.profile = "admin";

  Failure failure = ResolveFailure(options, home.Env());

  EXPECT_EQ(std::string(failure.what()),
            "profile admin uses role_arn, which ddbmigrate cannot use to get credentials");
  EXPECT_NE(failure.hint().find("aws configure export-credentials --profile admin"),
            std::string::npos);
}

TEST(ConnectionSettingsTest, AssumeRoleBeatsKeysInTheSameProfile) {
  // The AWS CLI would assume the role; the keys alone are another identity.
  TempHome home;
  home.WriteConfig("[profile admin]\nregion = us-east-1\nrole_arn = arn:aws:iam::1:role/x\n");
  home.WriteCredentials("[admin]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  ConnectionOptions options;
  options.profile = "admin";

  Failure failure = ResolveFailure(options, home.Env());

  EXPECT_EQ(std::string(failure.what()),
            "profile admin uses role_arn, which ddbmigrate cannot use to get credentials");
}

TEST(ConnectionSettingsTest, MalformedConfigFileNamesTheLine) {
  TempHome home;
  home.WriteConfig("[default]\nregion = us-east-1\nthis line has no equals sign\n");
  Failure failure = ResolveFailure({}, home.Env(WithKeys({})));
  EXPECT_EQ(std::string(failure.what()),
            "cannot parse " + home.config_path() +
                ": line 3 is not a [section], a key = value line, or a comment");
}

TEST(ConnectionSettingsTest, UnusedBrokenConfigFileIsNotRead) {
  TempHome home;
  home.WriteConfig("garbage\n");
  ConnectionOptions options;
  options.region = "us-east-1";
  options.endpoint_url = "http://localhost:8000";
  ConnectionSettings settings = ResolveConnection(options, home.Env(WithKeys({})));
  EXPECT_EQ(settings.credentials.source, "environment");
}

// --- credential_process ---

TEST(ConnectionSettingsTest, CredentialProcessInTheConfigFile) {
  TempHome home;
  std::string script = home.WriteScript(
      "creds.sh",
      "printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": "
      "\"proc-secret\", \"SessionToken\": \"proc-token\", \"Expiration\": "
      "\"2999-01-01T00:00:00Z\"}'\n");
  home.WriteConfig("[profile proc]\nregion = us-east-1\ncredential_process = " + script +
                   " --ignored-argument\n");
  ConnectionOptions options;
  options.profile = "proc";

  ConnectionSettings settings = ResolveConnection(options, home.Env());

  EXPECT_EQ(settings.credentials.access_key_id, "AKIDPROC");
  EXPECT_EQ(settings.credentials.secret_access_key, "proc-secret");
  EXPECT_EQ(settings.credentials.session_token, "proc-token");
  EXPECT_EQ(settings.credentials.expiration, "2999-01-01T00:00:00Z");
  EXPECT_EQ(settings.credentials.source, "credential_process (profile proc)");
}

TEST(ConnectionSettingsTest, CredentialProcessRunsThroughTheShell) {
  TempHome home;
  home.WriteConfig(
      "[default]\nregion = us-east-1\ncredential_process = echo '{\"Version\":1,' "
      "'\"AccessKeyId\":\"AKIDSH\",\"SecretAccessKey\":\"x\"}' | cat\n");
  ConnectionSettings settings = ResolveConnection({}, home.Env());
  EXPECT_EQ(settings.credentials.access_key_id, "AKIDSH");
  EXPECT_TRUE(settings.credentials.session_token.empty());
}

TEST(ConnectionSettingsTest, CredentialProcessInTheCredentialsFileComesFirst) {
  TempHome home;
  std::string first = home.WriteScript(
      "first.sh",
      "echo '{\"Version\":1,\"AccessKeyId\":\"AKIDFIRST\",\"SecretAccessKey\":\"a\"}'\n");
  std::string second = home.WriteScript(
      "second.sh",
      "echo '{\"Version\":1,\"AccessKeyId\":\"AKIDSECOND\",\"SecretAccessKey\":\"b\"}'\n");
  home.WriteCredentials("[default]\ncredential_process = " + first + "\n");
  home.WriteConfig("[default]\nregion = us-east-1\ncredential_process = " + second + "\n");

  EXPECT_EQ(ResolveConnection({}, home.Env()).credentials.access_key_id, "AKIDFIRST");
}

TEST(ConnectionSettingsTest, CredentialProcessThatFailsNamesProfileAndStatus) {
  TempHome home;
  std::string script = home.WriteScript(
      "fail.sh",
      "echo '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"leak-me\"}'\n"
      "echo 'mfa device not found' >&2\nexit 3\n");
  home.WriteConfig("[default]\nregion = us-east-1\ncredential_process = " + script + "\n");

  Failure failure = ResolveFailure({}, home.Env());

  EXPECT_EQ(failure.code(), ExitCode::kFailedNothingChanged);
  EXPECT_EQ(std::string(failure.what()), "the credential_process of profile default in " +
                                             home.config_path() + " exited with status 3");
  EXPECT_EQ(std::string(failure.what()).find("leak-me"), std::string::npos);
  EXPECT_EQ(failure.hint().find("leak-me"), std::string::npos);
}

TEST(ConnectionSettingsTest, CredentialProcessThatIsMissingSaysCommandNotFound) {
  TempHome home;
  home.WriteConfig("[default]\nregion = us-east-1\ncredential_process = " + home.path() +
                   "/no-such-helper\n");
  Failure failure = ResolveFailure({}, home.Env());
  EXPECT_NE(std::string(failure.what()).find("exited with status 127 (command not found)"),
            std::string::npos)
      << failure.what();
}

TEST(ConnectionSettingsTest, CredentialProcessPrintingBadJsonNeverShowsTheOutput) {
  TempHome home;
  std::string script =
      home.WriteScript("bad.sh", "echo 'AccessKeyId=AKID SecretAccessKey=super-secret-value'\n");
  home.WriteConfig("[default]\nregion = us-east-1\ncredential_process = " + script + "\n");

  Failure failure = ResolveFailure({}, home.Env());

  EXPECT_EQ(std::string(failure.what()), "the credential_process of profile default in " +
                                             home.config_path() +
                                             " printed something that is not a JSON object");
  EXPECT_EQ(std::string(failure.what()).find("super-secret-value"), std::string::npos);
  EXPECT_EQ(failure.hint().find("super-secret-value"), std::string::npos);
}

TEST(ConnectionSettingsTest, CredentialProcessWithoutSecretIsRejected) {
  TempHome home;
  std::string script =
      home.WriteScript("nosecret.sh", "echo '{\"Version\":1,\"AccessKeyId\":\"AKID\"}'\n");
  home.WriteConfig("[default]\nregion = us-east-1\ncredential_process = " + script + "\n");
  Failure failure = ResolveFailure({}, home.Env());
  EXPECT_NE(std::string(failure.what()).find("printed JSON without a SecretAccessKey string"),
            std::string::npos)
      << failure.what();
}

TEST(ConnectionSettingsTest, CredentialProcessWithExpiredKeysIsRejected) {
  TempHome home;
  std::string script =
      home.WriteScript("old.sh",
                       "echo '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s3cr3t\","
                       "\"SessionToken\":\"t\",\"Expiration\":\"2001-02-03T04:05:06Z\"}'\n");
  home.WriteConfig("[default]\nregion = us-east-1\ncredential_process = " + script + "\n");
  Failure failure = ResolveFailure({}, home.Env());
  EXPECT_NE(std::string(failure.what())
                .find("printed credentials that expired at "
                      "2001-02-03T04:05:06Z"),
            std::string::npos)
      << failure.what();
}

}  // namespace
}  // namespace ddbm::aws
