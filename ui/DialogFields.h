#pragma once

#include <QObject>
#include <QString>

#include <optional>

class QDialog;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace prefstudio::ui {

class JobRunner;

/// The project's accepted and pending pairs, counted on a job runner's read connection: what a
/// training run or a hand-off of "accepted" or "accepted and pending" pairs would take.
class ReviewedPairCounter : public QObject
{
    Q_OBJECT
public:
    ReviewedPairCounter(JobRunner* runner, QObject* parent);
    /// Counts (again); counted() when done.
    void read();
    /// Accepted pairs, plus the pending ones with `withPending`; nullopt until counted or when
    /// counting failed.
    std::optional<qint64> count(bool withPending) const;
    /// Why the last count failed; empty when it did not.
    QString error() const { return m_error; }

Q_SIGNALS:
    void counted();

private:
    JobRunner* m_runner;
    std::optional<qint64> m_accepted;
    std::optional<qint64> m_pending;
    QString m_error;
};

/// A rate typed as 5e-4, 0.0005 or in the person's locale; nullopt unless a positive number.
std::optional<double> parseRate(const QLineEdit* edit);

/// A spin box named `name` (for tests and translations' context) with its range and step.
QDoubleSpinBox* doubleSpin(QWidget* parent, const char* name, double low, double high, int decimals,
                           double step);
QSpinBox* intSpin(QWidget* parent, const char* name, int low, int high);

/// What a form dialog ends with: a line in red naming what is wrong with the input (named
/// `problemName`) and OK / Cancel, OK labelled `okText`. OK calls the dialog's accept() (its
/// override, which checks the input again), Cancel reject(). The dialog lays them out.
struct DialogFooter
{
    QLabel* problem = nullptr;
    QPushButton* ok = nullptr;
    QDialogButtonBox* buttons = nullptr;
};
DialogFooter makeDialogFooter(QDialog* dialog, const char* problemName, const QString& okText);

} // namespace prefstudio::ui
