#include "ui/EvaluationDialog.h"

#include "store/RunList.h"
#include "ui/DialogFields.h"
#include "ui/ExternalJob.h"
#include "ui/JobRunner.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

constexpr int kRunIdRole = Qt::UserRole + 1;
/// The CLI's default number of shapes scenes.
constexpr int kDefaultScenes = 100;
/// The CLI's default number of questions answered together.
constexpr int kDefaultBatch = 16;

bool isShapes(const QString& benchmark)
{
    return benchmark.startsWith(QLatin1String("shapes-"));
}

/// Benchmarks whose items a judge scores (MMHal always, a custom set when it has judged items).
bool usesJudge(const QString& benchmark)
{
    return benchmark == QLatin1String("mmhal") || benchmark == QLatin1String("custom");
}

struct BenchmarkInfo
{
    const char* name;
    bool dataIsFolder;
    bool hasImages;
};

constexpr BenchmarkInfo kBenchmarks[] = {
    {"pope", true, true},          {"chair", true, true},          {"amber", true, true},
    {"mme", true, false},          {"mmhal", false, true},         {"custom", false, true},
    {"shapes-pope", false, false}, {"shapes-chair", false, false},
};

QString displayName(const QString& benchmark)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("pope"), QStringLiteral("POPE")},
        {QStringLiteral("chair"), QStringLiteral("CHAIR")},
        {QStringLiteral("amber"), QStringLiteral("AMBER")},
        {QStringLiteral("mme"), QStringLiteral("MME")},
        {QStringLiteral("mmhal"), QStringLiteral("MMHal-Bench")},
        {QStringLiteral("custom"), EvaluationDialog::tr("Custom (JSON Lines)")},
        {QStringLiteral("shapes-pope"), QStringLiteral("shapes-POPE")},
        {QStringLiteral("shapes-chair"), QStringLiteral("shapes-CHAIR")},
    };
    return names.value(benchmark, benchmark);
}

QString dataPlaceholder(const QString& benchmark)
{
    if (benchmark == QLatin1String("pope"))
        return EvaluationDialog::tr("Folder with coco_pope_<split>.json (or one split's file)");
    if (benchmark == QLatin1String("chair"))
        return EvaluationDialog::tr("COCO annotations folder (instances_val2014.json, "
                                    "captions_val2014.json)");
    if (benchmark == QLatin1String("amber"))
        return EvaluationDialog::tr("AMBER folder (holding data/annotations.json)");
    if (benchmark == QLatin1String("mme"))
        return EvaluationDialog::tr("MME folder (one folder per subtask)");
    if (benchmark == QLatin1String("mmhal"))
        return EvaluationDialog::tr("MMHal-Bench question file (response_template.json)");
    if (benchmark == QLatin1String("custom"))
        return EvaluationDialog::tr("Question file (.jsonl)");
    return {};
}

/// What a benchmark's parts are, for the parts field (empty: it has none to choose).
QString partsPlaceholder(const QString& benchmark)
{
    if (benchmark == QLatin1String("pope"))
        return QStringLiteral("random,popular,adversarial");
    if (benchmark == QLatin1String("amber"))
        return QStringLiteral("generative,discriminative");
    if (benchmark == QLatin1String("mme"))
        return EvaluationDialog::tr("all subtasks, e.g. existence,count");
    return {};
}

QString imagesPlaceholder(const QString& benchmark)
{
    if (benchmark == QLatin1String("pope") || benchmark == QLatin1String("chair"))
        return EvaluationDialog::tr("COCO val2014 images (default: beside the data)");
    return EvaluationDialog::tr("Images folder (default: beside the data)");
}

bool validUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

} // namespace

const QStringList& EvaluationDialog::benchmarkNames()
{
    static const QStringList names = [] {
        QStringList out;
        for (const BenchmarkInfo& info : kBenchmarks)
            out << QString::fromLatin1(info.name);
        return out;
    }();
    return names;
}

