#include "ui/ScoreDialog.h"

#include "backends/JudgeScorer.h"
#include "ui/DialogFields.h"
#include "ui/ExternalJob.h"
#include "util/Error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QSize>
#include <QSpinBox>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

constexpr int kDefaultTimeoutSeconds = 300;
constexpr int kMaxTimeoutSeconds = 24 * 3600;
constexpr int kMaxBatch = 100'000;
constexpr int kRubricMinimumHeight = 120;
// A tab page does not pass on the height its word-wrapped notes need for a given width, so the
// dialog keeps room for them itself.
constexpr QSize kMinimumSize(600, 700);
constexpr QSize kInitialSize(720, 760);

QString defaultRubric()
{
    return QString::fromStdString(core::backends::JudgeScorer::defaultRubric());
}

/// Writes `rubric` under the project's runs/rubrics/ and returns the file's absolute path. The
/// CLI stores the rubric's text with the run, so the file only has to outlive the job.
QString writeRubric(const QString& projectDir, const QString& rubric)
{
    const QDir folder(QDir(projectDir).filePath(QStringLiteral("runs/rubrics")));
    if (!folder.mkpath(QStringLiteral(".")))
        throw core::Error(
            ScoreDialog::tr("Cannot create the folder %1.").arg(folder.path()).toStdString());
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    QString file = folder.absoluteFilePath(QStringLiteral("rubric-%1.txt").arg(stamp));
    for (int n = 2; QFileInfo::exists(file); ++n)
        file = folder.absoluteFilePath(QStringLiteral("rubric-%1-%2.txt").arg(stamp).arg(n));
    // QSaveFile writes a temporary file beside it and renames it on commit(): never half a
    // rubric under the final name.
    QSaveFile out(file);
    const QByteArray text = rubric.toUtf8();
    if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size() || !out.commit())
        throw core::Error(ScoreDialog::tr("Cannot write the rubric to %1: %2")
                              .arg(file, out.errorString())
                              .toStdString());
    return file;
}

bool isHttpUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

/// The rule prefstudio-ml applies: letters, digits and _, not starting with a digit.
bool isEnvironmentName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(name).hasMatch();
}

/// The folder with PROTOCOL.md and the example scorers, installed or in the source tree;
/// empty when neither is there.
QString scorersFolder()
{
    QStringList candidates{QDir(QCoreApplication::applicationDirPath())
                               .filePath(QStringLiteral("../share/prefstudio/scorers"))};
#ifdef PREFSTUDIO_SOURCE_DIR
    candidates << QStringLiteral(PREFSTUDIO_SOURCE_DIR "/packaging/scorers");
#endif
    for (const QString& folder : candidates)
        if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("PROTOCOL.md"))))
            return QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    return {};
}

QSpinBox* timeoutBox(const char* name, QWidget* parent)
{
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(QString::fromLatin1(name));
    spin->setRange(1, kMaxTimeoutSeconds);
    spin->setValue(kDefaultTimeoutSeconds);
    spin->setSuffix(ScoreDialog::tr(" s"));
    return spin;
}

