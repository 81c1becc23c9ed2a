#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace prefstudio::core::backends {

/// A child process spoken to in lines of text: requests on its stdin, replies on its stdout,
/// its stderr drained all the time (so a chatty child never blocks) with the last few KB kept
/// for error messages. Started from an argument vector, never through a shell, in a process
/// group of its own so that stopping it also stops what it started.
///
/// Writes also drain stdout, so a batch bigger than the pipe's capacity cannot deadlock against
/// a child that answers as it reads. A write to a child that has gone reports `Closed` instead of
/// raising SIGPIPE in our process. Not thread-safe: one caller at a time.
class JsonLinesProcess
{
public:
    using Clock = std::chrono::steady_clock;

    struct Command
    {
        /// argv[0] is looked up on PATH when it has no slash; every element is passed verbatim.
        std::vector<std::string> argv;
        /// Where the child starts; relative elements of argv are relative to it. Default: ours.
        std::optional<std::filesystem::path> workingDir;
        /// Added to (or replacing in) our environment.
        std::vector<std::pair<std::string, std::string>> environment;
    };

    enum class Io {
        Done,    ///< the line was written, or a whole line was read
        Timeout, ///< the deadline passed first (the child is still running)
        Closed,  ///< the child closed its end (usually: it exited); see waitForExit()
    };

    /// How much of the child's stderr is kept, from its end.
    static constexpr std::size_t kStderrTailBytes = 4096;
    /// A longer reply line is refused (the child is probably not speaking lines at all).
    static constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;

    /// Starts the child. Throws core::Error when it cannot: a program that is not found or not
    /// executable (named in the message), a working directory that does not exist.
    explicit JsonLinesProcess(const Command& command);
    /// Closes the child's stdin, gives it a moment to exit on its own, then stops it.
    ~JsonLinesProcess();
    JsonLinesProcess(const JsonLinesProcess&) = delete;
    JsonLinesProcess& operator=(const JsonLinesProcess&) = delete;

    pid_t pid() const { return m_pid; }

    /// Writes `line` and a newline. A line must not contain a newline of its own.
    Io writeLine(std::string_view line, Clock::time_point deadline);
    /// Reads the next line (without its newline, or a trailing "\r\n"). A last line the child
    /// did not end with a newline is returned as a line before `Closed`.
    Io readLine(std::string& line, Clock::time_point deadline);

    /// After `Closed`: waits up to `grace` for the child to exit (then stops it) and says how it
    /// ended: "exited with status 3", "was killed by signal 11 (Segmentation fault)".
    std::string waitForExit(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
    /// SIGTERM to the child's process group, SIGKILL after `grace`, then reaps it. Says how it
    /// ended, as waitForExit() does. Does nothing more once the child has been reaped.
    std::string stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

    /// The last lines of the child's stderr (at most kStderrTailBytes), whitespace-trimmed.
    std::string stderrTail() const;

private:
    /// Waits up to `wait` for the child's pipes and moves whatever is there into our buffers;
    /// returns whether stdin accepts a write (only asked when `wantWrite`).
    bool pump(std::chrono::milliseconds wait, bool wantWrite);
    void drainStdout();
    void drainStderr();
    /// Reaps the child if it has exited; returns whether it has.
    bool tryReap();
    std::string describeExit() const;
    void closeFd(int& fd);

    std::string m_program;
    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_stdout = -1;
    int m_stderr = -1;
    std::string m_stdoutBuffer;
    std::size_t m_scanned = 0; ///< bytes of m_stdoutBuffer known to hold no newline
    std::string m_stderrTail;
    std::optional<int> m_waitStatus;
};

} // namespace prefstudio::core::backends
