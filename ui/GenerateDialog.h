#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace prefstudio::ui {

/// What a generation job is asked to do (prefstudio-ml generate's options).
struct GenerateRequest
{
    QString model;      ///< checkpoint folder, llava-hf layout
    int candidates = 4; ///< per sample
    bool greedy = false;
    double temperature = 1.0;
    double topP = 0.9;
    int maxNewTokens = 64;
    quint64 seed = 0;
    QList<qint64> sampleIds; ///< empty: every sample of the project

    /// prefstudio-ml's arguments for the project in `projectDir`.
    QStringList arguments(const QString& projectDir) const;
};

/// Asks for a generation job: the checkpoint (the shipped demo policy by default), how many
/// candidates, greedy or sampled, and for which samples (the selected one or all).
class GenerateDialog : public QDialog
{
    Q_OBJECT
public:
    /// `selectedSample` < 0: there is no selection, and the job covers every sample.
    GenerateDialog(qint64 selectedSample, QWidget* parent = nullptr);
    GenerateRequest request() const;

private:
    qint64 m_selected;
    QLineEdit* m_model = nullptr;
    QSpinBox* m_candidates = nullptr;
    QCheckBox* m_greedy = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QSpinBox* m_maxNewTokens = nullptr;
    QSpinBox* m_seed = nullptr;
    QRadioButton* m_onlySelected = nullptr;
};

} // namespace prefstudio::ui
