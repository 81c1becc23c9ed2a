#include "store/SampleWriter.h"

#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::core {

SampleWriter::SampleWriter(Project& project)
    : m_project(project), m_db(project.db()), m_thresholds(FlagThresholds::fromProject(project)),
      m_firstSample(m_db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM samples")),
      m_firstCandidate(m_db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM candidates")),
      m_findImage(m_db, "SELECT id FROM images WHERE sha256 = ?1"),
      m_insertImage(m_db,
                    "INSERT INTO images(sha256, path, width, height, origin, gen_prompt, "
                    "generator, image_score, truth) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
      m_insertSample(m_db, "INSERT INTO samples(image_id, prompt, split, source_dataset, "
                           "source_id, import_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"),
      m_insertCandidate(m_db, "INSERT INTO candidates(sample_id, text, model, params, origin, "
                              "words, flags) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
      m_insertScore(m_db, kUpsertScoreSql),
      m_insertPair(m_db,
                   "INSERT INTO pairs(sample_id, chosen_id, rejected_id, origin, margin, "
                   "flags, chosen_words, rejected_words) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
{
}

std::optional<std::int64_t> SampleWriter::findImage(const std::string& sha256)
{
    if (auto it = m_imageIds.find(sha256); it != m_imageIds.end())
        return it->second;
    m_findImage.bind(1, sha256);
    std::optional<std::int64_t> id;
    if (m_findImage.step())
        id = m_findImage.int64(0);
    m_findImage.reset();
    if (id)
        m_imageIds.emplace(sha256, *id);
    return id;
}

std::int64_t SampleWriter::addImage(const ImageInput& image)
{
    if (auto existing = findImage(image.sha256))
        return *existing;
    m_insertImage.bind(1, image.sha256).bind(2, image.path).bind(3, image.width);
    m_insertImage.bind(4, image.height).bind(5, image.origin).bind(6, image.generationPrompt);
    m_insertImage.bind(7, image.generator).bind(8, image.imageScore).bind(9, image.truth);
    m_insertImage.exec();
    const std::int64_t id = m_db.lastInsertRowId();
    m_imageIds.emplace(image.sha256, id);
    ++m_newImages;
    return id;
}

SampleFlags computeSampleFlags(const SampleInput& sample, const FlagThresholds& thresholds)
{
    SampleFlags out;
    const TextProfile promptProfile = profileText(sample.prompt);
    std::vector<TextProfile> profiles;
    profiles.reserve(sample.candidates.size());
    for (const CandidateInput& candidate : sample.candidates) {
        profiles.push_back(profileText(candidate.text));
        out.words.push_back(profiles.back().words);
        out.candidateFlags.push_back(candidateFlags(profiles.back(), promptProfile, thresholds));
    }
    if (sample.pair) {
        const auto [chosen, rejected] = *sample.pair;
        const int n = static_cast<int>(sample.candidates.size());
        if (chosen < 0 || rejected < 0 || chosen >= n || rejected >= n || chosen == rejected)
            throw Error("internal: pair indexes out of range for sample");
        out.pairFlags = pairFlags(profiles[chosen], out.candidateFlags[chosen], profiles[rejected],
                                  out.candidateFlags[rejected], sample.pairMargin, thresholds);
    }
    return out;
}

SampleIds SampleWriter::addSample(const SampleInput& sample)
{
    return addSample(sample, computeSampleFlags(sample, m_thresholds));
}

SampleIds SampleWriter::addSample(const SampleInput& sample, const SampleFlags& flags)
{
    SampleIds ids;
    m_insertSample.bind(1, sample.imageId).bind(2, sample.prompt).bind(3, sample.split);
    m_insertSample.bind(4, sample.sourceDataset).bind(5, sample.sourceId).bind(6, sample.importId);
    m_insertSample.exec();
    ids.sample = m_db.lastInsertRowId();

    ids.candidates.reserve(sample.candidates.size());
    for (std::size_t i = 0; i < sample.candidates.size(); ++i) {
        const CandidateInput& candidate = sample.candidates[i];
        m_insertCandidate.bind(1, ids.sample).bind(2, candidate.text).bind(3, candidate.model);
        m_insertCandidate.bind(4, candidate.params).bind(5, candidate.origin);
        m_insertCandidate.bind(6, flags.words[i]);
        m_insertCandidate.bind(7, static_cast<std::int64_t>(flags.candidateFlags[i]));
        m_insertCandidate.exec();
        const std::int64_t candidateId = m_db.lastInsertRowId();
        ids.candidates.push_back(candidateId);
        for (const ScoreInput& score : candidate.scores) {
            m_insertScore.bind(1, candidateId).bind(2, score.scorer).bind(3, score.value);
            m_insertScore.bind(4, score.detail);
            m_insertScore.exec();
        }
    }

    if (sample.pair) {
        const auto [chosen, rejected] = *sample.pair;
        m_insertPair.bind(1, ids.sample).bind(2, ids.candidates.at(chosen));
        m_insertPair.bind(3, ids.candidates.at(rejected)).bind(4, sample.pairOrigin);
        m_insertPair.bind(5, sample.pairMargin).bind(6, static_cast<std::int64_t>(flags.pairFlags));
        m_insertPair.bind(7, flags.words.at(chosen)).bind(8, flags.words.at(rejected));
        m_insertPair.exec();
        ids.pair = m_db.lastInsertRowId();
    }
    return ids;
}

void SampleWriter::finish()
{
    auto samples = m_db.prepare(
        "INSERT INTO samples_fts(rowid, prompt) SELECT id, prompt FROM samples WHERE id >= ?1");
    samples.bind(1, m_firstSample);
    samples.exec();
    auto candidates = m_db.prepare(
        "INSERT INTO candidates_fts(rowid, text) SELECT id, text FROM candidates WHERE id >= ?1");
    candidates.bind(1, m_firstCandidate);
    candidates.exec();
    m_firstSample = m_db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM samples");
    m_firstCandidate = m_db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM candidates");
}

} // namespace prefstudio::core
