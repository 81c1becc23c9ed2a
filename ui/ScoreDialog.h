#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace prefstudio::ui {

/// What a scoring job is asked to do (prefstudio-ml score's options): one of three backends,
/// then the options every backend shares.
struct ScoreRequest
{
    enum class Backend {
        Model,      ///< a local reward model folder, run by prefstudio-ml itself
        Subprocess, ///< a program of the user's speaking packaging/scorers/PROTOCOL.md
        Judge,      ///< a vision-language model on an OpenAI-compatible server
    };
    Backend backend = Backend::Model;

    QString model;                            ///< Model: the reward model folder
    QString mode = QStringLiteral("batched"); ///< Model: batched, per-sample or one-by-one
    QString device = QStringLiteral("auto");  ///< Model: auto, cpu or cuda
    /// Model: auto (bf16 on CUDA, fp32 on the CPU), fp32 or bf16; passed only when not auto.
    QString precision = QStringLiteral("auto");

    QStringList command;   ///< Subprocess: the program and its arguments, run without a shell
    bool textOnly = false; ///< Subprocess: send no image

    QString judgeUrl;   ///< Judge: the server's base URL
    QString judgeModel; ///< Judge: the model name the server serves
    /// Judge: the environment variable that holds the API key (never the key); empty: none.
    QString judgeKeyEnv;
    bool attachImage = true; ///< Judge: send the sample's image with each request
    /// Judge: the rubric text; empty or JudgeScorer::defaultRubric(): the default, no file.
    QString rubric;

    int timeoutSeconds = 300; ///< Subprocess and judge: per batch (subprocess) or request

    QString scorer;            ///< stored as scores.scorer; empty: the backend's own name
    QString split;             ///< empty: every split
    int batch = 0;             ///< samples per scorer call; 0: the scorer's default
    bool retryFailures = true; ///< score again what the scorer could not rate last time

    /// prefstudio-ml's arguments for the project in `projectDir`. A rubric other than the
    /// default is first written to `<projectDir>/runs/rubrics/rubric-<UTC time>.txt` (a temporary
    /// file renamed into place) and passed with --rubric; throws core::Error when it cannot be.
    QStringList arguments(const QString& projectDir) const;
    /// What scores, for the job's title: the model folder's name, the scorer name, the judge
    /// model.
    QString scorerLabel() const;
};

/// Asks for a scoring job: a local reward model (the shipped demo reward model by default), a
/// subprocess scorer, or a judge server with an editable rubric, and the options they share.
/// What is wrong with the input is named under the tabs and disables Score.
class ScoreDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ScoreDialog(QWidget* parent = nullptr);

    ScoreRequest request() const;
    /// Why Score is disabled; empty when the input is good.
    QString problem() const;
    /// Remembers the chosen backend and its settings (not the scorer name, split or batch,
    /// which belong to one run) for the next time the dialog opens, then closes it.
    void accept() override;

private:
    QWidget* buildModelPage();
    QWidget* buildSubprocessPage();
    QWidget* buildJudgePage();
    QWidget* buildCommonOptions();
    ScoreRequest::Backend backend() const;
    void validate();
    /// Puts back what accept() remembered, if anything.
    void recall();

    QTabWidget* m_backends = nullptr;

    QLineEdit* m_model = nullptr;
    QComboBox* m_mode = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_precision = nullptr;

    QLineEdit* m_command = nullptr;
    QSpinBox* m_commandTimeout = nullptr;
    QCheckBox* m_textOnly = nullptr;

    QLineEdit* m_judgeUrl = nullptr;
    QLineEdit* m_judgeModel = nullptr;
    QLineEdit* m_judgeKeyEnv = nullptr;
    QCheckBox* m_attachImage = nullptr;
    QSpinBox* m_judgeTimeout = nullptr;
    QPlainTextEdit* m_rubric = nullptr;
    QPushButton* m_resetRubric = nullptr;

    QLineEdit* m_scorer = nullptr;
    QLineEdit* m_split = nullptr;
    QSpinBox* m_batch = nullptr;
    QCheckBox* m_retry = nullptr;

    QLabel* m_problem = nullptr;
    QPushButton* m_run = nullptr;
};

} // namespace prefstudio::ui
