#pragma once

#include <QDialog>
#include <QFutureWatcher>

#include <filesystem>
#include <memory>

#include "io/Importer.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;
class QTimer;

namespace prefstudio::core {
struct ImportPreview;
}

namespace prefstudio::ui {

/// File > Import: a data file, its format ("auto" sniffs it), skip-bad, and a preview of the
/// first records with the problems found among them, computed off the UI thread.
class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ImportDialog(QWidget* parent = nullptr);
    ~ImportDialog() override;

    void setFile(const QString& file);
    std::filesystem::path file() const;
    /// The options to pass to core::importFile.
    core::ImportOptions options() const;
    /// True once a preview has been shown for the current file and format.
    bool previewReady() const { return m_previewReady; }

    static constexpr int kPreviewRecords = 20;

Q_SIGNALS:
    /// A preview (or its failure) is on screen.
    void previewUpdated();

private:
    struct Outcome;
    void schedulePreview();
    void startPreview();
    void showPreview(const Outcome& outcome);
    void browse();
    void updateOkButton();

    QLineEdit* m_file;
    QComboBox* m_format;
    QCheckBox* m_skipBad;
    QLabel* m_summary;
    QTableWidget* m_records;
    QPlainTextEdit* m_problems;
    QDialogButtonBox* m_buttons;
    QTimer* m_delay;
    QFutureWatcher<std::shared_ptr<Outcome>>* m_watcher;
    int m_generation = 0;
    bool m_previewReady = false;
    bool m_previewUsable = false;
};

} // namespace prefstudio::ui
