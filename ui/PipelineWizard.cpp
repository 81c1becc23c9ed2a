#include "ui/PipelineWizard.h"

#include "ui/ExternalJob.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <filesystem>

namespace prefstudio::ui {

namespace {

using Json = nlohmann::json;

constexpr int kCheckTimeoutMs = 60000;
const char* const kStages[] = {"images", "questions", "generators", "scorers", "pairs", "flags"};
enum GeneratorColumn { GenId, GenModel, GenCandidates, GenTemperature };
enum ScorerColumn { ScorerId, ScorerKind, ScorerWhat };

QString str(const Json& object, const char* key, const QString& fallback = {})
{
    if (object.is_object() && object.contains(key) && object[key].is_string())
        return QString::fromStdString(object[key].get<std::string>());
    return fallback;
}

double num(const Json& object, const char* key, double fallback)
{
    if (object.is_object() && object.contains(key) && object[key].is_number())
        return object[key].get<double>();
    return fallback;
}

QString number(double value)
{
    return QString::number(value, 'g', 4);
}

QString folderName(const QString& path)
{
    return QFileInfo(QDir::cleanPath(path)).fileName();
}

/// What a command is called in a summary: its "name", else its script, else its program.
QString commandName(const Json& spec)
{
    const QString name = str(spec, "name", str(spec, "id"));
    if (!name.isEmpty())
        return name;
    if (!spec.contains("command") || !spec["command"].is_array() || spec["command"].empty())
        return QStringLiteral("?");
    QString program;
    for (const auto& arg : spec["command"]) {
        if (!arg.is_string())
            continue;
        const QString text = QString::fromStdString(arg.get<std::string>());
        if (program.isEmpty())
            program = QFileInfo(text).fileName();
        else if (text.endsWith(QLatin1String(".py")) || text.endsWith(QLatin1String(".sh")))
            return QFileInfo(text).completeBaseName();
    }
    return program;
}

QString samplingText(const Json& spec)
{
    const Json sampling = spec.value("sampling", Json::object());
    const double temperature = num(sampling, "temperature", 0);
    QString text = temperature <= 0
                       ? QCoreApplication::translate("prefstudio::ui::PipelineWizard", "greedy")
                       : QStringLiteral("T %1").arg(number(temperature));
    if (sampling.contains("top_p"))
        text += QStringLiteral(", top-p %1").arg(number(num(sampling, "top_p", 1)));
    const int candidates = static_cast<int>(num(spec, "candidates", 1));
    if (candidates > 1)
        text += QStringLiteral(", ×%1").arg(candidates);
    return text;
}

QString scorerText(const Json& spec)
{
    const QString kind = str(spec, "kind");
    if (kind == QLatin1String("model"))
        return folderName(str(spec, "path"));
    if (kind == QLatin1String("judge"))
        return QStringLiteral("%1 @ %2").arg(str(spec, "model"), str(spec, "url"));
    if (kind == QLatin1String("subprocess") && spec.contains("command") &&
        spec["command"].is_array()) {
        QStringList argv;
        for (const auto& arg : spec["command"])
            if (arg.is_string())
                argv << QString::fromStdString(arg.get<std::string>());
        return argv.join(QLatin1Char(' '));
    }
    return kind;
}

/// `path` from `base` when relative; unchanged when absolute or empty.
std::string absolute(const std::filesystem::path& base, const std::string& path)
{
    if (path.empty())
        return path;
    const std::filesystem::path p(path);
    return p.is_relative() ? (base / p).lexically_normal().string() : path;
}

void absolutePath(Json& object, const char* key, const std::filesystem::path& base)
{
    if (object.is_object() && object.contains(key) && object[key].is_string())
        object[key] = absolute(base, object[key].get<std::string>());
}

/// Command arguments that name a file or folder beside the recipe (a script) point there from
/// the copy too: commands run in the recipe's folder.
void absoluteCommand(Json& spec, const std::filesystem::path& base)
{
    if (!spec.is_object() || !spec.contains("command") || !spec["command"].is_array())
        return;
    for (auto& arg : spec["command"]) {
        if (!arg.is_string())
            continue;
        const std::string text = arg.get<std::string>();
        if (text.empty() || text.front() == '-' || text.front() == '{')
            continue;
        const std::filesystem::path p(text);
        std::error_code error;
        if (p.is_relative() && std::filesystem::exists(base / p, error))
            arg = (base / p).lexically_normal().string();
    }
}

QTableWidget* makeTable(const QStringList& headers, const char* name, QWidget* parent)
{
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setObjectName(QString::fromLatin1(name));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                           QAbstractItemView::AnyKeyPressed);
    table->setTabKeyNavigation(false);
    table->horizontalHeader()->setStretchLastSection(false);
    table->setMinimumHeight(100);
    return table;
}

QPushButton* makeButton(const QString& text, const char* name, QWidget* parent)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(QString::fromLatin1(name));
    button->setAutoDefault(false);
    return button;
}

} // namespace

