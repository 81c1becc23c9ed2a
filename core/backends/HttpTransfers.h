#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace prefstudio::core::backends {

struct HttpPost
{
    std::string url;
    std::vector<std::string> headers; ///< "Name: value"
    std::string body;
    std::chrono::milliseconds timeout{60000}; ///< the whole exchange, connecting included
};

struct HttpReply
{
    enum class Failure {
        None,    ///< an HTTP answer arrived (any status)
        Connect, ///< could not connect, or the connection broke before a full answer
        Timeout, ///< no full answer within the timeout
        Other,   ///< anything else libcurl refused (TLS, protocol, ...)
    };

    Failure failure = Failure::None;
    long status = 0; ///< the HTTP status when failure is None
    std::string body;
    std::optional<std::int64_t> retryAfterSeconds; ///< the Retry-After header, if any
    std::string failureText;                       ///< libcurl's words when failure is not None
};

/// Concurrent HTTP POSTs on one libcurl multi handle, driven by whoever calls poll(): no threads
/// of its own, so results come back on the caller's thread. Destroying it aborts every transfer
/// still running (and closes its connection).
class HttpTransfers
{
public:
    /// The largest answer body accepted; a bigger one fails the transfer.
    static constexpr std::size_t kMaxBodyBytes = 64u << 20;

    HttpTransfers();
    ~HttpTransfers();
    HttpTransfers(const HttpTransfers&) = delete;
    HttpTransfers& operator=(const HttpTransfers&) = delete;

    /// Starts a transfer and returns its id.
    std::uint64_t start(HttpPost post);

    std::size_t running() const { return m_transfers.size(); }

    /// Moves the transfers along, waiting at most `wait` for network activity, and returns
    /// those that finished since the last call.
    std::vector<std::pair<std::uint64_t, HttpReply>> poll(std::chrono::milliseconds wait);

    /// Aborts every running transfer.
    void abortAll();

    struct Transfer; ///< one exchange in flight (defined in HttpTransfers.cpp)

private:
    void* m_multi = nullptr;
    std::uint64_t m_nextId = 1;
    std::map<std::uint64_t, std::unique_ptr<Transfer>> m_transfers;
};

} // namespace prefstudio::core::backends
