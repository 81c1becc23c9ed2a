#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace prefstudio::core::backends {

/// When to try an HTTP request again: exponential backoff with jitter, or the server's own
/// Retry-After when it sent one.
class RetryBackoff
{
public:
    /// The longest Retry-After honoured; a server asking for more is asked again after this.
    static constexpr std::chrono::seconds kMaxRetryAfter{300};

    RetryBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds max,
                 std::uint64_t seed = std::random_device{}());

    /// Delay before retry number `retry` (0 = the first retry): initial * 2^retry, capped at
    /// max, scaled by a random factor in [0.5, 1] so that clients that failed together do not
    /// come back together. A Retry-After of the server wins (capped at kMaxRetryAfter).
    std::chrono::milliseconds delay(int retry, std::optional<std::int64_t> retryAfterSeconds);

    /// 429 and 5xx are worth retrying, except 501 and 505 which will not change.
    static bool isRetryableStatus(long status);

private:
    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_max;
    std::mt19937_64 m_random;
};

} // namespace prefstudio::core::backends
