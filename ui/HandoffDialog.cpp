#include "ui/HandoffDialog.h"

#include "io/Handoff.h"
#include "ui/DialogFields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

const QString kDefaultModel = QStringLiteral("llava-hf/llava-1.5-7b-hf");

} // namespace

HandoffDialog::HandoffDialog(JobRunner* runner, const QString& projectDir, QWidget* parent)
    : QDialog(parent), m_projectDir(projectDir)
{
    setObjectName(QStringLiteral("handoffDialog"));
    setWindowTitle(tr("Hand Off to TRL or LLaMA-Factory"));
    setMinimumWidth(640); // the launcher's and the folder's paths need the room
    m_pairs = new ReviewedPairCounter(runner, this);
    connect(m_pairs, &ReviewedPairCounter::counted, this, [this] {
        validate();
        Q_EMIT pairsCounted();
    });
    buildFields();
    engineChanged();
    launcherChanged();
    m_pairs->read();
    validate();
}

void HandoffDialog::buildFields()
{
    const core::HandoffOptions paper; // the paper's recipe, as the CLI's defaults
    auto* form = new QFormLayout;
    m_engine = new QComboBox(this);
    m_engine->setObjectName(QStringLiteral("handoffEngine"));
    m_engine->addItem(tr("TRL (trl dpo)"), QStringLiteral("trl"));
    m_engine->addItem(tr("LLaMA-Factory (llamafactory-cli train)"), QStringLiteral("llamafactory"));
    form->addRow(tr("Engine:"), m_engine);

    m_model = new QLineEdit(kDefaultModel, this);
    m_model->setObjectName(QStringLiteral("handoffModel"));
    m_model->setToolTip(tr("As the engine will find it: a Hugging Face Hub id, or a folder on "
                           "the machine that runs the engine"));
    form->addRow(tr("Base model:"), m_model);
    m_template = new QLineEdit(QString::fromStdString(paper.chatTemplate), this);
    m_template->setObjectName(QStringLiteral("handoffTemplate"));
    m_template->setToolTip(tr("LLaMA-Factory's chat template; it must fit the model"));
    form->addRow(tr("Chat template:"), m_template);

    m_selection = new QComboBox(this);
    m_selection->setObjectName(QStringLiteral("handoffSelection"));
    m_selection->addItem(tr("Accepted pairs"), QStringLiteral("accepted"));
    m_selection->addItem(tr("Accepted and pending pairs"), QStringLiteral("accepted,pending"));
    m_count = new QLabel(tr("Counting pairs…"), this);
    m_count->setObjectName(QStringLiteral("handoffPairCount"));
    auto* selectionRow = new QHBoxLayout;
    selectionRow->addWidget(m_selection);
    selectionRow->addWidget(m_count, 1);
    form->addRow(tr("Export:"), selectionRow);

    m_beta = doubleSpin(this, "handoffBeta", 0.001, 10, 3, 0.05);
    m_beta->setValue(paper.beta);
    form->addRow(tr("Beta:"), m_beta);
    m_lr = new QLineEdit(QString::number(paper.learningRate, 'g', 10), this);
    m_lr->setObjectName(QStringLiteral("handoffLr"));
    form->addRow(tr("Learning rate:"), m_lr);
    m_epochs = doubleSpin(this, "handoffEpochs", 0.01, 100, 2, 0.5);
    m_epochs->setValue(paper.epochs);
    form->addRow(tr("Epochs:"), m_epochs);
    m_batch = intSpin(this, "handoffBatch", 1, 4096);
    m_batch->setValue(int(paper.perDeviceBatchSize));
    m_gradAccum = intSpin(this, "handoffGradAccum", 1, 4096);
    m_gradAccum->setValue(int(paper.gradientAccumulation));
    auto* batchRow = new QHBoxLayout;
    batchRow->addWidget(m_batch);
    batchRow->addWidget(new QLabel(tr("accumulated over"), this));
    batchRow->addWidget(m_gradAccum);
    batchRow->addWidget(new QLabel(tr("steps"), this));
    batchRow->addStretch(1);
    form->addRow(tr("Pairs per device:"), batchRow);
    m_loraR = intSpin(this, "handoffLoraR", 1, 4096);
    m_loraR->setValue(int(paper.loraRank));
    m_loraAlpha = intSpin(this, "handoffLoraAlpha", 1, 65536);
    m_loraAlpha->setValue(int(paper.loraAlpha));
    auto* loraRow = new QHBoxLayout;
    loraRow->addWidget(m_loraR);
    loraRow->addWidget(new QLabel(tr("alpha"), this));
    loraRow->addWidget(m_loraAlpha);
    loraRow->addStretch(1);
    form->addRow(tr("LoRA rank:"), loraRow);
    m_saveEvery = intSpin(this, "handoffSaveEvery", 0, 1'000'000);
    m_saveEvery->setValue(int(paper.saveSteps));
    m_saveEvery->setSpecialValueText(tr("only at the end"));
    m_saveEvery->setToolTip(tr("TRL writes its metrics only into checkpoints: this is also how "
                               "often they can be read back"));
    form->addRow(tr("Checkpoint every:"), m_saveEvery);

    m_launcher = new QComboBox(this);
    m_launcher->setObjectName(QStringLiteral("handoffLauncher"));
    m_launcher->addItem(tr("The engine's command"), QString());
    m_launcher->addItem(tr("accelerate launch"), QStringLiteral("accelerate"));
    m_launcher->addItem(tr("deepspeed"), QStringLiteral("deepspeed"));
    m_launcher->addItem(tr("A command prefix (sbatch, ssh, …)"), QStringLiteral("prefix"));
    m_launcherText = new QLineEdit(this);
    m_launcherText->setObjectName(QStringLiteral("handoffLauncherText"));
    auto* launcherRow = new QHBoxLayout;
    launcherRow->addWidget(m_launcher);
    launcherRow->addWidget(m_launcherText, 1);
    form->addRow(tr("Launch with:"), launcherRow);

    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("handoffFolder"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getSaveFileName(this, tr("Hand-off folder"), m_folder->text(), QString(),
                                         nullptr, QFileDialog::ShowDirsOnly);
        if (!folder.isEmpty())
            m_folder->setText(folder);
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    form->addRow(tr("Write to:"), folderRow);

    m_run = new QCheckBox(tr("Run the command here and chart its metrics as it logs them"), this);
    m_run->setObjectName(QStringLiteral("handoffRun"));
    m_run->setToolTip(tr("Otherwise the folder and the command are written, and the run waits "
                         "in the Training tab until its log is read back"));
    form->addRow(tr("Run:"), m_run);

    const DialogFooter footer = makeDialogFooter(this, "handoffProblem", tr("Write Hand-off"));
    m_problem = footer.problem;
    m_write = footer.ok;
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(footer.buttons);

    connect(m_engine, &QComboBox::currentIndexChanged, this, &HandoffDialog::engineChanged);
    connect(m_launcher, &QComboBox::currentIndexChanged, this, &HandoffDialog::launcherChanged);
    connect(m_selection, &QComboBox::currentIndexChanged, m_pairs, &ReviewedPairCounter::read);
    for (QLineEdit* edit : {m_model, m_template, m_lr, m_launcherText, m_folder})
        connect(edit, &QLineEdit::textChanged, this, &HandoffDialog::validate);
}

QString HandoffDialog::defaultFolder() const
{
    return QDir(m_projectDir)
        .filePath(
            QStringLiteral("exports/handoff-%1-%2")
                .arg(m_engine->currentData().toString(),
                     QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
}

void HandoffDialog::engineChanged()
{
    const bool llamaFactory = m_engine->currentData().toString() == QLatin1String("llamafactory");
    m_template->setEnabled(llamaFactory);
    // A folder the person typed stays; the suggested one follows the engine.
    if (m_folder->text().isEmpty() || m_folder->text() == m_suggestedFolder) {
        m_suggestedFolder = defaultFolder();
        m_folder->setText(m_suggestedFolder);
    }
    validate();
}

void HandoffDialog::launcherChanged()
{
    const QString launcher = m_launcher->currentData().toString();
    m_launcherText->setEnabled(!launcher.isEmpty());
    if (launcher == QLatin1String("accelerate"))
        m_launcherText->setPlaceholderText(
            tr("accelerate config file, or a TRL profile such as multi_gpu (optional)"));
    else if (launcher == QLatin1String("deepspeed"))
        m_launcherText->setPlaceholderText(
            tr("DeepSpeed JSON config, or for TRL zero1, zero2 or zero3 (optional)"));
    else if (launcher == QLatin1String("prefix"))
        m_launcherText->setPlaceholderText(tr("e.g. sbatch --wait --wrap"));
    else
        m_launcherText->setPlaceholderText(QString());
    validate();
}

std::optional<qint64> HandoffDialog::pairCount() const
{
    return m_pairs->count(m_selection->currentData().toString().contains(QLatin1String("pending")));
}

QString HandoffDialog::problem() const
{
    if (!m_pairs->error().isEmpty())
        return tr("The pairs could not be counted: %1").arg(m_pairs->error());
    const std::optional<qint64> count = pairCount();
    if (count && *count == 0)
        return m_selection->currentData().toString() == QLatin1String("accepted")
                   ? tr("No accepted pairs to hand off: accept pairs in the Review tab, or "
                        "export accepted and pending pairs.")
                   : tr("No accepted or pending pairs to hand off.");
    if (m_model->text().trimmed().isEmpty())
        return tr("Name the base model as the engine will load it, such as %1.").arg(kDefaultModel);
    if (m_template->isEnabled() && m_template->text().trimmed().isEmpty())
        return tr("Name LLaMA-Factory's chat template for the model, such as llava.");
    if (!parseRate(m_lr))
        return tr("The learning rate must be a positive number, such as 1e-5.");
    if (m_launcher->currentData().toString() == QLatin1String("prefix") &&
        m_launcherText->text().trimmed().isEmpty())
        return tr("Type the command prefix the engine's command is given to, such as sbatch "
                  "--wait --wrap.");
    const QString folder = m_folder->text().trimmed();
    if (folder.isEmpty())
        return tr("Choose the folder to write the hand-off to.");
    const QFileInfo info(folder);
    if (info.exists() && !(info.isDir() && QDir(folder).isEmpty()))
        return tr("%1 already exists; choose a new folder.").arg(folder);
    return {};
}

void HandoffDialog::validate()
{
    if (const std::optional<qint64> count = pairCount())
        m_count->setText(tr("%1 pairs").arg(QLocale().toString(*count)));
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    m_write->setEnabled(text.isEmpty() && pairCount().has_value());
}

QStringList HandoffDialog::arguments() const
{
    auto number = [](double value) { return QString::number(value, 'g', 10); };
    const QString engine = m_engine->currentData().toString();
    QStringList args = {QStringLiteral("handoff"),
                        m_projectDir,
                        m_folder->text().trimmed(),
                        QStringLiteral("--engine"),
                        engine,
                        QStringLiteral("--model"),
                        m_model->text().trimmed(),
                        QStringLiteral("--status"),
                        m_selection->currentData().toString(),
                        QStringLiteral("--beta"),
                        number(m_beta->value()),
                        QStringLiteral("--lr"),
                        number(parseRate(m_lr).value_or(0)),
                        QStringLiteral("--epochs"),
                        number(m_epochs->value()),
                        QStringLiteral("--batch"),
                        QString::number(m_batch->value()),
                        QStringLiteral("--grad-accum"),
                        QString::number(m_gradAccum->value()),
                        QStringLiteral("--lora-r"),
                        QString::number(m_loraR->value()),
                        QStringLiteral("--lora-alpha"),
                        QString::number(m_loraAlpha->value()),
                        QStringLiteral("--save-every"),
                        QString::number(m_saveEvery->value())};
    if (engine == QLatin1String("llamafactory"))
        args << QStringLiteral("--template") << m_template->text().trimmed();
    const QString launcher = m_launcher->currentData().toString();
    const QString launcherText = m_launcherText->text().trimmed();
    if (launcher == QLatin1String("prefix")) {
        args << QStringLiteral("--launcher") << launcherText;
    } else if (!launcher.isEmpty()) {
        args << QStringLiteral("--launcher") << launcher;
        if (!launcherText.isEmpty())
            args << QStringLiteral("--launcher-config") << launcherText;
    }
    if (m_run->isChecked())
        args << QStringLiteral("--run");
    return args;
}

void HandoffDialog::accept()
{
    validate(); // the folder may have appeared since
    if (!m_write->isEnabled())
        return;
    QDialog::accept();
}

} // namespace prefstudio::ui
