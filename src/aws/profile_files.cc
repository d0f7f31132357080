#include "aws/profile_files.h"

#include <ini.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <utility>

#include "common/exit_code.h"
#include "common/failure.h"

namespace ddbm::aws {
namespace {

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) {
    return {};
  }
  size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower;
}

// inih's behaviour is set through library-wide variables. They are set once, before the first
// parse, to what the AWS tools accept: lines of any length (a session token alone runs past
// inih's default 200 bytes) and no inline comments (Python's configparser, which the AWS CLI
// uses, has none, so ';' may appear inside a value).
void ConfigureInihOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_max_line = 1 << 20;
    ini_allow_inline_comments = false;
    ini_allow_multiline = true;
  });
}

// Where a section's settings go, decided from its header.
struct SectionTarget {
  std::map<std::string, ProfileSettings>* map = nullptr;
  std::string name;
};

std::string Unquote(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  return std::string(text);
}

// The name after a "profile" or "services" keyword, or nullopt when the header is not one.
std::optional<std::string> AfterKeyword(std::string_view header, std::string_view keyword) {
  if (header.substr(0, keyword.size()) != keyword || header.size() == keyword.size()) {
    return std::nullopt;
  }
  std::string_view rest = header.substr(keyword.size());
  if (rest.front() != ' ' && rest.front() != '\t') {
    return std::nullopt;
  }
  rest = Trim(rest);
  if (rest.empty()) {
    return std::nullopt;
  }
  return Unquote(rest);
}

struct ParseState {
  ProfileFile* file = nullptr;
  ProfileFileKind kind = ProfileFileKind::kConfig;
  std::string section;  // raw header of the section being read
  SectionTarget target;
  std::string last_key;  // for continuation lines
  bool key_before_section = false;
};

SectionTarget TargetFor(ProfileFile& file, ProfileFileKind kind, std::string_view raw) {
  std::string_view header = Trim(raw);
  if (kind == ProfileFileKind::kCredentials) {
    return {&file.profiles, std::string(header)};
  }
  if (header == "default") {
    return {&file.profiles, "default"};
  }
  if (auto name = AfterKeyword(header, "profile")) {
    return {&file.profiles, *name};
  }
  if (auto name = AfterKeyword(header, "services")) {
    return {&file.services, *name};
  }

  // Other sections ("[sso-session x]", or a bare "[dev]" that the AWS CLI ignores too in the
  // config file) carry nothing this tool reads.
  return {};
}

int OnEntry(void* user, const char* section, const char* name, const char* value) {
  auto& state = *static_cast<ParseState*>(user);
  if (*section == '\0') {
    state.key_before_section = true;
    return 0;
  }

  if (state.section != section || state.target.map == nullptr) {
    state.section = section;
    state.target = TargetFor(*state.file, state.kind, section);
    state.last_key.clear();
  }
  if (state.target.map == nullptr) {
    return 1;
  }

  ProfileSettings& settings = (*state.target.map)[state.target.name];
  std::string key = Lower(Trim(name));

  // inih reports each indented continuation line under the key above it.
  if (key == state.last_key) {
    settings[key] += '\n';
    settings[key] += Trim(value);
    return 1;
  }
  settings[key] = std::string(Trim(value));
  state.last_key = key;
  return 1;
}

}  // namespace

const ProfileSettings* ProfileFile::FindProfile(const std::string& name) const {
  auto found = profiles.find(name);
  return found == profiles.end() ? nullptr : &found->second;
}

ProfileFile ParseProfileFile(std::string_view text, ProfileFileKind kind, std::string path) {
  ConfigureInihOnce();

  ProfileFile file;
  file.path = std::move(path);
  file.exists = true;
  ParseState state;
  state.file = &file;
  state.kind = kind;

  std::string terminated(text);
  int result = ini_parse_string(terminated.c_str(), OnEntry, &state);
  if (result == -2) {
    throw std::bad_alloc();
  }
  if (result > 0) {
    std::string fact =
        "cannot parse " + file.path + ": line " + std::to_string(result) +
        (state.key_before_section ? " sets a value before any [section]"
                                  : " is not a [section], a key = value line, or a comment");
    throw Failure(ExitCode::kFailedNothingChanged, fact);
  }
  return file;
}

ProfileFile LoadProfileFile(const std::string& path, ProfileFileKind kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      ProfileFile missing;
      missing.path = path;
      return missing;
    }
    throw Failure(ExitCode::kFailedNothingChanged,
                  "cannot read " + path + ": " + std::strerror(error));
  }

  std::ostringstream text;
  text << in.rdbuf();
  return ParseProfileFile(text.str(), kind, path);
}

std::optional<std::string> Setting(const ProfileSettings* settings, const std::string& key) {
  if (settings == nullptr) {
    return std::nullopt;
  }
  auto found = settings->find(key);
  if (found == settings->end()) {
    return std::nullopt;
  }
  std::string_view value = Trim(found->second);
  if (value.empty()) {
    return std::nullopt;
  }
  return std::string(value);
}

ProfileSettings NestedSettings(std::string_view value) {
  ProfileSettings nested;
  while (!value.empty()) {
    size_t end = value.find('\n');
    std::string_view line = value.substr(0, end);
    value = end == std::string_view::npos ? std::string_view() : value.substr(end + 1);

    size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      continue;
    }
    std::string key = Lower(Trim(line.substr(0, equals)));
    if (!key.empty()) {
      nested[key] = std::string(Trim(line.substr(equals + 1)));
    }
  }
  return nested;
}

}  // namespace ddbm::aws
