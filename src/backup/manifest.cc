// manifest.json as JSON: every field written, and every field required when read, so a
// manifest from an unknown or damaged writer is refused rather than half understood. The one
// exception is the few table fields added later within format 1 (tags, continuous_backups):
// a manifest written before them lacks them, and they read as null, "not recorded".
#include "backup/manifest.h"

#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

#include "backup/durable_file.h"

namespace ddbm::backup {
namespace {

using nlohmann::json;

constexpr const char* kIncompleteBackup =
    ": no manifest.json: the backup is incomplete (an export that did not finish)";

// Reads fields of one JSON object, naming the field's full path in any complaint:
// "tables[0].files[2].sha256".
class Fields {
 public:
  Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) {
      throw DataFileError(Where() + "is not a JSON object");
    }
  }

  const json& Any(const char* name) const {
    auto found = object_.find(name);
    if (found == object_.end()) {
      throw DataFileError("field \"" + Path(name) + "\" is missing");
    }
    return *found;
  }

  std::string String(const char* name) const {
    const json& value = Any(name);
    if (!value.is_string()) {
      throw DataFileError("field \"" + Path(name) + "\" is not a string");
    }
    return value.get<std::string>();
  }

  std::uint64_t Count(const char* name) const {
    const json& value = Any(name);
    if (!value.is_number_unsigned()) {
      throw DataFileError("field \"" + Path(name) + "\" is not a whole number");
    }
    return value.get<std::uint64_t>();
  }

  // A field that older writers of this format version did not write: null when absent, and
  // otherwise null or of the kind `accepts` allows.
  json Optional(const char* name, bool (json::*accepts)() const noexcept, const char* kind) const {
    auto found = object_.find(name);
    if (found == object_.end() || found->is_null()) {
      return nullptr;
    }
    if (!((*found).*accepts)()) {
      throw DataFileError("field \"" + Path(name) + "\" is not " + kind + " or null");
    }
    return *found;
  }

  const json& Array(const char* name) const {
    const json& value = Any(name);
    if (!value.is_array()) {
      throw DataFileError("field \"" + Path(name) + "\" is not an array");
    }
    return value;
  }

  std::string Path(const char* name) const { return path_.empty() ? name : path_ + "." + name; }

 private:
  std::string Where() const { return path_.empty() ? "top level " : path_ + " "; }

  const json& object_;
  std::string path_;
};

json FileToJson(const DataFileSummary& file) {
  return json{{"file_name", file.file_name},
              {"items", file.items},
              {"compressed_bytes", file.compressed_bytes},
              {"uncompressed_bytes", file.uncompressed_bytes},
              {"sha256", file.sha256}};
}

DataFileSummary FileFromJson(const json& object, const std::string& path) {
  Fields fields(object, path);
  DataFileSummary file;
  file.file_name = fields.String("file_name");
  file.items = fields.Count("items");
  file.compressed_bytes = fields.Count("compressed_bytes");
  file.uncompressed_bytes = fields.Count("uncompressed_bytes");
  file.sha256 = fields.String("sha256");
  return file;
}

json TableToJson(const TableBackup& table) {
  json files = json::array();
  for (const DataFileSummary& file : table.files) {
    files.push_back(FileToJson(file));
  }
  return json{{"plan_name", table.plan_name},
              {"table_name", table.table_name},
              {"description", table.description},
              {"time_to_live", table.time_to_live},
              {"tags", table.tags},
              {"continuous_backups", table.continuous_backups},
              {"item_count", table.item_count},
              {"fill_count", table.fill_count},
              {"uncompressed_bytes", table.uncompressed_bytes},
              {"files", std::move(files)}};
}

TableBackup TableFromJson(const json& object, const std::string& path) {
  Fields fields(object, path);
  TableBackup table;
  table.plan_name = fields.String("plan_name");
  table.table_name = fields.String("table_name");
  table.description = fields.Any("description");
  table.time_to_live = fields.Any("time_to_live");
  table.tags = fields.Optional("tags", &json::is_array, "an array");
  table.continuous_backups = fields.Optional("continuous_backups", &json::is_object, "an object");
  table.item_count = fields.Count("item_count");
  table.fill_count = fields.Count("fill_count");
  table.uncompressed_bytes = fields.Count("uncompressed_bytes");
  const json& files = fields.Array("files");
  for (std::size_t i = 0; i < files.size(); ++i) {
    table.files.push_back(
        FileFromJson(files[i], fields.Path("files") + "[" + std::to_string(i) + "]"));
  }
  return table;
}

