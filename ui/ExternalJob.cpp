#include "ui/ExternalJob.h"

#include "ui/JobRunner.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

namespace prefstudio::ui {

namespace {

constexpr int kPollMs = 100;
constexpr int kStopGraceMs = 30000;
const QByteArray kProgressPrefix = QByteArrayLiteral("@progress ");

} // namespace

namespace {

QString siblingProgram(const char* variable, const QString& name)
{
    const QString configured = qEnvironmentVariable(variable);
    if (!configured.isEmpty())
        return configured;
    return QDir(QCoreApplication::applicationDirPath()).filePath(name);
}

QString shippedFolder(const char* variable, const QString& name)
{
    QStringList candidates;
    const QString configured = qEnvironmentVariable(variable);
    if (!configured.isEmpty())
        candidates << configured;
    candidates << QDir(QCoreApplication::applicationDirPath())
                      .filePath(QStringLiteral("../share/prefstudio/") + name);
#ifdef PREFSTUDIO_SOURCE_DIR
    candidates << QStringLiteral(PREFSTUDIO_SOURCE_DIR "/resources/") + name;
#endif
    for (const QString& folder : candidates)
        if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("config.json"))))
            return QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    return {};
}

} // namespace

QString mlProgram()
{
    return siblingProgram("PREFSTUDIO_ML", QStringLiteral("prefstudio-ml"));
}

QString cliProgram()
{
    return siblingProgram("PREFSTUDIO_CLI", QStringLiteral("prefstudio-cli"));
}

QString demoPolicyFolder()
{
    return shippedFolder("PREFSTUDIO_DEMO_POLICY", QStringLiteral("demo-policy"));
}

QString demoRewardFolder()
{
    return shippedFolder("PREFSTUDIO_DEMO_RM", QStringLiteral("demo-rm"));
}

QString runExternalJob(const QString& program, const QStringList& arguments, JobContext& context)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PREFSTUDIO_PROGRESS"), QStringLiteral("lines"));
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted())
        throw core::Error(QStringLiteral("cannot start %1: %2")
                              .arg(program, process.errorString())
                              .toStdString());
    context.progress.message(
        QStringLiteral("%1 %2")
            .arg(QFileInfo(program).fileName(), arguments.join(QLatin1Char(' ')))
            .toStdString());

    QByteArray pendingErr;
    QByteArray pendingOut;
    QString lastError;
    QString lastOut;
    auto readLines = [&] {
        pendingErr += process.readAllStandardError();
        qsizetype end = 0;
        while ((end = pendingErr.indexOf('\n')) >= 0) {
            const QByteArray line = pendingErr.left(end).trimmed();
            pendingErr.remove(0, end + 1);
            if (line.startsWith(kProgressPrefix)) {
                const QList<QByteArray> parts = line.mid(kProgressPrefix.size()).split(' ');
                if (parts.size() == 2)
                    context.progress.report(parts[0].toULongLong(), parts[1].toULongLong());
            } else if (!line.isEmpty()) {
                lastError = QString::fromUtf8(line);
                context.progress.message(lastError.toStdString());
            }
        }
        // Output arrives in pieces: only whole lines count.
        pendingOut += process.readAllStandardOutput();
        while ((end = pendingOut.indexOf('\n')) >= 0) {
            const QByteArray line = pendingOut.left(end).trimmed();
            pendingOut.remove(0, end + 1);
            if (!line.isEmpty()) {
                lastOut = QString::fromUtf8(line);
                context.progress.message(lastOut.toStdString());
            }
        }
    };

    bool stopping = false;
    while (!process.waitForFinished(kPollMs)) {
        readLines();
        if (process.state() == QProcess::NotRunning)
            break;
        if (context.cancel.isCancelled() && !stopping) {
            stopping = true;
            process.terminate(); // SIGTERM: the program stops at its next check
            if (!process.waitForFinished(kStopGraceMs))
                process.kill();
        }
    }
    readLines();
    // A last line without its newline.
    if (!pendingOut.trimmed().isEmpty())
        lastOut = QString::fromUtf8(pendingOut.trimmed());
    if (!pendingErr.trimmed().isEmpty())
        lastError = QString::fromUtf8(pendingErr.trimmed());
    if (stopping || context.cancel.isCancelled())
        throw core::Cancelled();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        throw core::Error((lastError.isEmpty() ? QStringLiteral("%1 failed (exit code %2)")
                                                     .arg(QFileInfo(program).fileName())
                                                     .arg(process.exitCode())
                                               : lastError)
                              .toStdString());
    return lastOut;
}

} // namespace prefstudio::ui
