#include "util/Log.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace prefstudio::core::log {

namespace {

std::mutex& registryMutex()
{
    static std::mutex mutex;
    return mutex;
}

std::vector<spdlog::sink_ptr>& sinks()
{
    static std::vector<spdlog::sink_ptr> all = [] {
        auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        const char* level = std::getenv("PREFSTUDIO_LOG");
        console->set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
        return std::vector<spdlog::sink_ptr>{console};
    }();
    return all;
}

std::shared_ptr<spdlog::logger> area(const char* name)
{
    std::lock_guard lock(registryMutex());
    if (auto existing = spdlog::get(name))
        return existing;
    auto logger = std::make_shared<spdlog::logger>(name, sinks().begin(), sinks().end());
    logger->set_level(spdlog::level::debug);
    spdlog::register_logger(logger);
    return logger;
}

} // namespace

std::shared_ptr<spdlog::logger> store()
{
    return area("store");
}
std::shared_ptr<spdlog::logger> import()
{
    return area("import");
}
std::shared_ptr<spdlog::logger> exportLog()
{
    return area("export");
}
std::shared_ptr<spdlog::logger> curation()
{
    return area("curation");
}
std::shared_ptr<spdlog::logger> demo()
{
    return area("demo");
}

void enableFile(const std::string& dir)
{
    std::filesystem::create_directories(dir);
    auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        (std::filesystem::path(dir) / "prefstudio.log").string(), 5 * 1024 * 1024, 3);
    file->set_level(spdlog::level::info);
    std::lock_guard lock(registryMutex());
    sinks().push_back(file);
    spdlog::apply_all(
        [&](const std::shared_ptr<spdlog::logger>& logger) { logger->sinks().push_back(file); });
}

} // namespace prefstudio::core::log

namespace prefstudio::core::log {

std::string defaultLogDir()
{
    namespace fs = std::filesystem;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return (fs::path(xdg) / "PrefStudio" / "logs").string();
    const char* home = std::getenv("HOME");
    return (fs::path(home && *home ? home : "/tmp") / ".local" / "share" / "PrefStudio" / "logs")
        .string();
}

void enableDefaultFile()
{
    try {
        enableFile(defaultLogDir());
    } catch (const std::exception&) {
    }
}

} // namespace prefstudio::core::log
