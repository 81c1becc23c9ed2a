#pragma once

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::ui {

/// A metric of a run as the store keeps it: (step, value), steps ascending.
using MetricSeries = std::vector<std::pair<std::int64_t, double>>;
/// A run's metrics by name ("loss", "rewards/margins", ...).
using RunMetrics = std::map<std::string, MetricSeries>;

/// One warning sign in a DPO run's metrics: what was seen, what it means, what to try.
struct TrainingDiagnostic
{
    enum class Kind { LossAtChance, ChosenLogpsFalling, EasyNegatives, GradNormSpike };
    Kind kind;
    std::int64_t firstStep = 0; ///< the steps the sign was seen in
    std::int64_t lastStep = 0;
    QString title; ///< a few words
    QString text;  ///< what it means and what to try
};

/// How long a run is and how it warms up, from its stored config.
struct TrainingPlan
{
    std::int64_t totalSteps = 0; ///< 0: not known
    std::int64_t warmupSteps = 0;
};

/// The thresholds of the diagnostics; the defaults suit TRL-style DPO metrics.
struct DiagnosticThresholds
{
    std::int64_t warmupSteps = 0;
    /// Loss within `lossTolerance` of ln 2 for `lossSteps` steps in a row after the warm-up.
    double lossTolerance = 0.02;
    std::int64_t lossSteps = 20;
    /// Least-squares slopes over the last `trendSteps` steps: logps/chosen below
    /// -`chosenSlope` per step while rewards/margins rise by more than `marginSlope` per step.
    std::int64_t trendSteps = 20;
    double chosenSlope = 0.01;
    double marginSlope = 0.001;
    /// rewards/accuracies exactly 1 for the first `easySteps` steps after the warm-up.
    std::int64_t easySteps = 10;
    /// grad_norm above `spikeFactor` times the median of the steps before it, once at least
    /// `spikeHistory` steps came before.
    double spikeFactor = 5.0;
    std::int64_t spikeHistory = 5;
};

/// Pure functions over a run's metric series: the warning signs a DPO run shows while it
/// trains, and its length and remaining time. No widgets, so tests call them directly.
class TrainingDiagnostics
{
    Q_DECLARE_TR_FUNCTIONS(TrainingDiagnostics)
public:
    /// Every sign `metrics` shows, in the order of TrainingDiagnostic::Kind; grad_norm spikes
    /// are one entry naming the first and last spike step.
    static std::vector<TrainingDiagnostic> diagnose(const RunMetrics& metrics,
                                                    const DiagnosticThresholds& thresholds);

    /// Steps and warm-up of a DPO run from its config (as prefstudio-ml train stores it):
    /// training.max_steps when > 0, else ceil(train_pairs x epochs / (batch x accumulation)).
    static TrainingPlan plan(const nlohmann::json& config);

    /// Seconds left: the steps still to do at `secondsPerStep`; -1 when either is unknown.
    static double etaSeconds(std::int64_t stepsDone, std::int64_t totalSteps,
                             double secondsPerStep);

    /// Slope of the least-squares line through the last `count` points (per step); 0 when
    /// there are fewer than two.
    static double trailingSlope(const MetricSeries& series, std::int64_t count);

private:
    static void lossAtChance(const MetricSeries& loss, const DiagnosticThresholds& t,
                             std::vector<TrainingDiagnostic>& out);
    static void chosenLogpsFalling(const RunMetrics& metrics, const DiagnosticThresholds& t,
                                   std::vector<TrainingDiagnostic>& out);
    static void easyNegatives(const MetricSeries& accuracies, const DiagnosticThresholds& t,
                              std::vector<TrainingDiagnostic>& out);
    static void gradNormSpikes(const MetricSeries& gradNorm, const DiagnosticThresholds& t,
                               std::vector<TrainingDiagnostic>& out);
};

} // namespace prefstudio::ui
