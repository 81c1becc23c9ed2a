#pragma once

#include <QScrollArea>

#include "store/ReviewQueries.h"

#include <vector>

class QVBoxLayout;

namespace prefstudio::ui {

/// The candidates of one sample as a column of cards (role, model, scores, full text with word
/// wrap). The chosen card is green, the rejected one red, and both say so in words.
class CandidateListView : public QScrollArea
{
    Q_OBJECT
public:
    explicit CandidateListView(QWidget* parent = nullptr);

    /// `rankingScorer` is listed first in each card's scores.
    void setCandidates(const std::vector<core::CandidateView>& candidates, qint64 chosenId,
                       qint64 rejectedId, const QString& rankingScorer);
    void clear();
    int count() const { return m_count; }

private:
    QWidget* makeCard(const core::CandidateView& candidate, const QString& role,
                      const QString& rankingScorer);

    QWidget* m_content = nullptr;
    QVBoxLayout* m_layout = nullptr;
    int m_count = 0;
};

} // namespace prefstudio::ui
