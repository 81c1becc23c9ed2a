#pragma once

#include <filesystem>
#include <string_view>

namespace prefstudio::core {

/// Writes `bytes` to `path` whole or not at all: to `path.partial-<pid>` first, checked, then
/// renamed over `path`. core::Error naming the file and the reason (a full disk) otherwise;
/// the partial file is removed and an existing `path` is left as it was.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

} // namespace prefstudio::core