PipelineWizard::PipelineWizard(const QString& projectDir, QWidget* parent)
    : QWizard(parent), m_projectDir(projectDir)
{
    setObjectName(QStringLiteral("pipelineWizard"));
    setWindowTitle(tr("Run a Pipeline Recipe"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("&Run"));
    setPage(RecipePage, buildRecipePage());
    setPage(EditPage, buildEditPage());
    setPage(RunPage, buildRunPage());
    resize(860, 660);
    loadChosenRecipe();
}

QString PipelineWizard::demoRecipeFile()
{
    QStringList candidates;
    const QString configured = qEnvironmentVariable("PREFSTUDIO_DEMO_RECIPE");
    if (!configured.isEmpty())
        candidates << configured;
    candidates << QDir(QCoreApplication::applicationDirPath())
                      .filePath(QStringLiteral("../share/prefstudio/recipes/shapes-demo.json"));
#ifdef PREFSTUDIO_SOURCE_DIR
    candidates << QStringLiteral(PREFSTUDIO_SOURCE_DIR "/resources/recipes/shapes-demo.json");
#endif
    for (const QString& file : candidates)
        if (QFileInfo(file).isFile())
            return QDir::cleanPath(QFileInfo(file).absoluteFilePath());
    return {};
}

// ---------------------------------------------------------------------------------------------
// Page 1: the recipe and what its stages do

QWizardPage* PipelineWizard::buildRecipePage()
{
    auto* page = new QWizardPage;
    page->setObjectName(QStringLiteral("recipePage"));
    page->setTitle(tr("Recipe"));
    page->setSubTitle(tr("Start from the shipped demo recipe or a recipe file of your own. "
                         "The next page changes its main settings."));
    auto* layout = new QVBoxLayout(page);

    m_useDemo = new QRadioButton(tr("The shipped &demo recipe (shapes world)"), page);
    m_useDemo->setObjectName(QStringLiteral("useDemoRecipe"));
    m_useFile = new QRadioButton(tr("A recipe &file:"), page);
    m_useFile->setObjectName(QStringLiteral("useRecipeFile"));
    m_fileEdit = new QLineEdit(page);
    m_fileEdit->setObjectName(QStringLiteral("recipeFileEdit"));
    m_fileEdit->setPlaceholderText(tr("a .json recipe"));
    auto* browse = makeButton(tr("&Browse…"), "browseRecipeButton", page);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_useFile);
    fileRow->addWidget(m_fileEdit, 1);
    fileRow->addWidget(browse);
    layout->addWidget(m_useDemo);
    layout->addLayout(fileRow);

    m_loadErrorLabel = new QLabel(page);
    m_loadErrorLabel->setObjectName(QStringLiteral("recipeLoadError"));
    m_loadErrorLabel->setWordWrap(true);
    m_loadErrorLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_loadErrorLabel->hide();
    m_description = new QLabel(page);
    m_description->setObjectName(QStringLiteral("recipeDescription"));
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::RichText);
    m_stages = new QTreeWidget(page);
    m_stages->setObjectName(QStringLiteral("recipeStages"));
    m_stages->setHeaderLabels({tr("Stage"), tr("What it will do")});
    m_stages->setRootIsDecorated(false);
    m_stages->setWordWrap(true);
    m_stages->setSelectionMode(QAbstractItemView::NoSelection);
    m_stages->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(m_loadErrorLabel);
    layout->addWidget(m_description);
    layout->addWidget(m_stages, 1);

    const bool demo = !demoRecipeFile().isEmpty();
    m_useDemo->setEnabled(demo);
    (demo ? m_useDemo : m_useFile)->setChecked(true);
    m_fileEdit->setEnabled(!demo);
    connect(m_useDemo, &QRadioButton::toggled, this, [this](bool on) {
        m_fileEdit->setEnabled(!on);
        loadChosenRecipe();
    });
    connect(m_fileEdit, &QLineEdit::editingFinished, this, &PipelineWizard::loadChosenRecipe);
    connect(browse, &QPushButton::clicked, this, &PipelineWizard::browseRecipe);
    return page;
}

void PipelineWizard::browseRecipe()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Recipe file"),
        m_fileEdit->text().isEmpty() ? QFileInfo(demoRecipeFile()).absolutePath()
                                     : m_fileEdit->text(),
        tr("Recipes (*.json);;All files (*)"));
    if (file.isEmpty())
        return;
    m_useFile->setChecked(true);
    m_fileEdit->setText(file);
    loadChosenRecipe();
}

void PipelineWizard::loadChosenRecipe()
{
    const QString file = m_useDemo->isChecked() ? demoRecipeFile() : m_fileEdit->text().trimmed();
    if (file.isEmpty()) {
        m_file.clear();
        m_recipe = Json();
        m_stages->clear();
        m_description->clear();
        m_loadErrorLabel->hide();
        return;
    }
    if (file != m_file || m_recipe.is_null())
        loadRecipe(file);
}

bool PipelineWizard::loadRecipe(const QString& file)
{
    m_file = QFileInfo(file).absoluteFilePath();
    m_recipe = Json();
    m_loadError.clear();
    QFile in(m_file);
    if (!in.open(QIODevice::ReadOnly)) {
        m_loadError = tr("Cannot read %1: %2").arg(file, in.errorString());
    } else {
        const QByteArray text = in.readAll();
        m_recipe = Json::parse(text.constData(), text.constData() + text.size(), nullptr, false);
        if (m_recipe.is_discarded() || !m_recipe.is_object()) {
            m_recipe = Json();
            m_loadError = tr("%1 is not a recipe: a recipe is a JSON object of stages (see the "
                             "README's \"Pipeline recipes\").")
                              .arg(file);
        }
    }
    m_loadErrorLabel->setText(m_loadError);
    m_loadErrorLabel->setVisible(!m_loadError.isEmpty());
    if (m_useFile->isChecked() && m_fileEdit->text() != file)
        m_fileEdit->setText(file);
    if (m_recipe.is_null()) {
        m_stages->clear();
        m_description->clear();
        return false;
    }
    const QString name = str(m_recipe, "name", QFileInfo(m_file).completeBaseName());
    m_description->setText(
        QStringLiteral("<b>%1</b><br>%2")
            .arg(name.toHtmlEscaped(), str(m_recipe, "description").toHtmlEscaped()));
    fillSummary(m_stages, m_recipe, {});
    // The edit page starts again from the new recipe.
    if (m_generators)
        fillEditPage();
    return true;
}

