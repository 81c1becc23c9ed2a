#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <thread>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/CliContext.h"
#include "io/Handoff.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::cli {

namespace {

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty())
            items.push_back(item);
    return items;
}

struct HandoffArgs
{
    std::string dir;
    std::string out;
    std::string statuses = "accepted";
    std::string loraTargets;
    bool run = false;
    core::HandoffOptions options;
};

void addHyperParameterOptions(CLI::App* command, core::HandoffOptions& o)
{
    command->add_option("--loss", o.lossType, "sigmoid, conservative, ipo or hinge")
        ->capture_default_str();
    command->add_option("--beta", o.beta)->capture_default_str();
    command->add_option("--label-smoothing", o.labelSmoothing, "cDPO (sigmoid loss)");
    command->add_option("--rpo-alpha", o.rpoAlpha, "Weight of an SFT term on the chosen answer");
    command->add_option("--lora-r", o.loraRank)->capture_default_str();
    command->add_option("--lora-alpha", o.loraAlpha, "A whole number")->capture_default_str();
    command->add_option("--lora-dropout", o.loraDropout)->capture_default_str();
    command->add_option("--lr", o.learningRate)->capture_default_str();
    command->add_option("--schedule", o.lrScheduler, "cosine, linear or constant (after warm-up)")
        ->capture_default_str();
    command->add_option("--warmup-ratio", o.warmupRatio)->capture_default_str();
    command->add_option("--epochs", o.epochs)->capture_default_str();
    command->add_option("--batch", o.perDeviceBatchSize, "Pairs per device and micro-batch")
        ->capture_default_str();
    command->add_option("--grad-accum", o.gradientAccumulation)->capture_default_str();
    command->add_option("--max-grad-norm", o.maxGradNorm, "0: no clipping")->capture_default_str();
    command->add_option("--weight-decay", o.weightDecay)->capture_default_str();
    command->add_option("--seed", o.seed)->capture_default_str();
    command
        ->add_option("--save-every", o.saveSteps,
                     "Checkpoint every N steps; TRL's metrics are read from checkpoints")
        ->capture_default_str();
    command->add_option("--bf16", o.bf16, "true or false")->capture_default_str();
}

// ---------------------------------------------------------------------------------------------
// Running the engine
// ---------------------------------------------------------------------------------------------

volatile std::sig_atomic_t g_stopRequested = 0;

void onStopSignal(int)
{
    g_stopRequested = 1;
}

/// Starts the command without a shell (a launcher prefix brings its own /bin/sh -c) in the
/// hand-off's working folder.
pid_t startEngine(const core::HandoffResult& handoff)
{
    std::vector<char*> argv;
    for (const auto& word : handoff.argv)
        argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    const std::string folder = handoff.workingDir.string();
    std::fflush(nullptr); // or the child would flush our buffered output a second time
    const pid_t pid = fork();
    if (pid < 0)
        throw core::Error("cannot start '" + handoff.argv.front() + "': " + std::strerror(errno));
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        if (chdir(folder.c_str()) != 0)
            _exit(126);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

std::string describeExit(int status)
{
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        std::string text = "exited with code " + std::to_string(code);
        if (code == 127)
            text += " (the command was not found: is it installed and on PATH?)";
        if (code == 126)
            text += " (it could not be started in its folder)";
        return text;
    }
    if (WIFSIGNALED(status))
        return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "ended with wait status " + std::to_string(status);
}

/// Imports what the engine has logged since the last call. The engine may be halfway through
/// writing the file: a read that fails is retried on the next call, except the final one.
class MetricsFollower
{
public:
    MetricsFollower(core::Project& project, std::int64_t runId, const core::HandoffResult& handoff)
        : m_project(project), m_runId(runId), m_handoff(handoff)
    {
    }

    void poll(bool final)
    {
        const auto path = core::currentTrainingLog(m_handoff);
        if (!path)
            return;
        core::TrainingLog log;
        try {
            log = core::readTrainingLog(*path);
        } catch (const core::Error&) {
            if (final)
                throw;
            return;
        }
        // Both logs only grow (a newer checkpoint's history starts with the older one's).
        if (log.steps.size() <= m_steps)
            return;
        const std::vector<core::LoggedStep> fresh(
            log.steps.begin() + static_cast<std::ptrdiff_t>(m_steps), log.steps.end());
        m_values += core::importHandoffMetrics(m_project, m_runId, fresh);
        m_steps = log.steps.size();
    }

    std::size_t steps() const { return m_steps; }
    std::int64_t values() const { return m_values; }

private:
    core::Project& m_project;
    std::int64_t m_runId;
    const core::HandoffResult& m_handoff;
    std::size_t m_steps = 0;
    std::int64_t m_values = 0;
};

