#include "ui/CandidateTextDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace prefstudio::ui {

CandidateTextDialog::CandidateTextDialog(const std::vector<core::CandidateView>& candidates,
                                         qint64 chosenId, qint64 rejectedId, qint64 initial,
                                         QWidget* parent)
    : QDialog(parent), m_candidates(candidates)
{
    setObjectName(QStringLiteral("candidateTextDialog"));
    setWindowTitle(tr("Edit an answer"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_choice = new QComboBox(this);
    m_choice->setObjectName(QStringLiteral("candidateChoice"));
    int rank = 0;
    for (const core::CandidateView& candidate : m_candidates) {
        ++rank;
        QString role;
        if (candidate.id == chosenId)
            role = tr(" (chosen)");
        else if (candidate.id == rejectedId)
            role = tr(" (rejected)");
        const QString start = QString::fromStdString(candidate.text).simplified().left(60);
        m_choice->addItem(QStringLiteral("%1%2: %3").arg(rank).arg(role, start),
                          QVariant::fromValue<qint64>(candidate.id));
    }
    form->addRow(tr("Answer:"), m_choice);
    layout->addLayout(form);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("candidateTextEdit"));
    m_text->setMinimumSize(520, 200);
    layout->addWidget(m_text, 1);
    auto* hint = new QLabel(
        tr("Saved as a new answer edited by you; the original stays in the project."), this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setToolTip(tr("Save (Ctrl+Return)"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Return is a newline in the text; Ctrl+Return saves.
    auto* save = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(save, &QShortcut::activated, this, &QDialog::accept);
    connect(m_choice, &QComboBox::currentIndexChanged, this, &CandidateTextDialog::showCandidate);

    const int index = m_choice->findData(QVariant::fromValue<qint64>(initial));
    m_choice->setCurrentIndex(index < 0 ? 0 : index);
    showCandidate(m_choice->currentIndex());
    m_text->setFocus();
}

void CandidateTextDialog::showCandidate(int index)
{
    if (index < 0 || index >= static_cast<int>(m_candidates.size()))
        return;
    m_text->setPlainText(
        QString::fromStdString(m_candidates[static_cast<std::size_t>(index)].text));
}

qint64 CandidateTextDialog::candidateId() const
{
    return m_choice->currentData().toLongLong();
}

QString CandidateTextDialog::text() const
{
    return m_text->toPlainText();
}

} // namespace prefstudio::ui
