#include "ui/ExportDialog.h"

#include "curation/QualityFlags.h"
#include "ui/JobRunner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

constexpr int kCountDelayMs = 150;

std::uint32_t allFlagBits()
{
    std::uint32_t bits = 0;
    for (const auto& info : core::qualityFlagInfos())
        bits |= info.bit;
    return bits;
}

} // namespace

ExportDialog::ExportDialog(JobRunner* runner, const std::filesystem::path& projectDir,
                           QWidget* parent)
    : QDialog(parent), m_runner(runner), m_projectDir(projectDir)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export pairs"));
    setMinimumWidth(600);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormatCombo"));
    const QHash<QString, QString> descriptions = {
        {QStringLiteral("trl"), tr("TRL DPOTrainer (JSON Lines)")},
        {QStringLiteral("llava"), tr("LLaVA-style conversations (JSON)")},
        {QStringLiteral("llamafactory"),
         tr("LLaMA-Factory sharegpt ranking (JSON + dataset_info)")},
        {QStringLiteral("rlaif-v"), tr("RLAIF-V (JSON Lines)")}};
    for (const std::string& format : core::exportFormats()) {
        const QString name = QString::fromStdString(format);
        m_format->addItem(name, name);
        m_format->setItemData(m_format->count() - 1, descriptions.value(name), Qt::ToolTipRole);
    }

    m_selection = new QComboBox(this);
    m_selection->setObjectName(QStringLiteral("exportSelectionCombo"));
    m_selection->addItem(tr("Accepted pairs"), QStringList{QStringLiteral("accepted")});
    m_selection->addItem(tr("Accepted and pending pairs"),
                         QStringList{QStringLiteral("accepted"), QStringLiteral("pending")});
    m_selection->addItem(tr("Pending pairs"), QStringList{QStringLiteral("pending")});
    m_selection->addItem(tr("Rejected pairs"), QStringList{QStringLiteral("rejected")});
    m_selection->addItem(tr("All pairs"),
                         QStringList{QStringLiteral("accepted"), QStringLiteral("pending"),
                                     QStringLiteral("rejected")});

    m_excludeFlagged = new QCheckBox(tr("Leave out pairs with quality flags"), this);
    m_excludeFlagged->setObjectName(QStringLiteral("exportExcludeFlaggedCheck"));

    m_useMinMargin = new QCheckBox(tr("Only pairs with a reward margin of at least"), this);
    m_useMinMargin->setObjectName(QStringLiteral("exportMinMarginCheck"));
    m_minMargin = new QDoubleSpinBox(this);
    m_minMargin->setObjectName(QStringLiteral("exportMinMarginSpin"));
    m_minMargin->setRange(-1e6, 1e6);
    m_minMargin->setDecimals(3);
    m_minMargin->setSingleStep(0.05);
    m_minMargin->setEnabled(false);
    auto* marginRow = new QHBoxLayout;
    marginRow->addWidget(m_useMinMargin);
    marginRow->addWidget(m_minMargin);
    marginRow->addStretch(1);

    m_output = new QLineEdit(this);
    m_output->setObjectName(QStringLiteral("exportPathEdit"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("exportBrowseButton"));
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(browse);
    m_replace = new QCheckBox(tr("Replace the folder if it exists"), this);
    m_replace->setObjectName(QStringLiteral("exportReplaceCheck"));

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("exportCountLabel"));
    QFont bold = m_countLabel->font();
    bold.setBold(true);
    m_countLabel->setFont(bold);

    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Pairs:"), m_selection);
    form->addRow(QString(), m_excludeFlagged);
    form->addRow(QString(), marginRow);
    form->addRow(tr("Folder:"), outputRow);
    form->addRow(QString(), m_replace);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("exportOkButton"));
    auto* note = new QLabel(
        tr("The folder is written in full or not at all: images, data file and a manifest."), this);
    note->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_countLabel);
    layout->addWidget(note);
    layout->addWidget(m_buttons);

    m_delay = new QTimer(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(kCountDelayMs);
    connect(m_delay, &QTimer::timeout, this, &ExportDialog::startCount);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::followFormat);
    connect(m_selection, &QComboBox::currentIndexChanged, this, &ExportDialog::scheduleCount);
    connect(m_excludeFlagged, &QCheckBox::toggled, this, &ExportDialog::scheduleCount);
    connect(m_useMinMargin, &QCheckBox::toggled, m_minMargin, &QWidget::setEnabled);
    connect(m_useMinMargin, &QCheckBox::toggled, this, &ExportDialog::scheduleCount);
    connect(m_minMargin, &QDoubleSpinBox::valueChanged, this, &ExportDialog::scheduleCount);
    connect(m_output, &QLineEdit::textChanged, this, &ExportDialog::updateOkButton);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    followFormat();
    startCount();
}

core::ExportOptions ExportDialog::options() const
{
    core::ExportOptions options;
    options.format = m_format->currentData().toString().toStdString();
    options.statuses.clear();
    for (const QString& status : m_selection->currentData().toStringList())
        options.statuses.push_back(status.toStdString());
    if (m_excludeFlagged->isChecked())
        options.excludeFlags = allFlagBits();
    if (m_useMinMargin->isChecked())
        options.minMargin = m_minMargin->value();
    options.force = m_replace->isChecked();
    return options;
}

std::filesystem::path ExportDialog::outputFolder() const
{
    return std::filesystem::path(m_output->text().trimmed().toStdString());
}

void ExportDialog::setOutputFolder(const QString& folder)
{
    m_output->setText(folder);
}

void ExportDialog::followFormat()
{
    // Keep suggesting a fresh folder named after the format until the user types their own.
    if (m_output->text().isEmpty() || m_output->text() == m_suggested) {
        const QString stamp =
            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        const QDir exports(QString::fromStdString((m_projectDir / "exports").string()));
        m_suggested =
            exports.filePath(m_format->currentData().toString() + QLatin1Char('-') + stamp);
        m_output->setText(m_suggested);
    }
    updateOkButton();
}

void ExportDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export folder"), m_output->text(), QString(), nullptr, QFileDialog::ShowDirsOnly);
    if (!chosen.isEmpty())
        m_output->setText(chosen);
}

void ExportDialog::scheduleCount()
{
    m_count = -1;
    m_countLabel->setText(tr("Counting…"));
    updateOkButton();
    m_delay->start();
}

void ExportDialog::startCount()
{
    m_delay->stop();
    m_count = -1;
    m_countLabel->setText(tr("Counting…"));
    updateOkButton();
    const int generation = ++m_generation;
    const core::ExportOptions selection = options();
    m_runner->read<qint64>(
        this,
        [selection](core::Project& project) {
            return static_cast<qint64>(core::countExportable(project, selection));
        },
        [this, generation](qint64 count) {
            if (generation != m_generation)
                return;
            m_count = count;
            m_countLabel->setText(count == 0 ? tr("No pair matches: nothing to export.")
                                             : tr("%Ln pair(s) will be written.", "", int(count)));
            updateOkButton();
            Q_EMIT countUpdated();
        },
        [this, generation](const QString& error) {
            if (generation != m_generation)
                return;
            m_count = -1;
            m_countLabel->setText(tr("Cannot count: %1").arg(error));
            updateOkButton();
            Q_EMIT countUpdated();
        });
}

void ExportDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(m_count > 0 && !m_output->text().trimmed().isEmpty());
}

} // namespace prefstudio::ui
