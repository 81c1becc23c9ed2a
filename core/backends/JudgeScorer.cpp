#include "backends/JudgeScorer.h"

#include "util/Error.h"
#include "util/Job.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

namespace prefstudio::core::backends {

namespace {

const char* const kNoScore = "no score in the judge's reply";

/// Markdown around the parts, "final"/"overall" before "score", a denominator after the
/// number, a full stop at the end; see the class comment. Matched against one whole line.
const std::regex& scoreLine()
{
    static const std::regex pattern(
        R"([\s>#*_-]*(?:(?:final|overall)\s+)?score[*_\s]*:[*_\s]*([+-]?\d+(?:\.\d+)?))"
        R"([*_\s]*(?:(?:/|out\s+of)\s*\d+(?:\.\d+)?)?[*_\s.]*)",
        std::regex::ECMAScript | std::regex::icase);
    return pattern;
}

/// 7 as "7", 2.5 as "2.5": how a range reads in a rubric and a message.
std::string number(double value)
{
    char text[32];
    if (std::floor(value) == value && std::fabs(value) < 1e15)
        std::snprintf(text, sizeof text, "%.0f", value);
    else
        std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string trimmed(const std::string& text)
{
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    const auto first = std::find_if(text.begin(), text.end(), notSpace);
    const auto last = std::find_if(text.rbegin(), text.rend(), notSpace).base();
    return first < last ? std::string(first, last) : std::string();
}

bool isIdentifierChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// Calls `onPlaceholder(name)` for each {identifier} of `rubric` and `onText(text)` for the
/// text between them, in order.
template <typename Text, typename Placeholder>
void walkRubric(const std::string& rubric, Text onText, Placeholder onPlaceholder)
{
    std::size_t copied = 0;
    for (std::size_t at = rubric.find('{'); at != std::string::npos;
         at = rubric.find('{', at + 1)) {
        std::size_t end = at + 1;
        while (end < rubric.size() && isIdentifierChar(rubric[end]))
            ++end;
        if (end == at + 1 || end >= rubric.size() || rubric[end] != '}')
            continue;
        onText(rubric.substr(copied, at - copied));
        onPlaceholder(rubric.substr(at + 1, end - at - 1), at);
        copied = end + 1;
        at = end;
    }
    onText(rubric.substr(copied));
}

std::string mimeTypeOf(const std::filesystem::path& path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".jpg" || extension == ".jpeg")
        return "image/jpeg";
    if (extension == ".webp")
        return "image/webp";
    if (extension == ".gif")
        return "image/gif";
    return "image/png";
}

std::optional<std::string> readBytes(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad() || bytes.empty())
        return std::nullopt;
    return bytes;
}

} // namespace

JudgeScorer::JudgeScorer(JudgeScorerConfig config) : m_config(std::move(config))
{
    if (m_config.rubric.empty())
        m_config.rubric = defaultRubric();
    checkRubric(m_config.rubric);
    if (!std::isfinite(m_config.minScore) || !std::isfinite(m_config.maxScore) ||
        !(m_config.minScore < m_config.maxScore))
        throw Error("judge: the score range is " + number(m_config.minScore) + ".." +
                    number(m_config.maxScore) +
                    ", expected finite bounds with the lowest below the highest (as 1..10)");
    if (!std::isfinite(m_config.temperature) || m_config.temperature < 0)
        throw Error("judge: the temperature is " + number(m_config.temperature) +
                    ", expected 0 or more (0: the same reply for the same answer)");
    m_config.server.sampling.temperature = m_config.temperature;
    m_backend = std::make_unique<ChatCompletionsBackend>(m_config.server);
}

JudgeScorer::~JudgeScorer() = default;

std::string JudgeScorer::defaultRubric()
{
    return "You are grading an answer that an AI assistant gave to a question about the "
           "attached image. Look at the image closely, then judge the answer on three things:\n"
           "- helpful: it answers the question that was asked, clearly and completely;\n"
           "- correct: what it states is true;\n"
           "- faithful to the image: every object, attribute (colour, size, shape, position, "
           "text) and count it mentions is really in the image.\n"
           "Penalise hallucination hard. An answer that names an object the image does not "
           "show, gives an object an attribute it does not have, or gets a count wrong must "
           "score low, however fluent or helpful the rest of it is. Saying that something "
           "cannot be told from the image is better than making it up.\n\n"
           "Question: {question}\n\n"
           "Answer to grade:\n{answer}\n\n"
           "Rate the answer with one whole number from {min} (unhelpful or mostly made up) to "
           "{max} (helpful, correct and entirely faithful to the image). First write a short "
           "rationale of two or three sentences that names any object, attribute or count not "
           "in the image. Then end your reply with a last line of the form\n"
           "Score: N\n"
           "where N is your number, and write \"Score:\" nowhere else.";
}

void JudgeScorer::checkRubric(const std::string& rubric)
{
    bool hasAnswer = false;
    walkRubric(
        rubric, [](const std::string&) {},
        [&](const std::string& name, std::size_t at) {
            if (name == "answer")
                hasAnswer = true;
            else if (name != "question" && name != "min" && name != "max")
                throw Error("judge rubric: unknown placeholder {" + name + "} at character " +
                            std::to_string(at + 1) +
                            "; a rubric may use {question}, {answer}, {min} and {max}");
        });
    if (!hasAnswer)
        throw Error("judge rubric: no {answer} placeholder; the rubric must say where the "
                    "answer to grade goes (and may place the question with {question})");
}

