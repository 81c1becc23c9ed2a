#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace prefstudio::core {
class CancelToken;
class Project;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::core::ml {

struct SftOptions;

/// What training a reward model from a project's reviewed pairs reports.
struct ProjectRewardSummary
{
    std::int64_t pairs = 0;   ///< accepted pairs trained on
    std::int64_t heldOut = 0; ///< accepted pairs kept out of training to measure on
    std::int64_t steps = 0;
    double firstLoss = 0; ///< mean of the first 20 steps
    double lastLoss = 0;  ///< mean of the last 20 steps
    double agreement = 0; ///< share of the training pairs it orders as the reviewers did
    /// Share of the held-out pairs it orders as the reviewers did (the figure to trust);
    /// unset when no pair was held out.
    std::optional<double> heldOutAgreement;
    double seconds = 0;
};

/// Fine-tunes a reward model on the project's accepted pairs (chosen over rejected, with the
/// sample's image and prompt) with the Bradley-Terry loss, starting from the policy in
/// `policyFolder`, and writes it to `out` (see saveRewardModel). A team's own decisions make
/// its own reward model. `heldOutShare` of the pairs (chosen by the training seed, at least one
/// when the share is above 0 and there are two pairs or more) are kept out of training and the
/// agreement on them reported. Throws core::Error when the project has no accepted pair, a
/// pair's image does not decode, `out` exists, or the share is outside [0, 0.9];
/// core::Cancelled when cancelled (nothing written).
ProjectRewardSummary
trainRewardModelFromProject(Project& project, const std::filesystem::path& policyFolder,
                            const std::filesystem::path& out, const SftOptions& training,
                            const ProgressSink& progress, const CancelToken* cancel = nullptr,
                            double heldOutShare = 0.1);

} // namespace prefstudio::core::ml
