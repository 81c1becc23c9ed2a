#pragma once

#include "util/Error.h"
#include "util/Job.h"

#include <utility>

namespace prefstudio::cli {

/// Makes SIGINT and SIGTERM cancel `cancel` (nullptr: nothing again).
void cancelOnSignals(core::CancelToken* cancel);

/// Runs `work(cancel)` with Ctrl+C (and the studio's cancel, SIGTERM) cancelling it; a
/// cancellation surfaces as core::Error(`interrupted`), the message saying what was kept.
template <typename Work> auto runInterruptible(const char* interrupted, Work&& work)
{
    core::CancelToken cancel;
    cancelOnSignals(&cancel);
    try {
        auto result = std::forward<Work>(work)(cancel);
        cancelOnSignals(nullptr);
        return result;
    } catch (const core::Cancelled&) {
        cancelOnSignals(nullptr);
        throw core::Error(interrupted);
    } catch (...) {
        cancelOnSignals(nullptr);
        throw;
    }
}

} // namespace prefstudio::cli