QLabel* noteLabel(const char* name, const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

QStringList ScoreRequest::arguments(const QString& projectDir) const
{
    QStringList args{QStringLiteral("score"), projectDir};
    const QString timeout = QString::number(timeoutSeconds);
    switch (backend) {
    case Backend::Model:
        args << QStringLiteral("--model") << model << QStringLiteral("--mode") << mode
             << QStringLiteral("--device") << device;
        if (precision != QLatin1String("auto"))
            args << QStringLiteral("--precision") << precision;
        break;
    case Backend::Subprocess:
        args << QStringLiteral("--timeout") << timeout;
        if (textOnly)
            args << QStringLiteral("--text-only");
        break;
    case Backend::Judge:
        args << QStringLiteral("--judge-url") << judgeUrl << QStringLiteral("--judge-model")
             << judgeModel;
        if (!judgeKeyEnv.isEmpty())
            args << QStringLiteral("--judge-api-key-env") << judgeKeyEnv;
        if (!rubric.isEmpty() && rubric != defaultRubric())
            args << QStringLiteral("--rubric") << writeRubric(projectDir, rubric);
        if (!attachImage)
            args << QStringLiteral("--no-image");
        args << QStringLiteral("--timeout") << timeout;
        break;
    }
    if (!scorer.isEmpty())
        args << QStringLiteral("--scorer") << scorer;
    if (!split.isEmpty())
        args << QStringLiteral("--split") << split;
    if (batch > 0)
        args << QStringLiteral("--batch") << QString::number(batch);
    if (!retryFailures)
        args << QStringLiteral("--no-retry");
    // Everything after -- is the scorer's argument vector, whatever it looks like.
    if (backend == Backend::Subprocess)
        args << QStringLiteral("--") << command;
    return args;
}

QString ScoreRequest::scorerLabel() const
{
    switch (backend) {
    case Backend::Model:
        return QFileInfo(QDir::cleanPath(model)).fileName();
    case Backend::Subprocess:
        return scorer.isEmpty() ? QFileInfo(command.value(0)).fileName() : scorer;
    case Backend::Judge:
        return judgeModel;
    }
    return {};
}

ScoreDialog::ScoreDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("scoreDialog"));
    setWindowTitle(tr("Score candidates"));

    m_backends = new QTabWidget(this);
    m_backends->setObjectName(QStringLiteral("scoreBackends"));
    // In the order of ScoreRequest::Backend.
    m_backends->addTab(buildModelPage(), tr("Local model"));
    m_backends->addTab(buildSubprocessPage(), tr("Subprocess"));
    m_backends->addTab(buildJudgePage(), tr("Judge server"));

    const DialogFooter footer = makeDialogFooter(this, "scoreProblem", tr("Score"));
    m_problem = footer.problem;
    auto* buttons = footer.buttons;
    buttons->setObjectName(QStringLiteral("scoreButtons"));
    m_run = footer.ok;
    m_run->setObjectName(QStringLiteral("scoreRun"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_backends, 1);
    layout->addWidget(buildCommonOptions());
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setMinimumSize(kMinimumSize.expandedTo(minimumSizeHint()));
    resize(kInitialSize.expandedTo(sizeHint()));

    connect(m_backends, &QTabWidget::currentChanged, this, &ScoreDialog::validate);
    for (QLineEdit* edit : {m_model, m_command, m_judgeUrl, m_judgeModel, m_judgeKeyEnv, m_scorer})
        connect(edit, &QLineEdit::textChanged, this, &ScoreDialog::validate);
    connect(m_rubric, &QPlainTextEdit::textChanged, this, &ScoreDialog::validate);
    recall();
    validate();
}

namespace {

QSettings rememberedChoices()
{
    return QSettings(QStringLiteral("PrefStudio"), QStringLiteral("PrefStudio"));
}

void selectData(QComboBox* box, const QVariant& value)
{
    if (const int index = box->findData(value); index >= 0)
        box->setCurrentIndex(index);
}

} // namespace

void ScoreDialog::accept()
{
    QSettings settings = rememberedChoices();
    settings.beginGroup(QStringLiteral("score"));
    settings.setValue(QStringLiteral("backend"), m_backends->currentIndex());
    settings.setValue(QStringLiteral("model"), m_model->text());
    settings.setValue(QStringLiteral("mode"), m_mode->currentData());
    settings.setValue(QStringLiteral("device"), m_device->currentData());
    settings.setValue(QStringLiteral("precision"), m_precision->currentData());
    settings.setValue(QStringLiteral("command"), m_command->text());
    settings.setValue(QStringLiteral("commandTimeout"), m_commandTimeout->value());
    settings.setValue(QStringLiteral("textOnly"), m_textOnly->isChecked());
    settings.setValue(QStringLiteral("judgeUrl"), m_judgeUrl->text());
    settings.setValue(QStringLiteral("judgeModel"), m_judgeModel->text());
    settings.setValue(QStringLiteral("judgeKeyEnv"), m_judgeKeyEnv->text());
    settings.setValue(QStringLiteral("attachImage"), m_attachImage->isChecked());
    settings.setValue(QStringLiteral("judgeTimeout"), m_judgeTimeout->value());
    // The default rubric is not stored: a later version's default replaces it.
    const QString rubric = m_rubric->toPlainText();
    settings.setValue(QStringLiteral("rubric"), rubric == defaultRubric() ? QString() : rubric);
    QDialog::accept();
}

