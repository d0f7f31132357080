#include "raw_json.h"

#include <nlohmann/json.hpp>

namespace ddbm::testing {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t SkipSpace(std::string_view text, size_t at) {
  while (at < text.size() && IsSpace(text[at])) {
    ++at;
  }
  return at;
}

// The position just past the string literal starting at `at` (on its opening quote).
std::optional<size_t> SkipString(std::string_view text, size_t at) {
  for (size_t i = at + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::nullopt;
}

// The position just past the value starting at `at`. Objects and arrays are skipped by
// counting brackets outside strings; scalars end at the next delimiter.
std::optional<size_t> SkipValue(std::string_view text, size_t at) {
  if (at >= text.size()) {
    return std::nullopt;
  }
  if (text[at] == '"') {
    return SkipString(text, at);
  }
  if (text[at] != '{' && text[at] != '[') {
    size_t end = at;
    while (end < text.size() && text[end] != ',' && text[end] != '}' && text[end] != ']' &&
           !IsSpace(text[end])) {
      ++end;
    }
    return end > at ? std::optional<size_t>(end) : std::nullopt;
  }

  int depth = 0;
  for (size_t i = at; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      std::optional<size_t> end = SkipString(text, i);
      if (!end) {
        return std::nullopt;
      }
      i = *end - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        return i + 1;
      }
    }
  }
  return std::nullopt;
}

// Walks the comma-separated entries between `open` and its closing bracket, calling
// `entry(position)` at each entry's first character; `entry` returns the position just past
// the entry, or nullopt to give up.
template <typename Entry>
bool WalkEntries(std::string_view text, char open, char close, Entry entry) {
  size_t at = SkipSpace(text, 0);
  if (at >= text.size() || text[at] != open) {
    return false;
  }
  at = SkipSpace(text, at + 1);
  if (at < text.size() && text[at] == close) {
    return SkipSpace(text, at + 1) == text.size();
  }

  for (;;) {
    std::optional<size_t> end = entry(at);
    if (!end) {
      return false;
    }
    at = SkipSpace(text, *end);
    if (at >= text.size()) {
      return false;
    }
    if (text[at] == close) {
      return SkipSpace(text, at + 1) == text.size();
    }
    if (text[at] != ',') {
      return false;
    }
    at = SkipSpace(text, at + 1);
  }
}

}  // namespace

std::optional<std::vector<RawMember>> RawObjectMembers(std::string_view text) {
  std::vector<RawMember> members;
  bool ok = WalkEntries(text, '{', '}', [&](size_t at) -> std::optional<size_t> {
    if (at >= text.size() || text[at] != '"') {
      return std::nullopt;
    }
    std::optional<size_t> name_end = SkipString(text, at);
    if (!name_end) {
      return std::nullopt;
    }
    nlohmann::json name = nlohmann::json::parse(text.substr(at, *name_end - at), nullptr, false);
    size_t colon = SkipSpace(text, *name_end);
    if (name.is_discarded() || colon >= text.size() || text[colon] != ':') {
      return std::nullopt;
    }
    size_t value_start = SkipSpace(text, colon + 1);
    std::optional<size_t> value_end = SkipValue(text, value_start);
    if (!value_end) {
      return std::nullopt;
    }
    members.push_back(
        {name.get<std::string>(), text.substr(value_start, *value_end - value_start)});
    return value_end;
  });
  return ok ? std::optional(std::move(members)) : std::nullopt;
}

std::optional<std::vector<std::string_view>> RawArrayElements(std::string_view text) {
  std::vector<std::string_view> elements;
  bool ok = WalkEntries(text, '[', ']', [&](size_t at) -> std::optional<size_t> {
    std::optional<size_t> end = SkipValue(text, at);
    if (end) {
      elements.push_back(text.substr(at, *end - at));
    }
    return end;
  });
  return ok ? std::optional(std::move(elements)) : std::nullopt;
}

std::optional<std::string_view> RawMemberValue(std::string_view text, std::string_view name) {
  std::optional<std::vector<RawMember>> members = RawObjectMembers(text);
  if (!members) {
    return std::nullopt;
  }
  for (const RawMember& member : *members) {
    if (member.name == name) {
      return member.value;
    }
  }
  return std::nullopt;
}

std::string WriteRawObject(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string text = "{";
  for (const auto& [name, value] : members) {
    if (text.size() > 1) {
      text += ',';
    }
    text += JsonQuoted(name);
    text += ':';
    text += value;
  }
  return text + "}";
}

std::string JsonQuoted(std::string_view text) {
  return nlohmann::json(std::string(text)).dump();
}

}  // namespace ddbm::testing
