#include "backends/JsonLinesProcess.h"

#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace prefstudio::core::backends {

namespace {

std::string errnoText(int error)
{
    return std::system_category().message(error);
}

struct Pipe
{
    int read = -1;
    int write = -1;
};

Pipe makePipe()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw Error("cannot create a pipe for a child process: " + errnoText(errno));
    return {fds[0], fds[1]};
}

void setNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/// write() with SIGPIPE blocked for this thread, a SIGPIPE raised by this very write consumed
/// before the mask is restored: a dead reader gives EPIPE and nothing else, and the process-wide
/// disposition (someone else's business) stays as it was.
ssize_t writeWithoutSigpipe(int fd, const char* data, std::size_t size)
{
    sigset_t pipeOnly;
    sigemptyset(&pipeOnly);
    sigaddset(&pipeOnly, SIGPIPE);
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous);
    sigset_t pending;
    sigpending(&pending);
    const bool wasPending = sigismember(&pending, SIGPIPE) == 1;
    const ssize_t written = ::write(fd, data, size);
    const int error = errno;
    if (written < 0 && error == EPIPE && !wasPending) {
        const timespec zero{0, 0};
        while (sigtimedwait(&pipeOnly, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    errno = error;
    return written;
}

std::chrono::milliseconds until(JsonLinesProcess::Clock::time_point deadline)
{
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - JsonLinesProcess::Clock::now());
    return std::clamp(left, std::chrono::milliseconds(0), std::chrono::milliseconds(60000));
}

/// Why posix_spawnp failed, as "it ..." (the caller names the program).
std::string spawnFailure(const std::string& program, bool hasWorkingDir, int error)
{
    const bool isPath = program.find('/') != std::string::npos;
    switch (error) {
    case ENOENT:
        if (!isPath)
            return "it was not found on PATH";
        return std::string("it does not exist") + (hasWorkingDir && program.front() != '/'
                                                       ? " (relative to the working directory)"
                                                       : "");
    case EACCES:
        return "it is not executable (permission denied)";
    case ENOEXEC:
        return "it is not a program the system can run (a script needs a #! line)";
    default:
        return errnoText(error);
    }
}

} // namespace

JsonLinesProcess::JsonLinesProcess(const Command& command)
{
    if (command.argv.empty() || command.argv.front().empty())
        throw Error("cannot start a child process: no command given");
    m_program = command.argv.front();
    if (command.workingDir) {
        std::error_code ec;
        if (!std::filesystem::is_directory(*command.workingDir, ec))
            throw Error("cannot start '" + m_program + "': its working directory '" +
                        command.workingDir->string() + "' is not a directory");
    }

    std::vector<std::string> environment;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string_view item(*entry);
        const std::string_view key = item.substr(0, item.find('='));
        const bool replaced = std::any_of(command.environment.begin(), command.environment.end(),
                                          [&](const auto& kv) { return kv.first == key; });
        if (!replaced)
            environment.emplace_back(item);
    }
    for (const auto& [key, value] : command.environment)
        environment.push_back(key + "=" + value);
    std::vector<char*> envp;
    for (std::string& item : environment)
        envp.push_back(item.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = command.argv;
    std::vector<char*> argv;
    for (std::string& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);

    const Pipe in = makePipe();
    const Pipe out = makePipe();
    const Pipe err = makePipe();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.read, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out.write, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.write, STDERR_FILENO);
    const std::string workingDir = command.workingDir ? command.workingDir->string() : "";
    if (command.workingDir)
        posix_spawn_file_actions_addchdir_np(&actions, workingDir.c_str());

    // A group of its own (stop() signals the whole group), no signal blocked, and the signals a
    // program expects at their defaults whatever we did with them.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                              POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attributes, 0);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD})
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigdefault(&attributes, &defaults);

    const int spawned =
        posix_spawnp(&m_pid, argv.front(), &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    for (int fd : {in.read, out.write, err.write})
        ::close(fd);
    if (spawned != 0) {
        for (int fd : {in.write, out.read, err.read})
            ::close(fd);
        m_pid = -1;
        throw Error("cannot start '" + m_program +
                    "': " + spawnFailure(m_program, command.workingDir.has_value(), spawned));
    }
    m_stdin = in.write;
    m_stdout = out.read;
    m_stderr = err.read;
    for (int fd : {m_stdin, m_stdout, m_stderr})
        setNonBlocking(fd);
}

