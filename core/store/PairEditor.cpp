#include "store/PairEditor.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "curation/QualityFlags.h"
#include "store/Database.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "util/Error.h"
#include "util/Sha256.h"

namespace prefstudio::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

/// Audit actions that undoableChanges() offers; "undo" rows are left out on purpose.
const std::set<std::string>& undoableActions()
{
    static const std::set<std::string> actions = {"accept",     "reject",       "reset",    "swap",
                                                  "set-chosen", "set-rejected", "set-pair", "note",
                                                  "edit-text",  "redo"};
    return actions;
}

std::string pairName(std::int64_t pairId)
{
    return "pair " + std::to_string(pairId);
}

std::optional<PairState> readState(Database& db, std::int64_t pairId)
{
    auto query = db.prepare("SELECT status, chosen_id, rejected_id, margin, flags, note, origin "
                            "FROM pairs WHERE id = ?1");
    query.bind(1, pairId);
    if (!query.step())
        return std::nullopt;
    PairState state;
    state.pairId = pairId;
    state.status = query.text(0);
    state.chosenId = query.int64(1);
    state.rejectedId = query.int64(2);
    state.margin = query.optReal(3);
    state.flags = static_cast<std::uint32_t>(query.int64(4));
    state.note = query.optText(5);
    state.origin = query.text(6);
    return state;
}

PairState requireState(Database& db, std::int64_t pairId)
{
    auto state = readState(db, pairId);
    if (!state)
        throw Error(pairName(pairId) + " does not exist");
    return *state;
}

std::int64_t sampleOfPair(Database& db, std::int64_t pairId)
{
    auto query = db.prepare("SELECT sample_id FROM pairs WHERE id = ?1");
    query.bind(1, pairId);
    if (!query.step())
        throw Error(pairName(pairId) + " does not exist");
    return query.int64(0);
}

/// Error unless `candidateId` exists and belongs to `sampleId`.
void requireCandidateOf(Database& db, std::int64_t pairId, std::int64_t sampleId,
                        std::int64_t candidateId)
{
    auto query = db.prepare("SELECT sample_id FROM candidates WHERE id = ?1");
    query.bind(1, candidateId);
    if (!query.step())
        throw Error(pairName(pairId) + ": candidate " + std::to_string(candidateId) +
                    " does not exist");
    const std::int64_t owner = query.int64(0);
    if (owner != sampleId)
        throw Error(pairName(pairId) + ": candidate " + std::to_string(candidateId) +
                    " belongs to sample " + std::to_string(owner) + ", expected a candidate of " +
                    "the pair's own sample " + std::to_string(sampleId));
}

void writeState(Database& db, const PairState& state)
{
    // Naming chosen_id and rejected_id fires pairs_words_update, which copies the word counts.
    auto update = db.prepare("UPDATE pairs SET status = ?2, chosen_id = ?3, rejected_id = ?4, "
                             "margin = ?5, flags = ?6, note = ?7, origin = ?8 WHERE id = ?1");
    update.bind(1, state.pairId).bind(2, state.status).bind(3, state.chosenId);
    update.bind(4, state.rejectedId).bind(5, state.margin);
    update.bind(6, static_cast<std::int64_t>(state.flags)).bind(7, state.note);
    update.bind(8, state.origin);
    update.exec();
}

std::optional<EditedCandidate> readCandidate(Database& db, std::int64_t id)
{
    auto query = db.prepare("SELECT sample_id, parent_id, text, model, params, words, flags "
                            "FROM candidates WHERE id = ?1");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    EditedCandidate candidate;
    candidate.id = id;
    candidate.sampleId = query.int64(0);
    candidate.parentId = query.isNull(1) ? 0 : query.int64(1);
    candidate.text = query.text(2);
    candidate.model = query.text(3);
    candidate.params = query.text(4);
    candidate.words = static_cast<int>(query.int64(5));
    candidate.flags = static_cast<std::uint32_t>(query.int64(6));
    return candidate;
}

