#pragma once

#include <QUndoCommand>

#include "store/PairEditor.h"

#include <functional>

namespace prefstudio::ui {

/// A review edit on the undo stack. The first redo() performs the edit through the
/// core::PairEditor and keeps the core::PairChange it returns; undo() and later redo() calls
/// apply that change backwards and forwards, each an audited edit of its own. Failures never
/// leave the command: they go to `onError`, and the command marks itself obsolete so that the
/// stack drops it instead of holding a step that did not happen.
class PairEditCommand : public QUndoCommand
{
public:
    using Edit = std::function<core::PairChange(core::PairEditor&)>;
    /// Called after every applied step with the change (as first made) and its direction.
    using Applied = std::function<void(const core::PairChange& change, bool undone)>;
    using Failed = std::function<void(const QString& message)>;

    PairEditCommand(core::PairEditor& editor, const QString& text, Edit edit, Applied onApplied,
                    Failed onError);
    /// A change already in the store (an edit of an earlier session, from the audit log): the
    /// first redo() does nothing.
    PairEditCommand(core::PairEditor& editor, const QString& text, core::PairChange done,
                    Applied onApplied, Failed onError);

    void redo() override;
    void undo() override;

    const core::PairChange& change() const { return m_change; }
    /// False until the first redo() ran, and when the edit changed nothing.
    bool hasChange() const { return m_change.changed(); }

private:
    core::PairEditor& m_editor;
    Edit m_edit;
    Applied m_onApplied;
    Failed m_onError;
    core::PairChange m_change;
    bool m_skipFirstRedo = false;
};

/// The undo-stack text for an audit action of a pair edit ("Accept pair 12").
QString describePairChange(const std::string& action, qint64 pairId);

} // namespace prefstudio::ui
