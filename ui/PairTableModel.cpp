#include "ui/PairTableModel.h"

#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "ui/JobRunner.h"
#include "util/Error.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QFuture>
#include <QGuiApplication>
#include <QImageReader>
#include <QStyle>
#include <QtConcurrent/QtConcurrentRun>

namespace prefstudio::ui {

namespace {

QString scoreText(const std::optional<double>& value)
{
    return value ? QString::number(*value, 'f', 3) : QString();
}

QVariant scoreValue(const std::optional<double>& value)
{
    return value ? QVariant(*value) : QVariant();
}

QString flagsTooltip(std::uint32_t flags)
{
    QStringList lines;
    for (const auto& info : core::qualityFlagInfos())
        if (flags & info.bit)
            lines << QStringLiteral("%1: %2").arg(QString::fromUtf8(info.name),
                                                  QString::fromUtf8(info.description));
    return lines.join(QLatin1Char('\n'));
}

/// Runs on a pool thread: decodes at the target size, which for JPEG skips most of the work.
QImage loadThumbnail(const QString& path, int edge)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid() && (full.width() > edge || full.height() > edge))
        reader.setScaledSize(full.scaled(edge, edge, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (!image.isNull() && (image.width() > edge || image.height() > edge))
        image = image.scaled(edge, edge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

} // namespace

PairTableModel::PairTableModel(core::Project& project, QObject* parent)
    : QAbstractTableModel(parent), m_project(project), m_thumbnails(kThumbnailCacheBytes)
{
}

QString PairTableModel::flagText(std::uint32_t flags)
{
    return QString::fromStdString(core::qualityFlagNames(flags))
        .replace(QLatin1Char(','), QStringLiteral(", "));
}

const char* PairTableModel::sortColumnOf(int column)
{
    switch (column) {
    case Thumbnail:
        return "image";
    case Prompt:
        return "prompt";
    case Status:
        return "status";
    case Margin:
        return "margin";
    case Flags:
        return "flags";
    case Best:
        return "best";
    case Worst:
        return "worst";
    case Candidates:
        return "candidates";
    default:
        return "id";
    }
}

int PairTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PairTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void PairTableModel::setThumbnailSize(int pixels)
{
    if (pixels == m_thumbnailSize)
        return;
    m_thumbnailSize = pixels;
    m_thumbnails.clear();
    m_unreadable.clear();
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, Thumbnail), index(rowCount() - 1, Thumbnail),
                           {Qt::DecorationRole, Qt::SizeHintRole});
}

QVariant PairTableModel::thumbnail(const core::PairRow& row) const
{
    if (row.imagePath.empty())
        return {};
    const QString path = QString::fromStdString(row.imagePath);
    if (const QPixmap* cached = m_thumbnails.object(path))
        return *cached;
    if (m_unreadable.contains(path))
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    if (m_loading.contains(path))
        return {};
    m_loading.insert(path);
    const qreal ratio = qGuiApp ? qGuiApp->devicePixelRatio() : 1.0;
    const int edge = qRound(m_thumbnailSize * ratio);
    // The continuation runs on this model's thread, and not at all once the model is gone.
    auto* self = const_cast<PairTableModel*>(this);
    QtConcurrent::run(loadThumbnail, path, edge).then(self, [self, path](const QImage& image) {
        self->thumbnailReady(path, image);
    });
    return {};
}

void PairTableModel::thumbnailReady(const QString& path, const QImage& image)
{
    m_loading.remove(path);
    if (image.isNull()) {
        // Missing or damaged: the row shows a warning sign instead.
        m_unreadable.insert(path);
        notifyThumbnail(path);
        return;
    }
    auto* pixmap = new QPixmap(QPixmap::fromImage(image));
    pixmap->setDevicePixelRatio(qGuiApp ? qGuiApp->devicePixelRatio() : 1.0);
    m_thumbnails.insert(path, pixmap, qMax<qsizetype>(1, image.sizeInBytes()));
    notifyThumbnail(path);
}

void PairTableModel::notifyThumbnail(const QString& path)
{
    const std::string stored = path.toStdString();
    for (int row = 0; row < rowCount(); ++row)
        if (m_rows[static_cast<std::size_t>(row)].imagePath == stored)
            Q_EMIT dataChanged(index(row, Thumbnail), index(row, Thumbnail), {Qt::DecorationRole});
}

QVariant PairTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::PairRow& row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();

