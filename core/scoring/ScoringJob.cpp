#include "scoring/ScoringJob.h"

#include "scoring/Scorer.h"
#include "store/Database.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/Job.h"

#include <chrono>
#include <cmath>
#include <map>

namespace prefstudio::core {

void checkScores(const std::string& scorer, const std::vector<ScoreRequest>& batch,
                 const std::vector<std::vector<CandidateScore>>& scores)
{
    if (scores.size() != batch.size())
        throw Error("scorer " + scorer + " answered " + std::to_string(scores.size()) +
                    " samples for a batch of " + std::to_string(batch.size()) + " (first sample " +
                    std::to_string(batch.front().sampleId) + ")");
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& request = batch[i];
        if (scores[i].size() != request.candidates.size())
            throw Error("scorer " + scorer + ", sample " + std::to_string(request.sampleId) + ": " +
                        std::to_string(scores[i].size()) + " scores for " +
                        std::to_string(request.candidates.size()) +
                        " candidates (one per candidate expected)");
        for (std::size_t k = 0; k < scores[i].size(); ++k) {
            const auto& s = scores[i][k];
            if (s.value && !std::isfinite(*s.value))
                throw Error("scorer " + scorer + ", sample " + std::to_string(request.sampleId) +
                            ", candidate " + std::to_string(k + 1) + " of " +
                            std::to_string(scores[i].size()) + ": the score is " +
                            std::to_string(*s.value) + " (a finite number expected)");
            if (!s.value && s.failure.empty())
                throw Error("scorer " + scorer + ", sample " + std::to_string(request.sampleId) +
                            ", candidate " + std::to_string(k + 1) +
                            ": neither a score nor a reason for its absence");
        }
    }
}

namespace {

struct Pending
{
    std::int64_t candidate = 0;
    std::int64_t sample = 0;
    std::string prompt;
    std::string text;
    std::optional<std::string> image;
    std::string truth; ///< only for a scorer that reads it
};

std::string sampleFilter(const ScoringOptions& options)
{
    std::string where;
    if (options.split)
        where += " AND s.split = ?2";
    if (!options.sampleIds.empty()) {
        where += " AND s.id IN (";
        for (std::size_t i = 0; i < options.sampleIds.size(); ++i)
            where += (i ? "," : "") + std::to_string(options.sampleIds[i]);
        where += ")";
    }
    return where;
}

} // namespace

