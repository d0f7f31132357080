#include "aws/connection_settings.h"

#include <array>
#include <cctype>
#include <string_view>
#include <utility>

#include "aws/credential_process.h"
#include "aws/profile_files.h"
#include "common/exit_code.h"
#include "common/failure.h"

namespace ddbm::aws {
namespace {

// Known shortcoming: profiles that assume a role (role_arn, credential_source), use IAM
// Identity Center (sso_*) or web identity, and the EC2/ECS metadata services are not read.
// An operator who relies on them must export credentials first (the hint says how); a run
// that outlives temporary credentials fails with ExpiredToken and must be started again.
constexpr std::array<std::string_view, 7> kUnsupportedSettings = {
    "role_arn",     "credential_source", "web_identity_token_file",
    "sso_session",  "sso_start_url",     "sso_account_id",
    "sso_role_name"};

struct ProfileChoice {
  std::string name;
  std::string named_by;  // "--profile", "AWS_PROFILE", or empty for the implicit default
};

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoringCase(text.substr(0, prefix.size()), prefix);
}

[[noreturn]] void Fail(const std::string& fact, std::string hint = {}) {
  throw Failure(ExitCode::kFailedNothingChanged, fact, std::move(hint));
}

// The two shared files, read only when a step needs them: a run configured entirely by flags
// and environment does not fail on a broken ~/.aws/config it never uses.
class SharedFiles {
 public:
  explicit SharedFiles(const EnvLookup& env)
      : config_path_(Locate(env, "AWS_CONFIG_FILE", "/.aws/config")),
        credentials_path_(Locate(env, "AWS_SHARED_CREDENTIALS_FILE", "/.aws/credentials")) {}

  const ProfileFile& config() { return Load(config_, config_path_, ProfileFileKind::kConfig); }
  const ProfileFile& credentials() {
    return Load(credentials_, credentials_path_, ProfileFileKind::kCredentials);
  }

 private:
  struct Location {
    std::string path;
    bool usable = true;  // false when the path needs HOME and HOME is unset
  };

  static Location Locate(const EnvLookup& env, const char* variable, const char* home_relative) {
    std::optional<std::string> home = env("HOME");
    std::optional<std::string> given = env(variable);
    if (!given) {
      return home ? Location{*home + home_relative}
                  : Location{"~" + std::string(home_relative), false};
    }
    if (*given == "~" || given->starts_with("~/")) {
      return home ? Location{*home + given->substr(1)} : Location{*given, false};
    }
    return Location{*given};
  }

  static const ProfileFile& Load(std::optional<ProfileFile>& slot, const Location& location,
                                 ProfileFileKind kind) {
    if (!slot) {
      if (location.usable) {
        slot = LoadProfileFile(location.path, kind);
      } else {
        slot.emplace();
        slot->path = location.path;
      }
    }
    return *slot;
  }

