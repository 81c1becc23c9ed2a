#include "ml/RankLauncher.h"

#include "util/Error.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace prefstudio::cli {

namespace {

std::vector<std::string>& storedCommandLine()
{
    static std::vector<std::string> line;
    return line;
}

/// A port nobody listens on now (the kernel picks it); rank 0 binds it moments later.
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        throw core::Error(std::string("cannot open a socket to find a free port: ") +
                          std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw core::Error(std::string("cannot find a free port: ") + std::strerror(errno));
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string describeStatus(int status)
{
    if (WIFEXITED(status))
        return "exited with code " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "stopped";
}

} // namespace

void setCommandLine(int argc, char** argv)
{
    storedCommandLine().assign(argv, argv + argc);
}

const std::vector<std::string>& commandLine()
{
    return storedCommandLine();
}

void launchLocalRanks(int ranks, const core::CancelToken& cancel)
{
    const auto& line = commandLine();
    if (line.empty())
        throw core::Error("the command line was not recorded; cannot start the ranks");
    const std::string port = std::to_string(freePort());
    std::vector<pid_t> children;
    for (int rank = 0; rank < ranks; ++rank) {
        const pid_t pid = ::fork();
        if (pid < 0)
            throw core::Error(std::string("cannot start rank ") + std::to_string(rank) + ": " +
                              std::strerror(errno));
        if (pid == 0) {
            ::setenv("RANK", std::to_string(rank).c_str(), 1);
            ::setenv("LOCAL_RANK", std::to_string(rank).c_str(), 1);
            ::setenv("WORLD_SIZE", std::to_string(ranks).c_str(), 1);
            ::setenv("MASTER_ADDR", "127.0.0.1", 1);
            ::setenv("MASTER_PORT", port.c_str(), 1);
            std::vector<char*> args;
            for (const auto& a : line)
                args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execv("/proc/self/exe", args.data());
            std::_Exit(127);
        }
        children.push_back(pid);
    }

    std::vector<int> status(children.size(), -1);
    std::size_t running = children.size();
    std::string failure;
    bool stopping = false;
    auto stopAt = std::chrono::steady_clock::time_point::max();
    while (running > 0) {
        int childStatus = 0;
        const pid_t done = ::waitpid(-1, &childStatus, WNOHANG);
        if (done > 0) {
            for (std::size_t r = 0; r < children.size(); ++r)
                if (children[r] == done) {
                    status[r] = childStatus;
                    --running;
                    const bool ok = WIFEXITED(childStatus) && WEXITSTATUS(childStatus) == 0;
                    if (!ok && failure.empty() && !stopping)
                        failure = "rank " + std::to_string(r) + " " + describeStatus(childStatus);
                }
            continue;
        }
        if (!stopping && (!failure.empty() || cancel.isCancelled())) {
            // One rank gone: the others would wait for it in their next all-reduce.
            stopping = true;
            stopAt = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            for (std::size_t r = 0; r < children.size(); ++r)
                if (status[r] == -1)
                    ::kill(children[r], SIGTERM);
        }
        if (stopping && std::chrono::steady_clock::now() > stopAt)
            for (std::size_t r = 0; r < children.size(); ++r)
                if (status[r] == -1)
                    ::kill(children[r], SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!failure.empty())
        throw core::Error("data-parallel training stopped: " + failure);
    if (cancel.isCancelled())
        throw core::Cancelled();
}

} // namespace prefstudio::cli