    switch (role) {
    case PairIdRole:
        return QVariant::fromValue<qint64>(row.pairId);
    case SampleIdRole:
        return QVariant::fromValue<qint64>(row.sampleId);
    case MatchWordsRole:
        return m_matchWords;
    case Qt::DisplayRole:
        switch (column) {
        case Prompt:
            // One line per row: prompts of real datasets carry newlines and <image> tokens.
            return QString::fromStdString(row.prompt).simplified();
        case Status:
            return QString::fromStdString(row.status);
        case Margin:
            return scoreText(row.margin);
        case Flags:
            return flagText(row.flags);
        case Best:
            return scoreText(row.bestScore);
        case Worst:
            return scoreText(row.worstScore);
        case Candidates:
            return QString::number(row.candidateCount);
        }
        break;
    case Qt::DecorationRole:
        if (column == Thumbnail)
            return thumbnail(row);
        break;
    case Qt::SizeHintRole:
        if (column == Thumbnail)
            return QSize(m_thumbnailSize + 4, m_thumbnailSize + 4);
        break;
    case SortValueRole:
        switch (column) {
        case Thumbnail:
            return QString::fromStdString(row.imagePath);
        case Prompt:
            return QString::fromStdString(row.prompt);
        case Status:
            return QString::fromStdString(row.status);
        case Margin:
            return scoreValue(row.margin);
        case Flags:
            return static_cast<uint>(row.flags);
        case Best:
            return scoreValue(row.bestScore);
        case Worst:
            return scoreValue(row.worstScore);
        case Candidates:
            return QVariant::fromValue<qint64>(row.candidateCount);
        }
        break;
    case Qt::ToolTipRole:
        if (column == Prompt)
            return QString::fromStdString(row.prompt);
        if (column == Thumbnail)
            return row.imagePath.empty() ? tr("No image") : QString::fromStdString(row.imagePath);
        if (column == Flags && row.flags)
            return flagsTooltip(row.flags);
        break;
    case Qt::TextAlignmentRole:
        if (column == Prompt || column == Status || column == Flags)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        if (column == Thumbnail)
            return QVariant::fromValue(Qt::AlignCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == Status && row.status == "accepted")
            return QBrush(QColor(0x1b, 0x7a, 0x32));
        if (column == Status && row.status == "rejected")
            return QBrush(QColor(0xb0, 0x24, 0x1c));
        if (column == Flags)
            return QBrush(QColor(0x9a, 0x5b, 0x00));
        break;
    default:
        break;
    }
    return {};
}

QVariant PairTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case Thumbnail:
        return tr("Image");
    case Prompt:
        return tr("Prompt");
    case Status:
        return tr("Status");
    case Margin:
        return tr("Margin");
    case Flags:
        return tr("Flags");
    case Best:
        return tr("Best");
    case Worst:
        return tr("Worst");
    case Candidates:
        return tr("Candidates");
    default:
        return {};
    }
}

bool PairTableModel::hasUnloadedRows() const
{
    // While a reload is out, the filter is already the new one and the rows the old ones.
    return m_pendingReloads == 0 && static_cast<qint64>(m_rows.size()) < m_total;
}

bool PairTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && hasUnloadedRows() && m_pendingFetches == 0;
}

PairTableModel::PageRequest PairTableModel::nextPageRequest() const
{
    // Loaded pairs that left the filter or moved are no longer counted before the next page
    // in the store's order: start that many rows earlier, and ask for as many more rows as
    // may come back already loaded, so that a page always adds new rows while there are any.
    const auto uncertain = static_cast<std::int64_t>(m_departed.size() + m_displaced.size());
    return {std::max<std::int64_t>(0, static_cast<std::int64_t>(m_rows.size()) - uncertain),
            kPageSize + uncertain};
}

void PairTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    if (!m_runner) {
        fetchMoreNow();
        return;
    }
    const PageRequest request = nextPageRequest();
    const quint64 reload = m_latestReload->load();
    ++m_pendingFetches;
    std::function<std::vector<core::PairRow>(core::Project&)> query =
        [filter = m_filter, request](core::Project& project) {
            return core::pagePairs(project, filter, request.offset, request.limit);
        };
    m_runner->readList<std::vector<core::PairRow>>(
        this, std::move(query),
        [this, reload, request](std::vector<core::PairRow> page) {
            --m_pendingFetches;
            if (reload != m_latestReload->load())
                return; // the rows it would follow were replaced
            if (nextPageRequest() != request) {
                // Decisions or a synchronous fetch moved the page meanwhile: ask again.
                fetchMore({});
                return;
            }
            addPage(std::move(page));
            Q_EMIT loaded();
        },
        [this, reload](const QString& message) {
            --m_pendingFetches;
            if (reload != m_latestReload->load())
                return;
            m_total = static_cast<qint64>(m_rows.size());
            Q_EMIT queryFailed(message);
            Q_EMIT loaded();
        });
}

void PairTableModel::fetchMoreNow()
{
    if (!hasUnloadedRows())
        return;
    const PageRequest request = nextPageRequest();
    std::vector<core::PairRow> page;
    try {
        page = core::pagePairs(m_project, m_filter, request.offset, request.limit);
    } catch (const core::Error& e) {
        m_total = static_cast<qint64>(m_rows.size());
        Q_EMIT queryFailed(QString::fromUtf8(e.what()));
        return;
    }
    addPage(std::move(page));
}

void PairTableModel::addPage(std::vector<core::PairRow> page)
{
    // Pairs added or removed elsewhere since the count: stop at what the store now has.
    const std::size_t before = m_rows.size();
    for (const core::PairRow& row : page)
        m_displaced.erase(row.pairId);
    append(std::move(page));
    if (m_rows.size() == before)
        m_total = static_cast<qint64>(m_rows.size());
}

