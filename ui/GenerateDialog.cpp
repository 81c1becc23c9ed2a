#include "ui/GenerateDialog.h"

#include "ui/ExternalJob.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace prefstudio::ui {

QStringList GenerateRequest::arguments(const QString& projectDir) const
{
    QStringList args{QStringLiteral("generate"),
                     projectDir,
                     QStringLiteral("--model"),
                     model,
                     QStringLiteral("--n"),
                     QString::number(candidates),
                     QStringLiteral("--max-new-tokens"),
                     QString::number(maxNewTokens),
                     QStringLiteral("--seed"),
                     QString::number(seed)};
    if (greedy)
        args << QStringLiteral("--greedy");
    else
        args << QStringLiteral("--temperature") << QString::number(temperature, 'g', 6)
             << QStringLiteral("--top-p") << QString::number(topP, 'g', 6);
    for (qint64 id : sampleIds)
        args << QStringLiteral("--sample") << QString::number(id);
    return args;
}

GenerateDialog::GenerateDialog(qint64 selectedSample, QWidget* parent)
    : QDialog(parent), m_selected(selectedSample)
{
    setObjectName(QStringLiteral("generateDialog"));
    setWindowTitle(tr("Generate candidates"));
    auto* form = new QFormLayout;

    m_model = new QLineEdit(demoPolicyFolder(), this);
    m_model->setObjectName(QStringLiteral("generateModel"));
    m_model->setPlaceholderText(
        tr("Checkpoint folder (config.json, *.safetensors, tokenizer.json)"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Checkpoint folder"), m_model->text());
        if (!folder.isEmpty())
            m_model->setText(folder);
    });
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(browse);
    form->addRow(tr("Model:"), modelRow);

    m_candidates = new QSpinBox(this);
    m_candidates->setObjectName(QStringLiteral("generateCandidates"));
    m_candidates->setRange(1, 64);
    m_candidates->setValue(4);
    form->addRow(tr("Candidates per sample:"), m_candidates);

    m_greedy = new QCheckBox(tr("Greedy (one answer, the same each time)"), this);
    form->addRow(QString(), m_greedy);
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setRange(0.05, 5.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(1.0);
    form->addRow(tr("Temperature:"), m_temperature);
    m_topP = new QDoubleSpinBox(this);
    m_topP->setRange(0.05, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(0.9);
    form->addRow(tr("Top-p:"), m_topP);
    connect(m_greedy, &QCheckBox::toggled, this, [this](bool greedy) {
        m_temperature->setEnabled(!greedy);
        m_topP->setEnabled(!greedy);
    });
    m_maxNewTokens = new QSpinBox(this);
    m_maxNewTokens->setRange(1, 4096);
    m_maxNewTokens->setValue(64);
    form->addRow(tr("Longest answer (tokens):"), m_maxNewTokens);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 1'000'000);
    form->addRow(tr("Seed:"), m_seed);

    m_onlySelected = new QRadioButton(tr("The selected sample"), this);
    m_onlySelected->setObjectName(QStringLiteral("generateSelected"));
    auto* everySample =
        new QRadioButton(tr("Every sample (resumable: done ones are skipped)"), this);
    everySample->setObjectName(QStringLiteral("generateEvery"));
    m_onlySelected->setEnabled(selectedSample >= 0);
    (selectedSample >= 0 ? m_onlySelected : everySample)->setChecked(true);
    auto* scope = new QVBoxLayout;
    scope->addWidget(m_onlySelected);
    scope->addWidget(everySample);
    form->addRow(tr("For:"), scope);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Generate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_model, &QLineEdit::textChanged, this, [buttons](const QString& text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_model->text().trimmed().isEmpty());

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

GenerateRequest GenerateDialog::request() const
{
    GenerateRequest r;
    r.model = m_model->text().trimmed();
    r.candidates = m_candidates->value();
    r.greedy = m_greedy->isChecked();
    r.temperature = m_temperature->value();
    r.topP = m_topP->value();
    r.maxNewTokens = m_maxNewTokens->value();
    r.seed = static_cast<quint64>(m_seed->value());
    if (m_onlySelected->isChecked() && m_selected >= 0)
        r.sampleIds = {m_selected};
    return r;
}

} // namespace prefstudio::ui
