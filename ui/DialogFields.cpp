#include "ui/DialogFields.h"

#include "store/ReviewQueries.h"
#include "ui/JobRunner.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>

#include <cmath>

namespace prefstudio::ui {

namespace {

struct PairCounts
{
    qint64 accepted = 0;
    qint64 pending = 0;
};

} // namespace

ReviewedPairCounter::ReviewedPairCounter(JobRunner* runner, QObject* parent)
    : QObject(parent), m_runner(runner)
{
}

void ReviewedPairCounter::read()
{
    m_runner->read<PairCounts>(
        this,
        [](core::Project& project) {
            core::PairFilter filter;
            PairCounts counts;
            filter.status = "accepted";
            counts.accepted = core::countPairs(project, filter);
            filter.status = "pending";
            counts.pending = core::countPairs(project, filter);
            return counts;
        },
        [this](PairCounts counts) {
            m_error.clear();
            m_accepted = counts.accepted;
            m_pending = counts.pending;
            Q_EMIT counted();
        },
        [this](const QString& error) {
            m_error = error;
            m_accepted.reset();
            m_pending.reset();
            Q_EMIT counted();
        });
}

std::optional<qint64> ReviewedPairCounter::count(bool withPending) const
{
    if (!m_accepted || !m_pending)
        return std::nullopt;
    return *m_accepted + (withPending ? *m_pending : 0);
}

std::optional<double> parseRate(const QLineEdit* edit)
{
    const QString text = edit->text().trimmed();
    bool ok = false;
    double value = QLocale::c().toDouble(text, &ok);
    if (!ok)
        value = QLocale().toDouble(text, &ok);
    if (!ok || !(value > 0) || !std::isfinite(value))
        return std::nullopt;
    return value;
}

QDoubleSpinBox* doubleSpin(QWidget* parent, const char* name, double low, double high, int decimals,
                           double step)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setObjectName(QString::fromLatin1(name));
    spin->setRange(low, high);
    spin->setDecimals(decimals);
    spin->setSingleStep(step);
    return spin;
}

QSpinBox* intSpin(QWidget* parent, const char* name, int low, int high)
{
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(QString::fromLatin1(name));
    spin->setRange(low, high);
    return spin;
}

DialogFooter makeDialogFooter(QDialog* dialog, const char* problemName, const QString& okText)
{
    DialogFooter footer;
    footer.problem = new QLabel(dialog);
    footer.problem->setObjectName(QString::fromLatin1(problemName));
    footer.problem->setWordWrap(true);
    footer.problem->setStyleSheet(QStringLiteral("color: #b0241c"));
    footer.buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    footer.ok = footer.buttons->button(QDialogButtonBox::Ok);
    footer.ok->setText(okText);
    // Virtual: a dialog's own accept() runs.
    QObject::connect(footer.buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(footer.buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return footer;
}

} // namespace prefstudio::ui