void insertCandidate(Database& db, const EditedCandidate& candidate)
{
    auto taken = db.prepare("SELECT 1 FROM candidates WHERE id = ?1");
    taken.bind(1, candidate.id);
    if (taken.step())
        throw Error("cannot write edited candidate " + std::to_string(candidate.id) +
                    ": that id is taken by another candidate now");
    auto insert = db.prepare("INSERT INTO candidates(id, sample_id, text, model, params, origin, "
                             "parent_id, words, flags) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, 'human-edit', ?6, ?7, ?8)");
    insert.bind(1, candidate.id).bind(2, candidate.sampleId).bind(3, candidate.text);
    insert.bind(4, candidate.model).bind(5, candidate.params).bind(6, candidate.parentId);
    insert.bind(7, candidate.words).bind(8, static_cast<std::int64_t>(candidate.flags));
    insert.exec();
    // candidates_fts has external content: its rows are written by hand, as SampleWriter does.
    auto index = db.prepare("INSERT INTO candidates_fts(rowid, text) VALUES(?1, ?2)");
    index.bind(1, candidate.id).bind(2, candidate.text);
    index.exec();
}

/// Deletes a candidate that only `pairId` used; Error when anything else refers to it now.
void removeCandidate(Database& db, const EditedCandidate& candidate, std::int64_t pairId)
{
    const auto stored = readCandidate(db, candidate.id);
    if (!stored || stored->text != candidate.text)
        throw Error("edited candidate " + std::to_string(candidate.id) + " of " + pairName(pairId) +
                    " was changed or removed since; nothing undone");
    auto users = db.prepare("SELECT id FROM pairs WHERE (chosen_id = ?1 OR rejected_id = ?1) "
                            "AND id <> ?2 LIMIT 1");
    users.bind(1, candidate.id).bind(2, pairId);
    if (users.step())
        throw Error("edited candidate " + std::to_string(candidate.id) + " is also used by " +
                    pairName(users.int64(0)) + "; change that pair first");
    auto children = db.prepare("SELECT id FROM candidates WHERE parent_id = ?1 LIMIT 1");
    children.bind(1, candidate.id);
    if (children.step())
        throw Error("edited candidate " + std::to_string(candidate.id) + " was edited again (" +
                    "candidate " + std::to_string(children.int64(0)) + "); undo that edit first");
    auto scored = db.prepare("SELECT scorer FROM scores WHERE candidate_id = ?1 LIMIT 1");
    scored.bind(1, candidate.id);
    if (scored.step())
        throw Error("edited candidate " + std::to_string(candidate.id) + " has been scored by " +
                    scored.text(0) + " since; undoing the edit would delete that score");
    auto unindex = db.prepare(
        "INSERT INTO candidates_fts(candidates_fts, rowid, text) VALUES('delete', ?1, ?2)");
    unindex.bind(1, candidate.id).bind(2, stored->text);
    unindex.exec();
    auto remove = db.prepare("DELETE FROM candidates WHERE id = ?1");
    remove.bind(1, candidate.id);
    remove.exec();
}

/// Chosen's minus rejected's value of the ranking scorer, as the pair policy computes a
/// margin; absent when either has no such score (a human edit is never scored).
std::optional<double> scoreMargin(Project& project, std::int64_t chosenId, std::int64_t rejectedId)
{
    const std::string scorer = rankingScorer(project);
    if (scorer.empty())
        return std::nullopt;
    auto query =
        project.db().prepare("SELECT value FROM scores WHERE candidate_id = ?1 AND scorer = ?2");
    auto scoreOf = [&](std::int64_t id) -> std::optional<double> {
        query.bind(1, id).bind(2, scorer);
        std::optional<double> value;
        if (query.step())
            value = query.real(0);
        query.reset();
        return value;
    };
    const auto chosen = scoreOf(chosenId);
    const auto rejected = scoreOf(rejectedId);
    if (!chosen || !rejected)
        return std::nullopt;
    return *chosen - *rejected;
}

