#include "curation/RewardAgreement.h"

#include "curation/PairPolicy.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/ShapesAnswerCheck.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace {

constexpr const char* kShapesWorld = "shapes-world";

struct CandidateRow
{
    std::int64_t id = 0;
    std::string text;
    std::uint32_t flags = 0;
};

struct ScoredCandidate
{
    std::size_t row = 0; ///< index into SampleRows::candidates
    std::int64_t id = 0;
    double value = 0.0;
};

/// One sample with truth as the query returns it: its candidates and, for each requested
/// scorer, the candidates that scorer scored.
struct SampleRows
{
    std::int64_t id = -1;
    std::string prompt;
    std::string truth;
    std::vector<CandidateRow> candidates;
    std::vector<std::vector<ScoredCandidate>> scores;
};

bool triviallyBad(std::uint32_t flags)
{
    return (flags & kTriviallyBadFlags) != 0;
}

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& name : names)
        out += (out.empty() ? "" : ", ") + name;
    return out.empty() ? std::string("none") : out;
}

std::vector<std::string> checkedScorers(Database& db, const std::vector<std::string>& requested)
{
    const std::vector<std::string> known = projectScorers(db);
    if (requested.empty())
        return known;
    std::vector<std::string> scorers;
    for (const std::string& name : requested) {
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw Error("agreement: no candidate has a score from '" + name +
                        "' (scorers in this project: " + joinNames(known) + ")");
        if (std::find(scorers.begin(), scorers.end(), name) == scorers.end())
            scorers.push_back(name);
    }
    return scorers;
}

/// Max-min on each scorer's scores of one sample, each pair checked against the scene.
void judgeSample(SampleRows& sample, const PromptSampler& prompts, double tieEpsilon,
                 std::vector<ScorerAgreement>& rows)
{
    const bool paired = std::any_of(sample.scores.begin(), sample.scores.end(),
                                    [](const auto& scored) { return scored.size() >= 2; });
    if (!paired)
        return;
    const std::string where = "sample " + std::to_string(sample.id) + ": image truth";
    const auto truth = nlohmann::json::parse(sample.truth, nullptr, false);
    if (truth.is_discarded())
        throw Error(where + " is not valid JSON (expected the shapes-world scene the demo "
                            "writes)");
    if (!truth.is_object() || truth.value("world", std::string()) != kShapesWorld)
        return;
    const ShapesScene scene = ShapesScene::fromTruthJson(truth, where);
    // A prompt the demo did not write is read as a description: the objects it names can
    // still be checked, whether the answer is right cannot.
    const std::optional<DemoPrompt> parsed = prompts.parse(sample.prompt, scene);
    DemoPrompt prompt;
    if (parsed)
        prompt = *parsed;
    else
        prompt.text = sample.prompt;

    std::vector<std::optional<ShapesAnswerCheck>> checks(sample.candidates.size());
    auto checkOf = [&](std::size_t row) -> const ShapesAnswerCheck& {
        if (!checks[row])
            checks[row] = checkShapesAnswer(scene, prompt, sample.candidates[row].text);
        return *checks[row];
    };

    for (std::size_t k = 0; k < rows.size(); ++k) {
        std::vector<ScoredCandidate>& ranked = sample.scores[k];
        if (ranked.size() < 2)
            continue;
        TruthAgreement& t = *rows[k].truth;
        ++t.samples;
        // The pair policy's order: best first, the lower id first among equals.
        std::sort(ranked.begin(), ranked.end(),
                  [](const ScoredCandidate& a, const ScoredCandidate& b) {
                      return a.value != b.value ? a.value > b.value : a.id < b.id;
                  });
        const ScoredCandidate& chosen = ranked.front();
        const ScoredCandidate& rejected = ranked.back();
        // Written as !(>) so that a NaN margin also counts as a tie, as in the pair policy.
        if (!(chosen.value - rejected.value > tieEpsilon)) {
            ++t.tied;
            continue;
        }
        ++t.pairs;
        const std::size_t chosenWrong = checkOf(chosen.row).hallucinated.size();
        const std::size_t rejectedWrong = checkOf(rejected.row).hallucinated.size();
        if (chosenWrong < rejectedWrong)
            ++t.agree;
        else if (chosenWrong == rejectedWrong)
            ++t.sameTruth;
        else
            ++t.reversed;
        if (parsed) {
            ++t.decidable;
            if (checkOf(chosen.row).fullyCorrect())
                ++t.chosenCorrect;
        }
        if (triviallyBad(sample.candidates[rejected.row].flags))
            ++t.easy;
        if (triviallyBad(sample.candidates[chosen.row].flags))
            ++t.chosenDegenerate;
    }
}