// Unprefixed messages; the public functions say which manifest they came from.
Manifest Parse(const json& object) {
  Fields fields(object, "");

  // The version comes first: a manifest from a newer ddbmigrate may lack or reshape any other
  // field, and "unsupported version" is the message that tells the operator what to do.
  const json& version = fields.Any("format_version");
  if (!version.is_number_integer()) {
    throw DataFileError("field \"format_version\" is not a whole number");
  }
  if (version.get<std::int64_t>() != kManifestFormatVersion) {
    throw DataFileError("format version " + version.dump() +
                        " is not supported (this ddbmigrate reads version " +
                        std::to_string(kManifestFormatVersion) + ")");
  }

  Manifest manifest;
  manifest.tool_version = fields.String("tool_version");
  manifest.plan_name = fields.String("plan_name");
  manifest.plan_toml = fields.String("plan_toml");
  manifest.created_at = fields.String("created_at");
  manifest.endpoint = fields.String("endpoint");
  manifest.region = fields.String("region");
  const json& tables = fields.Array("tables");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    manifest.tables.push_back(TableFromJson(tables[i], "tables[" + std::to_string(i) + "]"));
  }
  return manifest;
}

std::string ManifestPath(const std::string& directory) {
  return directory + "/" + kManifestFileName;
}

}  // namespace

const TableBackup* Manifest::FindTable(const std::string& name) const {
  for (const TableBackup& table : tables) {
    if (table.plan_name == name) {
      return &table;
    }
  }
  return nullptr;
}

json ManifestToJson(const Manifest& manifest) {
  json tables = json::array();
  for (const TableBackup& table : manifest.tables) {
    tables.push_back(TableToJson(table));
  }
  return json{{"format_version", manifest.format_version},
              {"tool_version", manifest.tool_version},
              {"plan_name", manifest.plan_name},
              {"plan_toml", manifest.plan_toml},
              {"created_at", manifest.created_at},
              {"endpoint", manifest.endpoint},
              {"region", manifest.region},
              {"tables", std::move(tables)}};
}

Manifest ManifestFromJson(const json& object) {
  try {
    return Parse(object);
  } catch (const DataFileError& error) {
    throw DataFileError(std::string("manifest: ") + error.what());
  }
}

void WriteManifest(const std::string& directory, const Manifest& manifest) {
  const std::string final_path = ManifestPath(directory);
  const std::string partial_path = final_path + ".partial";
  std::string text = ManifestToJson(manifest).dump(2);
  text += '\n';

  // A partial file left by a crash is stale: start it afresh, so it gets mode 0600.
  if (::unlink(partial_path.c_str()) != 0 && errno != ENOENT) {
    throw DataFileError(ErrnoMessage(partial_path, "cannot remove", errno));
  }
  UniqueFd fd = CreateExclusive(partial_path);
  WriteAll(fd.Get(), text.data(), text.size(), partial_path);
  SyncAndClose(std::move(fd), partial_path);
  RenameDurably(partial_path, final_path);
}

Manifest ReadManifest(const std::string& directory) {
  const std::string path = ManifestPath(directory);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 && errno == ENOENT) {
      throw DataFileError(directory + kIncompleteBackup);
    }
    throw DataFileError(ErrnoMessage(path, "cannot read", errno));
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) {
    throw DataFileError(path + ": cannot read");
  }

  json object;
  try {
    object = json::parse(text.str());
  } catch (const json::parse_error& error) {
    // what() reads "[json.exception.parse_error.101] parse error at line 3, column 5: ...";
    // the bracketed tag means nothing to an operator.
    std::string_view message = error.what();
    std::size_t tag_end = message.find("] ");
    if (tag_end != std::string_view::npos) {
      message.remove_prefix(tag_end + 2);
    }
    throw DataFileError(path + ": not valid JSON: " + std::string(message));
  }
  try {
    return Parse(object);
  } catch (const DataFileError& error) {
    throw DataFileError(path + ": " + error.what());
  }
}

}  // namespace ddbm::backup