void ScoreDialog::recall()
{
    QSettings settings = rememberedChoices();
    settings.beginGroup(QStringLiteral("score"));
    if (!settings.contains(QStringLiteral("backend")))
        return;
    m_backends->setCurrentIndex(settings.value(QStringLiteral("backend")).toInt());
    m_model->setText(settings.value(QStringLiteral("model"), m_model->text()).toString());
    selectData(m_mode, settings.value(QStringLiteral("mode")));
    selectData(m_device, settings.value(QStringLiteral("device")));
    selectData(m_precision, settings.value(QStringLiteral("precision")));
    m_command->setText(settings.value(QStringLiteral("command")).toString());
    m_commandTimeout->setValue(
        settings.value(QStringLiteral("commandTimeout"), m_commandTimeout->value()).toInt());
    m_textOnly->setChecked(settings.value(QStringLiteral("textOnly")).toBool());
    m_judgeUrl->setText(settings.value(QStringLiteral("judgeUrl")).toString());
    m_judgeModel->setText(settings.value(QStringLiteral("judgeModel")).toString());
    m_judgeKeyEnv->setText(settings.value(QStringLiteral("judgeKeyEnv")).toString());
    m_attachImage->setChecked(settings.value(QStringLiteral("attachImage"), true).toBool());
    m_judgeTimeout->setValue(
        settings.value(QStringLiteral("judgeTimeout"), m_judgeTimeout->value()).toInt());
    if (const QString rubric = settings.value(QStringLiteral("rubric")).toString();
        !rubric.isEmpty())
        m_rubric->setPlainText(rubric);
}

