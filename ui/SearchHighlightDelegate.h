#pragma once

#include <QStyledItemDelegate>

namespace prefstudio::ui {

/// Paints a text cell with the words of the current search marked, as the full-text search
/// matched them: each search word as a case-insensitive prefix of a word in the text. The
/// words come from the model's PairTableModel::MatchWordsRole.
class SearchHighlightDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit SearchHighlightDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

    /// [start, length) of every match of `words` in `text`, in order and not overlapping.
    static QList<QPair<int, int>> matches(const QString& text, const QStringList& words);
};

} // namespace prefstudio::ui
