#include "ui/SearchHighlightDelegate.h"

#include "ui/PairTableModel.h"

#include <QApplication>
#include <QPainter>
#include <QRegularExpression>

#include <algorithm>

namespace prefstudio::ui {

namespace {

constexpr int kTextMargin = 4;

/// The full-text index splits on anything that is not a letter or digit; so does the marking.
QStringList tokensOf(const QStringList& words)
{
    static const QRegularExpression separators(QStringLiteral("[^\\w]+|_"),
                                               QRegularExpression::UseUnicodePropertiesOption);
    QStringList tokens;
    for (const QString& word : words)
        for (const QString& token : word.split(separators, Qt::SkipEmptyParts))
            if (!tokens.contains(token, Qt::CaseInsensitive))
                tokens << token;
    return tokens;
}

} // namespace

SearchHighlightDelegate::SearchHighlightDelegate(QObject* parent) : QStyledItemDelegate(parent)
{
}

QList<QPair<int, int>> SearchHighlightDelegate::matches(const QString& text,
                                                        const QStringList& words)
{
    QList<QPair<int, int>> found;
    const QStringList tokens = tokensOf(words);
    if (tokens.isEmpty())
        return found;
    QStringList alternatives;
    for (const QString& token : tokens)
        alternatives << QRegularExpression::escape(token);
    // A word starting with any token, marked in full as the prefix query matched it.
    const QRegularExpression pattern(
        QStringLiteral("(?<![\\w])(?:%1)\\w*").arg(alternatives.join(QLatin1Char('|'))),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedLength() > 0)
            found.append({static_cast<int>(match.capturedStart()),
                          static_cast<int>(match.capturedLength())});
    }
    return found;
}

void SearchHighlightDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                    const QModelIndex& index) const
{
    const QStringList words = index.data(PairTableModel::MatchWordsRole).toStringList();
    if (words.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // Background, selection and focus as usual; the text is drawn in runs below.
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget)
                           .adjusted(kTextMargin, 0, -kTextMargin, 0);
    const QFontMetrics metrics(opt.font);
    const QString shown = metrics.elidedText(text, Qt::ElideRight, area.width());
    const bool selected = opt.state & QStyle::State_Selected;
    const QColor textColour =
        opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor mark = QColor(0xff, 0xd5, 0x4f);
    mark.setAlpha(selected ? 150 : 200);

    painter->save();
    painter->setClipRect(area);
    painter->setFont(opt.font);
    int x = area.left();
    int position = 0;
    auto drawRun = [&](int from, int length, bool marked) {
        if (length <= 0)
            return;
        const QString run = shown.mid(from, length);
        const int width = metrics.horizontalAdvance(run);
        const QRect box(x, area.top(), width, area.height());
        if (marked) {
            // Behind the line of text only, however tall the row (thumbnails make it tall).
            const int top = area.top() + (area.height() - metrics.height()) / 2;
            painter->fillRect(QRect(x, top, width, metrics.height()), mark);
            painter->setPen(selected ? textColour : QColor(Qt::black));
        } else {
            painter->setPen(textColour);
        }
        painter->drawText(box, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, run);
        x += width;
    };
    for (const auto& [start, length] : matches(shown, words)) {
        drawRun(position, start - position, false);
        drawRun(start, length, true);
        position = start + length;
    }
    drawRun(position, static_cast<int>(shown.size()) - position, false);
    painter->restore();
}

} // namespace prefstudio::ui
