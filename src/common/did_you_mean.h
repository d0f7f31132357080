// Suggestions for mistyped names ("partion_key" -> "partition_key"), so a usage error can name
// what the user most likely meant instead of only what was wrong.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddbm {

/// Edit distance between `a` and `b` with ASCII case ignored: inserting, deleting or replacing
/// one character, or swapping two adjacent ones, each costs one edit.
std::size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely typo: within one edit
/// for words of up to five characters, otherwise within a third of the word's length. Of equally
/// close candidates the first wins. nullopt when none is close.
std::optional<std::string> DidYouMean(std::string_view word,
                                      const std::vector<std::string>& candidates);

}  // namespace ddbm