JsonLinesProcess::~JsonLinesProcess()
{
    try {
        if (m_pid > 0 && !tryReap()) {
            closeFd(m_stdin);
            const auto deadline = Clock::now() + std::chrono::milliseconds(1000);
            while (!tryReap() && Clock::now() < deadline)
                pump(std::chrono::milliseconds(10), false);
            stop(std::chrono::milliseconds(1000));
        }
    } catch (...) {
        // A destructor reports nothing; the child is killed below if it still runs.
        if (m_pid > 0 && !m_waitStatus) {
            ::kill(m_pid, SIGKILL);
            int status = 0;
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }
    closeFd(m_stdin);
    closeFd(m_stdout);
    closeFd(m_stderr);
}

JsonLinesProcess::Io JsonLinesProcess::writeLine(std::string_view line, Clock::time_point deadline)
{
    std::string data(line);
    data += '\n';
    std::size_t offset = 0;
    while (offset < data.size()) {
        if (m_stdin < 0)
            return Io::Closed;
        const ssize_t written =
            writeWithoutSigpipe(m_stdin, data.data() + offset, data.size() - offset);
        if (written > 0) {
            offset += static_cast<std::size_t>(written);
            continue;
        }
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0 && errno == EPIPE) {
            closeFd(m_stdin);
            return Io::Closed;
        }
        if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            throw Error("cannot write to '" + m_program + "': " + errnoText(errno));
        if (Clock::now() >= deadline)
            return Io::Timeout;
        pump(until(deadline), true);
    }
    return Io::Done;
}

JsonLinesProcess::Io JsonLinesProcess::readLine(std::string& line, Clock::time_point deadline)
{
    for (;;) {
        const std::size_t newline = m_stdoutBuffer.find('\n', m_scanned);
        if (newline != std::string::npos || m_stdoutBuffer.size() > kMaxLineBytes) {
            // An overlong line comes back cut; it is not valid JSON then, and the caller says so.
            const std::size_t end = newline != std::string::npos ? newline : kMaxLineBytes;
            line.assign(m_stdoutBuffer, 0, end);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            m_stdoutBuffer.erase(0, newline != std::string::npos ? end + 1 : end);
            m_scanned = 0;
            return Io::Done;
        }
        m_scanned = m_stdoutBuffer.size();
        if (m_stdout < 0) {
            if (m_stdoutBuffer.empty())
                return Io::Closed;
            line = std::move(m_stdoutBuffer);
            m_stdoutBuffer.clear();
            m_scanned = 0;
            return Io::Done;
        }
        if (Clock::now() >= deadline)
            return Io::Timeout;
        pump(until(deadline), false);
    }
}

std::string JsonLinesProcess::waitForExit(std::chrono::milliseconds grace)
{
    closeFd(m_stdin);
    const auto deadline = Clock::now() + grace;
    while (!tryReap()) {
        if (Clock::now() >= deadline)
            return stop(grace);
        pump(std::chrono::milliseconds(10), false);
    }
    if (m_stderr >= 0)
        drainStderr();
    return describeExit();
}

std::string JsonLinesProcess::stop(std::chrono::milliseconds grace)
{
    if (m_pid <= 0)
        return "was never started";
    closeFd(m_stdin);
    if (!tryReap()) {
        auto signalGroup = [this](int sig) {
            if (::kill(-m_pid, sig) != 0)
                ::kill(m_pid, sig);
        };
        signalGroup(SIGTERM);
        const auto deadline = Clock::now() + grace;
        while (!tryReap()) {
            if (Clock::now() >= deadline) {
                signalGroup(SIGKILL);
                int status = 0;
                pid_t reaped = -1;
                while ((reaped = ::waitpid(m_pid, &status, 0)) < 0 && errno == EINTR) {
                }
                m_waitStatus = reaped == m_pid ? status : -1;
                break;
            }
            pump(std::chrono::milliseconds(10), false);
        }
    }
    if (m_stderr >= 0)
        drainStderr();
    return describeExit();
}