QWidget* ScoreDialog::buildModelPage()
{
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("scoreModelPage"));
    auto* form = new QFormLayout(page);
    form->addRow(noteLabel("scoreModelNote",
                           tr("A LLaVA reward model with a score head, run on this computer."),
                           page));

    m_model = new QLineEdit(demoRewardFolder(), page);
    m_model->setObjectName(QStringLiteral("scoreModel"));
    m_model->setPlaceholderText(tr("Reward model folder (config.json, *.safetensors)"));
    auto* browse = new QPushButton(tr("Browse…"), page);
    browse->setObjectName(QStringLiteral("scoreModelBrowse"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Reward model folder (a LLaVA checkpoint with a score head)"),
            m_model->text());
        if (!folder.isEmpty())
            m_model->setText(folder);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_model, 1);
    row->addWidget(browse);
    form->addRow(tr("Folder:"), row);

    m_mode = new QComboBox(page);
    m_mode->setObjectName(QStringLiteral("scoreMode"));
    m_mode->addItem(tr("Batched (several samples at once)"), QStringLiteral("batched"));
    m_mode->addItem(tr("Per sample (a sample's candidates together)"),
                    QStringLiteral("per-sample"));
    m_mode->addItem(tr("One by one (each candidate alone; slowest)"), QStringLiteral("one-by-one"));
    form->addRow(tr("Mode:"), m_mode);

    m_device = new QComboBox(page);
    m_device->setObjectName(QStringLiteral("scoreDevice"));
    m_device->addItem(tr("Automatic (a GPU when there is one)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    form->addRow(tr("Device:"), m_device);

    m_precision = new QComboBox(page);
    m_precision->setObjectName(QStringLiteral("scorePrecision"));
    m_precision->addItem(tr("Automatic (bf16 on a GPU, fp32 on the CPU)"), QStringLiteral("auto"));
    m_precision->addItem(tr("fp32 (a small model's near ties stay in order on a GPU)"),
                         QStringLiteral("fp32"));
    m_precision->addItem(tr("bf16"), QStringLiteral("bf16"));
    form->addRow(tr("Precision:"), m_precision);
    return page;
}

QWidget* ScoreDialog::buildSubprocessPage()
{
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("scoreSubprocessPage"));
    auto* form = new QFormLayout(page);

    m_command = new QLineEdit(page);
    m_command->setObjectName(QStringLiteral("scoreCommand"));
    m_command->setPlaceholderText(tr("/usr/bin/python3 /path/to/my_scorer.py --revision main"));
    form->addRow(tr("Command:"), m_command);

    m_commandTimeout = timeoutBox("scoreCommandTimeout", page);
    m_commandTimeout->setToolTip(
        tr("How long one batch may take, the first one including loading the model"));
    form->addRow(tr("Timeout per batch:"), m_commandTimeout);

    m_textOnly = new QCheckBox(tr("Text only: send no image to the scorer"), page);
    m_textOnly->setObjectName(QStringLiteral("scoreTextOnly"));
    form->addRow(QString(), m_textOnly);

    QString hint =
        tr("The program reads one JSON request per line on its standard input and answers "
           "each on its standard output, as packaging/scorers/PROTOCOL.md describes; "
           "armorm_scorer.py and imagereward_scorer.py beside it are examples. The command "
           "runs without a shell: double quotes group words, while $VARIABLES, * and ; reach the "
           "program as they are. Give files with their full paths.")
            .toHtmlEscaped();
    const QString folder = scorersFolder();
    if (!folder.isEmpty())
        hint += QStringLiteral("<br><a href=\"%1\">%2</a>")
                    .arg(QUrl::fromLocalFile(folder).toString(QUrl::FullyEncoded),
                         tr("Open the folder with the protocol and the examples"));
    QLabel* note = noteLabel("scoreProtocolHint", hint, page);
    note->setTextFormat(Qt::RichText);
    note->setOpenExternalLinks(true);
    form->addRow(note);
    return page;
}

