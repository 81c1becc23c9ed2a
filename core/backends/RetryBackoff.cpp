#include "backends/RetryBackoff.h"

#include <algorithm>

namespace prefstudio::core::backends {

RetryBackoff::RetryBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds max,
                           std::uint64_t seed)
    : m_initial(initial), m_max(std::max(max, initial)), m_random(seed)
{
}

std::chrono::milliseconds RetryBackoff::delay(int retry,
                                              std::optional<std::int64_t> retryAfterSeconds)
{
    if (retryAfterSeconds && *retryAfterSeconds > 0)
        return std::min<std::chrono::milliseconds>(std::chrono::seconds(*retryAfterSeconds),
                                                   kMaxRetryAfter);
    double full = static_cast<double>(m_initial.count());
    for (int i = 0; i < retry && full < static_cast<double>(m_max.count()); ++i)
        full *= 2.0;
    full = std::min(full, static_cast<double>(m_max.count()));
    const double factor = std::uniform_real_distribution<double>(0.5, 1.0)(m_random);
    return std::chrono::milliseconds(static_cast<std::int64_t>(full * factor));
}

bool RetryBackoff::isRetryableStatus(long status)
{
    return status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

} // namespace prefstudio::core::backends
