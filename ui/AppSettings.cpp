#include "AppSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <algorithm>

namespace prefstudio::ui {

namespace {

QSettings store()
{
    return QSettings(QStringLiteral("PrefStudio"), QStringLiteral("PrefStudio"));
}

} // namespace

QString AppSettings::annotatorName()
{
    return store().value(QStringLiteral("annotator/name")).toString().trimmed();
}

void AppSettings::setAnnotatorName(const QString& name)
{
    store().setValue(QStringLiteral("annotator/name"), name.trimmed());
}

QStringList AppSettings::recentProjects()
{
    QStringList folders = store().value(QStringLiteral("projects/recent")).toStringList();
    folders.erase(std::remove_if(folders.begin(), folders.end(),
                                 [](const QString& f) { return !QFileInfo(f).isDir(); }),
                  folders.end());
    return folders;
}

void AppSettings::addRecentProject(const QString& folder)
{
    const QString canonical = QDir(folder).absolutePath();
    QStringList folders = store().value(QStringLiteral("projects/recent")).toStringList();
    folders.removeAll(canonical);
    folders.prepend(canonical);
    while (folders.size() > kMaxRecentProjects)
        folders.removeLast();
    store().setValue(QStringLiteral("projects/recent"), folders);
}

int AppSettings::thumbnailSize()
{
    return std::clamp(store().value(QStringLiteral("view/thumbnailSize"), 48).toInt(), 16, 256);
}

void AppSettings::setThumbnailSize(int pixels)
{
    store().setValue(QStringLiteral("view/thumbnailSize"), std::clamp(pixels, 16, 256));
}

QString AppSettings::language()
{
    return store().value(QStringLiteral("view/language")).toString();
}

void AppSettings::setLanguage(const QString& locale)
{
    store().setValue(QStringLiteral("view/language"), locale);
}

QString AppSettings::lastFolder(const QString& purpose)
{
    const QString folder = store().value(QStringLiteral("folders/") + purpose).toString();
    return !folder.isEmpty() && QFileInfo(folder).isDir() ? folder : QDir::homePath();
}

void AppSettings::setLastFolder(const QString& purpose, const QString& folder)
{
    store().setValue(QStringLiteral("folders/") + purpose, folder);
}

QByteArray AppSettings::widgetState(const QString& key)
{
    return store().value(QStringLiteral("state/") + key).toByteArray();
}

void AppSettings::setWidgetState(const QString& key, const QByteArray& state)
{
    store().setValue(QStringLiteral("state/") + key, state);
}

} // namespace prefstudio::ui