std::vector<std::pair<QString, QString>> PipelineWizard::stageSummary(const Json& recipe)
{
    std::vector<std::pair<QString, QString>> lines;
    if (!recipe.is_object())
        return lines;
    for (const char* stage : kStages) {
        if (!recipe.contains(stage))
            continue;
        const Json& s = recipe[stage];
        QString text;
        if (std::string(stage) == "images") {
            if (str(s, "source") == QLatin1String("import")) {
                text = tr("import the images in %1").arg(str(s, "folder"));
            } else {
                QString prompts;
                if (s.contains("shapes_prompts"))
                    prompts = tr("%1 shapes prompts")
                                  .arg(static_cast<int>(num(s["shapes_prompts"], "count", 0)));
                else if (s.contains("prompts") && s["prompts"].is_array())
                    prompts = tr("%1 prompts").arg(s["prompts"].size());
                else
                    prompts = tr("the prompts in %1").arg(str(s, "prompts_file"));
                text = tr("%1 × %2 images by %3")
                           .arg(prompts)
                           .arg(static_cast<int>(num(s, "per_prompt", 1)))
                           .arg(commandName(s.value("generator", Json::object())));
                text += s.contains("scorer") ? tr(", best by %1").arg(commandName(s["scorer"]))
                                             : tr(", the first kept (no image scorer)");
            }
        } else if (std::string(stage) == "questions") {
            const QString source = str(s, "source");
            if (source == QLatin1String("shapes"))
                text = tr("%1 shapes question(s) per image")
                           .arg(static_cast<int>(num(s, "per_image", 1)));
            else if (source == QLatin1String("templates"))
                text = tr("one of %1 question templates per image")
                           .arg(s.value("prompts", Json::array()).size());
            else
                text = tr("the questions in %1").arg(str(s, "path"));
            const double test = num(s, "test_share", 0);
            if (test > 0)
                text += tr(", %1 % of samples held out for test").arg(number(test * 100));
        } else if (std::string(stage) == "generators" || std::string(stage) == "scorers") {
            QStringList parts;
            if (s.is_array()) {
                for (const Json& spec : s) {
                    const QString id = str(spec, "id", QStringLiteral("?"));
                    const QString kind = str(spec, "kind");
                    QString what;
                    if (std::string(stage) == "scorers")
                        what = scorerText(spec);
                    else if (kind == QLatin1String("server"))
                        what = QStringLiteral("%1 @ %2, %3")
                                   .arg(str(spec, "model"), str(spec, "url"), samplingText(spec));
                    else
                        what = QStringLiteral("%1, %2").arg(folderName(str(spec, "path")),
                                                            samplingText(spec));
                    parts << QStringLiteral("%1 (%2)").arg(id, what);
                }
            }
            text = parts.join(QStringLiteral(", "));
        } else if (std::string(stage) == "pairs") {
            QString by = str(s, "scorer");
            if (s.contains("weights") && s["weights"].is_object()) {
                QStringList terms;
                for (const auto& [id, weight] : s["weights"].items())
                    terms << QStringLiteral("%1·%2").arg(
                        weight.is_number() ? number(weight.get<double>()) : QStringLiteral("?"),
                        QString::fromStdString(id));
                by = terms.join(QStringLiteral(" + "));
            }
            if (by.isEmpty())
                by = tr("the first scorer");
            text = tr("%1 pairs by %2").arg(str(s, "policy", QStringLiteral("max-min")), by);
            if (s.contains("min_margin"))
                text += tr(", margin at least %1").arg(number(num(s, "min_margin", 0)));
        } else {
            QStringList parts;
            if (s.is_object())
                for (const auto& [key, value] : s.items())
                    parts << QStringLiteral("%1 %2").arg(
                        QString::fromStdString(key), value.is_number()
                                                         ? number(value.get<double>())
                                                         : QString::fromStdString(value.dump()));
            text = tr("quality flags: %1").arg(parts.join(QStringLiteral(", ")));
        }
        lines.emplace_back(QString::fromLatin1(stage), text);
    }
    return lines;
}

void PipelineWizard::fillSummary(QTreeWidget* tree, const Json& recipe,
                                 const QStringList& skipped) const
{
    tree->clear();
    for (const auto& [stage, text] : stageSummary(recipe)) {
        auto* item = new QTreeWidgetItem(tree, {stage, text});
        item->setToolTip(1, text);
        if (skipped.contains(stage)) {
            item->setText(1, tr("(not run) %1").arg(text));
            item->setForeground(0, palette().brush(QPalette::Disabled, QPalette::Text));
            item->setForeground(1, palette().brush(QPalette::Disabled, QPalette::Text));
        }
    }
    if (tree->topLevelItemCount() == 0 && recipe.is_object())
        new QTreeWidgetItem(tree, {QString(), tr("This recipe has no stages.")});
}

// ---------------------------------------------------------------------------------------------
// Page 2: the fields a person changes

