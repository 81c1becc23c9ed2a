#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "util/Error.h"

namespace prefstudio::core {

/// Cancellation flag shared between a job and whoever started it.
class CancelToken
{
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    void throwIfCancelled() const
    {
        if (isCancelled())
            throw Cancelled();
    }

private:
    std::atomic<bool> m_cancelled{false};
};

/// Where a job reports progress: `done` of `total` units (total 0 = unknown), and log lines.
struct ProgressSink
{
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
    std::function<void(const std::string& line)> log;

    void report(std::uint64_t done, std::uint64_t total) const
    {
        if (progress)
            progress(done, total);
    }
    void message(const std::string& line) const
    {
        if (log)
            log(line);
    }
};

} // namespace prefstudio::core
