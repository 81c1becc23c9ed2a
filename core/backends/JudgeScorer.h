#pragma once

#include "backends/ChatCompletionsBackend.h"
#include "backends/ChatCompletionsConfig.h"
#include "scoring/Scorer.h"

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core::backends {

/// How a JudgeScorer asks its server. Checked when the scorer is built.
struct JudgeScorerConfig
{
    /// Server, model, API key variable, timeout, retries, concurrency. Its sampling
    /// temperature is replaced by `temperature` below; other sampling fields pass through.
    ChatCompletionsConfig server;
    /// The prompt sent for each answer; empty: JudgeScorer::defaultRubric(). Placeholders:
    /// {answer} (required), {question}, {min} and {max} (the score range). Any other
    /// {identifier} is refused; braces around anything else ({"a": 1}, { }) are plain text.
    std::string rubric;
    double minScore = 1;  ///< lowest score the rubric allows, inclusive
    double maxScore = 10; ///< highest score the rubric allows, inclusive
    /// Sends the sample's image with each request; false makes the judge text-only
    /// (seesImage() false: the job then sends no image path either).
    bool attachImage = true;
    double temperature = 0;
};

/// A reward backend that asks a vision-language model on an OpenAI-compatible server to grade
/// each answer against a rubric: one chat request per candidate (the rubric with the question
/// and answer filled in, the image attached as a data URL), all of a batch's requests in
/// flight together through ChatCompletionsBackend::generateBatch.
///
/// Reading the reply: the score is the number on the LAST line that reads `score: <number>`,
/// matched case-insensitively and anchored at the line's start. Around it the line may carry
/// markdown (`**Score:** 7`, `## Score: 7`, `- Score: **7**`), an optional "final" or
/// "overall" before "score", a denominator (`7/10`, `7 out of 10`; ignored) and a closing
/// full stop; nothing else. A reply with no such line, an empty reply, or a number outside
/// [minScore, maxScore] gives no value: a failure ("no score in the judge's reply", "score 14
/// is outside 1..10") with the whole reply in detail["reply"], which the job records in
/// score_failures and never as a score. A value comes with detail {"rationale": the reply
/// without that line, trimmed; "reply_chars": the reply's length; "judge_model": the model}.
///
/// A request that still fails after the backend's retries (timeout, 5xx, refused connection)
/// fails the whole batch: score() throws core::Error naming the server (no credentials), the
/// sample and the reason, so the job keeps the batches before it and can resume.
class JudgeScorer : public core::Scorer
{
public:
    /// Throws core::Error on a bad rubric (no {answer}, an unknown placeholder), an empty or
    /// inverted score range, a non-finite temperature, or a bad server configuration.
    explicit JudgeScorer(JudgeScorerConfig config);
    ~JudgeScorer() override;

    /// The rubric used when none is given, for a CLI or dialog to show and edit. Asks for a
    /// short rationale and a last line `Score: N` on the integer scale {min}..{max}.
    static std::string defaultRubric();

    /// Throws core::Error unless `rubric` has an {answer} placeholder and no placeholder other
    /// than {question}, {answer}, {min} and {max}; the message names the offending one.
    static void checkRubric(const std::string& rubric);

    /// "judge-" and the model name after its last '/'.
    std::string defaultId() const override;
    /// kind "judge", the endpoint without credentials, model, the whole rubric, score range,
    /// temperature, whether the image is attached.
    nlohmann::json identity() const override;
    /// As many samples as requests may be in flight at once.
    std::size_t batchSamples() const override;
    bool seesImage() const override { return m_config.attachImage; }

    std::vector<std::vector<core::CandidateScore>>
    score(const std::vector<core::ScoreRequest>& batch, const core::CancelToken& cancel) override;

    /// The prompt for one answer: the rubric with its placeholders filled in.
    std::string promptFor(const std::string& question, const std::string& answer) const;

    /// Reads a judge's reply by the rule above. `finishReason` "length" (the reply was cut off
    /// at the token limit) is added to a failure's reason.
    core::CandidateScore verdict(const std::string& reply,
                                 const std::string& finishReason = {}) const;

    const JudgeScorerConfig& config() const { return m_config; }

private:
    JudgeScorerConfig m_config;
    std::unique_ptr<ChatCompletionsBackend> m_backend;
};

} // namespace prefstudio::core::backends