std::uint32_t knownFlagMask()
{
    std::uint32_t mask = 0;
    for (const auto& info : qualityFlagInfos())
        mask |= info.bit;
    return mask;
}

/// The pair's flags for its current chosen/rejected and margin, as FlagRecompute computes them:
/// candidate flags from the texts (no tie bit), bits this build does not know are kept.
/// `unsaved` is a candidate not in the store yet.
std::uint32_t recomputePairFlags(Project& project, const PairState& state,
                                 const EditedCandidate* unsaved = nullptr)
{
    Database& db = project.db();
    const FlagThresholds thresholds = FlagThresholds::fromProject(project);
    auto texts = db.prepare("SELECT c.text, s.prompt FROM pairs p JOIN samples s "
                            "ON s.id = p.sample_id LEFT JOIN candidates c ON c.id = ?2 "
                            "WHERE p.id = ?1");
    auto profileOf = [&](std::int64_t id, std::uint32_t& flags) {
        texts.bind(1, state.pairId).bind(2, id);
        if (!texts.step() || (texts.isNull(0) && !(unsaved && unsaved->id == id))) {
            texts.reset();
            throw Error(pairName(state.pairId) + ": candidate " + std::to_string(id) +
                        " does not exist");
        }
        TextProfile profile = profileText(
            unsaved && unsaved->id == id ? std::string_view(unsaved->text) : texts.textView(0));
        flags = candidateFlags(profile, profileText(texts.textView(1)), thresholds);
        texts.reset();
        return profile;
    };
    std::uint32_t chosenFlags = 0;
    std::uint32_t rejectedFlags = 0;
    const TextProfile chosen = profileOf(state.chosenId, chosenFlags);
    const TextProfile rejected = profileOf(state.rejectedId, rejectedFlags);
    return pairFlags(chosen, chosenFlags, rejected, rejectedFlags, state.margin, thresholds) |
           (state.flags & ~knownFlagMask());
}

json stateJson(const PairState& state)
{
    json out = {{"status", state.status},
                {"chosen_id", state.chosenId},
                {"rejected_id", state.rejectedId},
                {"flags", state.flags},
                {"origin", state.origin}};
    out["margin"] = state.margin ? json(*state.margin) : json(nullptr);
    out["note"] = state.note ? json(*state.note) : json(nullptr);
    return out;
}

json candidateJson(const EditedCandidate& candidate)
{
    return {{"id", candidate.id},
            {"sample_id", candidate.sampleId},
            {"parent_id", candidate.parentId},
            {"text", candidate.text},
            {"model", candidate.model},
            {"params", candidate.params},
            {"words", candidate.words},
            {"flags", candidate.flags}};
}

std::string auditSide(const PairState& state, const std::optional<EditedCandidate>& candidate)
{
    json side = stateJson(state);
    if (candidate)
        side["candidate"] = candidateJson(*candidate);
    return side.dump();
}

/// Reads one side of an audit row written by auditSide(); nullopt when it is not of that shape
/// (rows written by other code, or by an older build).
std::optional<PairState> parseState(const json& side, std::int64_t pairId)
{
    if (!side.is_object() || !side.contains("chosen_id") || !side.contains("status"))
        return std::nullopt;
    PairState state;
    state.pairId = pairId;
    state.status = side.at("status").get<std::string>();
    state.chosenId = side.at("chosen_id").get<std::int64_t>();
    state.rejectedId = side.at("rejected_id").get<std::int64_t>();
    state.flags = side.at("flags").get<std::uint32_t>();
    state.origin = side.at("origin").get<std::string>();
    if (!side.at("margin").is_null())
        state.margin = side.at("margin").get<double>();
    if (!side.at("note").is_null())
        state.note = side.at("note").get<std::string>();
    return state;
}

