#pragma once

#include <QDialog>

#include "store/ReviewQueries.h"

#include <vector>

class QComboBox;
class QPlainTextEdit;

namespace prefstudio::ui {

/// Asks for the new wording of one of a sample's answers. The edit is stored as a new
/// candidate by the caller; this dialog only collects which answer and what text.
class CandidateTextDialog : public QDialog
{
    Q_OBJECT
public:
    /// `candidates` as the inspector numbers them; `initial` is preselected.
    CandidateTextDialog(const std::vector<core::CandidateView>& candidates, qint64 chosenId,
                        qint64 rejectedId, qint64 initial, QWidget* parent = nullptr);

    qint64 candidateId() const;
    QString text() const;

private:
    void showCandidate(int index);

    std::vector<core::CandidateView> m_candidates;
    QComboBox* m_choice = nullptr;
    QPlainTextEdit* m_text = nullptr;
};

} // namespace prefstudio::ui