EvaluationDialog::EvaluationDialog(JobRunner* runner, QWidget* parent)
    : QDialog(parent), m_runner(runner)
{
    setObjectName(QStringLiteral("evaluationDialog"));
    setWindowTitle(tr("Run benchmarks"));

    const DialogFooter footer = makeDialogFooter(this, "evaluationProblem", tr("Run"));
    m_problem = footer.problem;
    m_run = footer.ok;
    auto* buttons = footer.buttons;

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildBenchmarks());
    auto* middle = new QHBoxLayout;
    middle->addWidget(buildModel(), 3);
    middle->addWidget(buildOptions(), 2);
    layout->addLayout(middle, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    validate();
    listRuns();
}

QWidget* EvaluationDialog::buildBenchmarks()
{
    auto* box = new QGroupBox(tr("Benchmarks"), this);
    auto* grid = new QGridLayout(box);
    grid->addWidget(new QLabel(tr("Data"), box), 0, 1, 1, 2);
    grid->addWidget(new QLabel(tr("Images"), box), 0, 3, 1, 2);
    grid->addWidget(new QLabel(tr("Parts"), box), 0, 5);
    int line = 1;
    for (const BenchmarkInfo& info : kBenchmarks) {
        BenchmarkRow row;
        row.name = QString::fromLatin1(info.name);
        row.dataIsFolder = info.dataIsFolder;
        const QByteArray name(info.name);
        row.check = new QCheckBox(displayName(row.name), box);
        row.check->setObjectName(QString::fromLatin1("bench_" + name));
        row.check->setChecked(isShapes(row.name));
        grid->addWidget(row.check, line, 0);
        connect(row.check, &QCheckBox::toggled, this, &EvaluationDialog::validate);
        if (isShapes(row.name)) {
            auto* generated = new QLabel(
                tr("Generated from the shapes world: no files needed; exact ground truth"), box);
            generated->setEnabled(false);
            grid->addWidget(generated, line, 1, 1, 5);
            m_benchmarks.push_back(row);
            ++line;
            continue;
        }
        row.data = new QLineEdit(box);
        row.data->setObjectName(QString::fromLatin1("data_" + name));
        row.data->setPlaceholderText(dataPlaceholder(row.name));
        row.data->setToolTip(dataPlaceholder(row.name));
        row.data->setMinimumWidth(260);
        row.browseData = new QPushButton(tr("Browse…"), box);
        row.browseData->setObjectName(QString::fromLatin1("browseData_" + name));
        grid->addWidget(row.data, line, 1);
        grid->addWidget(row.browseData, line, 2);
        QLineEdit* data = row.data;
        const bool folder = row.dataIsFolder;
        const QString title = displayName(row.name);
        connect(row.browseData, &QPushButton::clicked, this, [this, data, folder, title] {
            const QString chosen =
                folder ? QFileDialog::getExistingDirectory(this, tr("%1 data folder").arg(title),
                                                           data->text())
                       : QFileDialog::getOpenFileName(this, tr("%1 question file").arg(title),
                                                      data->text());
            if (!chosen.isEmpty())
                data->setText(chosen);
        });
        connect(row.data, &QLineEdit::textChanged, this, &EvaluationDialog::validate);
        if (info.hasImages) {
            row.images = new QLineEdit(box);
            row.images->setObjectName(QString::fromLatin1("images_" + name));
            row.images->setPlaceholderText(imagesPlaceholder(row.name));
            row.images->setToolTip(imagesPlaceholder(row.name));
            row.images->setMinimumWidth(200);
            row.browseImages = new QPushButton(tr("Browse…"), box);
            row.browseImages->setObjectName(QString::fromLatin1("browseImages_" + name));
            grid->addWidget(row.images, line, 3);
            grid->addWidget(row.browseImages, line, 4);
            QLineEdit* images = row.images;
            connect(row.browseImages, &QPushButton::clicked, this, [this, images, title] {
                const QString chosen = QFileDialog::getExistingDirectory(
                    this, tr("%1 images folder").arg(title), images->text());
                if (!chosen.isEmpty())
                    images->setText(chosen);
            });
            connect(row.images, &QLineEdit::textChanged, this, &EvaluationDialog::validate);
        }
        if (const QString all = partsPlaceholder(row.name); !all.isEmpty()) {
            row.parts = new QLineEdit(box);
            row.parts->setObjectName(QString::fromLatin1("parts_" + name));
            row.parts->setPlaceholderText(all);
            row.parts->setToolTip(tr("Comma-separated; empty asks them all (%1)").arg(all));
            grid->addWidget(row.parts, line, 5);
        }
        m_benchmarks.push_back(row);
        ++line;
    }
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(3, 2);
    return box;
}