QWizardPage* PipelineWizard::buildEditPage()
{
    auto* page = new QWizardPage;
    page->setObjectName(QStringLiteral("editPage"));
    page->setTitle(tr("Settings"));
    page->setSubTitle(tr("Change what you need; everything else stays as the recipe has it. "
                         "Double-click a cell to edit it."));
    auto* outer = new QVBoxLayout(page);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    scroll->setWidget(content);
    outer->addWidget(scroll);

    auto* stages = new QGroupBox(tr("Stages to run"), content);
    auto* stagesLayout = new QHBoxLayout(stages);
    for (const char* stage : kStages) {
        auto* box = new QCheckBox(QString::fromLatin1(stage), stages);
        box->setObjectName(QStringLiteral("stage_%1").arg(QLatin1String(stage)));
        stagesLayout->addWidget(box);
        m_stageBoxes.push_back(box);
    }
    stagesLayout->addStretch(1);
    layout->addWidget(stages);

    m_imagesGroup = new QGroupBox(tr("Images"), content);
    auto* images = new QFormLayout(m_imagesGroup);
    m_promptCount = new QSpinBox(m_imagesGroup);
    m_promptCount->setObjectName(QStringLiteral("promptCountSpin"));
    m_promptCount->setRange(1, 1000000);
    m_promptCount->setToolTip(tr("How many shapes-world text-to-image prompts to draw"));
    m_perPrompt = new QSpinBox(m_imagesGroup);
    m_perPrompt->setObjectName(QStringLiteral("perPromptSpin"));
    m_perPrompt->setRange(1, 64);
    m_perPrompt->setToolTip(tr("Images generated per prompt; the image scorer keeps the best"));
    images->addRow(tr("Text-to-image &prompts:"), m_promptCount);
    images->addRow(tr("&Images per prompt:"), m_perPrompt);
    // Images and pairs side by side: both are short, and the tables below need the height.
    auto* shortGroups = new QHBoxLayout;
    shortGroups->addWidget(m_imagesGroup, 1);
    auto* pairs = new QGroupBox(tr("Pairs"), content);
    auto* pairsLayout = new QFormLayout(pairs);
    m_policy = new QComboBox(pairs);
    m_policy->setObjectName(QStringLiteral("pairPolicyCombo"));
    m_policy->addItem(tr("max-min: best vs worst answer"), QStringLiteral("max-min"));
    m_policy->addItem(tr("best-vs-rest: best vs each other answer"),
                      QStringLiteral("best-vs-rest"));
    m_policy->addItem(tr("adjacent: each answer vs the next best"), QStringLiteral("adjacent"));
    m_pairScorer = new QComboBox(pairs);
    m_pairScorer->setObjectName(QStringLiteral("pairScorerCombo"));
    pairsLayout->addRow(tr("Pair po&licy:"), m_policy);
    pairsLayout->addRow(tr("Ranked &by:"), m_pairScorer);
    shortGroups->addWidget(pairs, 1);
    layout->addLayout(shortGroups);

    auto* generators = new QGroupBox(tr("Generators (candidate answers)"), content);
    auto* generatorsLayout = new QVBoxLayout(generators);
    m_generators =
        makeTable({tr("Id"), tr("Model folder or server"), tr("Candidates"), tr("Temperature")},
                  "generatorTable", generators);
    m_generators->horizontalHeader()->setSectionResizeMode(GenModel, QHeaderView::Stretch);
    m_generators->setColumnWidth(GenId, 140);
    generatorsLayout->addWidget(m_generators);
    auto* generatorButtons = new QHBoxLayout;
    auto* addGenerator = makeButton(tr("Add &model…"), "addGeneratorButton", generators);
    auto* addServer = makeButton(tr("Add &server…"), "addServerGeneratorButton", generators);
    auto* chooseFolder = makeButton(tr("Choose &folder…"), "chooseGeneratorFolder", generators);
    auto* removeGenerator = makeButton(tr("Remove"), "removeGeneratorButton", generators);
    generatorButtons->addWidget(addGenerator);
    generatorButtons->addWidget(addServer);
    generatorButtons->addWidget(chooseFolder);
    generatorButtons->addWidget(removeGenerator);
    generatorButtons->addStretch(1);
    generatorsLayout->addLayout(generatorButtons);
    layout->addWidget(generators);
    connect(addGenerator, &QPushButton::clicked, this, &PipelineWizard::askModelGenerator);
    connect(addServer, &QPushButton::clicked, this, &PipelineWizard::askServerGenerator);
    connect(chooseFolder, &QPushButton::clicked, this, &PipelineWizard::chooseGeneratorFolder);
    connect(removeGenerator, &QPushButton::clicked, this, [this] {
        const int row = m_generators->currentRow();
        if (row < 0)
            return;
        m_generators->removeRow(row);
        m_generatorSpecs.erase(m_generatorSpecs.begin() + row);
    });

    auto* scorers = new QGroupBox(tr("Scorers"), content);
    auto* scorersLayout = new QVBoxLayout(scorers);
    m_scorers = makeTable({tr("Id"), tr("Kind"), tr("Model folder, command or server")},
                          "scorerTable", scorers);
    m_scorers->horizontalHeader()->setSectionResizeMode(ScorerWhat, QHeaderView::Stretch);
    m_scorers->setColumnWidth(ScorerId, 140);
    scorersLayout->addWidget(m_scorers);
    auto* scorerButtons = new QHBoxLayout;
    auto* addModel = makeButton(tr("Add m&odel…"), "addModelScorerButton", scorers);
    auto* addCommand = makeButton(tr("Add &command…"), "addCommandScorerButton", scorers);
    auto* addJudge = makeButton(tr("Add &judge…"), "addJudgeScorerButton", scorers);
    auto* removeScorer = makeButton(tr("Remove"), "removeScorerButton", scorers);
    for (QPushButton* button : {addModel, addCommand, addJudge, removeScorer})
        scorerButtons->addWidget(button);
    scorerButtons->addStretch(1);
    scorersLayout->addLayout(scorerButtons);
    layout->addWidget(scorers);
    connect(addModel, &QPushButton::clicked, this, &PipelineWizard::askModelScorer);
    connect(addCommand, &QPushButton::clicked, this, &PipelineWizard::askCommandScorer);
    connect(addJudge, &QPushButton::clicked, this, &PipelineWizard::askJudgeScorer);
    connect(removeScorer, &QPushButton::clicked, this, [this] {
        const int row = m_scorers->currentRow();
        if (row < 0)
            return;
        m_scorers->removeRow(row);
        m_scorerSpecs.erase(m_scorerSpecs.begin() + row);
        refreshPairScorers();
    });
    connect(m_scorers, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() == ScorerId)
            refreshPairScorers();
    });

    layout->addStretch(1);
    return page;
}

