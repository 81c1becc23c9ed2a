#pragma once

#include <QObject>
#include <QString>

namespace prefstudio::ui {

class MainWindow;

/// Opens project folders in studio windows: a window per project, deleted when closed, the
/// folder added to the recent projects. Builds the demo project first when asked for a
/// demo folder that holds none, as a job with a progress dialog.
class ProjectLauncher : public QObject
{
    Q_OBJECT
public:
    explicit ProjectLauncher(QObject* parent = nullptr);

    /// Opens `folder` in a new window (shown); nullptr and failed() when it cannot be opened.
    MainWindow* openWindow(const QString& folder);
    /// Builds the shapes-world demo (`samples` of them; 0: the demo's default) in `folder`,
    /// which must not hold a project yet, on a worker thread with a progress dialog, then opens
    /// it; windowOpened() or failed() follows.
    void buildDemoThenOpen(const QString& folder, int samples = 0);

    /// ~/PrefStudio/demo: where the studio keeps its demo project.
    static QString demoFolder();

Q_SIGNALS:
    void windowOpened(prefstudio::ui::MainWindow* window);
    void failed(const QString& message);
};

} // namespace prefstudio::ui
