#pragma once

#include "eval/Benchmark.h"
#include "util/Error.h"

#include <cmath>
#include <functional>
#include <map>
#include <string>

namespace prefstudio::test {

/// The message of the core::Error `f` throws; empty when it throws none.
inline std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const core::Error& e) {
        return e.what();
    }
    return {};
}

inline bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// Empty when `task` holds every metric of `want` with its value (within 1e-9), else what
/// differs.
inline std::string metricDiff(const core::eval::MetricTable& table, const std::string& task,
                              const std::map<std::string, double>& want)
{
    const auto found = table.find(task);
    if (found == table.end())
        return "no task " + task;
    std::string diff;
    for (const auto& [name, value] : want) {
        const auto got = found->second.find(name);
        if (got == found->second.end())
            diff += task + "." + name + " missing; ";
        else if (std::abs(got->second - value) > 1e-9)
            diff += task + "." + name + " = " + std::to_string(got->second) + ", expected " +
                    std::to_string(value) + "; ";
    }
    return diff;
}

} // namespace prefstudio::test
