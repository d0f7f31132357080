// Small state files beside a backup (the migration journal, import progress) replaced whole and
// atomically: a crash leaves either the old text or the new, never a torn file.
#pragma once

#include <optional>
#include <string>

namespace ddbm::backup {

/// Writes `text` to `path` through "<path>.partial", fsync and rename, mode 0600. Throws
/// DataFileError naming the path on failure.
void ReplaceFileAtomically(const std::string& path, const std::string& text);

/// The file's whole text, or nullopt when it does not exist.
std::optional<std::string> ReadWholeFile(const std::string& path);

}  // namespace ddbm::backup
