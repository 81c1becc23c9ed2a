#include "ui/TrainingDialog.h"

#include "store/Project.h"
#include "ui/DialogFields.h"
#include "ui/ExternalJob.h"

#include <QCheckBox>
#include <QComboBox>
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

#include <cmath>

namespace prefstudio::ui {

namespace {

bool same(double a, double b)
{
    return std::abs(a - b) <= 1e-12 * std::max({1.0, std::abs(a), std::abs(b)});
}

QString optionNumber(double value)
{
    return QString::number(value, 'g', 10);
}

} // namespace

DpoHyperParameters DpoHyperParameters::preset(const QString& name)
{
    // As DpoTrainingOptions::demoPreset() and paperPreset() in core/ml.
    DpoHyperParameters p;
    if (name == QLatin1String("paper")) {
        p.lr = 1e-5;
        p.batch = 4;
        p.loraR = 128;
        p.loraAlpha = 256;
        p.trainProjector = true;
    }
    return p;
}

QStringList DpoHyperParameters::overridesOf(const DpoHyperParameters& base) const
{
    QStringList args;
    auto add = [&args](const char* option, const QString& value) {
        args << QString::fromLatin1(option) << value;
    };
    if (loss != base.loss)
        add("--loss", loss);
    if (!same(beta, base.beta))
        add("--beta", optionNumber(beta));
    if (!same(lr, base.lr))
        add("--lr", optionNumber(lr));
    if (!same(epochs, base.epochs))
        add("--epochs", optionNumber(epochs));
    if (maxSteps != base.maxSteps)
        add("--max-steps", QString::number(maxSteps));
    if (batch != base.batch)
        add("--batch", QString::number(batch));
    if (loraR != base.loraR)
        add("--lora-r", QString::number(loraR));
    if (!same(loraAlpha, base.loraAlpha))
        add("--lora-alpha", optionNumber(loraAlpha));
    if (trainProjector != base.trainProjector)
        add("--train-projector", trainProjector ? QStringLiteral("true") : QStringLiteral("false"));
    if (trainProjector && !same(projectorLr, base.projectorLr))
        add("--projector-lr", optionNumber(projectorLr));
    if (!same(rpoAlpha, base.rpoAlpha))
        add("--rpo-alpha", optionNumber(rpoAlpha));
    if (gradientCheckpointing != base.gradientCheckpointing)
        add("--gradient-checkpointing",
            gradientCheckpointing ? QStringLiteral("true") : QStringLiteral("false"));
    if (saveEvery != base.saveEvery)
        add("--save-every", QString::number(saveEvery));
    return args;
}

bool DpoHyperParameters::operator==(const DpoHyperParameters& other) const
{
    return overridesOf(other).isEmpty() && other.overridesOf(*this).isEmpty();
}

TrainingDialog::TrainingDialog(JobRunner* runner, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("trainingDialog"));
    setWindowTitle(tr("Train with DPO"));
    m_pairs = new ReviewedPairCounter(runner, this);
    connect(m_pairs, &ReviewedPairCounter::counted, this, [this] {
        validate();
        Q_EMIT pairsCounted();
    });
    buildFields();
    fill(DpoHyperParameters::preset(m_basePreset));
    m_pairs->read();
    validate();
}