std::optional<EditedCandidate> parseCandidate(const json& side)
{
    if (!side.contains("candidate"))
        return std::nullopt;
    const json& c = side.at("candidate");
    EditedCandidate candidate;
    candidate.id = c.at("id").get<std::int64_t>();
    candidate.sampleId = c.at("sample_id").get<std::int64_t>();
    candidate.parentId = c.at("parent_id").get<std::int64_t>();
    candidate.text = c.at("text").get<std::string>();
    candidate.model = c.at("model").get<std::string>();
    candidate.params = c.at("params").get<std::string>();
    candidate.words = c.at("words").get<int>();
    candidate.flags = c.at("flags").get<std::uint32_t>();
    return candidate;
}

bool isBlank(const std::string& text)
{
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

fs::path resolveImage(Project& project, const std::string& stored)
{
    fs::path path(stored);
    return path.is_relative() ? project.dir() / path : path;
}

} // namespace

PairChange PairChange::inverse() const
{
    PairChange back;
    back.action = action;
    back.before = after;
    back.after = before;
    back.created = removed;
    back.removed = created;
    return back;
}

PairEditor::PairEditor(Project& project, std::string annotator) : m_project(project)
{
    setAnnotator(std::move(annotator));
}

void PairEditor::setAnnotator(std::string annotator)
{
    m_annotator = isBlank(annotator) ? m_project.annotator() : std::move(annotator);
}

void PairEditor::requireWritable()
{
    if (!m_readOnlyReason.empty())
        throw Error(m_readOnlyReason);
    Database& db = m_project.db();
    if (sqlite3_db_readonly(db.handle(), "main") == 1 || db.scalarInt("PRAGMA query_only") != 0)
        throw Error(db.file().string() + ": the project is open read-only; no edit can be saved");
}

PairState PairEditor::state(std::int64_t pairId)
{
    return requireState(m_project.db(), pairId);
}

PairChange PairEditor::apply(PairChange change, const std::string& action)
{
    Database& db = m_project.db();
    const std::int64_t pairId = change.after.pairId;
    const PairState current = requireState(db, pairId);
    if (current != change.before)
        throw Error(pairName(pairId) + " was changed since (now " + stateJson(current).dump() +
                    ", expected " + stateJson(change.before).dump() + "); nothing was " +
                    (action == "undo" ? "undone" : "changed"));
    change.action = action;
    if (!change.changed())
        return change;
    if (change.created)
        insertCandidate(db, *change.created);
    writeState(db, change.after);
    if (change.removed)
        removeCandidate(db, *change.removed, pairId);

    change.at = utcNow();
    auto audit = db.prepare("INSERT INTO audit(at, who, action, entity, entity_id, before, after) "
                            "VALUES(?1, ?2, ?3, 'pair', ?4, ?5, ?6)");
    const std::string before = auditSide(change.before, change.removed);
    const std::string after = auditSide(change.after, change.created);
    audit.bind(1, change.at).bind(2, m_annotator).bind(3, change.action).bind(4, pairId);
    audit.bind(5, before).bind(6, after);
    audit.exec();
    change.auditId = db.lastInsertRowId();
    return change;
}

PairChange PairEditor::setStatus(std::int64_t pairId, const std::string& status)
{
    const char* action = status == "accepted"   ? "accept"
                         : status == "rejected" ? "reject"
                         : status == "pending"  ? "reset"
                                                : nullptr;
    if (!action)
        throw Error(pairName(pairId) + ": unknown pair status '" + status +
                    "', expected pending, accepted or rejected");
    requireWritable();
    Transaction transaction(m_project.db());
    PairChange change;
    change.before = requireState(m_project.db(), pairId);
    change.after = change.before;
    change.after.status = status;
    change = apply(std::move(change), action);
    transaction.commit();
    return change;
}

PairChange PairEditor::swap(std::int64_t pairId)
{
    requireWritable();
    Transaction transaction(m_project.db());
    PairChange change;
    change.before = requireState(m_project.db(), pairId);
    change.after = change.before;
    std::swap(change.after.chosenId, change.after.rejectedId);
    if (change.after.margin)
        change.after.margin = -*change.after.margin;
    change.after.origin = kHumanOrigin;
    change.after.flags = recomputePairFlags(m_project, change.after);
    change = apply(std::move(change), "swap");
    transaction.commit();
    return change;
}