QWidget* EvaluationDialog::buildModel()
{
    auto* box = new QGroupBox(tr("Model"), this);
    auto* layout = new QVBoxLayout(box);
    m_modelKind = new QButtonGroup(box);

    m_demo = new QRadioButton(tr("The shipped demo policy"), box);
    m_demo->setObjectName(QStringLiteral("modelDemo"));
    m_demoPath = new QLabel(demoPolicyFolder(), box);
    m_demoPath->setObjectName(QStringLiteral("demoPolicyPath"));
    m_demoPath->setEnabled(false);
    m_demoPath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_demoPath->setWordWrap(true);

    m_checkpoint = new QRadioButton(tr("A checkpoint folder"), box);
    m_checkpoint->setObjectName(QStringLiteral("modelCheckpoint"));
    m_checkpointPath = new QLineEdit(box);
    m_checkpointPath->setObjectName(QStringLiteral("checkpointPath"));
    m_checkpointPath->setPlaceholderText(
        tr("LLaVA checkpoint folder (config.json, *.safetensors, tokenizer.json)"));
    m_browseCheckpoint = new QPushButton(tr("Browse…"), box);
    connect(m_browseCheckpoint, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Checkpoint folder"),
                                                                 m_checkpointPath->text());
        if (!folder.isEmpty()) {
            m_checkpointPath->setText(folder);
            m_checkpoint->setChecked(true);
        }
    });
    auto* checkpointRow = new QHBoxLayout;
    checkpointRow->addWidget(m_checkpointPath, 1);
    checkpointRow->addWidget(m_browseCheckpoint);

    m_runs = new QRadioButton(tr("Training runs of this project (one job each)"), box);
    m_runs->setObjectName(QStringLiteral("modelRuns"));
    m_runList = new QListWidget(box);
    m_runList->setObjectName(QStringLiteral("trainingRunList"));
    m_runList->setMaximumHeight(110);

    m_server = new QRadioButton(tr("An OpenAI-compatible server"), box);
    m_server->setObjectName(QStringLiteral("modelServer"));
    m_serverUrl = new QLineEdit(box);
    m_serverUrl->setObjectName(QStringLiteral("serverUrl"));
    m_serverUrl->setPlaceholderText(QStringLiteral("http://localhost:8000"));
    m_serverModel = new QLineEdit(box);
    m_serverModel->setObjectName(QStringLiteral("serverModel"));
    m_serverModel->setPlaceholderText(tr("model name, e.g. llava-hf/llava-1.5-7b-hf"));
    auto* serverRow = new QHBoxLayout;
    serverRow->addWidget(m_serverUrl, 1);
    serverRow->addWidget(m_serverModel, 1);

    for (QRadioButton* radio : {m_demo, m_checkpoint, m_runs, m_server})
        m_modelKind->addButton(radio);
    m_demo->setChecked(true);
    layout->addWidget(m_demo);
    layout->addWidget(m_demoPath);
    layout->addWidget(m_checkpoint);
    layout->addLayout(checkpointRow);
    layout->addWidget(m_runs);
    layout->addWidget(m_runList);
    layout->addWidget(m_server);
    layout->addLayout(serverRow);
    layout->addStretch(1);

    connect(m_modelKind, &QButtonGroup::buttonToggled, this, &EvaluationDialog::validate);
    connect(m_checkpointPath, &QLineEdit::textEdited, m_checkpoint,
            [this] { m_checkpoint->setChecked(true); });
    connect(m_checkpointPath, &QLineEdit::textChanged, this, &EvaluationDialog::validate);
    connect(m_serverUrl, &QLineEdit::textEdited, m_server, [this] { m_server->setChecked(true); });
    connect(m_serverModel, &QLineEdit::textEdited, m_server,
            [this] { m_server->setChecked(true); });
    for (QLineEdit* edit : {m_serverUrl, m_serverModel})
        connect(edit, &QLineEdit::textChanged, this, &EvaluationDialog::validate);
    connect(m_runList, &QListWidget::itemChanged, this, [this] {
        m_runs->setChecked(true);
        validate();
    });
    return box;
}