void PairTableModel::append(std::vector<core::PairRow> rows)
{
    std::erase_if(rows, [this](const core::PairRow& row) { return m_rowOfPair.count(row.pairId); });
    if (rows.empty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    for (core::PairRow& row : rows) {
        m_rowOfPair.emplace(row.pairId, static_cast<int>(m_rows.size()));
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
}

void PairTableModel::sort(int column, Qt::SortOrder order)
{
    m_filter.sortColumn = sortColumnOf(column);
    m_filter.descending = column >= 0 && order == Qt::DescendingOrder;
    reload();
}

void PairTableModel::setQueue(const std::string& sortColumn, std::uint64_t seed,
                              std::optional<std::int64_t> wrongAfterRun)
{
    m_filter.sortColumn = sortColumn;
    m_filter.descending = false;
    m_filter.seed = seed;
    m_filter.wrongAfterRun = wrongAfterRun;
    reload();
}

void PairTableModel::setFilter(const core::PairFilter& filter)
{
    const std::string sortColumn = m_filter.sortColumn;
    const bool descending = m_filter.descending;
    const std::uint64_t seed = m_filter.seed;
    const std::optional<std::int64_t> wrongAfterRun = m_filter.wrongAfterRun;
    m_filter = filter;
    m_filter.sortColumn = sortColumn;
    m_filter.descending = descending;
    m_filter.seed = seed;
    // Part of the queue, not of the filter bar.
    m_filter.wrongAfterRun = wrongAfterRun;
    m_matchWords.clear();
    if (m_filter.search)
        for (const std::string& word : core::searchWords(*m_filter.search))
            m_matchWords << QString::fromStdString(word);
    reload();
}

PairTableModel::FirstPage PairTableModel::readFirstPage(core::Project& project,
                                                        const core::PairFilter& filter)
{
    FirstPage page;
    page.total = core::countPairs(project, filter);
    page.rows = core::pagePairs(project, filter, 0, kPageSize);
    page.total = std::max<qint64>(page.total, static_cast<qint64>(page.rows.size()));
    return page;
}

void PairTableModel::setRunner(JobRunner* runner)
{
    m_runner = runner;
}

void PairTableModel::reload()
{
    const quint64 number = ++*m_latestReload;
    if (!m_runner) {
        FirstPage page;
        QString failure;
        try {
            page = readFirstPage(m_project, m_filter);
        } catch (const core::Error& e) {
            failure = QString::fromUtf8(e.what());
        }
        finishReload(std::move(page), failure);
        return;
    }
    ++m_pendingReloads;
    std::function<FirstPage(core::Project&)> query = [filter = m_filter, latest = m_latestReload,
                                                      number](core::Project& project) {
        // Typing a search asks for a reload per key: only the newest is worth reading.
        if (latest->load() != number)
            return FirstPage{0, {}, true};
        return readFirstPage(project, filter);
    };
    m_runner->readList<FirstPage>(
        this, std::move(query),
        [this, number](FirstPage page) {
            --m_pendingReloads;
            if (!page.superseded && number == m_latestReload->load())
                finishReload(std::move(page), {});
        },
        [this, number](const QString& message) {
            --m_pendingReloads;
            if (number == m_latestReload->load())
                finishReload({}, message);
        });
}

void PairTableModel::finishReload(FirstPage page, const QString& failure)
{
    beginResetModel();
    // Files may have been put back or relinked: try unreadable thumbnails again.
    m_unreadable.clear();
    m_rows.clear();
    m_rowOfPair.clear();
    m_departed.clear();
    m_displaced.clear();
    for (core::PairRow& row : page.rows) {
        m_rowOfPair.emplace(row.pairId, static_cast<int>(m_rows.size()));
        m_rows.push_back(std::move(row));
    }
    m_total = page.total;
    endResetModel();
    if (!failure.isEmpty())
        Q_EMIT queryFailed(failure);
    Q_EMIT loaded();
}

int PairTableModel::rowOfPair(qint64 pairId) const
{
    const auto it = m_rowOfPair.find(pairId);
    return it == m_rowOfPair.end() ? -1 : it->second;
}

void PairTableModel::refreshPair(qint64 pairId)
{
    const int row = rowOfPair(pairId);
    if (row < 0)
        return;
    core::PairRow& stale = m_rows[static_cast<std::size_t>(row)];
    core::PairRow fresh;
    bool matches = false;
    try {
        fresh = core::pairDetail(m_project, pairId).row;
        // Whether the texts match a search changes only with the sample's answers (a text edit
        // or its undo); asking the full-text index again costs up to a second on 1M answers.
        core::PairFilter check = m_filter;
        if (fresh.candidateCount == stale.candidateCount)
            check.search.reset();
        matches = core::pairMatches(m_project, check, pairId);
    } catch (const core::Error& e) {
        Q_EMIT queryFailed(QString::fromUtf8(e.what()));
        return;
    }
    // Keys that never change through an edit keep a pair where it was in the store's order.
    const std::string& key = m_filter.sortColumn;
    const bool fixedKey = key == "id" || key == "sample" || key == "image" || key == "random";
    const bool keyMayMove =
        !fixedKey && (fresh.margin != stale.margin || fresh.status != stale.status ||
                      fresh.flags != stale.flags || fresh.origin != stale.origin ||
                      fresh.candidateCount != stale.candidateCount ||
                      fresh.bestScore != stale.bestScore || fresh.worstScore != stale.worstScore);
    if (matches) {
        m_departed.erase(pairId);
        if (keyMayMove)
            m_displaced.insert(pairId);
    } else {
        m_departed.insert(pairId);
        m_displaced.erase(pairId);
    }
    stale = std::move(fresh);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace prefstudio::ui
