// The score dialog: prefstudio-ml score's arguments for a local reward model, a subprocess
// scorer (split without a shell) and a judge server (an edited rubric saved under
// runs/rubrics/ and passed with --rubric, the default one passed not at all); each bad input
// named in the dialog with Score disabled; and a subprocess scorer written by the test run from
// the Score action through the dialog to scores in the project.

#include "backends/JudgeScorer.h"
#include "demo/DemoProject.h"
#include "store/Database.h"
#include "store/Project.h"
#include "ui/AppSettings.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "ui/ProjectActions.h"
#include "ui/ScoreDialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <memory>

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

constexpr int kJobTimeoutMs = 120000;

// Debian's interpreter, not whatever python3 PATH finds first.
const char* const kPython = "/usr/bin/python3";

/// Scores each candidate by its length; writes its own argument vector, one per line, to the
/// file named by its first argument.
const char* const kLengthScorer = R"PY(
import json, sys
with open(sys.argv[1], "w") as f:
    f.write("\n".join(sys.argv[1:]) + "\n")
for line in sys.stdin:
    req = json.loads(line)
    if req.get("protocol") != 1 or req["type"] != "score":
        print(json.dumps({"id": req["id"], "error": "cannot " + req["type"]}), flush=True)
        continue
    print(json.dumps({"id": req["id"], "scores": [float(len(c)) for c in req["candidates"]]}),
          flush=True)
)PY";

QString shippedReward()
{
    return QStringLiteral(PREFSTUDIO_SOURCE_DIR "/resources/demo-rm");
}

QString defaultRubric()
{
    return QString::fromStdString(core::backends::JudgeScorer::defaultRubric());
}

template <typename T> T* child(QObject* parent, const char* name)
{
    T* object = parent->findChild<T*>(QString::fromLatin1(name));
    if (!object)
        qFatal("no child %s", name);
    return object;
}

