#pragma once

#include <QMainWindow>

namespace prefstudio::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const QString& projectDir, QWidget* parent = nullptr);
};

} // namespace prefstudio::ui
