#pragma once

#include "backends/SubprocessConfig.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core {
class CancelToken;
}

namespace prefstudio::core::backends {

class JsonLinesProcess;

/// The request/reply exchange of protocol v1 (packaging/scorers/PROTOCOL.md) with one program,
/// shared by SubprocessScorer and SubprocessImageGenerator. The program is started on the first
/// batch and kept for the next ones. A batch writes all of its requests, then reads replies,
/// matched by id, until each is answered, all within the configured timeout.
///
/// Every failure throws core::Error naming the backend, the batch's subjects (samples, prompts),
/// and for a bad reply its line number and first 200 characters; the program is stopped then, so
/// the next batch starts a fresh one. A crash or a timeout adds how the program ended and the
/// last lines of its stderr.
class SubprocessSession
{
public:
    static constexpr int kProtocolVersion = 1;

    /// What a batch is about, for messages: noun "sample" and labels {"3", "4"}.
    struct Subjects
    {
        std::string noun;
        std::vector<std::string> labels; ///< one per request
    };

    /// A reply that passed the protocol's checks common to every request type: a JSON object
    /// with a known id, not an error.
    struct Reply
    {
        nlohmann::json body;
        std::string subject;  ///< "sample 3", for messages
        std::size_t line = 0; ///< the program's stdout line it came on (1-based)
        std::string text;     ///< the line as read
    };

    /// `role` is what the program is to the user: "scorer", "image generator".
    SubprocessSession(SubprocessConfig config, std::string role);
    ~SubprocessSession();
    SubprocessSession(const SubprocessSession&) = delete;
    SubprocessSession& operator=(const SubprocessSession&) = delete;

    const SubprocessConfig& config() const { return m_config; }

    /// Sends `requests` (each gets "protocol" and "id") and returns their replies in the same
    /// order. Throws core::Error as described above, core::Cancelled when cancelled (the program
    /// is stopped then too).
    std::vector<Reply> exchange(std::vector<nlohmann::json> requests, const Subjects& subjects,
                                const CancelToken& cancel);

    /// Throws core::Error "<role> "<name>", <subject>: reply line N <problem>: <the line>", for a
    /// reply that is well-formed but wrong for its request (a wrong count of scores ...), and
    /// stops the program.
    [[noreturn]] void rejectReply(const Reply& reply, const std::string& problem);

    /// kind "subprocess", role, protocol, argv, working directory, and the sha256 of each
    /// argv element that names an existing regular file (the script, the interpreter).
    nlohmann::json identity() const;

    /// Stops the program if it runs (it is otherwise kept until destruction).
    void stop();

    /// `text` cut to about `maxBytes` at a character boundary, invalid UTF-8 and control
    /// characters escaped (newlines too unless `keepNewlines`), so it can go into a message.
    static std::string printable(std::string_view text, std::size_t maxBytes,
                                 bool keepNewlines = false);
    /// A prompt as a label in messages: quoted, cut to 60 bytes.
    static std::string quote(std::string_view text) { return '"' + printable(text, 60) + '"'; }

private:
    [[noreturn]] void fail(const std::string& message);
    [[noreturn]] void crashed(const std::string& batch, std::size_t answered, std::size_t total);
    [[noreturn]] void timedOut(const std::string& batch, std::size_t answered, std::size_t total);
    [[noreturn]] void badLine(const std::string& subject, const std::string& problem,
                              const std::string& line);
    std::string prefix() const;
    std::string stderrSection() const;

    SubprocessConfig m_config;
    std::string m_role;
    std::unique_ptr<JsonLinesProcess> m_process;
    std::int64_t m_nextId = 1;
    std::size_t m_lineNumber = 0; ///< stdout lines read from the current program
};

} // namespace prefstudio::core::backends
