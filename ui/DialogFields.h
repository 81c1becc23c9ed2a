#pragma once

#include <optional>

class QDialog;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QString;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace prefstudio::core {
class Project;
}

namespace prefstudio::ui {

/// Pairs a training or hand-off would take: accepted ones, and pending ones (taken with
/// "accepted and pending").
struct PairCounts
{
    long long accepted = 0;
    long long pending = 0;
};
PairCounts countReviewedPairs(core::Project& project);

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
