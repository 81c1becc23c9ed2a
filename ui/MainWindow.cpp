#include "ui/MainWindow.h"

#include <QPlainTextEdit>

#include "curation/ProjectStats.h"
#include "store/Project.h"

namespace prefstudio::ui {

MainWindow::MainWindow(const QString& projectDir, QWidget* parent) : QMainWindow(parent)
{
    auto project = core::Project::openOrCreate(projectDir.toStdString());
    auto* view = new QPlainTextEdit(QString::fromStdString(core::computeStats(*project).toText()), this);
    view->setReadOnly(true);
    setCentralWidget(view);
    setWindowTitle(tr("PrefStudio — %1").arg(projectDir));
}

} // namespace prefstudio::ui