void computeTruthAgreement(Database& db, const std::vector<std::string>& scorers, double tieEpsilon,
                           const CancelToken* cancel, std::vector<ScorerAgreement>& rows)
{
    // Walks samples in id order and each sample's candidates through candidates_sample, so
    // that rows arrive grouped by sample without a sort; scores are found by primary key.
    auto query =
        db.prepare("SELECT s.id, s.prompt, i.truth, c.id, c.text, c.flags, sc.scorer, sc.value "
                   "FROM samples s JOIN images i ON i.id = s.image_id "
                   "JOIN candidates c ON c.sample_id = s.id "
                   "JOIN scores sc ON sc.candidate_id = c.id "
                   "WHERE i.truth IS NOT NULL AND sc.scorer IN (SELECT value FROM json_each(?1)) "
                   "ORDER BY s.id, c.id");
    const std::string names = nlohmann::json(scorers).dump();
    query.bind(1, names);

    const SceneGenerator generator(0); // parse() only asks it for co-occurrence partners
    const PromptSampler prompts(generator);
    SampleRows sample;
    sample.scores.resize(scorers.size());
    std::int64_t seen = 0;
    while (query.step()) {
        const std::int64_t sampleId = query.int64(0);
        if (sampleId != sample.id) {
            if (sample.id >= 0)
                judgeSample(sample, prompts, tieEpsilon, rows);
            if (cancel && ++seen % 256 == 0)
                cancel->throwIfCancelled();
            sample.id = sampleId;
            sample.prompt = query.text(1);
            sample.truth = query.text(2);
            sample.candidates.clear();
            for (auto& scored : sample.scores)
                scored.clear();
        }
        const std::int64_t candidateId = query.int64(3);
        if (sample.candidates.empty() || sample.candidates.back().id != candidateId)
            sample.candidates.push_back(
                {candidateId, query.text(4), static_cast<std::uint32_t>(query.int64(5))});
        const auto scorer = std::find(scorers.begin(), scorers.end(), query.textView(6));
        sample.scores[static_cast<std::size_t>(scorer - scorers.begin())].push_back(
            {sample.candidates.size() - 1, candidateId, query.real(7)});
    }
    if (sample.id >= 0)
        judgeSample(sample, prompts, tieEpsilon, rows);
}

ReviewerAgreement computeReviewerAgreement(Database& db, const std::string& scorer,
                                           double tieEpsilon)
{
    auto query = db.prepare("SELECT cs.value, rs.value, rc.flags FROM pairs p "
                            "JOIN candidates rc ON rc.id = p.rejected_id "
                            "LEFT JOIN scores cs ON cs.candidate_id = p.chosen_id "
                            "AND cs.scorer = ?1 "
                            "LEFT JOIN scores rs ON rs.candidate_id = p.rejected_id "
                            "AND rs.scorer = ?1 "
                            "WHERE p.status = 'accepted' OR p.origin = 'human'");
    query.bind(1, scorer);
    ReviewerAgreement r;
    while (query.step()) {
        ++r.decided;
        if (query.isNull(0) || query.isNull(1)) {
            ++r.unscored;
            continue;
        }
        ++r.scored;
        const double margin = query.real(0) - query.real(1);
        if (margin > tieEpsilon)
            ++r.agree;
        else if (margin < -tieEpsilon)
            ++r.reversed;
        else
            ++r.tied;
        if (triviallyBad(static_cast<std::uint32_t>(query.int64(2))))
            ++r.easy;
    }
    return r;
}

std::string percentText(std::int64_t part, std::int64_t whole)
{
    if (whole <= 0)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * shareOf(part, whole));
    return text;
}

} // namespace

