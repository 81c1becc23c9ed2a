#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace prefstudio::ui {

class JobRunner;
class ReviewedPairCounter;

/// Asks for a hand-off of the reviewed pairs to TRL or LLaMA-Factory (prefstudio-cli handoff):
/// the engine, the base model as the engine names it (a Hub id or a folder on the cluster),
/// which pairs (counted live), the paper's hyper-parameters under the engine's names, how to
/// launch it (directly, accelerate, DeepSpeed, or a prefix such as `sbatch --wait --wrap`), the
/// folder to write, and whether to run the command here and read its metrics back into the
/// Training charts. Bad input is named in the dialog and disables Write.
class HandoffDialog : public QDialog
{
    Q_OBJECT
public:
    HandoffDialog(JobRunner* runner, const QString& projectDir, QWidget* parent = nullptr);

    /// prefstudio-cli's arguments: handoff DIR OUT --engine E --model M ... [--run].
    QStringList arguments() const;
    /// Pairs the chosen statuses export; nullopt until counted.
    std::optional<qint64> pairCount() const;
    /// Why Write is disabled; empty when the input is good.
    QString problem() const;

Q_SIGNALS:
    void pairsCounted();

public Q_SLOTS:
    void accept() override;

private:
    void buildFields();
    void engineChanged();
    void launcherChanged();
    void validate();
    QString defaultFolder() const;

    QString m_projectDir;
    ReviewedPairCounter* m_pairs = nullptr;
    QString m_suggestedFolder; ///< the folder filled in for the engine, until the user edits it

    QComboBox* m_engine = nullptr;
    QLineEdit* m_model = nullptr;
    QLineEdit* m_template = nullptr;
    QComboBox* m_selection = nullptr;
    QLabel* m_count = nullptr;
    QDoubleSpinBox* m_beta = nullptr;
    QLineEdit* m_lr = nullptr;
    QDoubleSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_gradAccum = nullptr;
    QSpinBox* m_loraR = nullptr;
    QSpinBox* m_loraAlpha = nullptr;
    QSpinBox* m_saveEvery = nullptr;
    QComboBox* m_launcher = nullptr;
    QLineEdit* m_launcherText = nullptr;
    QLineEdit* m_folder = nullptr;
    QCheckBox* m_run = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_write = nullptr;
};

} // namespace prefstudio::ui
