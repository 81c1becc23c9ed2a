#pragma once

#include <QDialog>

#include "curation/QualityFlags.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace prefstudio::ui {

/// Settings > Preferences: the person's name for the audit log, thumbnail size and language
/// (kept in AppSettings), and the project's quality-flag thresholds (kept in the project;
/// changing them recomputes every pair's flags as a job, which the caller starts).
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /// `thresholds`: the project's current ones.
    explicit SettingsDialog(const core::FlagThresholds& thresholds, QWidget* parent = nullptr);

    QString annotatorName() const;
    int thumbnailSize() const;
    /// "", "en", "de" or "zh_CN" ("" follows the system).
    QString language() const;
    core::FlagThresholds thresholds() const;
    bool thresholdsChanged() const;
    bool languageChanged() const;

    /// Writes name, thumbnail size and language to AppSettings.
    void saveAppSettings() const;

    void accept() override;

    /// Asks for the name the audit log records (first launch); saves it unless left empty.
    static void askAnnotatorName(QWidget* parent = nullptr);

    /// The languages the studio ships, as (locale name, name in that language).
    static QList<QPair<QString, QString>> languages();

private:
    core::FlagThresholds m_initial;
    QString m_initialLanguage;
    QLineEdit* m_annotator;
    QSpinBox* m_thumbnail;
    QComboBox* m_language;
    QSpinBox* m_shortWords;
    QDoubleSpinBox* m_lengthRatio;
    QDoubleSpinBox* m_repetition;
    QDoubleSpinBox* m_nearDuplicate;
    QDoubleSpinBox* m_echo;
    QDoubleSpinBox* m_tieEpsilon;
    QLabel* m_error;
};

} // namespace prefstudio::ui
