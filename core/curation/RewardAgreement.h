#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "curation/QualityFlags.h"
#include "util/Job.h"

namespace prefstudio::core {

class Project;

/// Candidate flags that make a response trivially bad: empty, a fragment under the short-word
/// threshold, a repetitive ramble, or the prompt echoed back. A pair whose rejected response
/// carries one is "easy" (PAPER.md: about 36 % of the paper's pairs): any scorer gets it right
/// and DPO learns little from it. Length ratio, near-duplicate and reward tie are not in it:
/// they describe the pair, not a bad response.
inline constexpr std::uint32_t kTriviallyBadFlags =
    kFlagEmpty | kFlagShort | kFlagRepetitive | kFlagEchoedPrompt;

/// A share in [0, 1]; 0 when `whole` is 0 (callers show "–" for an empty whole).
double shareOf(std::int64_t part, std::int64_t whole);

/// One scorer's max-min pairs (the paper's policy: chosen = highest score, rejected = lowest)
/// checked against the shapes-world truth of their images.
struct TruthAgreement
{
    std::int64_t samples = 0;   ///< samples with truth and two or more candidates scored
    std::int64_t tied = 0;      ///< of those, highest and lowest scores tie: no pair
    std::int64_t pairs = 0;     ///< samples - tied
    std::int64_t agree = 0;     ///< chosen names strictly fewer hallucinated objects
    std::int64_t sameTruth = 0; ///< both name as many
    std::int64_t reversed = 0;  ///< chosen names more
    /// Pairs whose prompt is a shapes-world question, so that full correctness is decidable.
    std::int64_t decidable = 0;
    std::int64_t chosenCorrect = 0;    ///< of `decidable`, chosen right in every respect
    std::int64_t easy = 0;             ///< rejected is trivially bad (kTriviallyBadFlags)
    std::int64_t chosenDegenerate = 0; ///< chosen is trivially bad

    nlohmann::json toJson() const;
};

/// One scorer against the people: over pairs a person decided (status accepted, or origin
/// "human": a pair a person re-picked counts whatever its status, the order is theirs), how
/// often the scorer scores the chosen response above the rejected one.
struct ReviewerAgreement
{
    std::int64_t decided = 0;  ///< pairs a person decided
    std::int64_t unscored = 0; ///< of those, chosen or rejected lacks this scorer's score
    std::int64_t scored = 0;   ///< decided - unscored
    std::int64_t agree = 0;    ///< chosen scored higher (by more than the tie epsilon)
    std::int64_t tied = 0;
    std::int64_t reversed = 0;
    std::int64_t easy = 0; ///< of `scored`, rejected is trivially bad

    nlohmann::json toJson() const;
};

struct ScorerAgreement
{
    std::string scorer;
    std::optional<TruthAgreement> truth; ///< none when the project has no shapes-world truth
    ReviewerAgreement reviewers;
};

/// Reward model vs ground truth and vs reviewers, one row per scorer, so that an image-aware
/// and a text-only reward model compare side by side.
struct RewardAgreementReport
{
    bool truthAvailable = false; ///< some image has a shapes-world truth
    std::vector<ScorerAgreement> scorers;

    nlohmann::json toJson() const;
    /// Tables for the terminal: vs ground truth (when available), then vs reviewers.
    std::string toText() const;
};

/// Computes the report for `scorers` (every scorer of the project, by name, when empty). Ties
/// use the project's tie epsilon (`flags.tie-epsilon`), as the pair policy does. Reads only;
/// a read-only connection will do. Throws core::Error for a scorer no candidate has a score
/// of, or an image truth that does not parse; core::Cancelled when `cancel` fires.
RewardAgreementReport computeRewardAgreement(Project& project,
                                             const std::vector<std::string>& scorers = {},
                                             const CancelToken* cancel = nullptr);

} // namespace prefstudio::core
