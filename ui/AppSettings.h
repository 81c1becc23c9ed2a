#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace prefstudio::ui {

/// The person's preferences, kept with QSettings (organisation "PrefStudio", application
/// "PrefStudio"). Project-specific settings live in the project's own settings table instead.
class AppSettings
{
public:
    /// Who is recorded in the audit log; empty until asked on first launch.
    static QString annotatorName();
    static void setAnnotatorName(const QString& name);

    /// Most recently opened projects first, at most kMaxRecentProjects, folders that exist.
    static QStringList recentProjects();
    static void addRecentProject(const QString& folder);
    static constexpr int kMaxRecentProjects = 10;

    /// Thumbnail edge in logical pixels for the sample list.
    static int thumbnailSize();
    static void setThumbnailSize(int pixels);

    /// UI language as a locale name ("en", "de", "zh_CN"); empty means the system locale.
    static QString language();
    static void setLanguage(const QString& locale);

    /// The folder a file dialog for `purpose` ("import", "export", "project") last showed;
    /// the home folder at first.
    static QString lastFolder(const QString& purpose);
    static void setLastFolder(const QString& purpose, const QString& folder);

    /// Opaque widget state (window geometry, splitter sizes) by key.
    static QByteArray widgetState(const QString& key);
    static void setWidgetState(const QString& key, const QByteArray& state);
};

} // namespace prefstudio::ui