/// Waits for the engine, importing its metrics every second. A first Ctrl-C or SIGTERM is
/// passed on to the engine (a terminal's Ctrl-C already reaches it) and the wait goes on, so
/// that the run is still marked.
int waitForEngine(pid_t pid, MetricsFollower& follower)
{
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    bool forwarded = false;
    auto lastPoll = std::chrono::steady_clock::now();
    for (;;) {
        int status = 0;
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return status;
        if (done < 0 && errno != EINTR)
            throw core::Error(std::string("lost track of the engine process: ") +
                              std::strerror(errno));
        if (g_stopRequested && !forwarded) {
            kill(pid, SIGTERM);
            forwarded = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (std::chrono::steady_clock::now() - lastPoll >= std::chrono::seconds(1)) {
            follower.poll(false);
            lastPoll = std::chrono::steady_clock::now();
        }
    }
}

void runHandoff(core::Project& project, std::int64_t runId, const core::HandoffResult& handoff)
{
    core::setHandoffRunStatus(project, runId, "running");
    std::printf("running run %lld; metrics are read every second from %s\n",
                static_cast<long long>(runId), handoff.outputDir.c_str());
    std::fflush(stdout);
    MetricsFollower follower(project, runId, handoff);
    const int status = waitForEngine(startEngine(handoff), follower);
    const bool succeeded = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    std::string logProblem;
    try {
        follower.poll(true);
    } catch (const core::Error& e) {
        logProblem = e.what();
    }
    core::setHandoffRunStatus(project, runId,
                              succeeded && logProblem.empty() ? "finished" : "failed");
    if (!succeeded)
        throw core::Error(
            "run " + std::to_string(runId) + ": the engine " + describeExit(status) + "; " +
            std::to_string(follower.values()) +
            " metric values were imported before that. Command: " + handoff.commandLine);
    if (!logProblem.empty())
        throw core::Error("run " + std::to_string(runId) +
                          ": the engine finished but its log cannot be read: " + logProblem);
    std::printf("run %lld finished: %lld metric values from %zu logged steps\n",
                static_cast<long long>(runId), static_cast<long long>(follower.values()),
                follower.steps());
}

void printHandoff(const core::HandoffResult& handoff, std::int64_t runId)
{
    std::printf("hand-off for %s written to %s: %lld pairs\n", handoff.engine.c_str(),
                handoff.folder.c_str(), static_cast<long long>(handoff.pairs));
    std::printf("  config   %s\n  dataset  %s\n", handoff.configFile.c_str(),
                handoff.datasetDir.c_str());
    for (const auto& log : handoff.logFiles)
        std::printf("  log      %s\n", log.c_str());
    std::printf("run %lld: created; its metrics can be read later with: prefstudio-cli "
                "handoff-import DIR %lld LOGFILE\n",
                static_cast<long long>(runId), static_cast<long long>(runId));
    std::printf("command:\n  %s\n", handoff.commandLine.c_str());
}

void addHandoffImport(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "handoff-import", "Read a TRL trainer_state.json or a LLaMA-Factory trainer_log.jsonl "
                          "into a run's metrics; a log that records the end of training marks "
                          "the run finished");
    auto dir = std::make_shared<std::string>();
    auto runId = std::make_shared<std::int64_t>(0);
    auto logFile = std::make_shared<std::string>();
    command->add_option("DIR", *dir, "Project folder")->required();
    command->add_option("RUN", *runId, "Run id (see prefstudio-cli runs)")->required();
    command->add_option("LOGFILE", *logFile, "trainer_state.json or trainer_log.jsonl")->required();
    command->callback([dir, runId, logFile] {
        auto project = core::Project::open(*dir);
        std::error_code ec;
        if (!std::filesystem::exists(*logFile, ec))
            throw core::Error(*logFile + ": does not exist; expected a trainer_state.json or a "
                                         "trainer_log.jsonl");
        const auto log = core::readTrainingLog(*logFile);
        const auto values = core::importHandoffMetrics(*project, *runId, log.steps);
        if (log.complete)
            core::setHandoffRunStatus(*project, *runId, "finished");
        std::printf("imported %lld metric values from %zu logged steps into run %lld%s\n",
                    static_cast<long long>(values), log.steps.size(),
                    static_cast<long long>(*runId),
                    log.complete ? "; the log records the end of training: run finished" : "");
    });
}

} // namespace

void addHandoffCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "handoff", "Export pairs and write a TRL or LLaMA-Factory DPO config with the same "
                   "hyper-parameters; print the command, or run it and follow its metrics");
    auto args = std::make_shared<HandoffArgs>();
    auto& o = args->options;
    o.bf16 = true;
    command->add_option("DIR", args->dir, "Project folder")->required();
    command->add_option("OUT", args->out, "Hand-off folder to create (must not exist)")->required();
    command->add_option("--engine", o.engine, "trl or llamafactory")->required();
    command->add_option("--model", o.baseModel, "Base model: Hub id or folder")->required();
    command->add_option("--template", o.chatTemplate, "LLaMA-Factory chat template")
        ->capture_default_str();
    command->add_option("--status", args->statuses,
                        "Comma-separated pair statuses to export (default: accepted)");
    command->add_option("--lora-targets", args->loraTargets,
                        "Comma-separated module names (default: the attention and MLP "
                        "projections)");
    addHyperParameterOptions(command, o);
    command->add_option("--launcher", o.launcher,
                        "accelerate, deepspeed, or a command prefix that gets the engine's "
                        "command line as one argument (e.g. \"sbatch --wait --wrap\": --wait "
                        "makes the exit code the job's)");
    command->add_option("--launcher-config", o.launcherConfig,
                        "accelerate: config file or TRL profile; deepspeed: DeepSpeed JSON "
                        "(TRL also zero1|zero2|zero3)");
    command->add_flag("--run", args->run,
                      "Run the command here, importing its metrics every second");
    command->callback([args] {
        auto& options = args->options;
        options.statuses = splitList(args->statuses);
        if (!args->loraTargets.empty())
            options.loraTargetModules = splitList(args->loraTargets);
        auto project = core::Project::open(args->dir);
        const auto handoff = core::writeHandoff(*project, args->out, options);
        const auto runId = core::createHandoffRun(*project, options, handoff);
        printHandoff(handoff, runId);
        if (args->run)
            runHandoff(*project, runId, handoff);
    });
    addHandoffImport(app);
}

} // namespace prefstudio::cli
