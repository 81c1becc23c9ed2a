#include "ui/RunTableModel.h"

#include "ui/TrainingDiagnostics.h"

#include <QFileInfo>
#include <QLocale>

#include <algorithm>

namespace prefstudio::ui {

namespace {

constexpr int kShortHash = 12;

QString configText(const nlohmann::json& config, const char* key)
{
    const auto found = config.is_object() ? config.find(key) : config.end();
    return found != config.end() && found->is_string()
               ? QString::fromStdString(found->get<std::string>())
               : QString();
}

/// "sigmoid, beta 0.1, lr 0.0005, LoRA r 8, batch 16, cpu": the options that tell runs apart.
/// A hand-off's (its options use the same names) starts with its engine.
QString configSummary(const nlohmann::json& config)
{
    if (!config.is_object())
        return {};
    const char* section = config.contains("training") ? "training" : "options";
    if (!config.contains(section) || !config[section].is_object())
        return {};
    const nlohmann::json& t = config[section];
    auto value = [&t](const char* key) {
        const auto found = t.find(key);
        if (found == t.end())
            return QString();
        if (found->is_string())
            return QString::fromStdString(found->get<std::string>());
        return found->is_number() ? QString::number(found->get<double>(), 'g', 4) : QString();
    };
    QStringList parts{value("loss_type"), RunTableModel::tr("beta %1").arg(value("beta")),
                      RunTableModel::tr("lr %1").arg(value("learning_rate")),
                      RunTableModel::tr("LoRA r %1").arg(value("lora_r")),
                      RunTableModel::tr("batch %1").arg(value("per_device_train_batch_size"))};
    // Read defensively: a config written by hand must not throw from a paint.
    const auto projector = t.find("train_projector");
    if (projector != t.end() && projector->is_boolean() && projector->get<bool>())
        parts << RunTableModel::tr("projector lr %1").arg(value("projector_learning_rate"));
    const auto rpo = t.find("rpo_alpha");
    if (rpo != t.end() && rpo->is_number() && rpo->get<double>() > 0)
        parts << RunTableModel::tr("RPO %1").arg(value("rpo_alpha"));
    parts << configText(config, "device");
    parts.prepend(RunTableModel::engineName(configText(config, "engine")));
    parts.removeAll(QString());
    return parts.join(QStringLiteral(", "));
}

QString metric(const core::RunSummary& run, const char* name, int decimals)
{
    const auto found = run.lastMetrics.find(name);
    return found == run.lastMetrics.end() ? QString()
                                          : QLocale().toString(found->second, 'f', decimals);
}

} // namespace

RunTableModel::RunTableModel(QObject* parent) : RunListModel(parent)
{
}

int RunTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunTableModel::engineName(const QString& engine)
{
    if (engine == QLatin1String("trl"))
        return QStringLiteral("TRL");
    if (engine == QLatin1String("llamafactory"))
        return QStringLiteral("LLaMA-Factory");
    return {};
}

QString RunTableModel::statusText(const std::string& status)
{
    if (status == "running")
        return tr("running");
    if (status == "finished")
        return tr("finished");
    if (status == "cancelled")
        return tr("paused");
    if (status == "failed")
        return tr("failed");
    return QString::fromStdString(status);
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::RunSummary& run = m_runs[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(run, index.column());
    case Qt::ToolTipRole:
        return toolTip(run, index.column());
    case RunIdRole:
        return qint64(run.id);
    case Qt::TextAlignmentRole:
        if (index.column() == Id || index.column() == Steps || index.column() == Loss ||
            index.column() == Accuracy || index.column() == StillWrong)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant RunTableModel::display(const core::RunSummary& run, int column) const
{
    switch (column) {
    case Id:
        return qint64(run.id);
    case Name:
        return QString::fromStdString(run.name);
    case Status:
        return statusText(run.status);
    case BaseModel:
        return QFileInfo(configText(run.config, "base_model")).fileName();
    case Snapshot:
        return QString::fromStdString(run.datasetSnapshot.value_or("")).left(kShortHash);
    case Config:
        return configSummary(run.config);
    case Steps: {
        const TrainingPlan plan = TrainingDiagnostics::plan(run.config);
        return plan.totalSteps > 0
                   ? QStringLiteral("%1 / %2").arg(run.lastStep).arg(plan.totalSteps)
                   : QString::number(run.lastStep);
    }
    case Loss:
        return metric(run, "loss", 3);
    case Accuracy:
        return metric(run, "rewards/accuracies", 2);
    case StillWrong:
        return run.pairsMeasured > 0 ? tr("%1 of %2").arg(run.pairsWrong).arg(run.pairsMeasured)
                                     : QString();
    case Outputs: {
        QStringList names;
        for (const auto& path : run.outputs)
            names << QString::fromStdString(path.filename().string());
        return names.join(QStringLiteral(", "));
    }
    default:
        return {};
    }
}

QVariant RunTableModel::toolTip(const core::RunSummary& run, int column) const
{
    switch (column) {
    case Status:
        return run.status == "cancelled"
                   ? tr("Stopped before the end; Resume continues from its last checkpoint.")
                   : tr("Started %1").arg(QString::fromStdString(run.createdAt));
    case BaseModel:
        return tr("%1\nsha256 %2")
            .arg(configText(run.config, "base_model"), configText(run.config, "base_model_sha256"));
    case Snapshot: {
        const auto number = [&run](const char* key) {
            const auto found = run.config.is_object() ? run.config.find(key) : run.config.end();
            return found != run.config.end() && found->is_number() ? found->get<qint64>() : 0;
        };
        return tr("Pairs (sha256 of the snapshot) %1\nselection: %2; %3 pairs trained on, %4 held "
                  "out")
            .arg(QString::fromStdString(run.datasetSnapshot.value_or("")),
                 configText(run.config, "selection"))
            .arg(number("train_pairs"))
            .arg(number("held_out_pairs"));
    }
    case Name:
    case Config:
        return QString::fromStdString(run.config.dump(2));
    case StillWrong:
        return tr("Pairs the trained model still ranks wrong (margin <= 0) of those it measured");
    case Outputs: {
        QStringList paths;
        for (const auto& path : run.outputs)
            paths << QString::fromStdString(path.string());
        return paths.join(QLatin1Char('\n'));
    }
    default:
        return {};
    }
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Run");
    case Name:
        return tr("Name");
    case Status:
        return tr("Status");
    case BaseModel:
        return tr("Base model");
    case Snapshot:
        return tr("Pairs snapshot");
    case Config:
        return tr("Config");
    case Steps:
        return tr("Steps");
    case Loss:
        return tr("Loss");
    case Accuracy:
        return tr("Accuracy");
    case StillWrong:
        return tr("Still wrong");
    case Outputs:
        return tr("Outputs");
    default:
        return {};
    }
}

void RunTableModel::setLiveStep(qint64 runId, qint64 step,
                                const std::map<std::string, double>& values)
{
    const int row = rowOfRun(runId);
    if (row < 0)
        return;
    core::RunSummary& run = m_runs[std::size_t(row)];
    if (step <= run.lastStep)
        return;
    run.lastStep = step;
    for (const auto& [name, value] : values)
        run.lastMetrics[name] = value;
    Q_EMIT dataChanged(index(row, Steps), index(row, Accuracy));
}

} // namespace prefstudio::ui
