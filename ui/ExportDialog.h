#pragma once

#include <QDialog>

#include <filesystem>

#include "io/Exporter.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QTimer;

namespace prefstudio::ui {

class JobRunner;

/// File > Export: format, which pairs (by status, without flagged ones, above a margin), the
/// output folder, and a live count of the pairs that will be written (counted off the UI
/// thread on the runner's read connection).
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    /// `projectDir` gives the default output folder (its exports/ folder).
    ExportDialog(JobRunner* runner, const std::filesystem::path& projectDir,
                 QWidget* parent = nullptr);

    core::ExportOptions options() const;
    std::filesystem::path outputFolder() const;
    void setOutputFolder(const QString& folder);
    /// The last count shown; -1 while counting or when the selection is invalid.
    qint64 count() const { return m_count; }

Q_SIGNALS:
    /// The live count label was updated (count() holds the value).
    void countUpdated();

private:
    void scheduleCount();
    void startCount();
    void followFormat();
    void browse();
    void updateOkButton();

    JobRunner* m_runner;
    std::filesystem::path m_projectDir;
    QComboBox* m_format;
    QComboBox* m_selection;
    QCheckBox* m_excludeFlagged;
    QCheckBox* m_useMinMargin;
    QDoubleSpinBox* m_minMargin;
    QLineEdit* m_output;
    QCheckBox* m_replace;
    QLabel* m_countLabel;
    QDialogButtonBox* m_buttons;
    QTimer* m_delay;
    QString m_suggested; ///< the output path we filled in; replaced while the user keeps it
    int m_generation = 0;
    qint64 m_count = -1;
};

} // namespace prefstudio::ui