void PipelineWizard::fillEditPage()
{
    for (std::size_t i = 0; i < m_stageBoxes.size(); ++i) {
        const bool has = m_recipe.is_object() && m_recipe.contains(kStages[i]);
        m_stageBoxes[i]->setEnabled(has);
        m_stageBoxes[i]->setChecked(has);
        m_stageBoxes[i]->setToolTip(has ? QString() : tr("This recipe has no such stage."));
    }

    const Json images = m_recipe.value("images", Json::object());
    const bool generate = str(images, "source") == QLatin1String("generate");
    m_imagesGroup->setEnabled(generate);
    m_promptCount->setEnabled(images.contains("shapes_prompts"));
    m_promptCount->setValue(
        static_cast<int>(num(images.value("shapes_prompts", Json::object()), "count", 1)));
    m_perPrompt->setValue(static_cast<int>(num(images, "per_prompt", 1)));

    m_generators->setRowCount(0);
    m_generatorSpecs.clear();
    if (m_recipe.contains("generators") && m_recipe["generators"].is_array())
        for (const Json& spec : m_recipe["generators"])
            addGeneratorRow(spec);

    {
        const QSignalBlocker blocker(m_scorers);
        m_scorers->setRowCount(0);
        m_scorerSpecs.clear();
        if (m_recipe.contains("scorers") && m_recipe["scorers"].is_array())
            for (const Json& spec : m_recipe["scorers"])
                addScorerRow(spec);
    }

    const Json pairs = m_recipe.value("pairs", Json::object());
    const int policy = m_policy->findData(str(pairs, "policy", QStringLiteral("max-min")));
    m_policy->setCurrentIndex(std::max(policy, 0));
    m_pairScorer->clear();
    refreshPairScorers();
    const int scorer = pairs.contains("weights") ? m_pairScorer->findData(QString())
                                                 : m_pairScorer->findData(str(pairs, "scorer"));
    if (scorer >= 0)
        m_pairScorer->setCurrentIndex(scorer);
}

void PipelineWizard::addGeneratorRow(const Json& spec)
{
    const int row = m_generators->rowCount();
    m_generators->insertRow(row);
    m_generatorSpecs.push_back(spec);
    m_generators->setItem(row, GenId, new QTableWidgetItem(str(spec, "id")));
    const bool server = str(spec, "kind") == QLatin1String("server");
    auto* model = new QTableWidgetItem(
        server ? QStringLiteral("%1 @ %2").arg(str(spec, "model"), str(spec, "url"))
               : str(spec, "path"));
    if (server) {
        model->setToolTip(tr("A generator on an OpenAI-compatible server, as \"model @ URL\""));
    } else {
        model->setToolTip(tr("Model folder; relative paths start at the recipe's folder"));
    }
    m_generators->setItem(row, GenModel, model);
    auto* candidates = new QSpinBox(m_generators);
    candidates->setRange(1, 64);
    candidates->setValue(static_cast<int>(num(spec, "candidates", 1)));
    candidates->setFrame(false);
    m_generators->setCellWidget(row, GenCandidates, candidates);
    auto* temperature = new QDoubleSpinBox(m_generators);
    temperature->setRange(0, 5);
    temperature->setDecimals(2);
    temperature->setSingleStep(0.1);
    temperature->setSpecialValueText(tr("greedy"));
    temperature->setFrame(false);
    temperature->setValue(num(spec.value("sampling", Json::object()), "temperature", 0));
    m_generators->setCellWidget(row, GenTemperature, temperature);
}

void PipelineWizard::addScorerRow(const Json& spec)
{
    const int row = m_scorers->rowCount();
    m_scorers->insertRow(row);
    m_scorerSpecs.push_back(spec);
    m_scorers->setItem(row, ScorerId, new QTableWidgetItem(str(spec, "id")));
    auto* kind = new QTableWidgetItem(str(spec, "kind"));
    kind->setFlags(kind->flags() & ~Qt::ItemIsEditable);
    m_scorers->setItem(row, ScorerKind, kind);
    auto* what = new QTableWidgetItem(scorerText(spec));
    const bool model = str(spec, "kind") == QLatin1String("model");
    if (model)
        what->setText(str(spec, "path"));
    else
        what->setFlags(what->flags() & ~Qt::ItemIsEditable);
    what->setToolTip(QString::fromStdString(spec.dump(1)));
    m_scorers->setItem(row, ScorerWhat, what);
}