PairChange PairEditor::repick(std::int64_t pairId, std::int64_t chosenId, std::int64_t rejectedId,
                              const char* action)
{
    requireWritable();
    Database& db = m_project.db();
    Transaction transaction(db);
    const std::int64_t sample = sampleOfPair(db, pairId);
    requireCandidateOf(db, pairId, sample, chosenId);
    requireCandidateOf(db, pairId, sample, rejectedId);
    if (chosenId == rejectedId)
        throw Error(pairName(pairId) + ": chosen and rejected must be different candidates, got " +
                    std::to_string(chosenId) + " for both");
    PairChange change;
    change.before = requireState(db, pairId);
    change.after = change.before;
    if (chosenId != change.before.chosenId || rejectedId != change.before.rejectedId) {
        change.after.chosenId = chosenId;
        change.after.rejectedId = rejectedId;
        change.after.margin = scoreMargin(m_project, chosenId, rejectedId);
        change.after.origin = kHumanOrigin;
        change.after.flags = recomputePairFlags(m_project, change.after);
    }
    change = apply(std::move(change), action);
    transaction.commit();
    return change;
}

PairChange PairEditor::setChosen(std::int64_t pairId, std::int64_t candidateId)
{
    const PairState current = state(pairId);
    if (candidateId == current.rejectedId)
        throw Error(pairName(pairId) + ": candidate " + std::to_string(candidateId) +
                    " is its rejected answer; chosen and rejected must differ (swap them instead)");
    return repick(pairId, candidateId, current.rejectedId, "set-chosen");
}

PairChange PairEditor::setRejected(std::int64_t pairId, std::int64_t candidateId)
{
    const PairState current = state(pairId);
    if (candidateId == current.chosenId)
        throw Error(pairName(pairId) + ": candidate " + std::to_string(candidateId) +
                    " is its chosen answer; chosen and rejected must differ (swap them instead)");
    return repick(pairId, current.chosenId, candidateId, "set-rejected");
}

PairChange PairEditor::setCandidates(std::int64_t pairId, std::int64_t chosenId,
                                     std::int64_t rejectedId)
{
    return repick(pairId, chosenId, rejectedId, "set-pair");
}

PairChange PairEditor::setNote(std::int64_t pairId, const std::string& note)
{
    requireWritable();
    Transaction transaction(m_project.db());
    PairChange change;
    change.before = requireState(m_project.db(), pairId);
    change.after = change.before;
    change.after.note = isBlank(note) ? std::nullopt : std::optional<std::string>(note);
    change = apply(std::move(change), "note");
    transaction.commit();
    return change;
}

PairChange PairEditor::editCandidateText(std::int64_t pairId, std::int64_t candidateId,
                                         const std::string& text)
{
    requireWritable();
    Database& db = m_project.db();
    Transaction transaction(db);
    const std::int64_t sample = sampleOfPair(db, pairId);
    requireCandidateOf(db, pairId, sample, candidateId);
    if (isBlank(text))
        throw Error(pairName(pairId) + ": the edited text of candidate " +
                    std::to_string(candidateId) + " is blank; expected the answer's new wording");
    const EditedCandidate original = *readCandidate(db, candidateId);
    PairChange change;
    change.before = requireState(db, pairId);
    change.after = change.before;
    if (text == original.text) {
        change.action = "edit-text";
        return change;
    }

    EditedCandidate edited;
    edited.id = db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM candidates");
    edited.sampleId = sample;
    edited.parentId = candidateId;
    edited.text = text;
    edited.model = kEditModel;
    edited.params = json{
        {"edited_from", candidateId},
        {"edited_model", original.model},
        {"editor",
         m_annotator}}.dump();
    auto prompt = db.prepare("SELECT prompt FROM samples WHERE id = ?1");
    prompt.bind(1, sample);
    prompt.step();
    const TextProfile profile = profileText(text);
    edited.words = profile.words;
    edited.flags = candidateFlags(profile, profileText(prompt.textView(0)),
                                  FlagThresholds::fromProject(m_project));
    prompt.reset();
    change.created = edited;
    if (candidateId == change.before.chosenId || candidateId == change.before.rejectedId) {
        (candidateId == change.before.chosenId ? change.after.chosenId : change.after.rejectedId) =
            edited.id;
        change.after.margin =
            scoreMargin(m_project, change.after.chosenId, change.after.rejectedId);
        change.after.origin = kHumanOrigin;
        change.after.flags = recomputePairFlags(m_project, change.after, &edited);
    }
    change = apply(std::move(change), "edit-text");
    transaction.commit();
    return change;
}