void TrainingDialog::buildFields()
{
    auto* form = new QFormLayout;
    m_selection = new QComboBox(this);
    m_selection->setObjectName(QStringLiteral("trainingSelection"));
    m_selection->addItem(tr("Accepted pairs"), QStringLiteral("accepted"));
    m_selection->addItem(tr("Accepted and pending pairs"), QStringLiteral("unrejected"));
    m_count = new QLabel(tr("Counting pairs…"), this);
    m_count->setObjectName(QStringLiteral("trainingPairCount"));
    auto* selectionRow = new QHBoxLayout;
    selectionRow->addWidget(m_selection);
    selectionRow->addWidget(m_count, 1);
    form->addRow(tr("Train on:"), selectionRow);

    m_model = new QLineEdit(demoPolicyFolder(), this);
    m_model->setObjectName(QStringLiteral("trainingModel"));
    m_model->setPlaceholderText(
        tr("Checkpoint folder (config.json, *.safetensors, tokenizer.json)"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Base model folder"), m_model->text());
        if (!folder.isEmpty())
            m_model->setText(folder);
    });
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(browse);
    form->addRow(tr("Base model:"), modelRow);

    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("trainingPreset"));
    m_preset->addItem(tr("Demo (small LoRA, fast on a CPU)"), QStringLiteral("demo"));
    m_preset->addItem(tr("Paper (LoRA r 128, projector trained)"), QStringLiteral("paper"));
    m_preset->addItem(tr("Custom"), QStringLiteral("custom"));
    form->addRow(tr("Preset:"), m_preset);

    m_loss = new QComboBox(this);
    m_loss->setObjectName(QStringLiteral("trainingLoss"));
    for (const char* loss : {"sigmoid", "conservative", "ipo", "hinge"})
        m_loss->addItem(QString::fromLatin1(loss), QString::fromLatin1(loss));
    form->addRow(tr("Loss:"), m_loss);
    m_beta = doubleSpin(this, "trainingBeta", 0.001, 10, 3, 0.05);
    form->addRow(tr("Beta:"), m_beta);
    m_lr = new QLineEdit(this);
    m_lr->setObjectName(QStringLiteral("trainingLr"));
    form->addRow(tr("Learning rate:"), m_lr);
    m_epochs = doubleSpin(this, "trainingEpochs", 0.01, 100, 2, 0.5);
    form->addRow(tr("Epochs:"), m_epochs);
    m_maxSteps = intSpin(this, "trainingMaxSteps", 0, 10'000'000);
    m_maxSteps->setSpecialValueText(tr("as the epochs take"));
    form->addRow(tr("Steps:"), m_maxSteps);
    m_batch = intSpin(this, "trainingBatch", 1, 4096);
    form->addRow(tr("Pairs per batch:"), m_batch);
    m_loraR = intSpin(this, "trainingLoraR", 1, 4096);
    m_loraAlpha = doubleSpin(this, "trainingLoraAlpha", 0.1, 65536, 1, 1);
    auto* loraRow = new QHBoxLayout;
    loraRow->addWidget(m_loraR);
    loraRow->addWidget(new QLabel(tr("alpha"), this));
    loraRow->addWidget(m_loraAlpha);
    loraRow->addStretch(1);
    form->addRow(tr("LoRA rank:"), loraRow);
    m_trainProjector = new QCheckBox(tr("Train the projector too, learning rate"), this);
    m_trainProjector->setObjectName(QStringLiteral("trainingProjector"));
    m_projectorLr = new QLineEdit(this);
    m_projectorLr->setObjectName(QStringLiteral("trainingProjectorLr"));
    auto* projectorRow = new QHBoxLayout;
    projectorRow->addWidget(m_trainProjector);
    projectorRow->addWidget(m_projectorLr, 1);
    form->addRow(tr("Projector:"), projectorRow);
    m_rpoAlpha = doubleSpin(this, "trainingRpoAlpha", 0, 10, 2, 0.1);
    m_rpoAlpha->setToolTip(tr("Weight of a supervised term on the chosen answer (RPO); 0: off"));
    form->addRow(tr("RPO alpha:"), m_rpoAlpha);
    m_gradientCheckpointing =
        new QCheckBox(tr("Recompute activations in the backward pass (less memory, slower)"), this);
    m_gradientCheckpointing->setObjectName(QStringLiteral("trainingGradientCheckpointing"));
    m_gradientCheckpointing->setToolTip(
        tr("Activation checkpointing: each decoder layer keeps only its input and runs again "
           "when gradients are computed. Try it when a run runs out of memory."));
    form->addRow(tr("Memory:"), m_gradientCheckpointing);
    m_saveEvery = intSpin(this, "trainingSaveEvery", 0, 1'000'000);
    m_saveEvery->setSpecialValueText(tr("only at the end"));
    m_saveEvery->setToolTip(tr("Checkpoint every N steps; a pause always checkpoints"));
    form->addRow(tr("Checkpoint every:"), m_saveEvery);
    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("trainingDevice"));
    m_device->addItem(tr("Automatic (a GPU when there is one)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    form->addRow(tr("Device:"), m_device);

    const DialogFooter footer = makeDialogFooter(this, "trainingProblem", tr("Train"));
    m_problem = footer.problem;
    m_train = footer.ok;
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(footer.buttons);

    connect(m_selection, &QComboBox::currentIndexChanged, m_pairs, &ReviewedPairCounter::read);
    connect(m_model, &QLineEdit::textChanged, this, &TrainingDialog::validate);
    connect(m_preset, &QComboBox::activated, this, &TrainingDialog::applyPreset);
    connect(m_loss, &QComboBox::currentIndexChanged, this, &TrainingDialog::fieldEdited);
    for (QDoubleSpinBox* spin : {m_beta, m_epochs, m_loraAlpha, m_rpoAlpha})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &TrainingDialog::fieldEdited);
    for (QSpinBox* spin : {m_maxSteps, m_batch, m_loraR, m_saveEvery})
        connect(spin, &QSpinBox::valueChanged, this, &TrainingDialog::fieldEdited);
    for (QLineEdit* edit : {m_lr, m_projectorLr})
        connect(edit, &QLineEdit::textChanged, this, &TrainingDialog::fieldEdited);
    for (QCheckBox* box : {m_trainProjector, m_gradientCheckpointing})
        connect(box, &QCheckBox::toggled, this, &TrainingDialog::fieldEdited);
}

