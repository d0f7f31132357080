// A temporary HOME for tests of the shared AWS files: created empty, removed with everything
// in it when the test ends.
#pragma once

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "common/environment.h"

namespace ddbm::aws::testing {

class TempHome {
 public:
  TempHome() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ddbm-aws-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
    std::filesystem::create_directories(path_ + "/.aws");
  }
  ~TempHome() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;

  const std::string& path() const { return path_; }
  std::string config_path() const { return path_ + "/.aws/config"; }
  std::string credentials_path() const { return path_ + "/.aws/credentials"; }

  void WriteConfig(const std::string& text) const { Write(config_path(), text); }
  void WriteCredentials(const std::string& text) const { Write(credentials_path(), text); }

  /// Writes an executable shell script and returns its path.
  std::string WriteScript(const std::string& name, const std::string& body) const {
    std::string script = path_ + "/" + name;
    Write(script, "#!/bin/sh\n" + body);
    chmod(script.c_str(), 0700);
    return script;
  }

  /// An environment with HOME pointing here, plus `values`.
  EnvLookup Env(std::map<std::string, std::string> values = {}) const {
    values.emplace("HOME", path_);
    return FixedEnvironment(std::move(values));
  }

  static void Write(const std::string& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
  }

 private:
  std::string path_;
};

}  // namespace ddbm::aws::testing
