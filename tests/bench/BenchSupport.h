#pragma once

// What the engine benchmarks share: the command line (`[FOLDER] [--threads T]` and a few
// numeric options of their own) and running their PyTorch eager baseline.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::bench {

/// The middle value (the upper of the two middle ones for an even count); 0 for none.
inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

struct BenchOption
{
    std::string flag;    ///< "--batch"
    std::string metavar; ///< "B", shown in the usage line
    std::function<void(const std::string&)> set;
};

/// An option that reads a whole number into `target`.
template <typename Number>
BenchOption numberOption(const std::string& flag, const std::string& metavar, Number& target)
{
    return {flag, metavar, [&target](const std::string& text) {
                std::size_t used = 0;
                const long long value = std::stoll(text, &used);
                if (used != text.size() || value < 0)
                    throw std::invalid_argument(text);
                target = static_cast<Number>(value);
            }};
}

/// Reads `[FOLDER] [--threads T] [OPTION VALUE]...` into `folder` (kept when not given),
/// `threads` (default: every core) and the options. On anything else, or a value that is not
/// a whole number, prints the usage line and returns false.
inline bool parseBenchArgs(int argc, char** argv, const std::string& program,
                           const std::string& folderName, std::filesystem::path& folder,
                           int& threads, std::vector<BenchOption> options)
{
    threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    options.insert(options.begin(), numberOption("--threads", "T", threads));
    auto usage = [&] {
        std::string line = "usage: " + program + " [" + folderName + "]";
        for (const BenchOption& option : options)
            line += " [" + option.flag + " " + option.metavar + "]";
        std::fprintf(stderr, "%s\n", line.c_str());
        return false;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            folder = arg;
            continue;
        }
        const BenchOption* option = nullptr;
        for (const BenchOption& candidate : options)
            if (candidate.flag == arg)
                option = &candidate;
        if (!option || i + 1 >= argc)
            return usage();
        try {
            option->set(argv[++i]);
        } catch (const std::exception&) {
            std::fprintf(stderr, "%s: %s takes a whole number, not '%s'\n", program.c_str(),
                         arg.c_str(), argv[i]);
            return usage();
        }
    }
    if (threads < 1)
        return usage();
    return true;
}

/// Runs `/usr/bin/python3 tests/bench/<script> FOLDER WORK/input.json WORK/output.json
/// --threads T` and returns what it wrote to output.json. When it fails (Debian's python3-torch
/// is not installed), says so and returns nothing.
inline std::optional<nlohmann::json> runPythonBaseline(const std::string& script,
                                                       const std::filesystem::path& folder,
                                                       const std::filesystem::path& work,
                                                       int threads)
{
    const std::filesystem::path source = std::filesystem::path(PREFSTUDIO_BENCH_DIR) / script;
    const std::string command = "/usr/bin/python3 '" + source.string() + "' '" + folder.string() +
                                "' '" + (work / "input.json").string() + "' '" +
                                (work / "output.json").string() + "' --threads " +
                                std::to_string(threads);
    if (std::system(command.c_str()) != 0) {
        std::printf(
            "baseline: not run (needs Debian's python3-torch: apt install python3-torch)\n");
        return std::nullopt;
    }
    nlohmann::json output;
    std::ifstream(work / "output.json") >> output;
    return output;
}

} // namespace prefstudio::bench
