#pragma once

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace prefstudio::test {

/// An HTTP/1.1 request as the server received it; header names in lower case.
struct ReceivedRequest
{
    int index = 0; ///< 0 for the first request the server received
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
    std::chrono::steady_clock::time_point arrived;
};

/// What the server answers. `hang` never answers (until the client gives up or the server
/// stops); `delay` answers late.
struct CannedReply
{
    CannedReply() = default;
    CannedReply(int status, std::string body, std::vector<std::string> headers = {})
        : status(status), body(std::move(body)), headers(std::move(headers))
    {
    }

    int status = 200;
    std::string body;
    std::vector<std::string> headers; ///< extra "Name: value" lines
    std::chrono::milliseconds delay{0};
    bool hang = false;
};

/// A small HTTP server on 127.0.0.1 and an ephemeral port, one thread per connection, that
/// answers every request with what the test's handler says and counts what happened: requests
/// in flight at once, and requests whose client went away before the answer.
class LocalHttpServer
{
public:
    using Handler = std::function<CannedReply(const ReceivedRequest&)>;

    explicit LocalHttpServer(Handler handler) : m_handler(std::move(handler))
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        const int yes = 1;
        ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        if (::bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(m_listen, 64) != 0)
            throw std::runtime_error("LocalHttpServer: cannot listen on 127.0.0.1");
        socklen_t length = sizeof address;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_acceptor = std::thread([this] { acceptLoop(); });
    }

    ~LocalHttpServer()
    {
        m_stopping = true;
        m_acceptor.join();
        std::vector<std::thread> connections;
        {
            std::lock_guard lock(m_mutex);
            connections.swap(m_connections);
        }
        for (auto& connection : connections)
            connection.join();
        ::close(m_listen);
    }

    LocalHttpServer(const LocalHttpServer&) = delete;
    LocalHttpServer& operator=(const LocalHttpServer&) = delete;

    int port() const { return m_port; }
    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    std::vector<ReceivedRequest> requests() const
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    int requestCount() const { return m_requestCount.load(); }
    int maxInFlight() const { return m_maxInFlight.load(); }
    int clientAborts() const { return m_clientAborts.load(); }

private:
    void acceptLoop()
    {
        while (!m_stopping) {
            pollfd pending{m_listen, POLLIN, 0};
            if (::poll(&pending, 1, 20) <= 0)
                continue;
            const int fd = ::accept(m_listen, nullptr, nullptr);
            if (fd < 0)
                continue;
            std::lock_guard lock(m_mutex);
            m_connections.emplace_back([this, fd] {
                serve(fd);
                ::close(fd);
            });
        }
    }

    /// Waits up to `timeout` for the socket to be readable; false on stop or timeout.
    bool waitReadable(int fd, std::chrono::milliseconds timeout)
    {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (!m_stopping && std::chrono::steady_clock::now() < end) {
            pollfd socket{fd, POLLIN, 0};
            if (::poll(&socket, 1, 10) > 0)
                return true;
        }
        return false;
    }

    /// True when the client closed its end (it gave up on the request).
    static bool peerClosed(int fd)
    {
        pollfd socket{fd, POLLIN, 0};
        if (::poll(&socket, 1, 0) <= 0)
            return false;
        char byte = 0;
        return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0 ||
               (socket.revents & (POLLHUP | POLLERR)) != 0;
    }

    void serve(int fd)
    {
        std::string data;
        std::size_t headerEnd = std::string::npos;
        char buffer[65536];
        while ((headerEnd = data.find("\r\n\r\n")) == std::string::npos) {
            if (!waitReadable(fd, std::chrono::seconds(10)))
                return;
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0)
                return;
            data.append(buffer, static_cast<std::size_t>(got));
        }

        ReceivedRequest request;
        request.arrived = std::chrono::steady_clock::now();
        const std::string head = data.substr(0, headerEnd);
        std::size_t lineEnd = head.find("\r\n");
        const std::string requestLine = head.substr(0, lineEnd);
        request.method = requestLine.substr(0, requestLine.find(' '));
        const std::size_t pathStart = requestLine.find(' ') + 1;
        request.path = requestLine.substr(pathStart, requestLine.find(' ', pathStart) - pathStart);
        while (lineEnd != std::string::npos && lineEnd < head.size()) {
            const std::size_t next = head.find("\r\n", lineEnd + 2);
            const std::string line = head.substr(
                lineEnd + 2, next == std::string::npos ? std::string::npos : next - lineEnd - 2);
            const std::size_t colon = line.find(':');
            if (colon != std::string::npos) {
                std::string name = line.substr(0, colon);
                std::transform(name.begin(), name.end(), name.begin(),
                               [](unsigned char c) { return std::tolower(c); });
                std::size_t valueStart = colon + 1;
                while (valueStart < line.size() && line[valueStart] == ' ')
                    ++valueStart;
                request.headers[name] = line.substr(valueStart);
            }
            lineEnd = next;
        }
        const std::size_t length = request.headers.count("content-length")
                                       ? std::stoul(request.headers["content-length"])
                                       : 0;
        request.body = data.substr(headerEnd + 4);
        while (request.body.size() < length) {
            if (!waitReadable(fd, std::chrono::seconds(10)))
                return;
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0)
                return;
            request.body.append(buffer, static_cast<std::size_t>(got));
        }

        const int inFlight = ++m_inFlight;
        int seen = m_maxInFlight.load();
        while (inFlight > seen && !m_maxInFlight.compare_exchange_weak(seen, inFlight)) {
        }
        {
            std::lock_guard lock(m_mutex);
            request.index = m_requestCount++;
            m_requests.push_back(request);
        }
        const CannedReply reply = m_handler(request);

        const auto answerAt = std::chrono::steady_clock::now() + reply.delay;
        while (!m_stopping && (reply.hang || std::chrono::steady_clock::now() < answerAt)) {
            if (peerClosed(fd)) {
                ++m_clientAborts;
                --m_inFlight;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }

        std::string answer = "HTTP/1.1 " + std::to_string(reply.status) + " Canned\r\n" +
                             "Content-Type: application/json\r\nContent-Length: " +
                             std::to_string(reply.body.size()) + "\r\nConnection: close\r\n";
        for (const auto& header : reply.headers)
            answer += header + "\r\n";
        answer += "\r\n" + reply.body;
        // The in-flight count drops before the answer leaves, so that a client starting its
        // next request the moment this one completes is never counted twice.
        --m_inFlight;
        std::size_t sent = 0;
        while (sent < answer.size()) {
            const ssize_t put =
                ::send(fd, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
            if (put <= 0)
                break;
            sent += static_cast<std::size_t>(put);
        }
        ::shutdown(fd, SHUT_WR);
    }

    Handler m_handler;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::thread m_acceptor;
    mutable std::mutex m_mutex;
    std::vector<std::thread> m_connections;
    std::vector<ReceivedRequest> m_requests;
    std::atomic<int> m_requestCount{0};
    std::atomic<int> m_inFlight{0};
    std::atomic<int> m_maxInFlight{0};
    std::atomic<int> m_clientAborts{0};
};

} // namespace prefstudio::test