QWidget* ScoreDialog::buildJudgePage()
{
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("scoreJudgePage"));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    layout->addLayout(form);

    m_judgeUrl = new QLineEdit(page);
    m_judgeUrl->setObjectName(QStringLiteral("scoreJudgeUrl"));
    m_judgeUrl->setPlaceholderText(QStringLiteral("http://localhost:8000"));
    m_judgeUrl->setToolTip(tr("The base URL of an OpenAI-compatible server (vLLM, SGLang, "
                              "llama.cpp server, Ollama)"));
    form->addRow(tr("Server URL:"), m_judgeUrl);

    m_judgeModel = new QLineEdit(page);
    m_judgeModel->setObjectName(QStringLiteral("scoreJudgeModel"));
    m_judgeModel->setPlaceholderText(tr("model name, e.g. Qwen/Qwen2-VL-7B-Instruct"));
    form->addRow(tr("Model:"), m_judgeModel);

    m_judgeKeyEnv = new QLineEdit(page);
    m_judgeKeyEnv->setObjectName(QStringLiteral("scoreJudgeKeyEnv"));
    m_judgeKeyEnv->setPlaceholderText(tr("optional, e.g. OPENAI_API_KEY"));
    m_judgeKeyEnv->setToolTip(tr("The name of the environment variable that holds the server's "
                                 "API key, never the key itself"));
    form->addRow(tr("API key variable:"), m_judgeKeyEnv);

    m_judgeTimeout = timeoutBox("scoreJudgeTimeout", page);
    m_judgeTimeout->setToolTip(tr("How long one request may take"));
    form->addRow(tr("Timeout per request:"), m_judgeTimeout);

    m_attachImage = new QCheckBox(tr("Attach the sample's image to each request"), page);
    m_attachImage->setObjectName(QStringLiteral("scoreAttachImage"));
    m_attachImage->setChecked(true);
    form->addRow(QString(), m_attachImage);

    auto* rubricRow = new QHBoxLayout;
    auto* rubricLabel = new QLabel(tr("Rubric:"), page);
    rubricLabel->setObjectName(QStringLiteral("scoreRubricLabel"));
    m_resetRubric = new QPushButton(tr("Restore the default"), page);
    m_resetRubric->setObjectName(QStringLiteral("scoreRubricReset"));
    rubricRow->addWidget(rubricLabel);
    rubricRow->addStretch(1);
    rubricRow->addWidget(m_resetRubric);
    layout->addLayout(rubricRow);

    m_rubric = new QPlainTextEdit(defaultRubric(), page);
    m_rubric->setObjectName(QStringLiteral("scoreRubric"));
    m_rubric->setMinimumHeight(kRubricMinimumHeight);
    rubricLabel->setBuddy(m_rubric);
    layout->addWidget(m_rubric, 1);
    connect(m_resetRubric, &QPushButton::clicked, this,
            [this] { m_rubric->setPlainText(defaultRubric()); });
    layout->addWidget(noteLabel("scoreRubricNote",
                                tr("{answer} marks where the answer to grade goes; {question}, "
                                   "{min} and {max} (1 and 10) may be used too. The judge must "
                                   "end its reply with a line \"Score: N\". An edited rubric is "
                                   "saved under the project's runs/rubrics/ and kept with the "
                                   "scores."),
                                page));
    return page;
}

QWidget* ScoreDialog::buildCommonOptions()
{
    auto* box = new QGroupBox(tr("Scores"), this);
    box->setObjectName(QStringLiteral("scoreCommon"));
    auto* form = new QFormLayout(box);

    m_scorer = new QLineEdit(box);
    m_scorer->setObjectName(QStringLiteral("scoreScorer"));
    m_scorer->setToolTip(tr("The name the scores are stored and shown under"));
    form->addRow(tr("Scorer name:"), m_scorer);

    m_split = new QLineEdit(box);
    m_split->setObjectName(QStringLiteral("scoreSplit"));
    m_split->setPlaceholderText(tr("every split (or one, such as train or test)"));
    form->addRow(tr("Split:"), m_split);

    m_batch = new QSpinBox(box);
    m_batch->setObjectName(QStringLiteral("scoreBatch"));
    m_batch->setRange(0, kMaxBatch);
    m_batch->setSpecialValueText(tr("the scorer's default"));
    form->addRow(tr("Samples per call:"), m_batch);

    m_retry = new QCheckBox(tr("Retry answers the scorer could not rate last time"), box);
    m_retry->setObjectName(QStringLiteral("scoreRetry"));
    m_retry->setChecked(true);
    form->addRow(QString(), m_retry);
    return box;
}

ScoreRequest::Backend ScoreDialog::backend() const
{
    switch (m_backends->currentIndex()) {
    case 1:
        return ScoreRequest::Backend::Subprocess;
    case 2:
        return ScoreRequest::Backend::Judge;
    default:
        return ScoreRequest::Backend::Model;
    }
}

ScoreRequest ScoreDialog::request() const
{
    ScoreRequest r;
    r.backend = backend();
    const QString model = m_model->text().trimmed();
    r.model = model.isEmpty() ? model : QDir::cleanPath(model);
    r.mode = m_mode->currentData().toString();
    r.device = m_device->currentData().toString();
    r.precision = m_precision->currentData().toString();
    r.command = QProcess::splitCommand(m_command->text());
    r.textOnly = m_textOnly->isChecked();
    r.judgeUrl = m_judgeUrl->text().trimmed();
    r.judgeModel = m_judgeModel->text().trimmed();
    r.judgeKeyEnv = m_judgeKeyEnv->text().trimmed();
    r.attachImage = m_attachImage->isChecked();
    const QString rubric = m_rubric->toPlainText();
    r.rubric = rubric == defaultRubric() ? QString() : rubric;
    r.timeoutSeconds = r.backend == ScoreRequest::Backend::Judge ? m_judgeTimeout->value()
                                                                 : m_commandTimeout->value();
    r.scorer = m_scorer->text().trimmed();
    r.split = m_split->text().trimmed();
    r.batch = m_batch->value();
    r.retryFailures = m_retry->isChecked();
    return r;
}

