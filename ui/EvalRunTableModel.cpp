#include "ui/EvalRunTableModel.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace prefstudio::ui {

namespace {

constexpr int kShortName = 18;

/// Every field is read defensively: a config written by hand must not throw from a paint.
const nlohmann::json& member(const nlohmann::json& object, const char* key)
{
    static const nlohmann::json none;
    if (!object.is_object())
        return none;
    const auto found = object.find(key);
    return found == object.end() ? none : *found;
}

QString text(const nlohmann::json& value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString();
}

qint64 integer(const nlohmann::json& value, qint64 fallback = 0)
{
    return value.is_number() ? value.get<qint64>() : fallback;
}

QString localTime(const std::string& utc)
{
    QDateTime time = QDateTime::fromString(QString::fromStdString(utc), Qt::ISODate);
    if (!time.isValid())
        return QString::fromStdString(utc);
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

EvalRunTableModel::EvalRunTableModel(QObject* parent) : RunListModel(parent)
{
}

int EvalRunTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EvalRunTableModel::benchmarkOf(const core::RunSummary& run)
{
    return text(member(run.config, "benchmark"));
}

QString EvalRunTableModel::modelKindOf(const core::RunSummary& run)
{
    return text(member(member(run.config, "model"), "kind"));
}

QString EvalRunTableModel::modelKindText(const QString& kind)
{
    if (kind == QLatin1String("checkpoint"))
        return tr("checkpoint");
    if (kind == QLatin1String("run"))
        return tr("training run");
    if (kind == QLatin1String("server"))
        return tr("server");
    if (kind == QLatin1String("imported"))
        return tr("imported");
    return kind;
}

QString EvalRunTableModel::modelNameOf(const core::RunSummary& run)
{
    return text(member(member(run.config, "model"), "name"));
}

qint64 EvalRunTableModel::trainingRunOf(const core::RunSummary& run)
{
    return integer(member(member(run.config, "model"), "run_id"), -1);
}

qint64 EvalRunTableModel::itemCountOf(const core::RunSummary& run)
{
    return integer(member(run.config, "items"));
}

qint64 EvalRunTableModel::missingCountOf(const core::RunSummary& run)
{
    const nlohmann::json& missing = member(run.config, "missing_images");
    return missing.is_array() ? qint64(missing.size()) : 0;
}

qint64 EvalRunTableModel::limitOf(const core::RunSummary& run)
{
    return integer(member(member(run.config, "config"), "limit"));
}

QString EvalRunTableModel::shortLabel(const core::RunSummary& run)
{
    QString name = modelNameOf(run);
    if (name.size() > kShortName)
        name = name.left(kShortName - 1) + QStringLiteral("…");
    return name.isEmpty() ? QStringLiteral("#%1").arg(run.id)
                          : QStringLiteral("#%1 %2").arg(run.id).arg(name);
}

QString EvalRunTableModel::partialText(const core::RunSummary& run)
{
    QStringList parts;
    if (const qint64 missing = missingCountOf(run); missing > 0)
        parts << tr("Partial: %n question(s) without an image", nullptr, int(missing));
    if (const qint64 limit = limitOf(run); limit > 0)
        parts << tr("First %n question(s) only", nullptr, int(limit));
    return parts.join(QStringLiteral("; "));
}

QVariant EvalRunTableModel::data(const QModelIndex& index, int role) const
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
        if (index.column() == Id || index.column() == Items)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        // A partial result must not pass for the benchmark's figure.
        if (index.column() == Partial && missingCountOf(run) > 0)
            return QColor(0xb0, 0x5a, 0x00);
        return {};
    default:
        return {};
    }
}

QVariant EvalRunTableModel::display(const core::RunSummary& run, int column) const
{
    switch (column) {
    case Id:
        return qint64(run.id);
    case Benchmark:
        return benchmarkOf(run);
    case Model: {
        // A training run's model is named by the run; the other kinds say what they are.
        const QString kind = modelKindOf(run);
        const QString name = modelNameOf(run);
        if (kind.isEmpty() || kind == QLatin1String("run"))
            return name;
        return tr("%1 (%2)", "a model's name (its kind)").arg(name, modelKindText(kind));
    }
    case TrainingRun: {
        const qint64 training = trainingRunOf(run);
        return training > 0 ? tr("run %1").arg(training) : QString();
    }
    case Items:
        return QLocale().toString(itemCountOf(run));
    case Partial: {
        QStringList parts;
        if (const qint64 missing = missingCountOf(run); missing > 0)
            parts << tr("partial (%1 missing)").arg(missing);
        if (const qint64 limit = limitOf(run); limit > 0)
            parts << tr("first %1").arg(limit);
        return parts.join(QStringLiteral(", "));
    }
    case Date:
        return localTime(run.createdAt);
    default:
        return {};
    }
}

QVariant EvalRunTableModel::toolTip(const core::RunSummary& run, int column) const
{
    switch (column) {
    case Model: {
        const nlohmann::json& model = member(run.config, "model");
        QStringList lines{modelNameOf(run)};
        for (const char* key : {"path", "adapter", "url"})
            if (const QString value = text(member(model, key)); !value.isEmpty())
                lines << value;
        return lines.join(QLatin1Char('\n'));
    }
    case TrainingRun:
        return trainingRunOf(run) > 0
                   ? tr("The DPO run whose model this evaluated; see it in the Training tab")
                   : QString();
    case Partial:
        return partialText(run);
    case Date:
        return QString::fromStdString(run.createdAt);
    default:
        return {};
    }
}

QVariant EvalRunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Run");
    case Benchmark:
        return tr("Benchmark");
    case Model:
        return tr("Model");
    case TrainingRun:
        return tr("Training run");
    case Items:
        return tr("Items");
    case Partial:
        return tr("Partial");
    case Date:
        return tr("Date");
    default:
        return {};
    }
}

void EvalRunTableModel::setRuns(std::vector<core::RunSummary> runs)
{
    std::erase_if(runs, [](const core::RunSummary& run) { return run.kind != "eval"; });
    RunListModel::setRuns(std::move(runs));
}

} // namespace prefstudio::ui
