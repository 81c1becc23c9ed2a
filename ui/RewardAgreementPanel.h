#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "curation/RewardAgreement.h"

class QChartView;
class QLabel;
class QTableWidget;

namespace prefstudio::ui {

/// The dashboard's "Reward model vs ground truth" panel (projects whose images carry the
/// shapes-world truth) or "Reward model vs reviewers" (any other project): one row per scorer
/// with its pairs, agreement, same/tied and reversed shares and the share of easy pairs, and a
/// bar per scorer splitting its pairs into agree / same / reversed, so that an image-aware and
/// a text-only reward model compare at a glance. It only shows a report; DashboardView
/// computes it off the UI thread.
class RewardAgreementPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RewardAgreementPanel(QWidget* parent = nullptr);

    void showReport(const core::RewardAgreementReport& report);
    /// Replaces the figures with a line of text ("Computing…", an error).
    void showMessage(const QString& message);
    /// "Reward model vs ground truth" or "Reward model vs reviewers".
    QString title() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void fillTruth();
    void fillReviewers();
    void setRows(const QStringList& headers, const QList<QStringList>& rows);
    /// One bar per scorer, split into `parts` (labels, colours, counts per scorer).
    void fillChart(const QString& title, const QStringList& parts, const QList<QColor>& colours,
                   const QList<QList<qint64>>& counts);

    core::RewardAgreementReport m_report;
    bool m_hasReport = false;
    QLabel* m_title;
    QChartView* m_chartView;
    QTableWidget* m_table;
    QLabel* m_note;
};

} // namespace prefstudio::ui
