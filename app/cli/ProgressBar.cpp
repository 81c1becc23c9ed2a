#include <chrono>
#include <cstdio>

#include <unistd.h>

#include "cli/CliContext.h"

#include <cstdlib>
#include <string_view>

namespace prefstudio::cli {

namespace {

std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bool linesRequested()
{
    const char* mode = std::getenv("PREFSTUDIO_PROGRESS");
    return mode && std::string_view(mode) == "lines";
}

} // namespace

ProgressBar::ProgressBar(std::string label)
    : m_label(std::move(label)), m_lines(linesRequested()), m_enabled(m_lines || isatty(2) == 1)
{
}

ProgressBar::~ProgressBar()
{
    if (m_drawn && !m_lines)
        std::fputc('\n', stderr);
}

core::ProgressSink ProgressBar::sink()
{
    core::ProgressSink sink;
    sink.progress = [this](std::uint64_t done, std::uint64_t total) { draw(done, total); };
    sink.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
    return sink;
}

void ProgressBar::draw(std::uint64_t done, std::uint64_t total)
{
    if (!m_enabled)
        return;
    const std::int64_t now = nowMs();
    if (now - m_lastDrawMs < 100 && done != total)
        return;
    m_lastDrawMs = now;
    m_drawn = true;
    if (m_lines) {
        std::fprintf(stderr, "%s%llu %llu\n", kLinePrefix, static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(total));
        std::fflush(stderr);
        return;
    }
    if (total == 0) {
        std::fprintf(stderr, "\r%s %llu", m_label.c_str(), static_cast<unsigned long long>(done));
    } else {
        const int width = 30;
        const int filled = static_cast<int>(width * done / total);
        std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", m_label.c_str(), filled,
                     "==============================", width - filled, "",
                     static_cast<int>(100 * done / total));
    }
    std::fflush(stderr);
}

} // namespace prefstudio::cli