QString ScoreDialog::problem() const
{
    switch (backend()) {
    case ScoreRequest::Backend::Model: {
        const QString folder = m_model->text().trimmed();
        if (folder.isEmpty())
            return tr("Choose the reward model folder.");
        if (!QFileInfo(folder).isDir())
            return tr("The reward model folder %1 does not exist.").arg(folder);
        return {};
    }
    case ScoreRequest::Backend::Subprocess:
        if (QProcess::splitCommand(m_command->text()).isEmpty())
            return tr("Give the scorer's command: the program and its arguments.");
        if (m_scorer->text().trimmed().isEmpty())
            return tr("Name the scorer: its scores are stored under that name.");
        return {};
    case ScoreRequest::Backend::Judge: {
        const QString url = m_judgeUrl->text().trimmed();
        if (url.isEmpty())
            return tr("Give the judge server's address, such as http://localhost:8000.");
        if (!isHttpUrl(url))
            return tr("The judge URL %1 is not an http:// or https:// address.").arg(url);
        if (m_judgeModel->text().trimmed().isEmpty())
            return tr("Give the name the judge server knows the model by.");
        // Never echoed: what was typed may be the key itself.
        const QString keyEnv = m_judgeKeyEnv->text().trimmed();
        if (!keyEnv.isEmpty() && !isEnvironmentName(keyEnv))
            return tr("The API key variable must be the name of an environment variable "
                      "(letters, digits and _, such as OPENAI_API_KEY), never the key itself.");
        if (!keyEnv.isEmpty() && !qEnvironmentVariableIsSet(keyEnv.toLocal8Bit().constData()))
            return tr("The environment variable %1 is not set for PrefStudio: start PrefStudio "
                      "with it set, or leave the field empty for a server without a key.")
                .arg(keyEnv);
        try {
            core::backends::JudgeScorer::checkRubric(m_rubric->toPlainText().toStdString());
        } catch (const core::Error& e) {
            QString message = QString::fromStdString(e.what());
            message.remove(QRegularExpression(QStringLiteral("^judge rubric: ")));
            return tr("The rubric cannot be used: %1").arg(message);
        }
        return {};
    }
    }
    return {};
}

void ScoreDialog::validate()
{
    switch (backend()) {
    case ScoreRequest::Backend::Model: {
        const QString name = QFileInfo(QDir::cleanPath(m_model->text().trimmed())).fileName();
        m_scorer->setPlaceholderText(name.isEmpty() ? tr("optional; default: the folder's name")
                                                    : tr("optional; default: %1").arg(name));
        break;
    }
    case ScoreRequest::Backend::Subprocess:
        m_scorer->setPlaceholderText(tr("required, such as armorm or imagereward"));
        break;
    case ScoreRequest::Backend::Judge: {
        // JudgeScorer::defaultId(): "judge-" and the model name after its last '/'.
        const QString model = m_judgeModel->text().trimmed().section(QLatin1Char('/'), -1);
        m_scorer->setPlaceholderText(
            model.isEmpty() ? tr("optional; default: judge- and the model name")
                            : tr("optional; default: %1").arg(QStringLiteral("judge-") + model));
        break;
    }
    }
    m_resetRubric->setEnabled(m_rubric->toPlainText() != defaultRubric());

    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    m_run->setEnabled(text.isEmpty());
}

} // namespace prefstudio::ui