QStringList filesIn(const QString& folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

class TestScoreDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;

    static QString problem(ui::ScoreDialog& dialog)
    {
        const auto* label = child<QLabel>(&dialog, "scoreProblem");
        // The label and the Score button agree with problem().
        if (label->text() != dialog.problem() || label->isHidden() != dialog.problem().isEmpty())
            qFatal("scoreProblem does not show problem()");
        if (child<QPushButton>(&dialog, "scoreRun")->isEnabled() != dialog.problem().isEmpty())
            qFatal("Score is enabled with a problem, or disabled without one");
        return label->text();
    }

    static void choose(ui::ScoreDialog& dialog, ui::ScoreRequest::Backend backend)
    {
        child<QTabWidget>(&dialog, "scoreBackends")->setCurrentIndex(static_cast<int>(backend));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        ui::AppSettings::setAnnotatorName(QStringLiteral("tester"));
        ui::ProjectActions::setLayoutMemory(false);
        qputenv("PREFSTUDIO_ML", PREFSTUDIO_ML);
        qputenv("PREFSTUDIO_DEMO_RM", shippedReward().toUtf8());
    }

    void init()
    {
        // Each case starts from a dialog that remembers nothing.
        QSettings(QStringLiteral("PrefStudio"), QStringLiteral("PrefStudio"))
            .remove(QStringLiteral("score"));
    }

    void theLastChoicesAreRememberedButNotTheRunOptions()
    {
        const QString edited = QStringLiteral("Grade {answer} to {question}; end with Score: N.");
        {
            ui::ScoreDialog dialog;
            choose(dialog, ui::ScoreRequest::Backend::Judge);
            child<QLineEdit>(&dialog, "scoreJudgeUrl")->setText(QStringLiteral("http://box:8000"));
            child<QLineEdit>(&dialog, "scoreJudgeModel")->setText(QStringLiteral("qwen2-vl"));
            child<QPlainTextEdit>(&dialog, "scoreRubric")->setPlainText(edited);
            child<QCheckBox>(&dialog, "scoreAttachImage")->setChecked(false);
            child<QLineEdit>(&dialog, "scoreSplit")->setText(QStringLiteral("test"));
            QCOMPARE(problem(dialog), QString());
            // Cancelled: nothing is remembered.
            dialog.reject();
            QVERIFY(!QSettings(QStringLiteral("PrefStudio"), QStringLiteral("PrefStudio"))
                         .contains(QStringLiteral("score/backend")));
            dialog.accept();
        }
        ui::ScoreDialog again;
        const ui::ScoreRequest request = again.request();
        QCOMPARE(request.backend, ui::ScoreRequest::Backend::Judge);
        QCOMPARE(request.judgeUrl, QStringLiteral("http://box:8000"));
        QCOMPARE(request.judgeModel, QStringLiteral("qwen2-vl"));
        QCOMPARE(request.rubric, edited);
        QVERIFY(!request.attachImage);
        QCOMPARE(request.split, QString());
        QCOMPARE(problem(again), QString());
        // The default rubric is not stored: it comes back as the default.
        child<QPushButton>(&again, "scoreRubricReset")->click();
        again.accept();
        ui::ScoreDialog third;
        QCOMPARE(third.request().rubric, QString()); // the default: no --rubric file
        QCOMPARE(child<QPlainTextEdit>(&third, "scoreRubric")->toPlainText(),
                 child<QPlainTextEdit>(&again, "scoreRubric")->toPlainText());
        QCOMPARE(QSettings(QStringLiteral("PrefStudio"), QStringLiteral("PrefStudio"))
                     .value(QStringLiteral("score/rubric"))
                     .toString(),
                 QString());
    }

    void modelArgumentsNameTheFolderModeAndDevice()
    {
        ui::ScoreRequest r;
        r.model = QStringLiteral("/models/my-rm");
        QCOMPARE(r.arguments(QStringLiteral("/p")),
                 QStringList({"score", "/p", "--model", "/models/my-rm", "--mode", "batched",
                              "--device", "auto"}));
        r.mode = QStringLiteral("one-by-one");
        r.device = QStringLiteral("cpu");
        r.scorer = QStringLiteral("rm-v2");
        r.split = QStringLiteral("test");
        r.batch = 16;
        r.retryFailures = false;
        QCOMPARE(r.arguments(QStringLiteral("/p")),
                 QStringList({"score", "/p", "--model", "/models/my-rm", "--mode", "one-by-one",
                              "--device", "cpu", "--scorer", "rm-v2", "--split", "test", "--batch",
                              "16", "--no-retry"}));
        QCOMPARE(r.scorerLabel(), QStringLiteral("my-rm"));
    }

    void subprocessArgumentsEndWithTheCommand()
    {
        ui::ScoreRequest r;
        r.backend = ui::ScoreRequest::Backend::Subprocess;
        r.command = {QStringLiteral("/usr/bin/python3"), QStringLiteral("/s/my scorer.py"),
                     QStringLiteral("--revision"), QStringLiteral("main")};
        r.scorer = QStringLiteral("armorm");
        r.timeoutSeconds = 60;
        r.textOnly = true;
        r.batch = 4;
        QCOMPARE(r.arguments(QStringLiteral("/p")),
                 QStringList({"score", "/p", "--timeout", "60", "--text-only", "--scorer", "armorm",
                              "--batch", "4", "--", "/usr/bin/python3", "/s/my scorer.py",
                              "--revision", "main"}));
        QCOMPARE(r.scorerLabel(), QStringLiteral("armorm"));
    }

    void judgeArgumentsNameTheServerAndPassNoDefaultRubric()
    {
        QTemporaryDir project;
        ui::ScoreRequest r;
        r.backend = ui::ScoreRequest::Backend::Judge;
        r.judgeUrl = QStringLiteral("http://localhost:8000");
        r.judgeModel = QStringLiteral("Qwen/Qwen2-VL-7B-Instruct");
        QCOMPARE(r.arguments(project.path()),
                 QStringList({"score", project.path(), "--judge-url", "http://localhost:8000",
                              "--judge-model", "Qwen/Qwen2-VL-7B-Instruct", "--timeout", "300"}));
        r.judgeKeyEnv = QStringLiteral("OPENAI_API_KEY");
        r.attachImage = false;
        r.timeoutSeconds = 30;
        r.rubric = defaultRubric(); // the default, given as text: still no file
        r.split = QStringLiteral("train");
        QCOMPARE(
            r.arguments(project.path()),
            QStringList({"score", project.path(), "--judge-url", "http://localhost:8000",
                         "--judge-model", "Qwen/Qwen2-VL-7B-Instruct", "--judge-api-key-env",
                         "OPENAI_API_KEY", "--no-image", "--timeout", "30", "--split", "train"}));
        QVERIFY(!QFileInfo::exists(project.filePath(QStringLiteral("runs/rubrics"))));
        QCOMPARE(r.scorerLabel(), QStringLiteral("Qwen/Qwen2-VL-7B-Instruct"));
    }

    void anEditedRubricIsSavedUnderRunsRubricsAndPassed()
    {
        QTemporaryDir project;
        ui::ScoreRequest r;
        r.backend = ui::ScoreRequest::Backend::Judge;
        r.judgeUrl = QStringLiteral("https://judge.example");
        r.judgeModel = QStringLiteral("judge-7b");
        r.rubric = QStringLiteral("Grade strictly, ünïcode kept.\n{question}\n{answer}\nScore: N");
        const QStringList args = r.arguments(project.path());
        const int at = args.indexOf(QStringLiteral("--rubric"));
        QVERIFY2(at > 0, qPrintable(args.join(QLatin1Char(' '))));
        const QString file = args.value(at + 1);
        const QString folder =
            QDir(project.path()).absoluteFilePath(QStringLiteral("runs/rubrics"));
        QCOMPARE(QFileInfo(file).absolutePath(), folder);
        QVERIFY2(QRegularExpression(QStringLiteral("^rubric-\\d{8}T\\d{6}Z(-\\d+)?\\.txt$"))
                     .match(QFileInfo(file).fileName())
                     .hasMatch(),
                 qPrintable(file));
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(written.readAll()), r.rubric);
        // Written whole, then renamed: no temporary file is left beside it.
        QCOMPARE(filesIn(folder), QStringList{QFileInfo(file).fileName()});

        // The rest of the arguments are as without a rubric.
        QStringList rest = args;
        rest.remove(at, 2);
        QCOMPARE(rest, QStringList({"score", project.path(), "--judge-url", "https://judge.example",
                                    "--judge-model", "judge-7b", "--timeout", "300"}));
        // Another request in the same second gets a file of its own.
        r.rubric = QStringLiteral("{answer}");
        const QStringList again = r.arguments(project.path());
        const QString second = again.value(again.indexOf(QStringLiteral("--rubric")) + 1);
        QVERIFY(second != file);
        QCOMPARE(filesIn(folder).size(), 2);
    }

    void anUnwritableRubricFailsTheJob()
    {
        const fs::path dir = fs::path(m_dir.path().toStdString()) / "unwritable";
        core::buildDemoProject(dir, {7, 2});
        ui::MainWindow window(core::Project::open(dir));
        // A file where the folder should be.
        QVERIFY(QDir().mkpath(QString::fromStdString((dir / "runs").string())));
        QFile blocker(QString::fromStdString((dir / "runs" / "rubrics").string()));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();

        ui::ScoreRequest r;
        r.backend = ui::ScoreRequest::Backend::Judge;
        r.judgeUrl = QStringLiteral("http://localhost:9");
        r.judgeModel = QStringLiteral("judge-7b");
        r.rubric = QStringLiteral("Be harsh. {answer}");
        ui::Job* job = window.projectActions()->startScore(r);
        QVERIFY(job);
        QCOMPARE(job->title(), QStringLiteral("Score candidates with judge-7b"));
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Failed, kJobTimeoutMs);
        QVERIFY2(job->summary().contains(QStringLiteral("rubrics")), qPrintable(job->summary()));
    }

    void theDialogBuildsRequestsFromItsWidgets()
    {
        ui::ScoreDialog dialog;
        // The local model tab first, with the shipped demo reward model.
        QCOMPARE(dialog.request().backend, ui::ScoreRequest::Backend::Model);
        QCOMPARE(dialog.request().model, shippedReward());
        QCOMPARE(problem(dialog), QString());
        child<QComboBox>(&dialog, "scoreMode")->setCurrentIndex(1);
        child<QComboBox>(&dialog, "scoreDevice")->setCurrentIndex(1);
        child<QLineEdit>(&dialog, "scoreSplit")->setText(QStringLiteral(" test "));
        child<QSpinBox>(&dialog, "scoreBatch")->setValue(8);
        child<QCheckBox>(&dialog, "scoreRetry")->setChecked(false);
        QCOMPARE(dialog.request().arguments(QStringLiteral("/p")),
                 QStringList({"score", "/p", "--model", shippedReward(), "--mode", "per-sample",
                              "--device", "cpu", "--split", "test", "--batch", "8", "--no-retry"}));
        auto* precision = child<QComboBox>(&dialog, "scorePrecision");
        precision->setCurrentIndex(precision->findData(QStringLiteral("fp32")));
        QCOMPARE(dialog.request().arguments(QStringLiteral("/p")).mid(6, 4),
                 QStringList({"--device", "cpu", "--precision", "fp32"}));
        precision->setCurrentIndex(precision->findData(QStringLiteral("auto")));

        // Subprocess: double quotes group words (three make a quote); nothing else is interpreted,
        // single quotes included, as no shell runs.
        choose(dialog, ui::ScoreRequest::Backend::Subprocess);
        child<QLineEdit>(&dialog, "scoreCommand")
            ->setText(QStringLiteral(
                R"(/usr/bin/python3 "/opt/my scorers/rm.py" --label "a """quoted""" word" $HOME;* 'x y')"));
        child<QLineEdit>(&dialog, "scoreScorer")->setText(QStringLiteral("rm"));
        child<QSpinBox>(&dialog, "scoreCommandTimeout")->setValue(45);
        child<QCheckBox>(&dialog, "scoreTextOnly")->setChecked(true);
        const ui::ScoreRequest sub = dialog.request();
        QCOMPARE(sub.backend, ui::ScoreRequest::Backend::Subprocess);
        QCOMPARE(sub.command, QStringList({"/usr/bin/python3", "/opt/my scorers/rm.py", "--label",
                                           R"(a "quoted" word)", "$HOME;*", "'x", "y'"}));
        QCOMPARE(sub.arguments(QStringLiteral("/p")), QStringList({"score",
                                                                   "/p",
                                                                   "--timeout",
                                                                   "45",
                                                                   "--text-only",
                                                                   "--scorer",
                                                                   "rm",
                                                                   "--split",
                                                                   "test",
                                                                   "--batch",
                                                                   "8",
                                                                   "--no-retry",
                                                                   "--",
                                                                   "/usr/bin/python3",
                                                                   "/opt/my scorers/rm.py",
                                                                   "--label",
                                                                   R"(a "quoted" word)",
                                                                   "$HOME;*",
                                                                   "'x",
                                                                   "y'"}));

        // Judge: the rubric starts as the default and is passed only once edited.
        choose(dialog, ui::ScoreRequest::Backend::Judge);
        child<QLineEdit>(&dialog, "scoreScorer")->clear();
        child<QLineEdit>(&dialog, "scoreJudgeUrl")->setText(QStringLiteral("http://gpu-box:8000"));
        child<QLineEdit>(&dialog, "scoreJudgeModel")->setText(QStringLiteral("org/judge-7b"));
        child<QCheckBox>(&dialog, "scoreAttachImage")->setChecked(false);
        child<QSpinBox>(&dialog, "scoreJudgeTimeout")->setValue(90);
        auto* rubric = child<QPlainTextEdit>(&dialog, "scoreRubric");
        auto* reset = child<QPushButton>(&dialog, "scoreRubricReset");
        QCOMPARE(rubric->toPlainText(), defaultRubric());
        QVERIFY(!reset->isEnabled());
        QCOMPARE(problem(dialog), QString());
        QCOMPARE(child<QLineEdit>(&dialog, "scoreScorer")->placeholderText(),
                 QStringLiteral("optional; default: judge-judge-7b"));
        ui::ScoreRequest judge = dialog.request();
        QVERIFY(judge.rubric.isEmpty());
        QCOMPARE(judge.timeoutSeconds, 90);
        QVERIFY(!judge.attachImage);

        rubric->setPlainText(QStringLiteral("Only {answer} matters."));
        QVERIFY(reset->isEnabled());
        QCOMPARE(dialog.request().rubric, QStringLiteral("Only {answer} matters."));
        reset->click();
        QCOMPARE(rubric->toPlainText(), defaultRubric());
        QVERIFY(dialog.request().rubric.isEmpty());
    }

    void badInputIsNamedAndDisablesScore()
    {
        ui::ScoreDialog dialog;
        auto* model = child<QLineEdit>(&dialog, "scoreModel");
        model->clear();
        QCOMPARE(problem(dialog), QStringLiteral("Choose the reward model folder."));
        model->setText(QStringLiteral("/no/such/rm"));
        QCOMPARE(problem(dialog),
                 QStringLiteral("The reward model folder /no/such/rm does not exist."));
        model->setText(shippedReward());
        QCOMPARE(problem(dialog), QString());

        choose(dialog, ui::ScoreRequest::Backend::Subprocess);
        auto* command = child<QLineEdit>(&dialog, "scoreCommand");
        auto* scorer = child<QLineEdit>(&dialog, "scoreScorer");
        const QString noCommand =
            QStringLiteral("Give the scorer's command: the program and its arguments.");
        QCOMPARE(problem(dialog), noCommand);
        command->setText(QStringLiteral("   "));
        QCOMPARE(problem(dialog), noCommand);
        command->setText(QStringLiteral("/usr/bin/python3 /s/rm.py"));
        QCOMPARE(problem(dialog),
                 QStringLiteral("Name the scorer: its scores are stored under that name."));
        scorer->setText(QStringLiteral("rm"));
        QCOMPARE(problem(dialog), QString());
        scorer->clear();

        choose(dialog, ui::ScoreRequest::Backend::Judge);
        auto* url = child<QLineEdit>(&dialog, "scoreJudgeUrl");
        auto* judgeModel = child<QLineEdit>(&dialog, "scoreJudgeModel");
        auto* keyEnv = child<QLineEdit>(&dialog, "scoreJudgeKeyEnv");
        auto* rubric = child<QPlainTextEdit>(&dialog, "scoreRubric");
        QCOMPARE(problem(dialog),
                 QStringLiteral("Give the judge server's address, such as http://localhost:8000."));
        for (const char* bad : {"ftp://judge.example", "localhost:8000", "http://"}) {
            url->setText(QString::fromLatin1(bad));
            QCOMPARE(problem(dialog), QStringLiteral("The judge URL %1 is not an http:// or "
                                                     "https:// address.")
                                          .arg(QString::fromLatin1(bad)));
        }
        url->setText(QStringLiteral("https://judge.example/v1"));
        QCOMPARE(problem(dialog),
                 QStringLiteral("Give the name the judge server knows the model by."));
        judgeModel->setText(QStringLiteral("judge-7b"));
        QCOMPARE(problem(dialog), QString());

        // A key pasted where its variable's name goes is refused and never shown.
        keyEnv->setText(QStringLiteral("sk-proj-12345"));
        QVERIFY(problem(dialog).startsWith(QStringLiteral("The API key variable must be the name "
                                                          "of an environment variable")));
        QVERIFY(!problem(dialog).contains(QStringLiteral("sk-proj")));
        qunsetenv("PREFSTUDIO_TEST_UNSET_KEY");
        keyEnv->setText(QStringLiteral("PREFSTUDIO_TEST_UNSET_KEY"));
        QVERIFY(problem(dialog).startsWith(
            QStringLiteral("The environment variable PREFSTUDIO_TEST_UNSET_KEY is not set")));
        qputenv("PREFSTUDIO_TEST_SET_KEY", "secret");
        keyEnv->setText(QStringLiteral("PREFSTUDIO_TEST_SET_KEY"));
        QCOMPARE(problem(dialog), QString());

        rubric->setPlainText(QStringLiteral("Rate {question} from {min} to {max}."));
        QVERIFY2(problem(dialog).startsWith(
                     QStringLiteral("The rubric cannot be used: no {answer} placeholder")),
                 qPrintable(problem(dialog)));
        rubric->setPlainText(QStringLiteral("Rate {answer} for {audience}."));
        QVERIFY2(problem(dialog).startsWith(
                     QStringLiteral("The rubric cannot be used: unknown placeholder {audience}")),
                 qPrintable(problem(dialog)));
        rubric->setPlainText(QStringLiteral("Rate {answer}; JSON such as {\"a\": 1} is text."));
        QCOMPARE(problem(dialog), QString());

        // Each tab is checked on its own: the subprocess tab still lacks its scorer name.
        choose(dialog, ui::ScoreRequest::Backend::Subprocess);
        QCOMPARE(problem(dialog),
                 QStringLiteral("Name the scorer: its scores are stored under that name."));
    }

    void aSubprocessScorerRunsFromTheScoreAction()
    {
        const fs::path dir = fs::path(m_dir.path().toStdString()) / "demo";
        core::buildDemoProject(dir, {7, 3});
        ui::MainWindow window(core::Project::open(dir));

        // The script's folder has a space, and an argument carries what a shell would expand.
        const QString scripts = m_dir.filePath(QStringLiteral("my scorers"));
        QVERIFY(QDir().mkpath(scripts));
        const QString script = QDir(scripts).filePath(QStringLiteral("length_scorer.py"));
        QFile out(script);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(kLengthScorer);
        out.close();
        const QString argvLog = m_dir.filePath(QStringLiteral("argv.txt"));

        child<QAction>(&window, "scoreAction")->trigger();
        auto* dialog = child<ui::ScoreDialog>(&window, "scoreDialog");
        choose(*dialog, ui::ScoreRequest::Backend::Subprocess);
        child<QLineEdit>(dialog, "scoreCommand")
            ->setText(QStringLiteral(R"(%1 "%2" %3 "$HOME; echo *")")
                          .arg(QString::fromLatin1(kPython), script, argvLog));
        child<QLineEdit>(dialog, "scoreScorer")->setText(QStringLiteral("length-test"));
        QCOMPARE(problem(*dialog), QString());
        ui::JobRunner* runner = window.projectActions()->runner();
        const qsizetype before = runner->jobs().size();
        child<QPushButton>(dialog, "scoreRun")->click();

        QCOMPARE(runner->jobs().size(), before + 1);
        ui::Job* job = runner->jobs().back();
        QCOMPARE(job->title(), QStringLiteral("Score candidates with length-test"));
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kJobTimeoutMs);
        QVERIFY2(job->state() == ui::Job::State::Succeeded, qPrintable(job->summary()));

        auto project = core::Project::open(dir);
        const std::int64_t candidates = project->db().scalarInt("SELECT count(*) FROM candidates");
        QVERIFY(candidates > 0);
        QCOMPARE(
            project->db().scalarInt("SELECT count(*) FROM scores WHERE scorer = 'length-test'"),
            candidates);
        QCOMPARE(project->db().scalarInt(
                     "SELECT count(*) FROM scores s JOIN candidates c ON c.id = s.candidate_id "
                     "WHERE s.scorer = 'length-test' AND s.value = length(c.text)"),
                 candidates);
        // The arguments reached the script verbatim: no shell split, expanded or globbed them.
        QFile argv(argvLog);
        QVERIFY(argv.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(argv.readAll()), argvLog + QStringLiteral("\n$HOME; echo *\n"));
    }

    /// With PREFSTUDIO_SCREENSHOTS=FOLDER, saves each tab as FOLDER/score-dialog-<tab>.png.
    void screenshots()
    {
        const QString folder = qEnvironmentVariable("PREFSTUDIO_SCREENSHOTS");
        if (folder.isEmpty())
            QSKIP("PREFSTUDIO_SCREENSHOTS is not set");
        ui::ScoreDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const char* names[] = {"model", "subprocess", "judge"};
        for (int tab = 0; tab < 3; ++tab) {
            choose(dialog, static_cast<ui::ScoreRequest::Backend>(tab));
            QTest::qWait(50);
            QVERIFY(dialog.grab().save(
                QDir(folder).filePath(QStringLiteral("score-dialog-%1.png").arg(names[tab]))));
        }
    }
};

QTEST_MAIN(TestScoreDialog)
#include "tst_score_dialog.moc"
