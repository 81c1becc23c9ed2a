#pragma once

#include "backends/SubprocessConfig.h"
#include "backends/SubprocessSession.h"
#include "scoring/Scorer.h"

#include <filesystem>
#include <string>
#include <vector>

namespace prefstudio::core::backends {

/// Generated images of one text-to-image prompt, to be scored against it (ImageReward).
struct ImageScoreRequest
{
    std::string prompt;
    std::vector<std::filesystem::path> images; ///< made absolute before they are sent
};

/// A reward model in a program of the user's (ArmoRM, IXC-2.5-Reward, ImageReward, ...) that
/// speaks the JSON Lines protocol (packaging/scorers/PROTOCOL.md): a "score" request per sample,
/// a "score_images" request per prompt. The program is started on the first batch and kept for
/// the next ones; a failed batch stops it, and the next batch starts it again. Per-objective
/// values a reply carries ("objectives") are stored in the score's detail under "objectives".
/// Not thread-safe: one batch at a time.
class SubprocessScorer : public Scorer
{
public:
    /// Throws core::Error for a config without a command or with a timeout that is not positive.
    explicit SubprocessScorer(SubprocessConfig config);

    std::string defaultId() const override { return m_session.config().name; }
    /// kind "subprocess", the argv, and the sha256 of the files it names (see
    /// SubprocessSession::identity()), plus whether it sees images.
    nlohmann::json identity() const override;
    std::size_t batchSamples() const override { return m_session.config().batchSamples; }
    bool seesImage() const override { return m_session.config().seesImage; }

    /// Throws core::Error for anything the protocol does not allow (see SubprocessSession).
    std::vector<std::vector<CandidateScore>> score(const std::vector<ScoreRequest>& batch,
                                                   const CancelToken& cancel) override;

    /// One score per image, in order, for each request: the image stage's ranking of generated
    /// images. Errors as score() (the subjects are the prompts).
    std::vector<std::vector<CandidateScore>>
    scoreImages(const std::vector<ImageScoreRequest>& batch, const CancelToken& cancel);

    /// Stops the program now rather than when the scorer is destroyed.
    void stop() { m_session.stop(); }

private:
    /// The reply's "scores" (and "objectives"), checked against `expected` entries, one per
    /// `unit` ("candidate", "image").
    std::vector<CandidateScore> readScores(const SubprocessSession::Reply& reply,
                                           std::size_t expected, const std::string& unit);

    SubprocessSession m_session;
};

} // namespace prefstudio::core::backends
