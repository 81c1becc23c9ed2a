#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

namespace prefstudio::core {

/// Reads and parses a JSON file; core::Error naming the file when it cannot be read or is not
/// JSON.
nlohmann::json readJsonFile(const std::filesystem::path& path);

} // namespace prefstudio::core
