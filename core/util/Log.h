#pragma once

#include <memory>

#include <spdlog/logger.h>

namespace prefstudio::core::log {

/// One logger per area. Each writes to stderr (level from PREFSTUDIO_LOG, default warn) and,
/// once enableFile() was called, to a rotating file.
std::shared_ptr<spdlog::logger> store();
std::shared_ptr<spdlog::logger> import();
std::shared_ptr<spdlog::logger> exportLog();
std::shared_ptr<spdlog::logger> curation();
std::shared_ptr<spdlog::logger> demo();

/// Adds a rotating log file (5 MB x 3) under `dir` to every area's logger.
void enableFile(const std::string& dir);

/// $XDG_DATA_HOME/PrefStudio/logs, else ~/.local/share/PrefStudio/logs.
std::string defaultLogDir();

/// enableFile(defaultLogDir()), or nothing when that folder cannot be written: logging to a
/// file must never stop the program.
void enableDefaultFile();

} // namespace prefstudio::core::log
