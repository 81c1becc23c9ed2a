#include "backends/SubprocessSession.h"

#include "backends/JsonLinesProcess.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/Sha256.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

namespace prefstudio::core::backends {

namespace {

using Clock = JsonLinesProcess::Clock;

constexpr std::size_t kExcerptBytes = 200;
constexpr std::size_t kLabelsListed = 8;

std::string seconds(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

/// "sample 3", "samples 3, 4", "samples 1, 2, 3, 4, 5, 6, 7, 8 and 12 more".
std::string describeBatch(const SubprocessSession::Subjects& subjects)
{
    const auto& labels = subjects.labels;
    std::string out = subjects.noun + (labels.size() == 1 ? " " : "s ");
    for (std::size_t i = 0; i < labels.size() && i < kLabelsListed; ++i)
        out += (i ? ", " : "") + labels[i];
    if (labels.size() > kLabelsListed)
        out += " and " + std::to_string(labels.size() - kLabelsListed) + " more";
    return out;
}

/// Python's json module writes float('nan') and float('inf') as the bare tokens NaN, Infinity
/// and -Infinity, which JSON does not have. Finds one outside strings.
std::optional<std::string> nonFiniteToken(std::string_view line)
{
    bool inString = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            continue;
        }
        for (std::string_view token : {"NaN", "Infinity"}) {
            if (line.substr(i, token.size()) == token) {
                const bool negative = i > 0 && line[i - 1] == '-';
                return (negative ? "-" : "") + std::string(token);
            }
        }
    }
    return std::nullopt;
}

/// The id of a line that is not JSON, when it looks like a reply anyway (for the message).
std::optional<std::int64_t> idOfBrokenReply(std::string_view line)
{
    const std::size_t key = line.find("\"id\"");
    if (key == std::string_view::npos)
        return std::nullopt;
    std::size_t i = line.find_first_not_of(" \t", key + 4);
    if (i == std::string_view::npos || line[i] != ':')
        return std::nullopt;
    i = line.find_first_not_of(" \t", i + 1);
    if (i == std::string_view::npos)
        return std::nullopt;
    std::int64_t id = 0;
    std::size_t digits = 0;
    for (; i < line.size() && line[i] >= '0' && line[i] <= '9' && digits < 15; ++i, ++digits)
        id = id * 10 + (line[i] - '0');
    return digits ? std::optional<std::int64_t>(id) : std::nullopt;
}

} // namespace

SubprocessSession::SubprocessSession(SubprocessConfig config, std::string role)
    : m_config(std::move(config)), m_role(std::move(role))
{
    if (m_config.argv.empty())
        throw Error(prefix() + ": no command given (the program and its arguments expected)");
    if (!(m_config.timeoutSeconds > 0))
        throw Error(prefix() + ": the timeout is " + seconds(m_config.timeoutSeconds) +
                    " s (a positive number of seconds expected)");
}

SubprocessSession::~SubprocessSession() = default;

