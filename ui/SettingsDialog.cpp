#include "ui/SettingsDialog.h"

#include "curation/FlagRecompute.h"
#include "ui/AppSettings.h"
#include "util/Error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

QDoubleSpinBox* ratioBox(const char* name, double value, double min, double max, int decimals,
                         QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setSingleStep(decimals > 2 ? 0.01 : 0.05);
    box->setValue(value);
    return box;
}

} // namespace

QList<QPair<QString, QString>> SettingsDialog::languages()
{
    // Each language is named in itself, so that a person can find theirs in any UI language.
    return {{QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

void SettingsDialog::askAnnotatorName(QWidget* parent)
{
    bool ok = false;
    const QString name = QInputDialog::getText(
        parent, tr("Welcome to PrefStudio"),
        tr("Your name, recorded with every review decision (you can change it in Settings):"),
        QLineEdit::Normal, qEnvironmentVariable("USER"), &ok);
    if (ok && !name.trimmed().isEmpty())
        AppSettings::setAnnotatorName(name);
}

SettingsDialog::SettingsDialog(const core::FlagThresholds& thresholds, QWidget* parent)
    : QDialog(parent), m_initial(thresholds), m_initialLanguage(AppSettings::language())
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    setMinimumWidth(440);

    auto* person = new QGroupBox(tr("You"), this);
    auto* personForm = new QFormLayout(person);
    m_annotator = new QLineEdit(AppSettings::annotatorName(), person);
    m_annotator->setObjectName(QStringLiteral("annotatorEdit"));
    m_annotator->setPlaceholderText(tr("Name recorded with every decision"));
    personForm->addRow(tr("Annotator name:"), m_annotator);

    auto* view = new QGroupBox(tr("Display"), this);
    auto* viewForm = new QFormLayout(view);
    m_thumbnail = new QSpinBox(view);
    m_thumbnail->setObjectName(QStringLiteral("thumbnailSizeSpin"));
    m_thumbnail->setRange(16, 256);
    m_thumbnail->setSuffix(tr(" px"));
    m_thumbnail->setValue(AppSettings::thumbnailSize());
    m_language = new QComboBox(view);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(tr("System language"), QString());
    for (const auto& [locale, name] : languages())
        m_language->addItem(name, locale);
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_initialLanguage)));
    viewForm->addRow(tr("Thumbnail size:"), m_thumbnail);
    viewForm->addRow(tr("Language:"), m_language);
    auto* restartNote = new QLabel(tr("A new language applies when PrefStudio starts next."), view);
    restartNote->setWordWrap(true);
    viewForm->addRow(QString(), restartNote);

    auto* flags = new QGroupBox(tr("Quality flags of this project"), this);
    auto* flagForm = new QFormLayout(flags);
    m_shortWords = new QSpinBox(flags);
    m_shortWords->setObjectName(QStringLiteral("flagShortWordsSpin"));
    m_shortWords->setRange(0, 1000);
    m_shortWords->setValue(thresholds.shortWords);
    m_lengthRatio = ratioBox("flagLengthRatioSpin", thresholds.lengthRatio, 1.0, 1000.0, 2, flags);
    m_repetition = ratioBox("flagRepetitionSpin", thresholds.repetition, 0.0, 1.0, 2, flags);
    m_nearDuplicate =
        ratioBox("flagNearDuplicateSpin", thresholds.nearDuplicate, 0.0, 1.0, 2, flags);
    m_echo = ratioBox("flagEchoSpin", thresholds.echo, 0.0, 1.0, 2, flags);
    m_tieEpsilon = ratioBox("flagTieEpsilonSpin", thresholds.tieEpsilon, 0.0, 1.0, 9, flags);
    flagForm->addRow(tr("Short: fewer words than"), m_shortWords);
    flagForm->addRow(tr("Length ratio above"), m_lengthRatio);
    flagForm->addRow(tr("Repeated 3-gram share above"), m_repetition);
    flagForm->addRow(tr("Near-duplicate similarity above"), m_nearDuplicate);
    flagForm->addRow(tr("Echoed prompt share above"), m_echo);
    flagForm->addRow(tr("Reward tie within"), m_tieEpsilon);
    auto* flagNote =
        new QLabel(tr("Changing a threshold recomputes the flags of every pair as a job."), flags);
    flagNote->setWordWrap(true);
    flagForm->addRow(flagNote);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(person);
    layout->addWidget(view);
    layout->addWidget(flags);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

QString SettingsDialog::annotatorName() const
{
    return m_annotator->text().trimmed();
}

int SettingsDialog::thumbnailSize() const
{
    return m_thumbnail->value();
}

QString SettingsDialog::language() const
{
    return m_language->currentData().toString();
}

core::FlagThresholds SettingsDialog::thresholds() const
{
    core::FlagThresholds t = m_initial;
    t.shortWords = m_shortWords->value();
    t.lengthRatio = m_lengthRatio->value();
    t.repetition = m_repetition->value();
    t.nearDuplicate = m_nearDuplicate->value();
    t.echo = m_echo->value();
    t.tieEpsilon = m_tieEpsilon->value();
    return t;
}

bool SettingsDialog::thresholdsChanged() const
{
    const core::FlagThresholds now = thresholds();
    // The spin boxes round to their decimals: compare what they show, not the raw doubles.
    const auto shown = [](const QDoubleSpinBox* box, double value) {
        return box->valueFromText(box->textFromValue(value));
    };
    return now.shortWords != m_initial.shortWords ||
           now.lengthRatio != shown(m_lengthRatio, m_initial.lengthRatio) ||
           now.repetition != shown(m_repetition, m_initial.repetition) ||
           now.nearDuplicate != shown(m_nearDuplicate, m_initial.nearDuplicate) ||
           now.echo != shown(m_echo, m_initial.echo) ||
           now.tieEpsilon != shown(m_tieEpsilon, m_initial.tieEpsilon);
}

bool SettingsDialog::languageChanged() const
{
    return language() != m_initialLanguage;
}

void SettingsDialog::saveAppSettings() const
{
    AppSettings::setAnnotatorName(annotatorName());
    AppSettings::setThumbnailSize(thumbnailSize());
    AppSettings::setLanguage(language());
}

void SettingsDialog::accept()
{
    try {
        core::validateFlagThresholds(thresholds());
    } catch (const core::Error& e) {
        m_error->setText(tr("Cannot use these thresholds: %1").arg(QString::fromUtf8(e.what())));
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace prefstudio::ui
