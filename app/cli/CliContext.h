#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "util/Job.h"

namespace prefstudio::cli {

/// A progress bar on stderr, drawn only when stderr is a terminal.
/// Progress on stderr: a bar redrawn in place on a terminal; with PREFSTUDIO_PROGRESS=lines,
/// one "@progress DONE TOTAL" line per update instead, for a program that runs this one (the
/// studio's jobs panel).
class ProgressBar
{
public:
    static constexpr const char* kLinePrefix = "@progress ";

    explicit ProgressBar(std::string label);
    ~ProgressBar();
    core::ProgressSink sink();

private:
    void draw(std::uint64_t done, std::uint64_t total);

    std::string m_label;
    bool m_lines;
    bool m_enabled;
    bool m_drawn = false;
    std::int64_t m_lastDrawMs = 0;
};

/// Each subcommand registers itself; its callback throws core::Error on failure.
void addInitCommand(CLI::App& app);
void addStatsCommand(CLI::App& app);
void addAgreementCommand(CLI::App& app);
/// `shapes-images --serve`: the demo text-to-image renderer and image scorer (JSONL protocol).
void addShapesImagesCommand(CLI::App& app);
void addDevicesCommand(CLI::App& app);
void addImportCommand(CLI::App& app);
void addExportCommand(CLI::App& app);
void addPairsCommand(CLI::App& app);
void addFlagsCommand(CLI::App& app);
void addDemoCommand(CLI::App& app);
void addCheckCommand(CLI::App& app);
void addTokenizeCommand(CLI::App& app);
void addRunsCommand(CLI::App& app);
void addHandoffCommand(CLI::App& app);
/// `eval-import DIR RESULTS` and `eval-compare DIR RUN RUN...`.
void addEvalCommands(CLI::App& app);

} // namespace prefstudio::cli
