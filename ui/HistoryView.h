#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace prefstudio::core {
class Project;
}

namespace prefstudio::ui {

class AuditTableModel;

/// The History tab: the project's audit log (who changed what, when, before and after), newest
/// first and paged, filterable by annotator and by action.
class HistoryView : public QWidget
{
    Q_OBJECT
public:
    /// `project` must outlive the view.
    explicit HistoryView(core::Project& project, QWidget* parent = nullptr);

    AuditTableModel* model() const { return m_model; }
    /// Re-reads the annotators and actions offered and the rows, keeping the chosen filter.
    void refresh();

Q_SIGNALS:
    void queryFailed(const QString& message);

private:
    void applyFilter();
    void updateCount();
    static void fillChoices(QComboBox* box, const QString& anyText,
                            const std::vector<std::string>& values);

    core::Project& m_project;
    AuditTableModel* m_model = nullptr;
    QComboBox* m_annotator = nullptr;
    QComboBox* m_action = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_table = nullptr;
};

} // namespace prefstudio::ui
