#pragma once

#include <QScrollArea>

#include "store/ReviewQueries.h"

#include <vector>

class QLabel;
class QVBoxLayout;

namespace prefstudio::ui {

/// The candidates of one sample as a column of cards, best reward first: number (the key that
/// picks it), role, model, length, flags, the ranking reward as a bar scaled between the
/// sample's worst and best (its per-objective breakdown and a judge's rationale in the tooltip
/// when the scorer gives them), the other scores, the gist of each judge's rationale, each
/// scorer that could not score it with its reason, and the full text. The chosen card is green and
/// the rejected one red, tinted from the system palette so that both read in light and dark themes,
/// and both say so in words. With the diff shown, the chosen and rejected texts mark the words only
/// one of them has.
class CandidateListView : public QScrollArea
{
    Q_OBJECT
public:
    /// Cards numbered 1..9 can be picked with the number keys.
    static constexpr int kNumberedCandidates = 9;
    /// A judge's rationale or a scorer's failure is cut to this many characters on the card;
    /// its tooltip has the whole text.
    static constexpr int kGistCharacters = 160;

    explicit CandidateListView(QWidget* parent = nullptr);

    /// `rankingScorer` is the scorer of the bars and is listed first in each card's scores.
    void setCandidates(const std::vector<core::CandidateView>& candidates, qint64 chosenId,
                       qint64 rejectedId, const QString& rankingScorer);
    void clear();
    int count() const { return m_count; }

    /// Marks, in the chosen and rejected cards, the words only that answer has.
    void setDiffShown(bool shown);
    bool isDiffShown() const { return m_diffShown; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* makeCard(const core::CandidateView& candidate, int rank, const QString& role,
                      const QString& rankingScorer, double low, double high);
    void showTexts();
    void rebuild();

    QWidget* m_content = nullptr;
    QVBoxLayout* m_layout = nullptr;
    int m_count = 0;
    bool m_diffShown = false;
    std::vector<core::CandidateView> m_candidates;
    qint64 m_chosenId = -1;
    qint64 m_rejectedId = -1;
    QString m_rankingScorer;
};

/// A reward as a horizontal bar with its value, filled in proportion between `low` and
/// `high` (an equal low and high fills it whole).
class RewardBar : public QWidget
{
    Q_OBJECT
public:
    RewardBar(double value, double low, double high, const QColor& colour,
              QWidget* parent = nullptr);
    double value() const { return m_value; }
    /// Filled share, 0..1.
    double fraction() const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double m_value;
    double m_low;
    double m_high;
    QColor m_colour;
};

} // namespace prefstudio::ui
