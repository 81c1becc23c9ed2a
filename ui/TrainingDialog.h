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

/// The hyper-parameters the training dialog edits, as prefstudio-ml train's options name them.
struct DpoHyperParameters
{
    QString loss = QStringLiteral("sigmoid"); ///< sigmoid | conservative | ipo | hinge
    double beta = 0.1;
    double lr = 5e-4;
    double epochs = 2;
    int maxSteps = 0; ///< 0: as many as the epochs take
    int batch = 16;
    int loraR = 8;
    double loraAlpha = 16;
    bool trainProjector = false;
    double projectorLr = 2e-5;
    double rpoAlpha = 0;
    bool gradientCheckpointing = false; ///< recompute layers in the backward pass
    int saveEvery = 0;                  ///< 0: a checkpoint only at the end (and on pause)

    /// The values of prefstudio-ml's preset "demo" or "paper".
    static DpoHyperParameters preset(const QString& name);
    /// The options that differ from `base` ("--lr", "0.0001", ...), in the order above.
    QStringList overridesOf(const DpoHyperParameters& base) const;
    bool operator==(const DpoHyperParameters& other) const;
};

/// Asks for a DPO training run: which pairs (accepted, or accepted and pending) with their
/// count read live from the project, the base model (the shipped demo policy by default), a
/// preset or custom hyper-parameters, and the device. Bad input (no pairs, a folder that is no
/// checkpoint, a learning rate that is no number) is named in the dialog and disables Train.
class TrainingDialog : public QDialog
{
    Q_OBJECT
public:
    /// Counts pairs on `runner`'s read connection.
    explicit TrainingDialog(JobRunner* runner, QWidget* parent = nullptr);

    /// prefstudio-ml train's options after `train DIR`: --model, --selection, --preset, the
    /// hyper-parameters that differ from the preset, --device.
    QStringList arguments() const;
    /// The hyper-parameters as the fields show them now.
    DpoHyperParameters hyperParameters() const;
    /// Pairs the chosen selection trains on; nullopt until counted.
    std::optional<qint64> pairCount() const;
    /// Why Train is disabled; empty when the input is good.
    QString problem() const;

Q_SIGNALS:
    /// The pairs were counted (again).
    void pairsCounted();

public Q_SLOTS:
    void accept() override;

private:
    void buildFields();
    void applyPreset(int index);
    void fieldEdited();
    void fill(const DpoHyperParameters& values);
    void validate();
    QString modelProblem() const;

    ReviewedPairCounter* m_pairs = nullptr;
    QString m_basePreset = QStringLiteral("demo");
    bool m_filling = false;

    QComboBox* m_selection = nullptr;
    QLabel* m_count = nullptr;
    QLineEdit* m_model = nullptr;
    QComboBox* m_preset = nullptr;
    QComboBox* m_loss = nullptr;
    QDoubleSpinBox* m_beta = nullptr;
    QLineEdit* m_lr = nullptr;
    QDoubleSpinBox* m_epochs = nullptr;
    QSpinBox* m_maxSteps = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_loraR = nullptr;
    QDoubleSpinBox* m_loraAlpha = nullptr;
    QCheckBox* m_trainProjector = nullptr;
    QCheckBox* m_gradientCheckpointing = nullptr;
    QLineEdit* m_projectorLr = nullptr;
    QDoubleSpinBox* m_rpoAlpha = nullptr;
    QSpinBox* m_saveEvery = nullptr;
    QComboBox* m_device = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_train = nullptr;
};

} // namespace prefstudio::ui
