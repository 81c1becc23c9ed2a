#pragma once

#include <QMainWindow>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPlainTextEdit;
class QTableView;
class QTabWidget;
class QTimer;

namespace prefstudio::core {
class Project;
}

namespace prefstudio::ui {

class CandidateListView;
class ImageView;
class PairTableModel;

/// The studio window: a filterable table of pairs, an inspector for the selected one (image,
/// prompt, candidates with chosen/rejected marked) and the review decisions, plus a tab with
/// the project's statistics. Every decision goes through core::setPairStatus.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// Takes over an opened project.
    explicit MainWindow(std::unique_ptr<core::Project> project, QWidget* parent = nullptr);
    ~MainWindow() override;

    PairTableModel* pairModel() const { return m_model; }
    /// The pair in the inspector; -1 when none is selected.
    qint64 currentPairId() const { return m_currentPair; }

private:
    void buildActions();
    QWidget* buildReviewTab();
    QWidget* buildFilterBar();
    QWidget* buildInspector();
    void applyFilter();
    void updateCountLabel();
    void restoreSelection();
    void selectRow(int row);
    void showPair(const QModelIndex& index);
    void clearInspector();
    void decide(const char* status);
    void moveSelection(int delta);
    void refreshStats();
    void reportError(const QString& message);

    std::unique_ptr<core::Project> m_project;
    PairTableModel* m_model = nullptr;
    qint64 m_currentPair = -1;
    bool m_statsStale = true;

    QTabWidget* m_tabs = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QComboBox* m_flagFilter = nullptr;
    QLineEdit* m_search = nullptr;
    QTimer* m_searchDelay = nullptr;
    QLabel* m_countLabel = nullptr;
    QTableView* m_table = nullptr;
    ImageView* m_image = nullptr;
    QLabel* m_prompt = nullptr;
    QLabel* m_pairInfo = nullptr;
    CandidateListView* m_candidates = nullptr;
    QPlainTextEdit* m_stats = nullptr;

    QAction* m_accept = nullptr;
    QAction* m_reject = nullptr;
    QAction* m_pending = nullptr;
    QAction* m_next = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_reload = nullptr;
};

} // namespace prefstudio::ui