std::vector<SubprocessSession::Reply>
SubprocessSession::exchange(std::vector<nlohmann::json> requests, const Subjects& subjects,
                            const CancelToken& cancel)
{
    cancel.throwIfCancelled();
    const std::string batch = describeBatch(subjects);
    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(m_config.timeoutSeconds));
    if (!m_process) {
        JsonLinesProcess::Command command{m_config.argv, m_config.workingDir, m_config.environment};
        const bool hasUnbuffered =
            std::any_of(command.environment.begin(), command.environment.end(),
                        [](const auto& kv) { return kv.first == "PYTHONUNBUFFERED"; });
        if (!hasUnbuffered)
            command.environment.emplace_back("PYTHONUNBUFFERED", "1");
        try {
            m_process = std::make_unique<JsonLinesProcess>(command);
        } catch (const Error& error) {
            throw Error(prefix() + ": " + error.what());
        }
        m_lineNumber = 0;
    }

    std::vector<Reply> replies(requests.size());
    std::map<std::int64_t, std::size_t> pending;
    std::set<std::int64_t> answered;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const std::int64_t id = m_nextId++;
        requests[i]["protocol"] = kProtocolVersion;
        requests[i]["id"] = id;
        pending.emplace(id, i);
        replies[i].subject =
            subjects.noun + " " + (i < subjects.labels.size() ? subjects.labels[i] : "?");
        // Invalid UTF-8 in a prompt is replaced rather than thrown on: the scorer still gets it.
        const std::string line =
            requests[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        const auto written = m_process->writeLine(line, deadline);
        if (written == JsonLinesProcess::Io::Closed)
            crashed(batch, 0, requests.size());
        if (written == JsonLinesProcess::Io::Timeout)
            timedOut(batch, 0, requests.size());
    }

    while (!pending.empty()) {
        if (cancel.isCancelled()) {
            stop();
            throw Cancelled();
        }
        std::string line;
        // Wake up now and then to notice a cancellation.
        const auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(200));
        const auto read = m_process->readLine(line, slice);
        if (read == JsonLinesProcess::Io::Timeout) {
            if (Clock::now() >= deadline)
                timedOut(batch, answered.size(), requests.size());
            continue;
        }
        if (read == JsonLinesProcess::Io::Closed)
            crashed(batch, answered.size(), requests.size());
        ++m_lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue; // a blank line says nothing; tolerated

        nlohmann::json body = nlohmann::json::parse(line, nullptr, false);
        if (body.is_discarded()) {
            std::string subject = batch;
            if (const auto id = idOfBrokenReply(line); id && pending.count(*id))
                subject = replies[pending.at(*id)].subject;
            if (const auto token = nonFiniteToken(line))
                badLine(subject,
                        "holds " + *token + ": " + *token +
                            " is not a score (Python's json.dumps writes non-finite floats as "
                            "bare NaN/Infinity, which is not JSON; the model's output needs "
                            "checking)",
                        line);
            badLine(subject,
                    "is not JSON (stdout carries only the replies, one JSON object per line; "
                    "logs and progress belong on stderr)",
                    line);
        }
        if (!body.is_object())
            badLine(batch, "is not a JSON object (a reply {\"id\": ..., ...} expected)", line);
        const auto idField = body.find("id");
        if (idField == body.end() || !idField->is_number_integer())
            badLine(batch, "has no integer \"id\" (each reply repeats its request's id)", line);
        const auto id = idField->get<std::int64_t>();
        const auto found = pending.find(id);
        if (found == pending.end()) {
            if (answered.count(id))
                badLine(batch, "repeats id " + std::to_string(id) + ", which was answered already",
                        line);
            badLine(batch,
                    "answers id " + std::to_string(id) + ", which is not a request of this batch",
                    line);
        }
        Reply& reply = replies[found->second];
        reply.body = std::move(body);
        reply.line = m_lineNumber;
        reply.text = line;
        pending.erase(found);
        answered.insert(id);
        if (const auto error = reply.body.find("error"); error != reply.body.end()) {
            const std::string message =
                error->is_string() ? error->get<std::string>() : error->dump();
            fail(prefix() + ", " + reply.subject + ": the " + m_role +
                 " reported an error: " + printable(message, 2000, true) + " (reply line " +
                 std::to_string(reply.line) + ")");
        }
    }
    return replies;
}

void SubprocessSession::rejectReply(const Reply& reply, const std::string& problem)
{
    fail(prefix() + ", " + reply.subject + ": reply line " + std::to_string(reply.line) + " " +
         problem + ": " + printable(reply.text, kExcerptBytes));
}

