#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core {

class Project;

/// Every column of a pair that a review edit may change (the word counts follow the chosen and
/// rejected ids through the schema's triggers).
struct PairState
{
    std::int64_t pairId = 0;
    std::string status; ///< pending | accepted | rejected
    std::int64_t chosenId = 0;
    std::int64_t rejectedId = 0;
    std::optional<double> margin;
    std::uint32_t flags = 0;
    std::optional<std::string> note;
    std::string origin;

    bool operator==(const PairState&) const = default;
};

/// A candidate row written by a human edit of another candidate's text.
struct EditedCandidate
{
    std::int64_t id = 0;
    std::int64_t sampleId = 0;
    std::int64_t parentId = 0; ///< the candidate whose text was edited; it is kept
    std::string text;
    std::string model;  ///< PairEditor::kEditModel
    std::string params; ///< JSON: what it was edited from, by whom
    int words = 0;
    std::uint32_t flags = 0;

    bool operator==(const EditedCandidate&) const = default;
};

/// One review edit as applied to the store: the pair before and after, and the candidate it
/// created or removed. It holds everything needed to undo or redo the edit exactly.
struct PairChange
{
    std::string action; ///< as written to the audit log
    PairState before;
    PairState after;
    std::optional<EditedCandidate> created; ///< inserted by this change
    std::optional<EditedCandidate> removed; ///< deleted by this change (undo of a text edit)
    std::int64_t auditId = 0;               ///< 0 when nothing changed and nothing was written
    std::string at;                         ///< audit time, UTC ISO 8601

    bool changed() const { return before != after || created || removed; }
    std::int64_t pairId() const { return after.pairId; }
    /// The change that takes the store back: before and after swapped, created and removed too.
    PairChange inverse() const;
};

/// What relinkImages() found.
struct RelinkResult
{
    std::int64_t missing = 0;    ///< images whose file was not found before
    std::int64_t relinked = 0;   ///< of those, found under the folder with the right content
    std::int64_t mismatched = 0; ///< a file of the same name, but another sha256
};

/// Review edits of pairs, each in one transaction together with its audit row (who, action,
/// pair id, the pair before and after as JSON). Every edit returns a PairChange; undo() and
/// redo() apply one again, backwards or forwards, and are audited edits themselves. An edit
/// that would change nothing writes nothing and returns a change whose changed() is false.
///
/// Bad input (unknown pair, a candidate of another sample, chosen == rejected, a read-only
/// project, an undo whose pair was changed since) throws core::Error and changes nothing.
class PairEditor
{
public:
    /// Model name of candidates written by editCandidateText().
    static constexpr const char* kEditModel = "human-edit";
    /// Pair origin after a person picked its candidates (swap, re-pick, text edit): a policy
    /// run never replaces such a pair.
    static constexpr const char* kHumanOrigin = "human";

    /// `annotator` is recorded in the audit log; empty means the project's annotator().
    explicit PairEditor(Project& project, std::string annotator = {});

    const std::string& annotator() const { return m_annotator; }
    void setAnnotator(std::string annotator);

    /// A non-empty reason makes every edit throw core::Error with it (a second window on the
    /// same project, say).
    void setReadOnly(std::string reason) { m_readOnlyReason = std::move(reason); }
    bool isReadOnly() const { return !m_readOnlyReason.empty(); }
    const std::string& readOnlyReason() const { return m_readOnlyReason; }

    /// The pair as stored now; Error when it does not exist.
    PairState state(std::int64_t pairId);

    /// Sets the review status; action "accept", "reject" or "reset" (back to pending).
    PairChange setStatus(std::int64_t pairId, const std::string& status);
    PairChange accept(std::int64_t pairId) { return setStatus(pairId, "accepted"); }
    PairChange reject(std::int64_t pairId) { return setStatus(pairId, "rejected"); }
    PairChange resetToPending(std::int64_t pairId) { return setStatus(pairId, "pending"); }

    /// Exchanges chosen and rejected. The margin (chosen's score minus rejected's) changes sign.
    PairChange swap(std::int64_t pairId);
    /// Makes a candidate of the pair's sample the chosen (or rejected) answer. The margin is
    /// recomputed from the ranking scorer (absent when either answer lacks that score), the
    /// flags from the texts. Naming the other side's candidate is an Error: swap instead.
    PairChange setChosen(std::int64_t pairId, std::int64_t candidateId);
    PairChange setRejected(std::int64_t pairId, std::int64_t candidateId);
    /// Both at once; they must differ and belong to the pair's sample.
    PairChange setCandidates(std::int64_t pairId, std::int64_t chosenId, std::int64_t rejectedId);

    /// Sets the pair's note; blank text removes it.
    PairChange setNote(std::int64_t pairId, const std::string& note);

    /// Stores `text` as a new candidate of the same sample (model kEditModel, origin
    /// "human-edit", parent the original, which is kept), indexed for full-text search and
    /// flagged from its text. When the original is this pair's chosen or rejected answer, the
    /// new one takes its place. Blank text is an Error; the same text changes nothing.
    PairChange editCandidateText(std::int64_t pairId, std::int64_t candidateId,
                                 const std::string& text);

    /// Takes the store back from `change.after` to `change.before` (audited as "undo"). Error,
    /// with nothing changed, when the pair is no longer as the change left it.
    PairChange undo(const PairChange& change);
    /// Applies `change` again from `change.before` (audited as "redo").
    PairChange redo(const PairChange& change);

    /// This annotator's most recent audited pair edits that can still be undone after a
    /// restart, newest first. Replaying a pair's audit rows (edits and redos push, undos pop)
    /// gives the changes still in effect; offered are those on top made by this annotator, as
    /// long as the pair is still exactly as the newest left it. Undoing them newest first, as
    /// a QUndoStack would, always applies.
    std::vector<PairChange> undoableChanges(int limit);

    /// Points images whose file is missing at a file found under `folder`: by the stored path
    /// relative to the folder, else by file name anywhere below it; a candidate file counts
    /// only when its sha256 is the stored one. One audit row ("relink-images") lists the old
    /// and new paths.
    RelinkResult relinkImages(const std::filesystem::path& folder);

private:
    void requireWritable();
    PairChange apply(PairChange change, const std::string& action);
    PairChange repick(std::int64_t pairId, std::int64_t chosenId, std::int64_t rejectedId,
                      const char* action);

    Project& m_project;
    std::string m_annotator;
    std::string m_readOnlyReason;
};

} // namespace prefstudio::core
