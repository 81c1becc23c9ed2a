#pragma once

#include <QString>
#include <QStringList>
#include <QWizard>

#include <nlohmann/json.hpp>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTableWidget;
class QTreeWidget;

namespace prefstudio::ui {

/// Pipeline → Run recipe…: picks a recipe (the shipped demo or a file) and shows what each of
/// its stages will do, lets the person change the fields one changes most without writing
/// JSON (prompt and image counts, generators, scorers, pair policy, the stages to run), then
/// the device. Finishing writes the edited recipe to <project>/runs/recipes/ with relative
/// paths made absolute and has `prefstudio-ml pipeline run --check` validate it: a recipe it
/// refuses keeps the wizard open with its message; one it accepts closes the wizard, and the
/// caller starts the run with writtenRecipe() and runOptions().
///
/// The recipe is read here as plain JSON: its checker (core/pipeline) links LibTorch, which
/// the studio does not, so --check is the validator.
class PipelineWizard : public QWizard
{
    Q_OBJECT
public:
    enum Page { RecipePage, EditPage, RunPage };

    explicit PipelineWizard(const QString& projectDir, QWidget* parent = nullptr);

    /// The shipped demo recipe: $PREFSTUDIO_DEMO_RECIPE, else share/prefstudio/recipes/
    /// shapes-demo.json beside the installed binary, else the source tree's; empty if none.
    static QString demoRecipeFile();

    /// Reads `file` and shows its stages; false (and the reason on the first page) when it
    /// cannot be read or is not a JSON object.
    bool loadRecipe(const QString& file);
    QString recipeFile() const { return m_file; }
    QString loadError() const { return m_loadError; }

    /// (stage, what it will do) for each stage `recipe` has, in the order they run.
    static std::vector<std::pair<QString, QString>> stageSummary(const nlohmann::json& recipe);

    /// The loaded recipe with the edit page's values, paths made absolute from its folder.
    nlohmann::json editedRecipe() const;
    /// What follows `pipeline run DIR RECIPE`: a --stage for each stage to run (none when
    /// all of them run) and the device.
    QStringList runOptions() const;
    /// Writes editedRecipe() under runs/recipes/ and checks it with prefstudio-ml; false with
    /// checkError() (also shown on the last page) when the check fails. The file of a refused
    /// recipe is removed.
    bool writeAndCheck();
    QString writtenRecipe() const { return m_written; }
    QString checkError() const { return m_checkError; }

    /// What the edit page's buttons add after asking for the folder, command or server.
    void addModelGenerator(const QString& folder);
    void addModelScorer(const QString& folder);
    void addCommandScorer(const QStringList& argv);
    void addJudgeScorer(const QString& url, const QString& model);
    /// A generator on an OpenAI-compatible server; its table cell reads and edits as
    /// "model @ URL".
    void addServerGenerator(const QString& url, const QString& model);

protected:
    void initializePage(int id) override;
    bool validateCurrentPage() override;

private:
    QWizardPage* buildRecipePage();
    QWizardPage* buildEditPage();
    QWizardPage* buildRunPage();
    void loadChosenRecipe();
    void browseRecipe();
    void fillEditPage();
    void addGeneratorRow(const nlohmann::json& spec);
    void addScorerRow(const nlohmann::json& spec);
    void refreshPairScorers();
    QString uniqueScorerId(const QString& wanted) const;
    QString uniqueGeneratorId(const QString& wanted) const;
    /// Asks for an OpenAI-compatible server's URL and model name; false when cancelled or
    /// either is empty.
    bool askServer(const QString& title, QString& serverUrl, QString& serverModel);
    void askModelGenerator();
    void askServerGenerator();
    void askModelScorer();
    void askCommandScorer();
    void askJudgeScorer();
    void chooseGeneratorFolder();
    QStringList checkedStages() const;
    void fillSummary(QTreeWidget* tree, const nlohmann::json& recipe,
                     const QStringList& skipped) const;

    QString m_projectDir;
    QString m_file;
    QString m_loadError;
    nlohmann::json m_recipe;
    QString m_written;
    QString m_checkError;
    /// Each table row's recipe entry, so that fields the table does not show are kept.
    std::vector<nlohmann::json> m_generatorSpecs;
    std::vector<nlohmann::json> m_scorerSpecs;

    QRadioButton* m_useDemo = nullptr;
    QRadioButton* m_useFile = nullptr;
    QLineEdit* m_fileEdit = nullptr;
    QLabel* m_description = nullptr;
    QTreeWidget* m_stages = nullptr;
    QLabel* m_loadErrorLabel = nullptr;

    std::vector<QCheckBox*> m_stageBoxes;
    QGroupBox* m_imagesGroup = nullptr;
    QSpinBox* m_promptCount = nullptr;
    QSpinBox* m_perPrompt = nullptr;
    QTableWidget* m_generators = nullptr;
    QTableWidget* m_scorers = nullptr;
    QComboBox* m_policy = nullptr;
    QComboBox* m_pairScorer = nullptr;

    QComboBox* m_device = nullptr;
    QTreeWidget* m_runSummary = nullptr;
    QLabel* m_target = nullptr;
    QLabel* m_checkErrorLabel = nullptr;
};

} // namespace prefstudio::ui
