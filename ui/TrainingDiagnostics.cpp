#include "ui/TrainingDiagnostics.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <queue>

namespace prefstudio::ui {

namespace {

const double kLn2 = std::log(2.0);
/// A trend counts when its slope is this many standard errors away from flat: the per-batch
/// metrics are noisy, and a slope alone would fire on noise.
constexpr double kTrendT = 2.0;

struct Trend
{
    double slope = 0;
    double t = 0; ///< slope / its standard error; 0 when undefined
};

/// Least-squares line through the last `count` points.
Trend trailingTrend(const MetricSeries& series, std::int64_t count)
{
    const std::size_t n =
        std::min(series.size(), static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
    if (n < 2)
        return {};
    const auto first = series.end() - static_cast<std::ptrdiff_t>(n);
    double meanX = 0, meanY = 0;
    for (auto it = first; it != series.end(); ++it) {
        meanX += double(it->first);
        meanY += it->second;
    }
    meanX /= double(n);
    meanY /= double(n);
    double sxx = 0, sxy = 0;
    for (auto it = first; it != series.end(); ++it) {
        sxx += (double(it->first) - meanX) * (double(it->first) - meanX);
        sxy += (double(it->first) - meanX) * (it->second - meanY);
    }
    if (sxx <= 0)
        return {};
    Trend trend;
    trend.slope = sxy / sxx;
    if (n < 3)
        return trend;
    double residuals = 0;
    for (auto it = first; it != series.end(); ++it) {
        const double fitted = meanY + trend.slope * (double(it->first) - meanX);
        residuals += (it->second - fitted) * (it->second - fitted);
    }
    const double standardError = std::sqrt(residuals / double(n - 2) / sxx);
    // A perfect line has no error: any slope at all is a clear trend.
    trend.t = standardError > 0 ? trend.slope / standardError
                                : (trend.slope > 0   ? 1e9
                                   : trend.slope < 0 ? -1e9
                                                     : 0);
    return trend;
}

/// The points after the warm-up.
MetricSeries afterWarmup(const MetricSeries& series, std::int64_t warmupSteps)
{
    MetricSeries out;
    for (const auto& point : series)
        if (point.first > warmupSteps)
            out.push_back(point);
    return out;
}

const MetricSeries& seriesOf(const RunMetrics& metrics, const char* name)
{
    static const MetricSeries none;
    const auto found = metrics.find(name);
    return found == metrics.end() ? none : found->second;
}

QString number(double value)
{
    return QLocale().toString(value, 'g', 3);
}

/// The median of a growing set of values, in O(log n) per value.
class RunningMedian
{
public:
    void add(double value)
    {
        if (m_low.empty() || value <= m_low.top())
            m_low.push(value);
        else
            m_high.push(value);
        if (m_low.size() > m_high.size() + 1) {
            m_high.push(m_low.top());
            m_low.pop();
        } else if (m_high.size() > m_low.size()) {
            m_low.push(m_high.top());
            m_high.pop();
        }
    }
    std::size_t size() const { return m_low.size() + m_high.size(); }
    double median() const
    {
        return m_low.size() > m_high.size() ? m_low.top() : (m_low.top() + m_high.top()) / 2;
    }

private:
    std::priority_queue<double> m_low;
    std::priority_queue<double, std::vector<double>, std::greater<double>> m_high;
};

} // namespace

double TrainingDiagnostics::trailingSlope(const MetricSeries& series, std::int64_t count)
{
    return trailingTrend(series, count).slope;
}

std::vector<TrainingDiagnostic> TrainingDiagnostics::diagnose(const RunMetrics& metrics,
                                                              const DiagnosticThresholds& t)
{
    std::vector<TrainingDiagnostic> out;
    lossAtChance(seriesOf(metrics, "loss"), t, out);
    chosenLogpsFalling(metrics, t, out);
    easyNegatives(seriesOf(metrics, "rewards/accuracies"), t, out);
    gradNormSpikes(seriesOf(metrics, "grad_norm"), t, out);
    return out;
}

void TrainingDiagnostics::lossAtChance(const MetricSeries& loss, const DiagnosticThresholds& t,
                                       std::vector<TrainingDiagnostic>& out)
{
    // The latest stretch of consecutive near-ln 2 steps that is long enough.
    std::int64_t streak = 0, streakStart = 0;
    std::optional<std::pair<std::int64_t, std::int64_t>> found;
    for (const auto& [step, value] : afterWarmup(loss, t.warmupSteps)) {
        if (std::abs(value - kLn2) <= t.lossTolerance) {
            if (streak++ == 0)
                streakStart = step;
            if (streak >= t.lossSteps)
                found = std::pair{streakStart, step};
        } else {
            streak = 0;
        }
    }
    if (!found)
        return;
    TrainingDiagnostic d{
        TrainingDiagnostic::Kind::LossAtChance, found->first, found->second, {}, {}};
    d.title = tr("Loss stuck at ln 2");
    d.text = tr("From step %1 to %2 the loss stayed within %3 of ln 2 (0.693), the loss of a "
                "model that cannot tell chosen from rejected answers: it is not learning from "
                "these pairs. Try a higher learning rate or beta, LoRA on more modules, or check "
                "that chosen and rejected answers really differ.")
                 .arg(found->first)
                 .arg(found->second)
                 .arg(number(t.lossTolerance));
    out.push_back(std::move(d));
}

void TrainingDiagnostics::chosenLogpsFalling(const RunMetrics& metrics,
                                             const DiagnosticThresholds& t,
                                             std::vector<TrainingDiagnostic>& out)
{
    const MetricSeries chosen = afterWarmup(seriesOf(metrics, "logps/chosen"), t.warmupSteps);
    const MetricSeries margins = afterWarmup(seriesOf(metrics, "rewards/margins"), t.warmupSteps);
    if (std::int64_t(chosen.size()) < t.trendSteps || std::int64_t(margins.size()) < t.trendSteps)
        return;
    const Trend fall = trailingTrend(chosen, t.trendSteps);
    const Trend rise = trailingTrend(margins, t.trendSteps);
    if (!(fall.slope < -t.chosenSlope && fall.t < -kTrendT && rise.slope > t.marginSlope &&
          rise.t > kTrendT))
        return;
    const std::int64_t first = chosen[chosen.size() - std::size_t(t.trendSteps)].first;
    TrainingDiagnostic d{
        TrainingDiagnostic::Kind::ChosenLogpsFalling, first, chosen.back().first, {}, {}};
    d.title = tr("Chosen answers losing probability");
    d.text = tr("Over steps %1 to %2 the log-probability of the chosen answers fell (%3 per step) "
                "while the margin grew: the margin comes from pushing both answers down, the "
                "rejected ones faster, which can make the model worse at the answers you prefer. "
                "Try a lower learning rate, an RPO alpha above 0 (a supervised term on the chosen "
                "answer), or fewer steps.")
                 .arg(d.firstStep)
                 .arg(d.lastStep)
                 .arg(number(fall.slope));
    out.push_back(std::move(d));
}

void TrainingDiagnostics::easyNegatives(const MetricSeries& accuracies,
                                        const DiagnosticThresholds& t,
                                        std::vector<TrainingDiagnostic>& out)
{
    const MetricSeries after = afterWarmup(accuracies, t.warmupSteps);
    if (t.easySteps <= 0 || std::int64_t(after.size()) < t.easySteps)
        return;
    const auto end = after.begin() + static_cast<std::ptrdiff_t>(t.easySteps);
    if (!std::all_of(after.begin(), end, [](const auto& point) { return point.second >= 1.0; }))
        return;
    TrainingDiagnostic d{
        TrainingDiagnostic::Kind::EasyNegatives, after.front().first, (end - 1)->first, {}, {}};
    d.title = tr("Accuracy pinned at 1.0 from the start");
    d.text = tr("Every pair was ranked right in the first %1 steps after the warm-up (%2 to %3): "
                "the rejected answers are too easy to tell apart (easy negatives), so the pairs "
                "teach the model little. Try harder pairs: rejected answers from the same policy "
                "with a small reward margin, or review the pairs with the biggest margins.")
                 .arg(t.easySteps)
                 .arg(d.firstStep)
                 .arg(d.lastStep);
    out.push_back(std::move(d));
}

void TrainingDiagnostics::gradNormSpikes(const MetricSeries& gradNorm,
                                         const DiagnosticThresholds& t,
                                         std::vector<TrainingDiagnostic>& out)
{
    RunningMedian median;
    std::vector<std::pair<std::int64_t, double>> spikes; // (step, times the median)
    for (const auto& [step, value] : gradNorm) {
        if (std::int64_t(median.size()) >= t.spikeHistory && median.median() > 0 &&
            value > t.spikeFactor * median.median())
            spikes.emplace_back(step, value / median.median());
        median.add(value);
    }
    if (spikes.empty())
        return;
    const auto worst = std::max_element(spikes.begin(), spikes.end(),
                                        [](auto& a, auto& b) { return a.second < b.second; });
    TrainingDiagnostic d{
        TrainingDiagnostic::Kind::GradNormSpike, spikes.front().first, spikes.back().first, {}, {}};
    d.title = tr("Gradient norm spikes");
    d.text = tr("The gradient norm rose above %1 times the median of the steps before it (spikes: "
                "%2; the worst at step %3, %4 times the median). A batch of unusual pairs or a "
                "learning rate too high for them; see whether the loss jumps at the same steps. "
                "Keep gradient clipping on, lower the learning rate, or look at the pairs of "
                "those batches.")
                 .arg(number(t.spikeFactor))
                 .arg(spikes.size())
                 .arg(worst->first)
                 .arg(number(worst->second));
    out.push_back(std::move(d));
}

TrainingPlan TrainingDiagnostics::plan(const nlohmann::json& config)
{
    TrainingPlan plan;
    if (!config.is_object() || !config.contains("training") || !config["training"].is_object())
        return plan;
    const nlohmann::json& training = config["training"];
    auto number = [&training](const char* key, double fallback) {
        const auto found = training.find(key);
        return found != training.end() && found->is_number() ? found->get<double>() : fallback;
    };
    const double maxSteps = number("max_steps", 0);
    if (maxSteps > 0) {
        plan.totalSteps = std::int64_t(maxSteps);
    } else {
        const auto pairs = config.find("train_pairs");
        const double batch =
            number("per_device_train_batch_size", 0) * number("gradient_accumulation_steps", 1);
        if (pairs == config.end() || !pairs->is_number() || batch <= 0)
            return plan;
        plan.totalSteps =
            std::int64_t(std::ceil(pairs->get<double>() * number("num_train_epochs", 1) / batch));
    }
    plan.warmupSteps = std::int64_t(std::ceil(number("warmup_ratio", 0) * double(plan.totalSteps)));
    return plan;
}

double TrainingDiagnostics::etaSeconds(std::int64_t stepsDone, std::int64_t totalSteps,
                                       double secondsPerStep)
{
    if (totalSteps <= 0 || secondsPerStep <= 0 || !std::isfinite(secondsPerStep))
        return -1;
    return double(std::max<std::int64_t>(0, totalSteps - stepsDone)) * secondsPerStep;
}

} // namespace prefstudio::ui