void PipelineWizard::refreshPairScorers()
{
    const QVariant current = m_pairScorer->currentData();
    const QSignalBlocker blocker(m_pairScorer);
    m_pairScorer->clear();
    for (int row = 0; row < m_scorers->rowCount(); ++row) {
        const QString id = m_scorers->item(row, ScorerId)->text();
        m_pairScorer->addItem(id, id);
    }
    const Json pairs = m_recipe.value("pairs", Json::object());
    if (pairs.contains("weights"))
        m_pairScorer->addItem(tr("the recipe's weighted sum"), QString());
    const int index = m_pairScorer->findData(current);
    m_pairScorer->setCurrentIndex(index >= 0 ? index : 0);
}

QString PipelineWizard::uniqueScorerId(const QString& wanted) const
{
    QString base = wanted;
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    if (base.isEmpty())
        base = QStringLiteral("scorer");
    QStringList taken;
    for (int row = 0; row < m_scorers->rowCount(); ++row)
        taken << m_scorers->item(row, ScorerId)->text();
    QString id = base;
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("%1-%2").arg(base).arg(n);
    return id;
}

QString PipelineWizard::uniqueGeneratorId(const QString& wanted) const
{
    QStringList taken;
    for (int row = 0; row < m_generators->rowCount(); ++row)
        taken << m_generators->item(row, GenId)->text();
    QString id = wanted;
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("%1-%2").arg(wanted).arg(n);
    return id;
}

void PipelineWizard::addServerGenerator(const QString& url, const QString& model)
{
    addGeneratorRow(Json{{"id", uniqueGeneratorId(QStringLiteral("server-") + model).toStdString()},
                         {"kind", "server"},
                         {"url", url.toStdString()},
                         {"model", model.toStdString()},
                         {"candidates", 1},
                         {"sampling", {{"temperature", 0}, {"max_new_tokens", 256}}}});
    m_generators->setCurrentCell(m_generators->rowCount() - 1, GenId);
}

void PipelineWizard::addModelGenerator(const QString& folder)
{
    const QString id = uniqueGeneratorId(folderName(folder));
    addGeneratorRow(Json{{"id", id.toStdString()},
                         {"kind", "model"},
                         {"path", folder.toStdString()},
                         {"candidates", 1},
                         {"sampling", {{"temperature", 0}, {"max_new_tokens", 48}}}});
    m_generators->setCurrentCell(m_generators->rowCount() - 1, GenId);
}

void PipelineWizard::addModelScorer(const QString& folder)
{
    addScorerRow(Json{{"id", uniqueScorerId(folderName(folder)).toStdString()},
                      {"kind", "model"},
                      {"path", folder.toStdString()}});
    refreshPairScorers();
}

void PipelineWizard::addCommandScorer(const QStringList& argv)
{
    Json command = Json::array();
    for (const QString& arg : argv)
        command.push_back(arg.toStdString());
    const QString name = commandName(Json{{"command", command}});
    addScorerRow(Json{
        {"id", uniqueScorerId(name).toStdString()}, {"kind", "subprocess"}, {"command", command}});
    refreshPairScorers();
}

void PipelineWizard::addJudgeScorer(const QString& url, const QString& model)
{
    addScorerRow(Json{{"id", uniqueScorerId(QStringLiteral("judge-") + model).toStdString()},
                      {"kind", "judge"},
                      {"url", url.toStdString()},
                      {"model", model.toStdString()}});
    refreshPairScorers();
}

void PipelineWizard::askModelGenerator()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Generator model folder (a LLaVA checkpoint)"), demoPolicyFolder());
    if (!folder.isEmpty())
        addModelGenerator(folder);
}

void PipelineWizard::chooseGeneratorFolder()
{
    const int row = m_generators->currentRow();
    if (row < 0 ||
        str(m_generatorSpecs[static_cast<std::size_t>(row)], "kind") == QLatin1String("server"))
        return;
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Generator model folder (a LLaVA checkpoint)"),
                                          m_generators->item(row, GenModel)->text());
    if (!folder.isEmpty())
        m_generators->item(row, GenModel)->setText(folder);
}

void PipelineWizard::askModelScorer()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Reward model folder (a checkpoint with a score head)"), demoRewardFolder());
    if (!folder.isEmpty())
        addModelScorer(folder);
}

void PipelineWizard::askCommandScorer()
{
    bool ok = false;
    const QString line = QInputDialog::getText(
        this, tr("Command scorer"),
        tr("Command line of a scorer speaking the JSON-lines protocol (for example\n"
           "python3 examples/scorers/armorm.py); it runs in the recipe's folder:"),
        QLineEdit::Normal, QString(), &ok);
    const QStringList argv = QProcess::splitCommand(line);
    if (ok && !argv.isEmpty())
        addCommandScorer(argv);
}

bool PipelineWizard::askServer(const QString& title, QString& serverUrl, QString& serverModel)
{
    QDialog dialog(this);
    dialog.setWindowTitle(title);
    auto* form = new QFormLayout(&dialog);
    auto* url = new QLineEdit(QStringLiteral("http://localhost:8000/v1"), &dialog);
    auto* model = new QLineEdit(&dialog);
    model->setPlaceholderText(tr("the model name the server knows"));
    form->addRow(tr("Server &URL (OpenAI-compatible):"), url);
    form->addRow(tr("&Model:"), model);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted || url->text().trimmed().isEmpty() ||
        model->text().trimmed().isEmpty())
        return false;
    serverUrl = url->text().trimmed();
    serverModel = model->text().trimmed();
    return true;
}

