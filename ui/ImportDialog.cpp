#include "ui/ImportDialog.h"

#include "io/ImportFormat.h"
#include "io/ImportPreview.h"
#include "ui/AppSettings.h"
#include "util/Error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace prefstudio::ui {

namespace {

constexpr int kTypingDelayMs = 300;

// Prefixed: inside a QDialog, a bare `Rejected` would be QDialog::Rejected.
enum PreviewColumn {
    kLineColumn,
    kPromptColumn,
    kChosenColumn,
    kRejectedColumn,
    kImageColumn,
    kColumnCount
};

QString oneLine(const std::string& text)
{
    return QString::fromStdString(text).simplified();
}

} // namespace

struct ImportDialog::Outcome
{
    int generation = 0;
    core::ImportPreview preview;
    QString error; ///< non-empty: the file as a whole cannot be imported
};

ImportDialog::ImportDialog(QWidget* parent)
    : QDialog(parent), m_watcher(new QFutureWatcher<std::shared_ptr<Outcome>>(this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import data"));
    resize(900, 560);

    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("importFileEdit"));
    m_file->setPlaceholderText(tr("A JSON or JSON Lines file"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("importBrowseButton"));
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("importFormatCombo"));
    m_format->addItem(tr("Detect from the first record"), QStringLiteral("auto"));
    for (const std::string& name : core::importFormatNames())
        m_format->addItem(QString::fromStdString(name), QString::fromStdString(name));

    m_skipBad =
        new QCheckBox(tr("Import the good records and write the bad ones to a report"), this);
    m_skipBad->setObjectName(QStringLiteral("importSkipBadCheck"));

    auto* form = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Format:"), m_format);
    form->addRow(QString(), m_skipBad);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("importSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setText(tr("Choose a file to see its first records."));

    m_records = new QTableWidget(0, kColumnCount, this);
    m_records->setObjectName(QStringLiteral("importPreviewTable"));
    m_records->setHorizontalHeaderLabels(
        {tr("Line"), tr("Prompt"), tr("Chosen"), tr("Rejected"), tr("Image")});
    m_records->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_records->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_records->setWordWrap(false);
    m_records->verticalHeader()->hide();
    m_records->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_records->horizontalHeader()->setStretchLastSection(true);
    m_records->setColumnWidth(kLineColumn, 50);
    m_records->setColumnWidth(kPromptColumn, 260);
    m_records->setColumnWidth(kChosenColumn, 200);
    m_records->setColumnWidth(kRejectedColumn, 200);

    m_problems = new QPlainTextEdit(this);
    m_problems->setObjectName(QStringLiteral("importProblemsView"));
    m_problems->setReadOnly(true);
    m_problems->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_problems->setPlaceholderText(tr("Problems found in the previewed records appear here."));
    m_problems->setMaximumHeight(120);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("importButtons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("importOkButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_records, 1);
    layout->addWidget(new QLabel(tr("Problems:"), this));
    layout->addWidget(m_problems);
    layout->addWidget(m_buttons);

    m_delay = new QTimer(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(kTypingDelayMs);
    connect(m_delay, &QTimer::timeout, this, &ImportDialog::startPreview);
    connect(m_file, &QLineEdit::textChanged, this, &ImportDialog::schedulePreview);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportDialog::startPreview);
    connect(m_skipBad, &QCheckBox::toggled, this, &ImportDialog::updateOkButton);
    connect(browse, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, [this] {
        const std::shared_ptr<Outcome> outcome = m_watcher->result();
        // A result for an older file or format: a newer preview is on its way.
        if (outcome && outcome->generation == m_generation)
            showPreview(*outcome);
    });
    updateOkButton();
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::setFile(const QString& file)
{
    m_file->setText(file);
    startPreview();
}

std::filesystem::path ImportDialog::file() const
{
    return std::filesystem::path(m_file->text().trimmed().toStdString());
}

core::ImportOptions ImportDialog::options() const
{
    core::ImportOptions options;
    options.format = core::importFormatFromName(m_format->currentData().toString().toStdString())
                         .value_or(core::ImportFormat::Auto);
    options.skipBad = m_skipBad->isChecked();
    return options;
}

void ImportDialog::browse()
{
    const QString start = m_file->text().isEmpty()
                              ? AppSettings::lastFolder(QStringLiteral("import"))
                              : QFileInfo(m_file->text()).absolutePath();
    const QString chosen = QFileDialog::getOpenFileName(
        this, tr("Import data"), start, tr("JSON data (*.json *.jsonl);;All files (*)"));
    if (chosen.isEmpty())
        return;
    AppSettings::setLastFolder(QStringLiteral("import"), QFileInfo(chosen).absolutePath());
    setFile(chosen);
}

void ImportDialog::schedulePreview()
{
    m_previewReady = false;
    m_previewUsable = false;
    updateOkButton();
    m_delay->start();
}

void ImportDialog::startPreview()
{
    m_delay->stop();
    const int generation = ++m_generation;
    m_previewReady = false;
    m_previewUsable = false;
    updateOkButton();
    const QString text = m_file->text().trimmed();
    if (text.isEmpty()) {
        m_summary->setText(tr("Choose a file to see its first records."));
        m_records->setRowCount(0);
        m_problems->clear();
        return;
    }
    m_summary->setText(tr("Reading %1…").arg(QFileInfo(text).fileName()));
    const std::filesystem::path path = file();
    const core::ImportFormat format = options().format;
    // Reading and parsing the file (and probing its images) happens off the UI thread.
    m_watcher->setFuture(QtConcurrent::run([generation, path, format] {
        auto outcome = std::make_shared<Outcome>();
        outcome->generation = generation;
        try {
            outcome->preview = core::previewImport(path, format, kPreviewRecords);
        } catch (const core::Error& e) {
            outcome->error = QString::fromUtf8(e.what());
        } catch (const std::exception& e) {
            outcome->error = QString::fromUtf8(e.what());
        }
        return outcome;
    }));
}

void ImportDialog::showPreview(const Outcome& outcome)
{
    m_previewReady = true;
    m_records->setRowCount(0);
    m_problems->clear();
    if (!outcome.error.isEmpty()) {
        m_previewUsable = false;
        m_summary->setText(tr("This file cannot be imported: %1").arg(outcome.error));
        m_problems->setPlainText(outcome.error);
        updateOkButton();
        Q_EMIT previewUpdated();
        return;
    }
    const core::ImportPreview& preview = outcome.preview;
    const QString formatName = QString::fromStdString(core::importFormatName(preview.format));
    const QString format = preview.formatSniffed ? tr("format %1 (detected)").arg(formatName)
                                                 : tr("format %1").arg(formatName);
    const QString scope = preview.more ? tr("the first %n record(s)", "", int(preview.scanned))
                                       : tr("all %n record(s)", "", int(preview.scanned));
    m_summary->setText(tr("%1 · %2: %3 good, %4 with problems")
                           .arg(format, scope)
                           .arg(preview.records.size())
                           .arg(preview.problems.size()));
    m_records->setRowCount(static_cast<int>(preview.records.size()));
    int row = 0;
    for (const core::PreviewRecord& record : preview.records) {
        const QString cells[kColumnCount] = {
            QString::number(record.line), oneLine(record.prompt),
            record.chosen.empty() ? tr("(%n candidate(s), no pair)", "", record.candidates)
                                  : oneLine(record.chosen),
            oneLine(record.rejected), QString::fromStdString(record.image)};
        for (int column = 0; column < kColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(cells[column]);
            m_records->setItem(row, column, item);
        }
        ++row;
    }
    QStringList problems;
    for (const core::PreviewProblem& problem : preview.problems)
        problems << (problem.line ? tr("line %1: %2")
                                        .arg(problem.line)
                                        .arg(QString::fromStdString(problem.message))
                                  : QString::fromStdString(problem.message));
    m_problems->setPlainText(problems.join(QLatin1Char('\n')));
    // Without --skip-bad one bad record stops the whole import: say so before it runs.
    m_previewUsable = !preview.records.empty();
    updateOkButton();
    Q_EMIT previewUpdated();
}

void ImportDialog::updateOkButton()
{
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(m_previewReady && m_previewUsable);
    if (m_previewReady && m_previewUsable && !m_problems->toPlainText().isEmpty() &&
        !m_skipBad->isChecked())
        ok->setToolTip(tr("Records with problems stop the import; tick the option above to "
                          "import the good ones."));
    else
        ok->setToolTip(QString());
}

} // namespace prefstudio::ui