PairChange PairEditor::undo(const PairChange& change)
{
    requireWritable();
    Transaction transaction(m_project.db());
    PairChange undone = apply(change.inverse(), "undo");
    transaction.commit();
    return undone;
}

PairChange PairEditor::redo(const PairChange& change)
{
    requireWritable();
    Transaction transaction(m_project.db());
    PairChange redone = apply(change, "redo");
    transaction.commit();
    return redone;
}

std::vector<PairChange> PairEditor::undoableChanges(int limit)
{
    std::vector<PairChange> offered;
    if (limit <= 0)
        return offered;
    Database& db = m_project.db();

    // Pairs this annotator changed most recently; several may turn out to offer nothing.
    std::vector<std::int64_t> pairIds;
    {
        auto recent = db.prepare("SELECT entity_id FROM audit WHERE who = ?1 AND entity = 'pair' "
                                 "ORDER BY id DESC LIMIT ?2");
        recent.bind(1, m_annotator).bind(2, static_cast<std::int64_t>(limit) * 20);
        std::set<std::int64_t> seen;
        while (recent.step() && static_cast<int>(pairIds.size()) < limit)
            if (seen.insert(recent.int64(0)).second)
                pairIds.push_back(recent.int64(0));
    }

    // Replays each pair's audit rows into the stack of changes still in effect: an edit or a
    // redo pushes, an undo pops. A row this build cannot read, or a change that does not start
    // where the previous one ended (the pair was changed without the editor), clears it.
    auto history = db.prepare("SELECT id, at, who, action, before, after FROM audit "
                              "WHERE entity = 'pair' AND entity_id = ?1 ORDER BY id");
    for (const std::int64_t pairId : pairIds) {
        std::vector<std::pair<PairChange, std::string>> stack; // change, who
        history.bind(1, pairId);
        while (history.step()) {
            const json before = json::parse(history.textView(4), nullptr, false);
            const json after = json::parse(history.textView(5), nullptr, false);
            PairChange change;
            try {
                auto beforeState = parseState(before, pairId);
                auto afterState = parseState(after, pairId);
                if (!beforeState || !afterState) {
                    stack.clear();
                    continue;
                }
                change.before = *beforeState;
                change.after = *afterState;
                change.removed = parseCandidate(before);
                change.created = parseCandidate(after);
            } catch (const json::exception&) {
                stack.clear();
                continue;
            }
            change.auditId = history.int64(0);
            change.at = history.text(1);
            change.action = history.text(3);
            if (change.action == "undo") {
                if (!stack.empty() && stack.back().first.after == change.before)
                    stack.pop_back();
                else
                    stack.clear();
                continue;
            }
            if (!undoableActions().count(change.action) ||
                (!stack.empty() && stack.back().first.after != change.before))
                stack.clear();
            if (undoableActions().count(change.action))
                stack.emplace_back(std::move(change), history.text(2));
        }
        history.reset();
        const auto current = readState(db, pairId);
        if (stack.empty() || !current || *current != stack.back().first.after)
            continue;
        // From the top down, as long as the changes are this annotator's own.
        for (auto it = stack.rbegin(); it != stack.rend() && it->second == m_annotator; ++it) {
            if (it->first.created && readCandidate(db, it->first.created->id) != it->first.created)
                break;
            offered.push_back(it->first);
        }
    }
    std::sort(offered.begin(), offered.end(),
              [](const PairChange& a, const PairChange& b) { return a.auditId > b.auditId; });
    if (static_cast<int>(offered.size()) > limit)
        offered.resize(static_cast<std::size_t>(limit));
    return offered;
}

