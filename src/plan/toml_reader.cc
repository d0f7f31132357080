#include "plan/toml_reader.h"

#include <algorithm>

#include "common/did_you_mean.h"
#include "common/failure.h"
#include "plan/name_rules.h"

namespace ddbm::plan {
namespace {

const std::vector<std::string> kKeyAttributeKeys = {"name", "type"};

}  // namespace

std::string Quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string Joined(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) {
    joined += (joined.empty() ? "" : ", ") + word;
  }
  return joined;
}

std::string Describe(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string Location(const std::string& source, const toml::source_position& at) {
  // A document-wide problem in an empty file has no position; the file's start stands for it.
  const auto line = at ? at.line : 1;
  const auto column = at ? at.column : 1;
  return source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

void TomlReader::Fail(const toml::source_position& at, const std::string& fact) const {
  throw Failure(ExitCode::kUsage, Location(source_, at) + fact);
}

const std::string& TomlReader::StringValue(const toml::node& node, const std::string& what) const {
  const toml::value<std::string>* text = node.as_string();
  if (text == nullptr) {
    Fail(node.source().begin, what + " must be a string, not " + Describe(node.type()));
  }
  return text->get();
}

void TomlReader::RejectUnknownKeys(const toml::table& table, const std::vector<std::string>& known,
                                   const std::string& place) const {
  const toml::key* first = nullptr;
  for (auto&& [key, value] : table) {
    const bool is_known = std::find(known.begin(), known.end(), key.str()) != known.end();
    if (!is_known && (first == nullptr || key.source().begin < first->source().begin)) {
      first = &key;
    }
  }
  if (first == nullptr) {
    return;
  }

  std::string fact = "unknown key " + Quoted(first->str()) + " " + place;
  if (auto suggestion = DidYouMean(first->str(), known)) {
    fact += ", did you mean " + Quoted(*suggestion) + "?";
  } else {
    fact += "; the keys here are " + Joined(known);
  }
  Fail(first->source().begin, fact);
}

KeyAttribute TomlReader::ReadKeyAttribute(const toml::node& node, const std::string& what) const {
  const toml::table* attribute = node.as_table();
  if (attribute == nullptr) {
    Fail(node.source().begin, what +
                                  " must be a table such as { name = \"id\", type = \"S\" }, not " +
                                  Describe(node.type()));
  }
  RejectUnknownKeys(*attribute, kKeyAttributeKeys, "in " + what);

  KeyAttribute result;
  const toml::node* name = attribute->get("name");
  if (name == nullptr) {
    Fail(attribute->source().begin, what + " has no \"name\"");
  }
  result.name = StringValue(*name, "the name of " + what);
  if (auto problem = KeyAttributeNameProblem(result.name)) {
    Fail(name->source().begin,
         "attribute name " + Quoted(result.name) + " of " + what + " is not valid: " + *problem);
  }

  const toml::node* type = attribute->get("type");
  if (type == nullptr) {
    Fail(attribute->source().begin, what + " has no \"type\"; it is one of S, N, B");
  }
  result.type = StringValue(*type, "the type of " + what);
  if (result.type != "S" && result.type != "N" && result.type != "B") {
    Fail(type->source().begin,
         "key type " + Quoted(result.type) + " for " + what + " is not one of S, N, B");
  }
  return result;
}

}  // namespace ddbm::plan
