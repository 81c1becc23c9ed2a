#pragma once

#include <QMetaType>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

#include "curation/ProjectStats.h"
#include "curation/RewardAgreement.h"
#include "store/ReviewQueries.h"

class QAbstractItemModel;
class QChart;
class QChartView;
class QComboBox;
class QLabel;

namespace prefstudio::ui {

class JobRunner;
class RewardAgreementPanel;

/// What a click on a dashboard bar asks the pair list to show. Unset members do not filter.
struct DashboardFilter
{
    QString status; ///< pending | accepted | rejected; empty: any
    std::optional<std::uint32_t> flag;
    QString origin;                  ///< pair origin ("human": re-picked by a person); empty: any
    std::optional<double> marginMin; ///< a margin histogram bucket, both ends inclusive
    std::optional<double> marginMax;

    /// The same as a filter of the pair list (every other condition unset).
    core::PairFilter toPairFilter() const;
};

/// The dashboard tab: pairs by status and by quality flag, histograms of margins and of each
/// scorer's rewards, chosen-vs-rejected response length (the length bias reward-selected pairs
/// are known for), how often the person kept the pick a pair came with, and how each reward
/// model's picks agree with the shapes-world truth (demo) or with the reviewers. Figures are SQL
/// aggregates computed on the runner's read connection, never on the UI thread; clicking a
/// status, flag, agreement or margin bar emits filterRequested.
class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(JobRunner* runner, QWidget* parent = nullptr);
    ~DashboardView() override;

    /// Marks the figures stale whenever `model` (the pair list) resets or changes.
    void watch(QAbstractItemModel* model);
    /// Recomputes now (off the UI thread); refreshed() follows.
    void refresh();
    /// Recomputes when next shown (at once if visible).
    void markStale();
    bool hasStats() const { return m_stats != nullptr; }
    /// True while figures are being recomputed; the old ones stay on screen meanwhile.
    bool isRefreshing() const { return m_loading; }
    /// The figures on screen; only valid when hasStats().
    const core::DashboardStats& stats() const { return *m_stats; }
    /// Reward model vs ground truth / vs reviewers, computed after the figures (it reads
    /// every candidate of a demo project); agreementRefreshed() says when it is on screen.
    bool hasAgreement() const { return m_agreement != nullptr; }
    /// Only valid when hasAgreement().
    const core::RewardAgreementReport& agreement() const { return *m_agreement; }

    static constexpr int kBins = 20;

Q_SIGNALS:
    void filterRequested(const prefstudio::ui::DashboardFilter& filter);
    /// New figures are on screen.
    void refreshed();
    void refreshFailed(const QString& message);
    /// The reward-agreement panel shows new figures (or its error).
    void agreementRefreshed();

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void populate();
    void loadAgreement();
    void fillStatusChart();
    void fillFlagChart();
    void fillMarginChart();
    void fillRewardChart();
    void fillLengthChart();
    void fillAgreementChart();
    void fillSummary();
    void restyle();

    JobRunner* m_runner;
    std::unique_ptr<core::DashboardStats> m_stats;
    bool m_stale = true;
    bool m_loading = false;
    bool m_again = false; ///< a change arrived while loading: load once more
    std::unique_ptr<core::RewardAgreementReport> m_agreement;
    bool m_agreementLoading = false;
    bool m_agreementAgain = false;
    RewardAgreementPanel* m_agreementPanel;
    QLabel* m_summary;
    QLabel* m_lengthNote;
    QLabel* m_agreementNote;
    QComboBox* m_scorer;
    QChartView* m_statusView;
    QChartView* m_flagView;
    QChartView* m_marginView;
    QChartView* m_rewardView;
    QChartView* m_lengthView;
    QChartView* m_agreementView;
};

} // namespace prefstudio::ui

Q_DECLARE_METATYPE(prefstudio::ui::DashboardFilter)