void TrainingDialog::fill(const DpoHyperParameters& values)
{
    m_filling = true;
    m_loss->setCurrentIndex(std::max(0, m_loss->findData(values.loss)));
    m_beta->setValue(values.beta);
    m_lr->setText(optionNumber(values.lr));
    m_epochs->setValue(values.epochs);
    m_maxSteps->setValue(values.maxSteps);
    m_batch->setValue(values.batch);
    m_loraR->setValue(values.loraR);
    m_loraAlpha->setValue(values.loraAlpha);
    m_trainProjector->setChecked(values.trainProjector);
    m_projectorLr->setText(optionNumber(values.projectorLr));
    m_rpoAlpha->setValue(values.rpoAlpha);
    m_gradientCheckpointing->setChecked(values.gradientCheckpointing);
    m_saveEvery->setValue(values.saveEvery);
    m_filling = false;
    fieldEdited();
}

void TrainingDialog::applyPreset(int index)
{
    const QString name = m_preset->itemData(index).toString();
    if (name == QLatin1String("custom"))
        return;
    m_basePreset = name;
    fill(DpoHyperParameters::preset(name));
}

void TrainingDialog::fieldEdited()
{
    if (m_filling)
        return;
    m_projectorLr->setEnabled(m_trainProjector->isChecked());
    // Edited away from the preset it started from: say so; edited back: the preset again.
    const bool asPreset = parseRate(m_lr) && parseRate(m_projectorLr) &&
                          hyperParameters() == DpoHyperParameters::preset(m_basePreset);
    const int index = m_preset->findData(asPreset ? m_basePreset : QStringLiteral("custom"));
    m_preset->setCurrentIndex(index);
    validate();
}

DpoHyperParameters TrainingDialog::hyperParameters() const
{
    DpoHyperParameters p;
    p.loss = m_loss->currentData().toString();
    p.beta = m_beta->value();
    p.lr = parseRate(m_lr).value_or(0);
    p.epochs = m_epochs->value();
    p.maxSteps = m_maxSteps->value();
    p.batch = m_batch->value();
    p.loraR = m_loraR->value();
    p.loraAlpha = m_loraAlpha->value();
    p.trainProjector = m_trainProjector->isChecked();
    p.projectorLr = parseRate(m_projectorLr).value_or(0);
    p.rpoAlpha = m_rpoAlpha->value();
    p.gradientCheckpointing = m_gradientCheckpointing->isChecked();
    p.saveEvery = m_saveEvery->value();
    return p;
}

QStringList TrainingDialog::arguments() const
{
    QStringList args{QStringLiteral("--model"),     m_model->text().trimmed(),
                     QStringLiteral("--selection"), m_selection->currentData().toString(),
                     QStringLiteral("--preset"),    m_basePreset};
    args << hyperParameters().overridesOf(DpoHyperParameters::preset(m_basePreset));
    args << QStringLiteral("--device") << m_device->currentData().toString();
    return args;
}

std::optional<qint64> TrainingDialog::pairCount() const
{
    return m_pairs->count(m_selection->currentData().toString() == QLatin1String("unrejected"));
}

QString TrainingDialog::modelProblem() const
{
    const QString folder = m_model->text().trimmed();
    if (folder.isEmpty())
        return tr("Choose the base model: a LLaVA checkpoint folder.");
    if (!QFileInfo(folder).isDir())
        return tr("The base model folder %1 does not exist.").arg(folder);
    if (!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("config.json"))))
        return tr("%1 is not a checkpoint folder: it has no config.json.").arg(folder);
    return {};
}

QString TrainingDialog::problem() const
{
    if (!m_pairs->error().isEmpty())
        return tr("The pairs could not be counted: %1").arg(m_pairs->error());
    const std::optional<qint64> count = pairCount();
    if (count && *count == 0)
        return m_selection->currentData().toString() == QLatin1String("accepted")
                   ? tr("No accepted pairs to train on: accept pairs in the Review tab, or train "
                        "on accepted and pending pairs.")
                   : tr("Every pair is rejected: there is nothing to train on.");
    if (const QString model = modelProblem(); !model.isEmpty())
        return model;
    if (!parseRate(m_lr))
        return tr("The learning rate must be a positive number, such as 5e-4.");
    if (m_trainProjector->isChecked() && !parseRate(m_projectorLr))
        return tr("The projector's learning rate must be a positive number, such as 2e-5.");
    return {};
}

void TrainingDialog::validate()
{
    const std::optional<qint64> count = pairCount();
    if (count)
        m_count->setText(tr("%1 pairs; about a tenth of the samples is held out to measure "
                            "accuracy")
                             .arg(QLocale().toString(*count)));
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    m_train->setEnabled(text.isEmpty() && count.has_value());
}

void TrainingDialog::accept()
{
    // A folder may have gone since it was checked.
    validate();
    if (!m_train->isEnabled())
        return;
    QDialog::accept();
}

} // namespace prefstudio::ui