std::string JsonLinesProcess::stderrTail() const
{
    std::string_view tail(m_stderrTail);
    if (tail.size() > kStderrTailBytes) {
        tail = tail.substr(tail.size() - kStderrTailBytes);
        const std::size_t lineStart = tail.find('\n');
        if (lineStart != std::string_view::npos)
            tail = tail.substr(lineStart + 1);
    }
    const auto first = tail.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = tail.find_last_not_of(" \t\r\n");
    return std::string(tail.substr(first, last - first + 1));
}

bool JsonLinesProcess::pump(std::chrono::milliseconds wait, bool wantWrite)
{
    std::array<pollfd, 3> fds{};
    nfds_t count = 0;
    int outIndex = -1;
    int errIndex = -1;
    int inIndex = -1;
    if (m_stdout >= 0) {
        fds[count] = {m_stdout, POLLIN, 0};
        outIndex = static_cast<int>(count++);
    }
    if (m_stderr >= 0) {
        fds[count] = {m_stderr, POLLIN, 0};
        errIndex = static_cast<int>(count++);
    }
    if (wantWrite && m_stdin >= 0) {
        fds[count] = {m_stdin, POLLOUT, 0};
        inIndex = static_cast<int>(count++);
    }
    if (count == 0) {
        std::this_thread::sleep_for(wait);
        return false;
    }
    const int ready = ::poll(fds.data(), count, static_cast<int>(wait.count()));
    if (ready < 0) {
        if (errno == EINTR)
            return false;
        throw Error("cannot wait for '" + m_program + "': " + errnoText(errno));
    }
    if (outIndex >= 0 && fds[static_cast<std::size_t>(outIndex)].revents != 0)
        drainStdout();
    if (errIndex >= 0 && fds[static_cast<std::size_t>(errIndex)].revents != 0)
        drainStderr();
    return inIndex >= 0 && fds[static_cast<std::size_t>(inIndex)].revents != 0;
}

void JsonLinesProcess::drainStdout()
{
    std::array<char, 65536> chunk;
    while (m_stdout >= 0) {
        const ssize_t got = ::read(m_stdout, chunk.data(), chunk.size());
        if (got > 0) {
            m_stdoutBuffer.append(chunk.data(), static_cast<std::size_t>(got));
        } else if (got == 0) {
            closeFd(m_stdout);
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return;
        } else {
            closeFd(m_stdout);
        }
    }
}

void JsonLinesProcess::drainStderr()
{
    std::array<char, 65536> chunk;
    while (m_stderr >= 0) {
        const ssize_t got = ::read(m_stderr, chunk.data(), chunk.size());
        if (got > 0) {
            m_stderrTail.append(chunk.data(), static_cast<std::size_t>(got));
            // Keep twice the tail so stderrTail() can start it on a line boundary.
            if (m_stderrTail.size() > 2 * kStderrTailBytes)
                m_stderrTail.erase(0, m_stderrTail.size() - 2 * kStderrTailBytes);
        } else if (got == 0) {
            closeFd(m_stderr);
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return;
        } else {
            closeFd(m_stderr);
        }
    }
}

bool JsonLinesProcess::tryReap()
{
    if (m_waitStatus)
        return true;
    if (m_pid <= 0)
        return false;
    int status = 0;
    const pid_t reaped = ::waitpid(m_pid, &status, WNOHANG);
    if (reaped == m_pid) {
        m_waitStatus = status;
        return true;
    }
    if (reaped < 0 && errno == ECHILD) {
        m_waitStatus = -1; // reaped by someone else (SIGCHLD ignored): gone, status unknown
        return true;
    }
    return false;
}

std::string JsonLinesProcess::describeExit() const
{
    if (!m_waitStatus)
        return "is still running";
    const int status = *m_waitStatus;
    if (status == -1)
        return "exited (its exit status was collected elsewhere)";
    if (WIFEXITED(status))
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* abbreviation = sigabbrev_np(sig);
        return "was killed by signal " + std::to_string(sig) +
               (abbreviation ? std::string(" (SIG") + abbreviation + ")" : std::string());
    }
    return "stopped with wait status " + std::to_string(status);
}

void JsonLinesProcess::closeFd(int& fd)
{
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

} // namespace prefstudio::core::backends