double shareOf(std::int64_t part, std::int64_t whole)
{
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

nlohmann::json TruthAgreement::toJson() const
{
    return {{"samples", samples},
            {"tied", tied},
            {"pairs", pairs},
            {"agree", agree},
            {"same_truth", sameTruth},
            {"reversed", reversed},
            {"agreement", shareOf(agree, pairs)},
            {"same_truth_share", shareOf(sameTruth, pairs)},
            {"reversed_share", shareOf(reversed, pairs)},
            {"decidable", decidable},
            {"chosen_correct", chosenCorrect},
            {"chosen_correct_share", shareOf(chosenCorrect, decidable)},
            {"easy", easy},
            {"easy_share", shareOf(easy, pairs)},
            {"chosen_degenerate", chosenDegenerate}};
}

nlohmann::json ReviewerAgreement::toJson() const
{
    return {{"decided", decided},
            {"unscored", unscored},
            {"scored", scored},
            {"agree", agree},
            {"tied", tied},
            {"reversed", reversed},
            {"agreement", shareOf(agree, scored)},
            {"tied_share", shareOf(tied, scored)},
            {"reversed_share", shareOf(reversed, scored)},
            {"easy", easy},
            {"easy_share", shareOf(easy, scored)}};
}

nlohmann::json RewardAgreementReport::toJson() const
{
    nlohmann::json rows = nlohmann::json::array();
    for (const ScorerAgreement& row : scorers)
        rows.push_back({{"scorer", row.scorer},
                        {"truth", row.truth ? row.truth->toJson() : nlohmann::json(nullptr)},
                        {"reviewers", row.reviewers.toJson()}});
    return {{"truth_available", truthAvailable},
            {"easy_flags", qualityFlagNames(kTriviallyBadFlags)},
            {"scorers", rows}};
}

std::string RewardAgreementReport::toText() const
{
    std::string text;
    char line[512];
    auto add = [&](const char* format, auto... args) {
        std::snprintf(line, sizeof line, format, args...);
        text += line;
    };
    std::size_t width = 6;
    for (const ScorerAgreement& row : scorers)
        width = std::max(width, row.scorer.size());
    const int w = static_cast<int>(width);
    if (scorers.empty()) {
        text += "no scores in this project: score the candidates first\n";
        return text;
    }

    if (truthAvailable) {
        text += "reward model vs ground truth (max-min pairs; agree = chosen names fewer "
                "hallucinated objects)\n";
        add("%-*s %7s %6s %7s %7s %9s %15s %7s\n", w, "scorer", "pairs", "tied", "agree", "same",
            "reversed", "chosen correct", "easy");
        for (const ScorerAgreement& row : scorers) {
            const TruthAgreement& t = *row.truth;
            add("%-*s %7lld %6lld %7s %7s %9s %15s %7s\n", w, row.scorer.c_str(),
                (long long)t.pairs, (long long)t.tied, percentText(t.agree, t.pairs).c_str(),
                percentText(t.sameTruth, t.pairs).c_str(), percentText(t.reversed, t.pairs).c_str(),
                percentText(t.chosenCorrect, t.decidable).c_str(),
                percentText(t.easy, t.pairs).c_str());
        }
        text += "\n";
    } else {
        text += "reward model vs ground truth: not available (no image has a shapes-world "
                "truth)\n\n";
    }

    const std::int64_t decided = scorers.front().reviewers.decided;
    add("reward model vs reviewers (%lld pairs a person decided: accepted, or re-picked)\n",
        (long long)decided);
    if (decided == 0) {
        text += "no pair has been decided by a person yet\n";
    } else {
        add("%-*s %7s %7s %7s %9s %9s %7s\n", w, "scorer", "scored", "agree", "tied", "reversed",
            "unscored", "easy");
        for (const ScorerAgreement& row : scorers) {
            const ReviewerAgreement& r = row.reviewers;
            add("%-*s %7lld %7s %7s %9s %9lld %7s\n", w, row.scorer.c_str(), (long long)r.scored,
                percentText(r.agree, r.scored).c_str(), percentText(r.tied, r.scored).c_str(),
                percentText(r.reversed, r.scored).c_str(), (long long)r.unscored,
                percentText(r.easy, r.scored).c_str());
        }
    }
    add("\neasy = the rejected response is %s\n", qualityFlagNames(kTriviallyBadFlags).c_str());
    return text;
}

RewardAgreementReport computeRewardAgreement(Project& project,
                                             const std::vector<std::string>& scorers,
                                             const CancelToken* cancel)
{
    Database& db = project.db();
    const std::vector<std::string> names = checkedScorers(db, scorers);
    const double tieEpsilon = FlagThresholds::fromProject(project).tieEpsilon;

    RewardAgreementReport report;
    // CASE, not AND: SQLite does not promise to skip json_extract on text that is not JSON.
    report.truthAvailable =
        db.scalarInt("SELECT EXISTS(SELECT 1 FROM images WHERE CASE WHEN json_valid(truth) "
                     "THEN json_extract(truth, '$.world') = 'shapes-world' END)") != 0;
    for (const std::string& name : names) {
        ScorerAgreement row;
        row.scorer = name;
        if (report.truthAvailable)
            row.truth = TruthAgreement{};
        report.scorers.push_back(std::move(row));
    }
    if (report.truthAvailable && !names.empty())
        computeTruthAgreement(db, names, tieEpsilon, cancel, report.scorers);
    for (ScorerAgreement& row : report.scorers) {
        if (cancel)
            cancel->throwIfCancelled();
        row.reviewers = computeReviewerAgreement(db, row.scorer, tieEpsilon);
    }
    return report;
}

} // namespace prefstudio::core