  Location config_path_;
  Location credentials_path_;
  std::optional<ProfileFile> config_;
  std::optional<ProfileFile> credentials_;
};

std::string Named(const ProfileFile& file) {
  return file.exists ? file.path : file.path + " (no such file)";
}

ProfileChoice ChooseProfile(const ConnectionOptions& options, const EnvLookup& env) {
  if (!options.profile.empty()) {
    return {options.profile, "--profile"};
  }
  if (auto from_env = env("AWS_PROFILE")) {
    return {*from_env, "AWS_PROFILE"};
  }
  return {"default", ""};
}

void RequireProfileExists(const ProfileChoice& choice, SharedFiles& files) {
  if (choice.named_by.empty()) {
    return;
  }
  if (files.config().FindProfile(choice.name) != nullptr ||
      files.credentials().FindProfile(choice.name) != nullptr) {
    return;
  }
  Fail("profile " + choice.name + " (from " + choice.named_by + ") is not in " +
           Named(files.config()) + " or " + Named(files.credentials()),
       "list the profiles with: aws configure list-profiles");
}

// What botocore accepts as a region name: letters, digits and inner hyphens, at most 63.
bool IsValidRegion(std::string_view region) {
  if (region.empty() || region.size() > 63 || region.front() == '-' || region.back() == '-') {
    return false;
  }
  for (char c : region) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

std::string ResolveRegion(const ConnectionOptions& options, const EnvLookup& env,
                          const ProfileChoice& choice, SharedFiles& files) {
  std::string region;
  std::string source;
  if (!options.region.empty()) {
    region = options.region;
    source = "--region";
  } else if (auto aws_region = env("AWS_REGION")) {
    region = *aws_region;
    source = "AWS_REGION";
  } else if (auto default_region = env("AWS_DEFAULT_REGION")) {
    region = *default_region;
    source = "AWS_DEFAULT_REGION";
  } else if (auto configured = Setting(files.config().FindProfile(choice.name), "region")) {
    region = *configured;
    source = "profile " + choice.name + " of " + files.config().path;
  } else {
    Fail("no AWS region: give --region, set AWS_REGION, or set region in profile " + choice.name +
             " of " + files.config().path,
         "for example: export AWS_REGION=us-east-1");
  }

  if (!IsValidRegion(region)) {
    Fail("region '" + region + "' (from " + source + ") is not a valid AWS region name",
         "region names look like eu-west-1");
  }
  return region;
}

std::string DefaultEndpoint(const std::string& region) {
  // The China partition has its own domain; every other region is under amazonaws.com.
  std::string domain = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return "https://dynamodb." + region + "." + domain;
}

// The endpoint_url of the profile's "[services NAME]" section, under "dynamodb =".
std::optional<std::string> ServicesEndpoint(const ProfileSettings* profile,
                                            const ProfileFile& config) {
  std::optional<std::string> services_name = Setting(profile, "services");
  if (!services_name) {
    return std::nullopt;
  }
  auto services = config.services.find(*services_name);
  if (services == config.services.end()) {
    return std::nullopt;
  }
  auto dynamodb = services->second.find("dynamodb");
  if (dynamodb == services->second.end()) {
    return std::nullopt;
  }
  ProfileSettings nested = NestedSettings(dynamodb->second);
  return Setting(&nested, "endpoint_url");
}

std::string ResolveEndpoint(const ConnectionOptions& options, const EnvLookup& env,
                            const ProfileChoice& choice, const std::string& region,
                            SharedFiles& files) {
  std::string endpoint;
  std::string source;
  if (!options.endpoint_url.empty()) {
    endpoint = options.endpoint_url;
    source = "--endpoint-url";
  } else {
    const ProfileSettings* profile = files.config().FindProfile(choice.name);
    std::optional<std::string> ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (!ignore) {
      ignore = Setting(profile, "ignore_configured_endpoint_urls");
    }
    if (ignore && EqualsIgnoringCase(*ignore, "true")) {
      return DefaultEndpoint(region);
    }

    if (auto service_env = env("AWS_ENDPOINT_URL_DYNAMODB")) {
      endpoint = *service_env;
      source = "AWS_ENDPOINT_URL_DYNAMODB";
    } else if (auto global_env = env("AWS_ENDPOINT_URL")) {
      endpoint = *global_env;
      source = "AWS_ENDPOINT_URL";
    } else if (auto service_config = ServicesEndpoint(profile, files.config())) {
      endpoint = *service_config;
      source = "the services section of profile " + choice.name;
    } else if (auto configured = Setting(profile, "endpoint_url")) {
      endpoint = *configured;
      source = "profile " + choice.name + " of " + files.config().path;
    } else {
      return DefaultEndpoint(region);
    }
  }

  bool has_scheme =
      StartsWithIgnoringCase(endpoint, "http://") || StartsWithIgnoringCase(endpoint, "https://");
  size_t host_start = endpoint.find("://") + 3;
  if (!has_scheme || host_start >= endpoint.size()) {
    Fail("endpoint URL '" + endpoint + "' (from " + source + ") is not an http:// or https:// URL",
         "for example: --endpoint-url http://localhost:8000");
  }
  return endpoint;
}

// Keys written straight into a profile: both or neither.
std::optional<Credentials> StaticKeys(const ProfileSettings* profile, const std::string& name,
                                      const std::string& path, const std::string& file_label) {
  std::optional<std::string> key = Setting(profile, "aws_access_key_id");
  std::optional<std::string> secret = Setting(profile, "aws_secret_access_key");
  if (!key && !secret) {
    return std::nullopt;
  }
  if (!key || !secret) {
    Fail("profile " + name + " in " + path + " has " +
         (key ? "aws_access_key_id but no aws_secret_access_key"
              : "aws_secret_access_key but no aws_access_key_id"));
  }

  Credentials credentials;
  credentials.access_key_id = *key;
  credentials.secret_access_key = *secret;
  credentials.session_token = Setting(profile, "aws_session_token")
                                  .value_or(Setting(profile, "aws_security_token").value_or(""));
  credentials.source = file_label + " (profile " + name + ")";
  return credentials;
}

std::optional<Credentials> EnvironmentKeys(const EnvLookup& env) {
  std::optional<std::string> key = env("AWS_ACCESS_KEY_ID");
  std::optional<std::string> secret = env("AWS_SECRET_ACCESS_KEY");
  if (!key && !secret) {
    return std::nullopt;
  }
  if (!key || !secret) {
    Fail(key ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
             : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
         "set both, or unset both to use a profile");
  }

  Credentials credentials;
  credentials.access_key_id = *key;
  credentials.secret_access_key = *secret;
  credentials.session_token =
      env("AWS_SESSION_TOKEN").value_or(env("AWS_SECURITY_TOKEN").value_or(""));
  credentials.source = "environment";
  return credentials;
}

std::optional<std::string> UnsupportedSetting(const ProfileSettings* profile) {
  for (std::string_view setting : kUnsupportedSettings) {
    if (Setting(profile, std::string(setting))) {
      return std::string(setting);
    }
  }
  return std::nullopt;
}

[[noreturn]] void FailUnsupported(const std::string& setting, const ProfileChoice& choice) {
  // Environment keys beat AWS_PROFILE, so only a --profile flag has to go.
  std::string hint = "export the profile's credentials, then run again" +
                     std::string(choice.named_by == "--profile" ? " without --profile" : "") +
                     ": eval \"$(aws configure export-credentials --profile " + choice.name +
                     " --format env)\"";
  Fail("profile " + choice.name + " uses " + setting +
           ", which ddbmigrate cannot use to get credentials",
       hint);
}

Credentials ResolveCredentials(const EnvLookup& env, const ProfileChoice& choice,
                               SharedFiles& files) {
  // A profile named on the command line is the operator's explicit choice and beats the
  // environment, as with the AWS CLI; AWS_PROFILE does not.
  if (choice.named_by != "--profile") {
    if (auto from_env = EnvironmentKeys(env)) {
      return *from_env;
    }
  }

  const std::string& name = choice.name;
  const ProfileFile& credentials_file = files.credentials();
  const ProfileFile& config_file = files.config();
  const ProfileSettings* in_credentials = credentials_file.FindProfile(name);
  const ProfileSettings* in_config = config_file.FindProfile(name);

  // The AWS CLI lets an assumed role or SSO take precedence over keys in the same profile;
  // using those keys instead would act as a different identity, perhaps in another account.
  if (auto setting = UnsupportedSetting(in_config)) {
    FailUnsupported(*setting, choice);
  }
  if (auto setting = UnsupportedSetting(in_credentials)) {
    FailUnsupported(*setting, choice);
  }

  if (auto keys =
          StaticKeys(in_credentials, name, credentials_file.path, "shared credentials file")) {
    return *keys;
  }

  // Like botocore, which merges the two files with the credentials file winning, a
  // credential_process there is preferred to one in the config file.
  if (auto command = Setting(in_credentials, "credential_process")) {
    return RunCredentialProcess(*command, {name, credentials_file.path});
  }
  if (auto command = Setting(in_config, "credential_process")) {
    return RunCredentialProcess(*command, {name, config_file.path});
  }

  if (auto keys = StaticKeys(in_config, name, config_file.path, "config file")) {
    return *keys;
  }

  std::string where =
      "aws_access_key_id and aws_secret_access_key, or credential_process, to profile " + name +
      " in " + credentials_file.path + " or " + config_file.path;
  std::string hint = "run: aws configure --profile " + name;
  if (choice.named_by == "--profile") {
    Fail("no AWS credentials in profile " + name + ": add " + where, hint);
  }
  Fail("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add " + where,
       hint);
}

}  // namespace

ConnectionSettings ResolveConnection(const ConnectionOptions& options, const EnvLookup& env) {
  SharedFiles files(env);
  ProfileChoice choice = ChooseProfile(options, env);
  RequireProfileExists(choice, files);

  ConnectionSettings settings;
  settings.profile = choice.name;
  settings.region = ResolveRegion(options, env, choice, files);
  settings.endpoint = ResolveEndpoint(options, env, choice, settings.region, files);
  settings.credentials = ResolveCredentials(env, choice, files);
  return settings;
}

}  // namespace ddbm::aws
