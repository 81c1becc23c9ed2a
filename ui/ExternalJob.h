#pragma once

#include <QString>
#include <QStringList>

namespace prefstudio::ui {

struct JobContext;

/// Runs a PrefStudio command-line program (prefstudio-ml for the jobs that need LibTorch,
/// which the studio does not link) as a job's work: its "@progress DONE TOTAL" lines
/// (PREFSTUDIO_PROGRESS=lines) become the job's progress, its other stderr lines the job's
/// log; cancelling the job sends it SIGTERM, on which the programs stop cleanly and keep what
/// they committed. Returns the last line the program printed on stdout; throws core::Error
/// with its last error line when it fails or cannot start, core::Cancelled when cancelled.
QString runExternalJob(const QString& program, const QStringList& arguments, JobContext& context);

/// The prefstudio-ml program: $PREFSTUDIO_ML, else the one beside this executable.
QString mlProgram();
/// The prefstudio-cli program: $PREFSTUDIO_CLI, else the one beside this executable.
QString cliProgram();

/// The demo policy checkpoint shipped with PrefStudio: $PREFSTUDIO_DEMO_POLICY, else
/// share/prefstudio/demo-policy beside the installed binary, else the source tree's
/// resources/demo-policy; empty when none exists.
QString demoPolicyFolder();
/// The demo reward model, found the same way ($PREFSTUDIO_DEMO_RM, ..., demo-rm).
QString demoRewardFolder();

} // namespace prefstudio::ui
