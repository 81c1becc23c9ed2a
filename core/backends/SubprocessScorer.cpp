#include "backends/SubprocessScorer.h"

#include "util/Error.h"
#include "util/Job.h"

#include <cmath>

namespace prefstudio::core::backends {

SubprocessScorer::SubprocessScorer(SubprocessConfig config) : m_session(std::move(config), "scorer")
{
}

nlohmann::json SubprocessScorer::identity() const
{
    nlohmann::json identity = m_session.identity();
    identity["sees_image"] = seesImage();
    return identity;
}

std::vector<std::vector<CandidateScore>>
SubprocessScorer::score(const std::vector<ScoreRequest>& batch, const CancelToken& cancel)
{
    if (batch.empty())
        return {};
    std::vector<nlohmann::json> requests;
    SubprocessSession::Subjects subjects{"sample", {}};
    for (const ScoreRequest& request : batch) {
        nlohmann::json image = nullptr;
        if (request.image && seesImage())
            image = std::filesystem::absolute(*request.image).string();
        requests.push_back({{"type", "score"},
                            {"image", image},
                            {"prompt", request.prompt},
                            {"candidates", request.candidates}});
        subjects.labels.push_back(std::to_string(request.sampleId));
    }
    const auto replies = m_session.exchange(std::move(requests), subjects, cancel);
    std::vector<std::vector<CandidateScore>> out;
    for (std::size_t i = 0; i < batch.size(); ++i)
        out.push_back(readScores(replies[i], batch[i].candidates.size(), "candidate"));
    return out;
}

std::vector<std::vector<CandidateScore>>
SubprocessScorer::scoreImages(const std::vector<ImageScoreRequest>& batch,
                              const CancelToken& cancel)
{
    if (batch.empty())
        return {};
    std::vector<nlohmann::json> requests;
    SubprocessSession::Subjects subjects{"prompt", {}};
    for (const ImageScoreRequest& request : batch) {
        nlohmann::json images = nlohmann::json::array();
        for (const auto& image : request.images)
            images.push_back(std::filesystem::absolute(image).string());
        requests.push_back(
            {{"type", "score_images"}, {"prompt", request.prompt}, {"images", images}});
        subjects.labels.push_back(SubprocessSession::quote(request.prompt));
    }
    const auto replies = m_session.exchange(std::move(requests), subjects, cancel);
    std::vector<std::vector<CandidateScore>> out;
    for (std::size_t i = 0; i < batch.size(); ++i)
        out.push_back(readScores(replies[i], batch[i].images.size(), "image"));
    return out;
}

std::vector<CandidateScore> SubprocessScorer::readScores(const SubprocessSession::Reply& reply,
                                                         std::size_t expected,
                                                         const std::string& unit)
{
    const std::string wanted =
        "an array of " + std::to_string(expected) + " numbers, one per " + unit + ", expected";
    const auto scores = reply.body.find("scores");
    if (scores == reply.body.end())
        m_session.rejectReply(reply, "has no \"scores\" (" + wanted + ")");
    if (!scores->is_array())
        m_session.rejectReply(reply, "has \"scores\" that is a " +
                                         std::string(scores->type_name()) + " (" + wanted + ")");
    if (scores->size() != expected)
        m_session.rejectReply(reply, "has " + std::to_string(scores->size()) + " scores for " +
                                         std::to_string(expected) + " " + unit + "s");
    const auto objectives = reply.body.find("objectives");
    const bool hasObjectives = objectives != reply.body.end() && !objectives->is_null();
    if (hasObjectives && (!objectives->is_array() || objectives->size() != expected))
        m_session.rejectReply(reply, "has \"objectives\" that is not an array of " +
                                         std::to_string(expected) + " objects (one per " + unit +
                                         ", each {\"name\": value, ...})");

    std::vector<CandidateScore> out(expected);
    for (std::size_t k = 0; k < expected; ++k) {
        const nlohmann::json& value = (*scores)[k];
        const std::string which =
            "score " + std::to_string(k + 1) + " of " + std::to_string(expected);
        if (!value.is_number())
            m_session.rejectReply(reply,
                                  "has " + which + " that is " +
                                      (value.is_null() ? std::string("null")
                                                       : "a " + std::string(value.type_name())) +
                                      " (a number expected)");
        const double number = value.get<double>();
        if (!std::isfinite(number))
            m_session.rejectReply(reply,
                                  "has " + which + " out of range (a finite number expected)");
        out[k].value = number;
        if (hasObjectives) {
            const nlohmann::json& entry = (*objectives)[k];
            if (!entry.is_object())
                m_session.rejectReply(reply, "has objectives entry " + std::to_string(k + 1) +
                                                 " that is not an object ({\"name\": value, ...} "
                                                 "expected)");
            out[k].detail["objectives"] = entry;
        }
    }
    return out;
}

} // namespace prefstudio::core::backends
