#include <QApplication>
#include <QDir>

#include "ui/MainWindow.h"

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::home().filePath("PrefStudio/demo");
    prefstudio::ui::MainWindow window(dir);
    window.show();
    return app.exec();
}