void PipelineWizard::askJudgeScorer()
{
    QString url, model;
    if (askServer(tr("Judge scorer"), url, model))
        addJudgeScorer(url, model);
}

void PipelineWizard::askServerGenerator()
{
    QString url, model;
    if (askServer(tr("Server generator"), url, model))
        addServerGenerator(url, model);
}

// ---------------------------------------------------------------------------------------------
// Page 3: device, a last look, the check

QWizardPage* PipelineWizard::buildRunPage()
{
    auto* page = new QWizardPage;
    page->setObjectName(QStringLiteral("runPage"));
    page->setTitle(tr("Run"));
    page->setSubTitle(tr("Run checks the recipe first, then runs it on this project as a job. "
                         "Work already stored is skipped, so a stopped run can be started "
                         "again."));
    page->setFinalPage(true);
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    m_device = new QComboBox(page);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->addItem(tr("auto (a GPU when there is one)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    form->addRow(tr("&Device for local models:"), m_device);
    layout->addLayout(form);
    m_runSummary = new QTreeWidget(page);
    m_runSummary->setObjectName(QStringLiteral("runSummary"));
    m_runSummary->setHeaderLabels({tr("Stage"), tr("What it will do")});
    m_runSummary->setRootIsDecorated(false);
    m_runSummary->setWordWrap(true);
    m_runSummary->setSelectionMode(QAbstractItemView::NoSelection);
    m_runSummary->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(m_runSummary, 1);
    m_target = new QLabel(page);
    m_target->setObjectName(QStringLiteral("recipeTargetLabel"));
    m_target->setWordWrap(true);
    layout->addWidget(m_target);
    m_checkErrorLabel = new QLabel(page);
    m_checkErrorLabel->setObjectName(QStringLiteral("checkErrorLabel"));
    m_checkErrorLabel->setWordWrap(true);
    m_checkErrorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_checkErrorLabel->setStyleSheet(
        QStringLiteral("QLabel { color: #b00020; background: #fdecee; border: 1px solid #f3b6be; "
                       "padding: 4px; }"));
    m_checkErrorLabel->hide();
    layout->addWidget(m_checkErrorLabel);
    return page;
}

void PipelineWizard::initializePage(int id)
{
    if (id == EditPage && m_generators->rowCount() == 0 && m_scorers->rowCount() == 0)
        fillEditPage();
    if (id == RunPage) {
        QStringList skipped;
        for (std::size_t i = 0; i < m_stageBoxes.size(); ++i)
            if (!m_stageBoxes[i]->isChecked())
                skipped << QString::fromLatin1(kStages[i]);
        fillSummary(m_runSummary, editedRecipe(), skipped);
        m_target->setText(
            tr("The edited recipe is written to %1 and checked before the run starts.")
                .arg(QDir(m_projectDir).filePath(QStringLiteral("runs/recipes/"))));
        m_checkErrorLabel->hide();
    }
    QWizard::initializePage(id);
}

bool PipelineWizard::validateCurrentPage()
{
    if (currentId() == RecipePage && m_recipe.is_null()) {
        if (m_loadError.isEmpty()) {
            m_loadError = tr("Choose a recipe file.");
            m_loadErrorLabel->setText(m_loadError);
            m_loadErrorLabel->show();
        }
        return false;
    }
    if (currentId() == EditPage && checkedStages().isEmpty()) {
        m_stageBoxes.front()->setFocus();
        return false;
    }
    if (currentId() == RunPage)
        return writeAndCheck();
    return QWizard::validateCurrentPage();
}

QStringList PipelineWizard::checkedStages() const
{
    QStringList stages;
    for (std::size_t i = 0; i < m_stageBoxes.size(); ++i)
        if (m_stageBoxes[i]->isEnabled() && m_stageBoxes[i]->isChecked())
            stages << QString::fromLatin1(kStages[i]);
    return stages;
}

// ---------------------------------------------------------------------------------------------
// The edited recipe, written and checked

Json PipelineWizard::editedRecipe() const
{
    Json recipe = m_recipe;
    if (!recipe.is_object())
        return recipe;
    if (recipe.contains("images") && recipe["images"].is_object() &&
        str(recipe["images"], "source") == QLatin1String("generate")) {
        Json& images = recipe["images"];
        if (images.contains("shapes_prompts") && images["shapes_prompts"].is_object())
            images["shapes_prompts"]["count"] = m_promptCount->value();
        images["per_prompt"] = m_perPrompt->value();
    }
    if (recipe.contains("generators")) {
        Json generators = Json::array();
        for (int row = 0; row < m_generators->rowCount(); ++row) {
            Json spec = m_generatorSpecs[static_cast<std::size_t>(row)];
            spec["id"] = m_generators->item(row, GenId)->text().trimmed().toStdString();
            const QString where = m_generators->item(row, GenModel)->text().trimmed();
            if (str(spec, "kind") != QLatin1String("server")) {
                spec["path"] = where.toStdString();
            } else {
                // "model @ URL"; without the separator it is all model, and the check says the
                // URL is missing.
                const qsizetype at = where.lastIndexOf(QStringLiteral(" @ "));
                spec["model"] = (at < 0 ? where : where.left(at).trimmed()).toStdString();
                spec["url"] = (at < 0 ? QString() : where.mid(at + 3).trimmed()).toStdString();
            }
            spec["candidates"] =
                qobject_cast<QSpinBox*>(m_generators->cellWidget(row, GenCandidates))->value();
            const double temperature =
                qobject_cast<QDoubleSpinBox*>(m_generators->cellWidget(row, GenTemperature))
                    ->value();
            Json sampling = spec.value("sampling", Json::object());
            if (sampling.contains("temperature") || temperature != num(sampling, "temperature", 0))
                sampling["temperature"] = temperature;
            if (!sampling.empty())
                spec["sampling"] = sampling;
            generators.push_back(spec);
        }
        recipe["generators"] = generators;
    }
    if (recipe.contains("scorers") || !m_scorerSpecs.empty()) {
        Json scorers = Json::array();
        for (int row = 0; row < m_scorers->rowCount(); ++row) {
            Json spec = m_scorerSpecs[static_cast<std::size_t>(row)];
            spec["id"] = m_scorers->item(row, ScorerId)->text().trimmed().toStdString();
            if (str(spec, "kind") == QLatin1String("model"))
                spec["path"] = m_scorers->item(row, ScorerWhat)->text().trimmed().toStdString();
            scorers.push_back(spec);
        }
        recipe["scorers"] = scorers;
    }
    if (recipe.contains("pairs") && recipe["pairs"].is_object()) {
        Json& pairs = recipe["pairs"];
        pairs["policy"] = m_policy->currentData().toString().toStdString();
        const QString scorer = m_pairScorer->currentData().toString();
        if (!scorer.isEmpty()) {
            pairs["scorer"] = scorer.toStdString();
            pairs.erase("weights");
        }
    }

    // The copy lives under runs/recipes/: what was relative to the recipe's folder is made
    // absolute so that it still names the same files.
    const std::filesystem::path base =
        std::filesystem::path(QFileInfo(m_file).absolutePath().toStdString());
    if (recipe.contains("images") && recipe["images"].is_object()) {
        Json& images = recipe["images"];
        absolutePath(images, "folder", base);
        absolutePath(images, "prompts_file", base);
        if (images.contains("generator"))
            absoluteCommand(images["generator"], base);
        if (images.contains("scorer"))
            absoluteCommand(images["scorer"], base);
    }
    if (recipe.contains("questions") && recipe["questions"].is_object())
        absolutePath(recipe["questions"], "path", base);
    for (const char* stage : {"generators", "scorers"}) {
        if (!recipe.contains(stage) || !recipe[stage].is_array())
            continue;
        for (Json& spec : recipe[stage]) {
            if (str(spec, "kind") == QLatin1String("model"))
                absolutePath(spec, "path", base);
            absolutePath(spec, "rubric_file", base);
            absoluteCommand(spec, base);
        }
    }
    return recipe;
}

QStringList PipelineWizard::runOptions() const
{
    QStringList options;
    const QStringList stages = checkedStages();
    int present = 0;
    for (const char* stage : kStages)
        present += m_recipe.is_object() && m_recipe.contains(stage) ? 1 : 0;
    if (stages.size() < present)
        for (const QString& stage : stages)
            options << QStringLiteral("--stage") << stage;
    options << QStringLiteral("--device") << m_device->currentData().toString();
    return options;
}

bool PipelineWizard::writeAndCheck()
{
    m_checkError.clear();
    m_written.clear();
    const Json recipe = editedRecipe();
    QString name = str(recipe, "name", QFileInfo(m_file).completeBaseName());
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    const QDir folder(QDir(m_projectDir).filePath(QStringLiteral("runs/recipes")));
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString file = folder.filePath(QStringLiteral("%1-%2.json").arg(name, stamp));
    for (int n = 2; QFileInfo::exists(file); ++n)
        file = folder.filePath(QStringLiteral("%1-%2-%3.json").arg(name, stamp).arg(n));

    auto fail = [this](const QString& error) {
        m_checkError = error;
        m_checkErrorLabel->setText(error);
        m_checkErrorLabel->show();
        return false;
    };
    if (!folder.mkpath(QStringLiteral(".")))
        return fail(tr("Cannot create the folder %1.").arg(folder.path()));
    QFile out(file);
    const QByteArray text = QByteArray::fromStdString(recipe.dump(2)) + '\n';
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(text) != text.size())
        return fail(tr("Cannot write %1: %2").arg(file, out.errorString()));
    out.close();

    // Synchronous: the check reads the recipe and looks for its files, well under a second.
    QProcess check;
    check.setProgram(mlProgram());
    check.setArguments({QStringLiteral("pipeline"), QStringLiteral("run"), m_projectDir, file,
                        QStringLiteral("--check")});
    QApplication::setOverrideCursor(Qt::WaitCursor);
    check.start();
    const bool finished = check.waitForStarted() && check.waitForFinished(kCheckTimeoutMs);
    QApplication::restoreOverrideCursor();
    if (!finished || check.exitStatus() != QProcess::NormalExit || check.exitCode() != 0) {
        QString error = QString::fromUtf8(check.readAllStandardError()).trimmed();
        if (error.isEmpty())
            error = check.errorString();
        error.remove(QRegularExpression(QStringLiteral("^(prefstudio-ml: )?error: ")));
        // The message names the copy, which is removed: the stage and field are what matter.
        if (error.startsWith(file + QLatin1String(": ")))
            error.remove(0, file.size() + 2);
        QFile::remove(file);
        return fail(tr("The recipe was not run: %1").arg(error));
    }
    m_checkErrorLabel->hide();
    m_written = file;
    return true;
}

} // namespace prefstudio::ui
