#include "ml/Interruptible.h"

#include <atomic>
#include <csignal>

namespace prefstudio::cli {

namespace {

std::atomic<core::CancelToken*> g_cancel{nullptr};

extern "C" void onSignal(int)
{
    if (core::CancelToken* cancel = g_cancel.load())
        cancel->cancel();
}

} // namespace

void cancelOnSignals(core::CancelToken* cancel)
{
    g_cancel.store(cancel);
    if (cancel) {
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
}

} // namespace prefstudio::cli
