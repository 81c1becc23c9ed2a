#include "ui/ReviewCommands.h"

#include "util/Error.h"

#include <QCoreApplication>

namespace prefstudio::ui {

PairEditCommand::PairEditCommand(core::PairEditor& editor, const QString& text, Edit edit,
                                 Applied onApplied, Failed onError)
    : QUndoCommand(text), m_editor(editor), m_edit(std::move(edit)),
      m_onApplied(std::move(onApplied)), m_onError(std::move(onError))
{
}

PairEditCommand::PairEditCommand(core::PairEditor& editor, const QString& text,
                                 core::PairChange done, Applied onApplied, Failed onError)
    : QUndoCommand(text), m_editor(editor), m_onApplied(std::move(onApplied)),
      m_onError(std::move(onError)), m_change(std::move(done)), m_skipFirstRedo(true)
{
}

void PairEditCommand::redo()
{
    if (m_skipFirstRedo) {
        m_skipFirstRedo = false;
        return;
    }
    try {
        if (m_edit) {
            m_change = m_edit(m_editor);
            // Later redos re-apply the recorded change, so the same ids come back.
            m_edit = nullptr;
            if (!m_change.changed()) {
                setObsolete(true);
                return;
            }
        } else {
            m_editor.redo(m_change);
        }
    } catch (const core::Error& e) {
        setObsolete(true);
        m_onError(QString::fromUtf8(e.what()));
        return;
    }
    m_onApplied(m_change, false);
}

void PairEditCommand::undo()
{
    try {
        m_editor.undo(m_change);
    } catch (const core::Error& e) {
        setObsolete(true);
        m_onError(QString::fromUtf8(e.what()));
        return;
    }
    m_onApplied(m_change, true);
}

QString describePairChange(const std::string& action, qint64 pairId)
{
    const char* text = nullptr;
    if (action == "accept")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Accept pair %1");
    else if (action == "reject")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Reject pair %1");
    else if (action == "reset")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Mark pair %1 pending");
    else if (action == "swap")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Swap chosen and rejected of pair %1");
    else if (action == "set-chosen")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Choose another answer for pair %1");
    else if (action == "set-rejected")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Reject another answer for pair %1");
    else if (action == "set-pair")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Re-pick the answers of pair %1");
    else if (action == "note")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Note on pair %1");
    else if (action == "edit-text")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Edit an answer of pair %1");
    else if (action == "redo")
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Redo on pair %1");
    else
        text = QT_TRANSLATE_NOOP("PairEditCommand", "Edit pair %1");
    return QCoreApplication::translate("PairEditCommand", text).arg(pairId);
}

} // namespace prefstudio::ui
