#pragma once

namespace ddbm::engine {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace ddbm::engine