RelinkResult PairEditor::relinkImages(const fs::path& folder)
{
    requireWritable();
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error(folder.string() + ": not a folder; expected the folder that holds the " +
                    "project's images");
    Database& db = m_project.db();
    Transaction transaction(db);
    RelinkResult result;

    struct Image
    {
        std::int64_t id;
        std::string path;
        std::string sha256;
    };
    std::vector<Image> missing;
    {
        auto images = db.prepare("SELECT id, path, sha256 FROM images ORDER BY id");
        while (images.step()) {
            Image image{images.int64(0), images.text(1), images.text(2)};
            if (!fs::exists(resolveImage(m_project, image.path), ec))
                missing.push_back(std::move(image));
        }
    }
    result.missing = static_cast<std::int64_t>(missing.size());
    if (missing.empty())
        return result;

    // File names below the folder, read once and only when a relative path did not match.
    std::optional<std::multimap<std::string, fs::path>> byName;
    auto filesNamed = [&](const std::string& name) {
        if (!byName) {
            byName.emplace();
            for (auto it = fs::recursive_directory_iterator(
                     folder, fs::directory_options::skip_permission_denied, ec);
                 it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (ec)
                    break;
                if (it->is_regular_file(ec))
                    byName->emplace(it->path().filename().string(), it->path());
            }
        }
        std::vector<fs::path> found;
        const auto [first, last] = byName->equal_range(name);
        for (auto it = first; it != last; ++it)
            found.push_back(it->second);
        return found;
    };
    auto sameContent = [&](const fs::path& file, const std::string& sha) {
        try {
            return fs::is_regular_file(file, ec) && Sha256::hexOfFile(file) == sha;
        } catch (const Error&) {
            return false;
        }
    };

    json before = json::array();
    json after = json::array();
    auto update = db.prepare("UPDATE images SET path = ?1 WHERE id = ?2");
    const fs::path projectDir = fs::absolute(m_project.dir()).lexically_normal();
    for (const Image& image : missing) {
        const fs::path stored(image.path);
        std::vector<fs::path> candidates;
        if (stored.is_relative())
            candidates.push_back(folder / stored);
        for (const fs::path& file : filesNamed(stored.filename().string()))
            candidates.push_back(file);
        bool sawName = false;
        std::optional<fs::path> match;
        for (const fs::path& file : candidates) {
            if (!fs::exists(file, ec))
                continue;
            sawName = true;
            if (sameContent(file, image.sha256)) {
                match = fs::absolute(file).lexically_normal();
                break;
            }
        }
        if (!match) {
            result.mismatched += sawName;
            continue;
        }
        // Inside the project folder the path stays relative, so the folder can move again.
        const fs::path relative = match->lexically_relative(projectDir);
        const std::string newPath =
            !relative.empty() && *relative.begin() != ".." ? relative.string() : match->string();
        update.bind(1, newPath).bind(2, image.id);
        update.exec();
        before.push_back({{"id", image.id}, {"path", image.path}});
        after.push_back({{"id", image.id}, {"path", newPath}});
        ++result.relinked;
    }
    if (result.relinked == 0)
        return result;
    auto audit = db.prepare("INSERT INTO audit(at, who, action, entity, entity_id, before, after) "
                            "VALUES(?1, ?2, 'relink-images', 'project', 0, ?3, ?4)");
    const std::string at = utcNow();
    const std::string beforeText = json{{"folder", folder.string()}, {"images", before}}.dump();
    const std::string afterText = json{{"images", after}}.dump();
    audit.bind(1, at).bind(2, m_annotator).bind(3, beforeText).bind(4, afterText);
    audit.exec();
    transaction.commit();
    return result;
}

} // namespace prefstudio::core
