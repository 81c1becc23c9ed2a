#pragma once

#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace prefstudio::ui {

class JobRunner;

/// One prefstudio-ml eval command the dialog asks for.
struct EvaluationRequest
{
    QString title;         ///< for the jobs panel: "Evaluate demo-policy on shapes-pope, ..."
    QStringList arguments; ///< after `eval DIR`
};

/// Asks for benchmark runs: which benchmarks (the shapes ones need no files and are checked
/// for the demo), each one's data and images, the model (the shipped demo policy, a
/// checkpoint folder, finished training runs of the project, or an OpenAI-compatible server),
/// the judge MMHal-Bench needs, the answer parser, device, greedy decoding or a temperature, a
/// limit for a quick look, and the shapes scenes. Bad input (no benchmark, data that does not
/// exist, no judge for MMHal) is named in the dialog and disables Run. The shapes benchmarks run
/// together; every other benchmark reads its own files, so it is a command of its own; several
/// training runs give one command per run.
class EvaluationDialog : public QDialog
{
    Q_OBJECT
public:
    /// The benchmarks offered, in order: pope, chair, amber, mme, mmhal, custom, shapes-pope,
    /// shapes-chair.
    static const QStringList& benchmarkNames();

    /// Lists the project's finished training runs on `runner`'s read connection.
    explicit EvaluationDialog(JobRunner* runner, QWidget* parent = nullptr);

    /// The commands to run, each one job; empty while the input is bad.
    std::vector<EvaluationRequest> requests() const;
    /// Each command's options after `eval DIR`, as requests() gives them.
    QList<QStringList> arguments() const;
    /// Why Run is disabled; empty when the input is good.
    QString problem() const;
    /// The finished training runs listed (id, name); nullopt until listed.
    const std::optional<std::vector<std::pair<qint64, QString>>>& trainingRuns() const
    {
        return m_trainingRuns;
    }
    /// Chooses the training runs as the model and checks `runIds` (those listed).
    void selectTrainingRuns(const QList<qint64>& runIds);

Q_SIGNALS:
    /// The training runs were listed (again).
    void runsListed();

public Q_SLOTS:
    void accept() override;

private:
    struct BenchmarkRow
    {
        QString name;
        QCheckBox* check = nullptr;
        QLineEdit* data = nullptr;
        QLineEdit* images = nullptr;
        QLineEdit* parts = nullptr; ///< POPE splits, AMBER parts, MME subtasks; empty: all
        QPushButton* browseData = nullptr;
        QPushButton* browseImages = nullptr;
        bool dataIsFolder = true;
    };

    QWidget* buildBenchmarks();
    QWidget* buildModel();
    QWidget* buildOptions();
    void listRuns();
    void validate();
    QString benchmarkProblem() const;
    QString modelProblem() const;
    QString judgeProblem() const;
    bool isChecked(const QString& benchmark) const;
    const BenchmarkRow* row(const QString& benchmark) const;
    /// (arguments naming the model, its name for a title) per model chosen.
    std::vector<std::pair<QStringList, QString>> models() const;

    JobRunner* m_runner;
    std::optional<std::vector<std::pair<qint64, QString>>> m_trainingRuns;
    QString m_listError;
    QList<qint64> m_runsToCheck;

    std::vector<BenchmarkRow> m_benchmarks;
    QButtonGroup* m_modelKind = nullptr;
    QRadioButton* m_demo = nullptr;
    QRadioButton* m_checkpoint = nullptr;
    QRadioButton* m_runs = nullptr;
    QRadioButton* m_server = nullptr;
    QLabel* m_demoPath = nullptr;
    QLineEdit* m_checkpointPath = nullptr;
    QPushButton* m_browseCheckpoint = nullptr;
    QListWidget* m_runList = nullptr;
    QLineEdit* m_serverUrl = nullptr;
    QLineEdit* m_serverModel = nullptr;
    QLineEdit* m_judgeUrl = nullptr;
    QLineEdit* m_judgeModel = nullptr;
    QLabel* m_judgeNote = nullptr;
    QComboBox* m_parser = nullptr;
    QComboBox* m_device = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QSpinBox* m_sampleSeed = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_maxNewTokens = nullptr;
    QSpinBox* m_limit = nullptr;
    QSpinBox* m_count = nullptr;
    QSpinBox* m_seed = nullptr;
    QCheckBox* m_allowMissing = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_run = nullptr;
};

} // namespace prefstudio::ui
