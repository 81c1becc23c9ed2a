#include "ui/EvalItemListModel.h"

#include "ui/ReviewPalette.h"

#include <algorithm>

namespace prefstudio::ui {

namespace {

constexpr int kShownChars = 160;

QString oneLine(const std::string& text)
{
    QString line = QString::fromStdString(text).simplified();
    if (line.size() > kShownChars)
        line = line.left(kShownChars - 1) + QStringLiteral("…");
    return line;
}

qsizetype hallucinatedCount(const core::eval::ItemResult& result)
{
    if (!result.detail.is_object())
        return 0;
    const auto found = result.detail.find("hallucinated");
    return found != result.detail.end() && found->is_array() ? qsizetype(found->size()) : 0;
}

} // namespace

EvalItemListModel::EvalItemListModel(QObject* parent) : QAbstractTableModel(parent)
{
}

int EvalItemListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EvalItemListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool EvalItemListModel::isWrong(const core::eval::ItemResult& result)
{
    if (result.correct)
        return !*result.correct;
    return hallucinatedCount(result) > 0;
}

std::vector<int> EvalItemListModel::itemsOfMetric(const core::eval::EvalRecord& record,
                                                  const QString& key, QString* group)
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    const QString task = slash < 0 ? key : key.left(slash);
    const QString metric = slash < 0 ? QString() : key.mid(slash + 1);
    QStringList groups;
    for (const core::eval::EvalItem& item : record.items) {
        const QString name = QString::fromStdString(item.group);
        if (!name.isEmpty() && !groups.contains(name))
            groups << name;
    }
    // The longest group named wins ("relation" before a shorter one that ends the same way).
    std::sort(groups.begin(), groups.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
    auto endsWithGroup = [](const QString& name, const QString& g) {
        return name == g || name.endsWith(QLatin1Char('_') + g);
    };
    QString matched;
    for (const QString& g : std::as_const(groups))
        if (!metric.isEmpty() && metric.endsWith(QLatin1Char('_') + g)) {
            matched = g;
            break;
        }
    if (matched.isEmpty())
        for (const QString& g : std::as_const(groups))
            if (endsWithGroup(task, g)) {
                matched = g;
                break;
            }
    if (matched.isEmpty() && task.contains(QLatin1Char('_'))) {
        // lmms-eval's POPE task names shorten the split: pope_adv, pope_pop.
        const QString tail = task.mid(task.lastIndexOf(QLatin1Char('_')) + 1);
        QStringList prefixed;
        for (const QString& g : std::as_const(groups))
            if (g.startsWith(tail))
                prefixed << g;
        if (prefixed.size() == 1)
            matched = prefixed.front();
    }
    const bool discriminative = matched.isEmpty() && task.endsWith(QLatin1String("discriminative"));
    std::vector<int> indices;
    for (std::size_t i = 0; i < record.items.size(); ++i) {
        const QString name = QString::fromStdString(record.items[i].group);
        if ((!matched.isEmpty() && name != matched) ||
            (discriminative && name == QLatin1String("generative")))
            continue;
        indices.push_back(int(i));
    }
    if (group)
        *group = matched;
    return indices;
}

void EvalItemListModel::setRecord(std::shared_ptr<const core::eval::EvalRecord> record,
                                  qint64 runId)
{
    m_record = std::move(record);
    m_runId = m_record ? runId : -1;
    rebuild();
}

void EvalItemListModel::setMetric(const QString& key)
{
    m_metric = key;
    rebuild();
}

void EvalItemListModel::setWrongOnly(bool wrongOnly)
{
    if (wrongOnly == m_wrongOnly)
        return;
    m_wrongOnly = wrongOnly;
    rebuild();
}

void EvalItemListModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    m_scopeGroup.clear();
    m_scopeCount = 0;
    m_wrongCount = 0;
    if (m_record) {
        const std::vector<int> scope = itemsOfMetric(*m_record, m_metric, &m_scopeGroup);
        m_scopeCount = int(scope.size());
        for (int index : scope) {
            const bool wrong = std::size_t(index) < m_record->results.size() &&
                               isWrong(m_record->results[std::size_t(index)]);
            m_wrongCount += wrong ? 1 : 0;
            if (!m_wrongOnly || wrong)
                m_rows.push_back(index);
        }
    }
    endResetModel();
}

int EvalItemListModel::itemIndex(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[std::size_t(row)] : -1;
}

int EvalItemListModel::rowOfItem(int itemIndex) const
{
    const auto found = std::find(m_rows.begin(), m_rows.end(), itemIndex);
    return found == m_rows.end() ? -1 : int(found - m_rows.begin());
}

QVariant EvalItemListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int item = m_rows[std::size_t(index.row())];
    const core::eval::EvalItem& question = m_record->items[std::size_t(item)];
    const core::eval::ItemResult* result = std::size_t(item) < m_record->results.size()
                                               ? &m_record->results[std::size_t(item)]
                                               : nullptr;
    const bool wrong = result && isWrong(*result);
    switch (role) {
    case ItemIndexRole:
        return item;
    case WrongRole:
        return wrong;
    case Qt::DisplayRole:
        switch (index.column()) {
        case Number:
            return item + 1;
        case Group:
            return QString::fromStdString(question.group);
        case Question:
            return oneLine(question.question);
        case Answer:
            return result ? oneLine(result->answer) : QString();
        case Result: {
            if (!result)
                return tr("not answered");
            if (const qsizetype hallucinated = hallucinatedCount(*result); hallucinated > 0)
                return tr("✗ %n hallucinated", nullptr, int(hallucinated));
            if (result->correct)
                return *result->correct ? tr("✓ right") : tr("✗ wrong");
            return QStringLiteral("–");
        }
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Question)
            return QString::fromStdString(question.question);
        if (index.column() == Answer && result)
            return QString::fromStdString(result->answer);
        if (index.column() == Number)
            return QString::fromStdString(question.key);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Result && result && (wrong || result->correct))
            return wrong ? ReviewPalette::rejected() : ReviewPalette::chosen();
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Number)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant EvalItemListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number:
        return tr("#");
    case Group:
        return tr("Group");
    case Question:
        return tr("Question");
    case Answer:
        return tr("Answer");
    case Result:
        return tr("Result");
    default:
        return {};
    }
}

} // namespace prefstudio::ui
