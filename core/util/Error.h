#pragma once

#include <stdexcept>
#include <string>

namespace prefstudio::core {

/// The one exception type for failures a user can act on. The message says what went
/// wrong, where (file, line, field) and what was expected; entry points print it as is.
class Error : public std::runtime_error
{
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// A request to stop long work, raised where a job polls its CancelToken.
class Cancelled : public Error
{
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace prefstudio::core