QWidget* EvaluationDialog::buildOptions()
{
    auto* box = new QGroupBox(tr("How"), this);
    auto* form = new QFormLayout(box);

    m_judgeUrl = new QLineEdit(box);
    m_judgeUrl->setObjectName(QStringLiteral("judgeUrl"));
    m_judgeUrl->setPlaceholderText(QStringLiteral("http://localhost:8080"));
    m_judgeModel = new QLineEdit(box);
    m_judgeModel->setObjectName(QStringLiteral("judgeModel"));
    m_judgeModel->setPlaceholderText(tr("judge model name"));
    m_judgeNote = new QLabel(tr("MMHal-Bench (and judged custom items) are scored by a judge: "
                                "any OpenAI-compatible server, such as a local LLM."),
                             box);
    m_judgeNote->setObjectName(QStringLiteral("judgeNote"));
    m_judgeNote->setWordWrap(true);
    form->addRow(tr("Judge URL:"), m_judgeUrl);
    form->addRow(tr("Judge model:"), m_judgeModel);
    form->addRow(m_judgeNote);

    m_parser = new QComboBox(box);
    m_parser->setObjectName(QStringLiteral("parserCombo"));
    m_parser->addItem(tr("LLaVA's rule (first sentence; a no-word means no)"),
                      QStringLiteral("llava"));
    m_parser->addItem(tr("Strict (a leading yes or no, else invalid)"), QStringLiteral("strict"));
    form->addRow(tr("Yes/no answers:"), m_parser);
    m_device = new QComboBox(box);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->addItem(tr("Automatic (a GPU when there is one)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    form->addRow(tr("Device:"), m_device);
    m_temperature = new QDoubleSpinBox(box);
    m_temperature->setObjectName(QStringLiteral("temperatureSpin"));
    m_temperature->setRange(0, 2);
    m_temperature->setDecimals(2);
    m_temperature->setSingleStep(0.1);
    m_temperature->setSpecialValueText(tr("Greedy, as the published numbers are"));
    m_temperature->setPrefix(tr("temperature "));
    m_temperature->setToolTip(tr("0 decodes greedily, as benchmarks are published; above 0 the "
                                 "answers are sampled at that temperature"));
    m_topP = new QDoubleSpinBox(box);
    m_topP->setObjectName(QStringLiteral("topPSpin"));
    m_topP->setRange(0.01, 1);
    m_topP->setDecimals(2);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(1);
    m_topP->setPrefix(tr("top-p "));
    m_sampleSeed = new QSpinBox(box);
    m_sampleSeed->setObjectName(QStringLiteral("sampleSeedSpin"));
    m_sampleSeed->setRange(0, 999'999);
    m_sampleSeed->setPrefix(tr("seed "));
    m_sampleSeed->setToolTip(tr("Each question draws from its own stream of this seed, so a "
                                "sampled run can be repeated"));
    auto* decodingRow = new QHBoxLayout;
    decodingRow->addWidget(m_temperature, 2);
    decodingRow->addWidget(m_topP, 1);
    decodingRow->addWidget(m_sampleSeed, 1);
    form->addRow(tr("Decoding:"), decodingRow);
    auto enableSampling = [this] {
        const bool sampled = m_temperature->value() > 0;
        m_topP->setEnabled(sampled);
        m_sampleSeed->setEnabled(sampled);
    };
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, enableSampling);
    enableSampling();
    m_maxNewTokens = new QSpinBox(box);
    m_maxNewTokens->setObjectName(QStringLiteral("maxNewTokensSpin"));
    m_maxNewTokens->setRange(0, 4096);
    m_maxNewTokens->setSpecialValueText(tr("each benchmark's own"));
    m_maxNewTokens->setSuffix(tr(" tokens"));
    m_maxNewTokens->setToolTip(tr("The longest answer; 0 keeps each benchmark's limit (short "
                                  "for yes/no questions, long for captions)"));
    form->addRow(tr("Answer length:"), m_maxNewTokens);
    m_batch = new QSpinBox(box);
    m_batch->setObjectName(QStringLiteral("batchSpin"));
    m_batch->setRange(1, 1024);
    m_batch->setValue(kDefaultBatch);
    m_batch->setSuffix(tr(" questions"));
    m_batch->setToolTip(tr("Questions answered together; the questions about one image share "
                           "its computation. Lower it when the device runs out of memory."));
    form->addRow(tr("Batch:"), m_batch);

    m_limit = new QSpinBox(box);
    m_limit->setObjectName(QStringLiteral("limitSpin"));
    m_limit->setRange(0, 1'000'000);
    m_limit->setSpecialValueText(tr("all"));
    m_limit->setSuffix(tr(" questions"));
    m_limit->setToolTip(tr("Only the first N questions of each benchmark: a quick look, "
                           "recorded as such; 0 asks them all"));
    form->addRow(tr("Ask:"), m_limit);

    m_count = new QSpinBox(box);
    m_count->setObjectName(QStringLiteral("countSpin"));
    m_count->setRange(1, 100'000);
    m_count->setValue(kDefaultScenes);
    m_count->setSuffix(tr(" scenes"));
    m_seed = new QSpinBox(box);
    m_seed->setObjectName(QStringLiteral("seedSpin"));
    m_seed->setRange(0, 999'999);
    m_seed->setPrefix(tr("seed "));
    auto* shapesRow = new QHBoxLayout;
    shapesRow->addWidget(m_count, 1);
    shapesRow->addWidget(m_seed, 1);
    form->addRow(tr("Shapes world:"), shapesRow);

    m_allowMissing = new QCheckBox(tr("Score the rest when images are missing (partial)"), box);
    m_allowMissing->setObjectName(QStringLiteral("allowMissing"));
    m_allowMissing->setToolTip(tr("Questions whose image file does not exist are left out; "
                                  "the result is labelled partial and lists them"));
    form->addRow(m_allowMissing);

    for (QLineEdit* edit : {m_judgeUrl, m_judgeModel})
        connect(edit, &QLineEdit::textChanged, this, &EvaluationDialog::validate);
    return box;
}

void EvaluationDialog::listRuns()
{
    using RunList = std::vector<std::pair<qint64, QString>>;
    m_runner->read<RunList>(
        this,
        [](core::Project& project) {
            RunList runs;
            for (const core::RunSummary& run : core::listRuns(project))
                if (run.kind == "dpo" && run.status == "finished")
                    runs.emplace_back(run.id, QString::fromStdString(run.name));
            return runs;
        },
        [this](RunList runs) {
            m_listError.clear();
            m_trainingRuns = std::move(runs);
            {
                const QSignalBlocker blocker(m_runList);
                m_runList->clear();
                for (const auto& [id, name] : *m_trainingRuns) {
                    auto* item = new QListWidgetItem(tr("Run %1: %2").arg(id).arg(name), m_runList);
                    item->setData(kRunIdRole, id);
                    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
                    item->setCheckState(m_runsToCheck.contains(id) ? Qt::Checked : Qt::Unchecked);
                }
            }
            validate();
            Q_EMIT runsListed();
        },
        [this](const QString& error) {
            m_listError = error;
            m_trainingRuns = RunList{};
            validate();
            Q_EMIT runsListed();
        });
}

void EvaluationDialog::selectTrainingRuns(const QList<qint64>& runIds)
{
    m_runsToCheck = runIds;
    {
        const QSignalBlocker blocker(m_runList);
        for (int i = 0; i < m_runList->count(); ++i) {
            QListWidgetItem* item = m_runList->item(i);
            item->setCheckState(
                runIds.contains(item->data(kRunIdRole).toLongLong()) ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_runs->setChecked(true);
    validate();
}

bool EvaluationDialog::isChecked(const QString& benchmark) const
{
    const BenchmarkRow* found = row(benchmark);
    return found && found->check->isChecked();
}

const EvaluationDialog::BenchmarkRow* EvaluationDialog::row(const QString& benchmark) const
{
    for (const BenchmarkRow& r : m_benchmarks)
        if (r.name == benchmark)
            return &r;
    return nullptr;
}

QString EvaluationDialog::benchmarkProblem() const
{
    bool any = false;
    for (const BenchmarkRow& r : m_benchmarks) {
        if (!r.check->isChecked())
            continue;
        any = true;
        if (!r.data)
            continue;
        const QString title = displayName(r.name);
        const QString data = r.data->text().trimmed();
        if (data.isEmpty())
            return tr("%1 needs its data: %2.").arg(title, dataPlaceholder(r.name));
        const QFileInfo info(data);
        if (!info.exists())
            return tr("%1: %2 does not exist.").arg(title, data);
        if (r.name == QLatin1String("custom") && info.isDir())
            return tr("%1: %2 is a folder; choose the question file.").arg(title, data);
        if ((r.name == QLatin1String("mme") || r.name == QLatin1String("amber")) && !info.isDir())
            return tr("%1: %2 is a file; choose the benchmark's folder.").arg(title, data);
        if (r.images) {
            const QString images = r.images->text().trimmed();
            if (!images.isEmpty() && !QFileInfo(images).isDir())
                return tr("%1: the images folder %2 does not exist.").arg(title, images);
        }
    }
    if (!any)
        return tr("Choose at least one benchmark.");
    return {};
}

QString EvaluationDialog::judgeProblem() const
{
    const QString url = m_judgeUrl->text().trimmed();
    const QString model = m_judgeModel->text().trimmed();
    if (isChecked(QStringLiteral("mmhal")) && (url.isEmpty() || model.isEmpty()))
        return tr("MMHal-Bench is scored by a judge model: give the judge server's URL and "
                  "model name.");
    if (!url.isEmpty() && !validUrl(url))
        return tr("The judge URL %1 is not an http:// or https:// address.").arg(url);
    if (!url.isEmpty() && model.isEmpty())
        return tr("Name the judge server's model.");
    return {};
}

QString EvaluationDialog::modelProblem() const
{
    if (m_demo->isChecked()) {
        if (demoPolicyFolder().isEmpty())
            return tr("The shipped demo policy was not found; choose a checkpoint folder.");
        return {};
    }
    if (m_checkpoint->isChecked()) {
        const QString folder = m_checkpointPath->text().trimmed();
        if (folder.isEmpty())
            return tr("Choose the model: a LLaVA checkpoint folder.");
        if (!QFileInfo(folder).isDir())
            return tr("The model folder %1 does not exist.").arg(folder);
        if (!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("config.json"))))
            return tr("%1 is not a checkpoint folder: it has no config.json.").arg(folder);
        return {};
    }
    if (m_runs->isChecked()) {
        if (!m_listError.isEmpty())
            return tr("The training runs could not be listed: %1").arg(m_listError);
        if (!m_trainingRuns)
            return tr("Listing the training runs…");
        if (m_trainingRuns->empty())
            return tr("This project has no finished training run yet: train one (Training → "
                      "Train (DPO)…) or evaluate another model.");
        for (int i = 0; i < m_runList->count(); ++i)
            if (m_runList->item(i)->checkState() == Qt::Checked)
                return {};
        return tr("Tick the training runs to evaluate.");
    }
    const QString url = m_serverUrl->text().trimmed();
    if (url.isEmpty())
        return tr("Give the server's address, such as http://localhost:8000.");
    if (!validUrl(url))
        return tr("The server URL %1 is not an http:// or https:// address.").arg(url);
    if (m_serverModel->text().trimmed().isEmpty())
        return tr("Give the name the server knows the model by.");
    return {};
}

QString EvaluationDialog::problem() const
{
    for (const QString& text : {benchmarkProblem(), judgeProblem(), modelProblem()})
        if (!text.isEmpty())
            return text;
    return {};
}

void EvaluationDialog::validate()
{
    bool shapes = false;
    for (const BenchmarkRow& r : m_benchmarks) {
        const bool on = r.check->isChecked();
        shapes = shapes || (on && isShapes(r.name));
        for (QWidget* field :
             {static_cast<QWidget*>(r.data), static_cast<QWidget*>(r.images),
              static_cast<QWidget*>(r.browseData), static_cast<QWidget*>(r.browseImages)})
            if (field)
                field->setEnabled(on);
    }
    m_count->setEnabled(shapes);
    m_seed->setEnabled(shapes);
    m_checkpointPath->setEnabled(m_checkpoint->isChecked());
    m_browseCheckpoint->setEnabled(m_checkpoint->isChecked());
    m_serverUrl->setEnabled(m_server->isChecked());
    m_serverModel->setEnabled(m_server->isChecked());
    m_device->setEnabled(!m_server->isChecked());
    const bool judged = isChecked(QStringLiteral("mmhal")) || isChecked(QStringLiteral("custom"));
    QFont note = m_judgeNote->font();
    note.setBold(isChecked(QStringLiteral("mmhal")));
    m_judgeNote->setFont(note);
    m_judgeUrl->setEnabled(judged);
    m_judgeModel->setEnabled(judged);

    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    m_run->setEnabled(text.isEmpty());
}

std::vector<std::pair<QStringList, QString>> EvaluationDialog::models() const
{
    std::vector<std::pair<QStringList, QString>> out;
    if (m_demo->isChecked()) {
        const QString folder = demoPolicyFolder();
        out.emplace_back(QStringList{QStringLiteral("--model"), folder},
                         QFileInfo(folder).fileName());
    } else if (m_checkpoint->isChecked()) {
        const QString folder = QDir::cleanPath(m_checkpointPath->text().trimmed());
        out.emplace_back(QStringList{QStringLiteral("--model"), folder},
                         QFileInfo(folder).fileName());
    } else if (m_runs->isChecked()) {
        for (int i = 0; i < m_runList->count(); ++i) {
            const QListWidgetItem* item = m_runList->item(i);
            if (item->checkState() != Qt::Checked)
                continue;
            const qint64 id = item->data(kRunIdRole).toLongLong();
            out.emplace_back(QStringList{QStringLiteral("--run"), QString::number(id)},
                             tr("run %1").arg(id));
        }
    } else {
        out.emplace_back(QStringList{QStringLiteral("--url"), m_serverUrl->text().trimmed(),
                                     QStringLiteral("--model"), m_serverModel->text().trimmed()},
                         m_serverModel->text().trimmed());
    }
    return out;
}

std::vector<EvaluationRequest> EvaluationDialog::requests() const
{
    std::vector<EvaluationRequest> out;
    if (!problem().isEmpty())
        return out;
    // The shapes benchmarks run together; every other one has its own files.
    std::vector<std::pair<QStringList, QStringList>> groups; // (benchmarks, their options)
    QStringList shapes;
    for (const BenchmarkRow& r : m_benchmarks) {
        if (!r.check->isChecked())
            continue;
        if (isShapes(r.name)) {
            shapes << r.name;
            continue;
        }
        // CHAIR's "data" is COCO's annotations folder, which the CLI names so.
        QStringList options{r.name == QLatin1String("chair") ? QStringLiteral("--annotations")
                                                             : QStringLiteral("--data"),
                            r.data->text().trimmed()};
        if (r.images && !r.images->text().trimmed().isEmpty())
            options << QStringLiteral("--images") << r.images->text().trimmed();
        if (r.parts && !r.parts->text().trimmed().isEmpty())
            options << QStringLiteral("--parts")
                    << r.parts->text().remove(QLatin1Char(' ')).remove(QLatin1Char('\t'));
        groups.emplace_back(QStringList{r.name}, options);
    }
    if (!shapes.isEmpty())
        groups.emplace_back(
            shapes, QStringList{QStringLiteral("--count"), QString::number(m_count->value()),
                                QStringLiteral("--seed"), QString::number(m_seed->value())});
    const QString judgeUrl = m_judgeUrl->text().trimmed();
    for (const auto& [modelArguments, modelName] : models()) {
        for (const auto& [benchmarks, options] : groups) {
            EvaluationRequest request;
            request.title =
                tr("Evaluate %1 on %2").arg(modelName, benchmarks.join(QStringLiteral(", ")));
            request.arguments = modelArguments;
            request.arguments << QStringLiteral("--bench") << benchmarks.join(QLatin1Char(','));
            request.arguments << options;
            request.arguments << QStringLiteral("--parser") << m_parser->currentData().toString();
            if (!m_server->isChecked())
                request.arguments << QStringLiteral("--device")
                                  << m_device->currentData().toString();
            if (m_temperature->value() > 0) {
                request.arguments << QStringLiteral("--temperature")
                                  << QString::number(m_temperature->value(), 'g', 6);
                if (m_topP->value() < 1)
                    request.arguments << QStringLiteral("--top-p")
                                      << QString::number(m_topP->value(), 'g', 6);
                if (m_sampleSeed->value() != 0)
                    request.arguments << QStringLiteral("--sample-seed")
                                      << QString::number(m_sampleSeed->value());
            }
            if (!m_server->isChecked() && m_batch->value() != kDefaultBatch)
                request.arguments << QStringLiteral("--batch") << QString::number(m_batch->value());
            if (m_maxNewTokens->value() > 0)
                request.arguments << QStringLiteral("--max-new-tokens")
                                  << QString::number(m_maxNewTokens->value());
            if (m_limit->value() > 0)
                request.arguments << QStringLiteral("--limit") << QString::number(m_limit->value());
            if (m_allowMissing->isChecked())
                request.arguments << QStringLiteral("--allow-missing");
            if (!judgeUrl.isEmpty() && usesJudge(benchmarks.front()))
                request.arguments << QStringLiteral("--judge-url") << judgeUrl
                                  << QStringLiteral("--judge-model")
                                  << m_judgeModel->text().trimmed();
            out.push_back(std::move(request));
        }
    }
    return out;
}

QList<QStringList> EvaluationDialog::arguments() const
{
    QList<QStringList> out;
    for (const EvaluationRequest& request : requests())
        out << request.arguments;
    return out;
}

void EvaluationDialog::accept()
{
    // A folder may have gone since it was checked.
    validate();
    if (!m_run->isEnabled())
        return;
    QDialog::accept();
}

} // namespace prefstudio::ui