nlohmann::json SubprocessSession::identity() const
{
    nlohmann::json files = nlohmann::json::array();
    for (const std::string& arg : m_config.argv) {
        std::filesystem::path path(arg);
        if (path.is_relative() && m_config.workingDir)
            path = *m_config.workingDir / path;
        std::error_code ec;
        if (arg.empty() || !std::filesystem::is_regular_file(path, ec))
            continue;
        try {
            files.push_back({{"path", arg}, {"sha256", Sha256::hexOfFile(path)}});
        } catch (const Error&) {
            files.push_back({{"path", arg}, {"sha256", nullptr}}); // unreadable: recorded as such
        }
    }
    nlohmann::json identity{{"kind", "subprocess"},  {"role", m_role},
                            {"name", m_config.name}, {"protocol", kProtocolVersion},
                            {"argv", m_config.argv}, {"files", files}};
    if (m_config.workingDir)
        identity["working_dir"] = m_config.workingDir->string();
    return identity;
}

void SubprocessSession::stop()
{
    if (m_process) {
        m_process->stop();
        m_process.reset();
    }
}

std::string SubprocessSession::printable(std::string_view text, std::size_t maxBytes,
                                         bool keepNewlines)
{
    std::string out;
    std::size_t i = 0;
    auto escape = [&out](unsigned char byte) {
        static const char* digits = "0123456789abcdef";
        out += "\\x";
        out += digits[byte >> 4];
        out += digits[byte & 15];
    };
    while (i < text.size()) {
        if (out.size() >= maxBytes) {
            out += "...";
            break;
        }
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            if (byte == '\n' && keepNewlines)
                out += '\n';
            else if (byte == '\t')
                out += keepNewlines ? "\t" : "\\t";
            else if (byte == '\n')
                out += "\\n";
            else if (byte == '\r') // a progress bar redraws its line: one line each
                out += keepNewlines ? "\n" : "\\r";
            else if (byte < 0x20 || byte == 0x7f)
                escape(byte);
            else
                out += static_cast<char>(byte);
            ++i;
            continue;
        }
        const std::size_t length = byte >= 0xf0 && byte < 0xf5   ? 4
                                   : byte >= 0xe0                ? 3
                                   : byte >= 0xc2 && byte < 0xe0 ? 2
                                                                 : 0;
        bool valid = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k)
            valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
        if (!valid) {
            escape(byte);
            ++i;
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

void SubprocessSession::fail(const std::string& message)
{
    stop();
    throw Error(message);
}

void SubprocessSession::crashed(const std::string& batch, std::size_t answered, std::size_t total)
{
    const std::string ended = m_process->waitForExit();
    const std::string stderrText = stderrSection();
    m_process.reset();
    throw Error(prefix() + " " + ended + " while working on " + batch + " (" +
                std::to_string(answered) + " of " + std::to_string(total) + " answered)" +
                stderrText);
}

void SubprocessSession::timedOut(const std::string& batch, std::size_t answered, std::size_t total)
{
    const std::string ended = m_process->stop();
    const std::string stderrText = stderrSection();
    m_process.reset();
    throw Error(prefix() + " did not answer within " + seconds(m_config.timeoutSeconds) + " s (" +
                batch + "; " + std::to_string(answered) + " of " + std::to_string(total) +
                " answered) and was stopped: it " + ended +
                ". Raise the timeout if the batch is just slow" + stderrText);
}

void SubprocessSession::badLine(const std::string& subject, const std::string& problem,
                                const std::string& line)
{
    fail(prefix() + ", " + subject + ": reply line " + std::to_string(m_lineNumber) + " " +
         problem + ": " + printable(line, kExcerptBytes));
}

std::string SubprocessSession::prefix() const
{
    return m_role + " \"" + m_config.name + "\"";
}

std::string SubprocessSession::stderrSection() const
{
    const std::string tail = m_process ? m_process->stderrTail() : std::string();
    if (tail.empty())
        return ". Its stderr was empty.";
    return ". The end of its stderr:\n" +
           printable(tail, JsonLinesProcess::kStderrTailBytes + 100, true);
}

} // namespace prefstudio::core::backends