std::string JudgeScorer::promptFor(const std::string& question, const std::string& answer) const
{
    std::string prompt;
    walkRubric(
        m_config.rubric, [&](const std::string& text) { prompt += text; },
        [&](const std::string& name, std::size_t) {
            if (name == "question")
                prompt += question;
            else if (name == "answer")
                prompt += answer;
            else if (name == "min")
                prompt += number(m_config.minScore);
            else
                prompt += number(m_config.maxScore);
        });
    return prompt;
}

std::string JudgeScorer::defaultId() const
{
    const std::string& model = m_config.server.model;
    return "judge-" + model.substr(model.find_last_of('/') + 1);
}

nlohmann::json JudgeScorer::identity() const
{
    nlohmann::json identity = {{"kind", "judge"},
                               {"endpoint", m_backend->endpoint()},
                               {"model", m_config.server.model},
                               {"rubric", m_config.rubric},
                               {"score_min", m_config.minScore},
                               {"score_max", m_config.maxScore},
                               {"temperature", m_config.temperature},
                               {"attach_image", m_config.attachImage}};
    if (m_config.server.sampling.maxTokens)
        identity["max_tokens"] = *m_config.server.sampling.maxTokens;
    return identity;
}

std::size_t JudgeScorer::batchSamples() const
{
    return static_cast<std::size_t>(std::max(1, m_config.server.maxConcurrentRequests));
}

core::CandidateScore JudgeScorer::verdict(const std::string& reply,
                                          const std::string& finishReason) const
{
    std::vector<std::string> lines;
    std::istringstream in(reply);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
    }
    std::optional<std::size_t> found;
    double value = 0;
    for (std::size_t i = lines.size(); i-- > 0;) {
        std::smatch match;
        if (std::regex_match(lines[i], match, scoreLine())) {
            found = i;
            value = std::strtod(match[1].str().c_str(), nullptr);
            break;
        }
    }

    core::CandidateScore score;
    if (!found || value < m_config.minScore || value > m_config.maxScore) {
        score.failure = found ? "score " + number(value) + " is outside " +
                                    number(m_config.minScore) + ".." + number(m_config.maxScore)
                              : kNoScore;
        if (finishReason == "length")
            score.failure += " (the reply was cut off at the token limit)";
        score.detail = {{"reply", reply}, {"judge_model", m_config.server.model}};
        return score;
    }
    std::string rationale;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (i != *found)
            rationale += lines[i] + "\n";
    score.value = value;
    score.detail = {{"rationale", trimmed(rationale)},
                    {"reply_chars", reply.size()},
                    {"judge_model", m_config.server.model}};
    return score;
}

std::vector<std::vector<core::CandidateScore>>
JudgeScorer::score(const std::vector<core::ScoreRequest>& batch, const core::CancelToken& cancel)
{
    std::vector<std::vector<core::CandidateScore>> scores(batch.size());
    std::vector<ChatRequest> requests;
    std::vector<std::pair<std::size_t, std::size_t>> origin; // (request, candidate) of each
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const core::ScoreRequest& request = batch[i];
        scores[i].resize(request.candidates.size());
        std::string image;
        std::string mimeType = "image/png";
        if (m_config.attachImage && request.image) {
            auto bytes = readBytes(*request.image);
            if (!bytes) {
                // Recorded per answer (and retried by the next run) rather than stopping the
                // job: the other samples can still be judged.
                for (auto& score : scores[i])
                    score.failure = "image " + request.image->string() +
                                    " cannot be read (moved or deleted?); not sent to the judge";
                continue;
            }
            image = std::move(*bytes);
            mimeType = mimeTypeOf(*request.image);
        }
        for (std::size_t k = 0; k < request.candidates.size(); ++k) {
            ChatRequest chat;
            chat.image = image;
            chat.imageMimeType = mimeType;
            chat.prompt = promptFor(request.prompt, request.candidates[k]);
            requests.push_back(std::move(chat));
            origin.emplace_back(i, k);
        }
    }
    cancel.throwIfCancelled();
    if (requests.empty())
        return scores;

    m_backend->generateBatch(
        requests,
        [&](const ChatOutcome& outcome) {
            const auto [i, k] = origin[outcome.index];
            if (!outcome.result) {
                // The backend's messages start with the URL; others get it here.
                const std::string& url = m_backend->endpoint();
                const bool named = outcome.error.find(url) != std::string::npos;
                throw Error("judge " + m_config.server.model + (named ? "" : " at " + url) +
                            ": sample " + std::to_string(batch[i].sampleId) + ", answer " +
                            std::to_string(k + 1) + " of " +
                            std::to_string(batch[i].candidates.size()) + ": " + outcome.error);
            }
            const ChatCandidate& reply = outcome.result->candidates.front();
            scores[i][k] = verdict(reply.text, reply.finishReason);
        },
        {}, &cancel);
    return scores;
}

} // namespace prefstudio::core::backends