ScoringReport runScoring(Project& project, Scorer& scorer, const ScoringOptions& options,
                         const ProgressSink& progress, const CancelToken& cancel)
{
    const auto started = std::chrono::steady_clock::now();
    const std::string id = options.scorerId.empty() ? scorer.defaultId() : options.scorerId;
    if (id.empty())
        throw Error("the scorer has no name; give one with --scorer");
    Database& db = project.db();
    ScoringReport report;
    std::vector<Pending> todo;
    {
        const std::string failedClause =
            options.retryFailures
                ? ""
                : " OR EXISTS(SELECT 1 FROM score_failures f WHERE f.candidate_id = c.id "
                  "AND f.scorer = ?1)";
        auto query = db.prepare(
            std::string("SELECT c.id, c.sample_id, s.prompt, c.text, i.path, ") +
            (scorer.readsTruth() ? "i.truth" : "NULL") +
            ", "
            "EXISTS(SELECT 1 FROM scores sc WHERE sc.candidate_id = c.id AND sc.scorer = ?1)" +
            failedClause +
            " FROM candidates c JOIN samples s ON s.id = c.sample_id "
            "LEFT JOIN images i ON i.id = s.image_id WHERE 1" +
            sampleFilter(options) + " ORDER BY c.sample_id, c.id");
        query.bind(1, id);
        if (options.split)
            query.bind(2, *options.split);
        while (query.step()) {
            if (query.int64(6) != 0) {
                ++report.skipped;
                continue;
            }
            Pending p{query.int64(0), query.int64(1),   query.text(2),
                      query.text(3),  query.optText(4), query.optText(5).value_or("")};
            if (p.image && std::filesystem::path(*p.image).is_relative())
                p.image = (project.dir() / *p.image).string();
            todo.push_back(std::move(p));
        }
    }
    // Requests: one per sample, with all of its pending candidates.
    std::vector<ScoreRequest> requests;
    std::vector<std::vector<std::int64_t>> candidateIds;
    for (const Pending& p : todo) {
        if (requests.empty() || requests.back().sampleId != p.sample) {
            ScoreRequest r;
            r.sampleId = p.sample;
            if (p.image && scorer.seesImage())
                r.image = *p.image;
            r.prompt = p.prompt;
            r.truth = p.truth;
            requests.push_back(std::move(r));
            candidateIds.emplace_back();
        }
        requests.back().candidates.push_back(p.text);
        candidateIds.back().push_back(p.candidate);
    }

    const std::string created = utcNow();
    {
        const std::string config =
            nlohmann::json{{"scorer", id}, {"identity", scorer.identity()}}.dump();
        auto insert = db.prepare("INSERT INTO runs(kind, name, config, status, created_at) "
                                 "VALUES('score', ?1, ?2, 'running', ?3)");
        insert.bind(1, id).bind(2, config).bind(3, created).exec();
        report.runId = db.lastInsertRowId();
    }
    auto finishRun = [&](std::string_view status) {
        auto update = db.prepare("UPDATE runs SET status = ?1, finished_at = ?2 WHERE id = ?3");
        const std::string finished = utcNow();
        update.bind(1, status).bind(2, finished).bind(3, report.runId).exec();
    };
    const auto total =
        static_cast<std::uint64_t>(todo.size()) + static_cast<std::uint64_t>(report.skipped);
    progress.report(static_cast<std::uint64_t>(report.skipped), total);
    progress.message(
        "scoring " + std::to_string(todo.size()) + " candidates of " +
        std::to_string(requests.size()) + " samples with " + id +
        (report.skipped ? " (" + std::to_string(report.skipped) + " already scored)" : ""));
    const std::size_t perCall = std::max<std::size_t>(
        1, options.batchSamples ? options.batchSamples : scorer.batchSamples());
    try {
        auto insertScore = db.prepare(kUpsertScoreSql);
        auto clearFailure =
            db.prepare("DELETE FROM score_failures WHERE candidate_id = ?1 AND scorer = ?2");
        auto insertFailure = db.prepare(
            "INSERT OR REPLACE INTO score_failures(candidate_id, scorer, run_id, reason, detail) "
            "VALUES(?1, ?2, ?3, ?4, ?5)");
        std::uint64_t done = static_cast<std::uint64_t>(report.skipped);
        for (std::size_t first = 0; first < requests.size(); first += perCall) {
            cancel.throwIfCancelled();
            const std::size_t end = std::min(requests.size(), first + perCall);
            const std::vector<ScoreRequest> batch(requests.begin() + static_cast<long>(first),
                                                  requests.begin() + static_cast<long>(end));
            const auto scores = scorer.score(batch, cancel);
            checkScores(id, batch, scores);
            ++report.batches;
            Transaction transaction(db);
            for (std::size_t i = 0; i < batch.size(); ++i) {
                for (std::size_t k = 0; k < scores[i].size(); ++k) {
                    const CandidateScore& s = scores[i][k];
                    const std::int64_t candidate = candidateIds[first + i][k];
                    nlohmann::json detail =
                        s.detail.is_object() ? s.detail : nlohmann::json::object();
                    detail["run_id"] = report.runId;
                    const std::string text = detail.dump();
                    if (s.value) {
                        insertScore.bind(1, candidate).bind(2, id).bind(3, *s.value).bind(4, text);
                        insertScore.exec();
                        clearFailure.bind(1, candidate).bind(2, id);
                        clearFailure.exec();
                        ++report.scored;
                    } else {
                        insertFailure.bind(1, candidate)
                            .bind(2, id)
                            .bind(3, report.runId)
                            .bind(4, s.failure)
                            .bind(5, text);
                        insertFailure.exec();
                        ++report.failed;
                    }
                    ++done;
                }
            }
            transaction.commit();
            progress.report(done, total);
        }
    } catch (const Cancelled&) {
        finishRun("cancelled");
        throw;
    } catch (...) {
        finishRun("failed");
        throw;
    }
    finishRun("finished");
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::vector<std::pair<std::string, std::int64_t>> storedScorers(Project& project)
{
    std::vector<std::pair<std::string, std::int64_t>> out;
    auto query =
        project.db().prepare("SELECT scorer, COUNT(*) FROM scores GROUP BY scorer ORDER BY scorer");
    while (query.step())
        out.emplace_back(query.text(0), query.int64(1));
    return out;
}

} // namespace prefstudio::core
