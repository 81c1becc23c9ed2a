#include "demo/SceneGenerator.h"
#include "demo/SeededRandom.h"
#include "eval/ShapesBench.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace prefstudio;
using namespace prefstudio::core::eval;

namespace {

BenchmarkSpec spec(const QTemporaryDir& dir, const std::string& name, std::int64_t count = 40)
{
    BenchmarkSpec s;
    s.name = name;
    s.images = std::filesystem::path(dir.path().toStdString()) / "images";
    s.count = count;
    s.seed = 5;
    return s;
}

/// The right answer to every item ("Yes, ..." / "No, ...").
std::vector<std::string> truthfulAnswers(const std::vector<EvalItem>& items)
{
    std::vector<std::string> answers;
    for (const auto& item : items)
        answers.push_back(item.truth.at("label") == "yes" ? "Yes, there is." : "No, there is not.");
    return answers;
}

} // namespace

class TestShapesBench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void popeBalancedAndDeterministic()
    {
        QTemporaryDir dir;
        const auto bench = makeShapesPope(spec(dir, "shapes-pope"));
        const auto& items = bench->items();
        QVERIFY(!items.empty());
        std::map<std::string, std::pair<int, int>> perSplit; // yes, no
        std::set<std::string> keys;
        for (const auto& item : items) {
            QVERIFY(keys.insert(item.key).second);
            QVERIFY(std::filesystem::exists(item.image));
            auto& [yes, no] = perSplit[item.group];
            (item.truth.at("label") == "yes" ? yes : no) += 1;
        }
        QCOMPARE(perSplit.size(), std::size_t(3));
        for (const auto& [split, counts] : perSplit)
            QCOMPARE(counts.first, counts.second); // half yes, as in POPE
        // The same seed gives the same questions; another seed other scenes.
        const auto again = makeShapesPope(spec(dir, "shapes-pope"));
        QCOMPARE(again->items().size(), items.size());
        for (std::size_t i = 0; i < items.size(); ++i)
            QCOMPARE(again->items()[i].question, items[i].question);
    }

    void popeNegativesFollowTheirSplitRule()
    {
        QTemporaryDir dir;
        auto s = spec(dir, "shapes-pope", 200);
        const auto bench = makeShapesPope(s);
        // Adversarial negatives are absent co-occurrence partners far more often than random
        // ones: the world's prior puts a partner next to its trigger 80 % of the time.
        const core::SceneGenerator generator(
            core::SeededRandom::derive(s.seed, {0xe7a1}));  // the benchmark's scene stream
        std::map<std::string, std::pair<int, int>> partner; // negatives that are partners, all
        for (const auto& item : bench->items()) {
            if (item.truth.at("label") != "no")
                continue;
            const auto scene = generator.scene(std::stoull(item.key.substr(
                item.key.find('/') + 1, item.key.rfind('/') - item.key.find('/') - 1)));
            QVERIFY(!scene.contains(
                *core::ObjectKind::fromName(item.truth.at("object").get<std::string>())));
            const auto partners = generator.absentPartners(scene);
            const auto kind =
                *core::ObjectKind::fromName(item.truth.at("object").get<std::string>());
            auto& [hits, all] = partner[item.group];
            hits += std::find(partners.begin(), partners.end(), kind) != partners.end() ? 1 : 0;
            ++all;
        }
        const auto share = [&](const std::string& split) {
            return double(partner[split].first) / partner[split].second;
        };
        QVERIFY2(share("adversarial") > 2 * share("random"),
                 (std::to_string(share("adversarial")) + " vs " + std::to_string(share("random")))
                     .c_str());
    }

    void popeMetricsFromAnswers()
    {
        QTemporaryDir dir;
        const auto bench = makeShapesPope(spec(dir, "shapes-pope"));
        const auto& items = bench->items();
        auto answers = truthfulAnswers(items);
        const auto perfect = bench->score(items, answers, {}, {});
        QCOMPARE(perfect.metrics.at("shapes_pope").at("pope_accuracy"), 1.0);
        QCOMPARE(perfect.metrics.at("shapes_pope_adversarial").at("pope_f1_score"), 1.0);
        QCOMPARE(perfect.metrics.at("shapes_pope").at("pope_yes_ratio"), 0.5);
        // Always "yes": recall 1, precision 0.5, accuracy 0.5, F1 2/3.
        std::vector<std::string> yes(items.size(), "Yes.");
        const auto always = bench->score(items, yes, {}, {});
        const auto& all = always.metrics.at("shapes_pope");
        QCOMPARE(all.at("pope_recall"), 1.0);
        QCOMPARE(all.at("pope_precision"), 0.5);
        QCOMPARE(all.at("pope_accuracy"), 0.5);
        QVERIFY(std::abs(all.at("pope_f1_score") - 2.0 / 3.0) < 1e-12);
        QCOMPARE(always.items.front().detail.at("parsed"), "yes");
        // A subset (a limit) is scored on what was asked.
        const std::vector<EvalItem> firstFour(items.begin(), items.begin() + 4);
        const auto part = bench->score(firstFour, truthfulAnswers(firstFour), {}, {});
        QCOMPARE(part.metrics.at("shapes_pope").at("items"), 4.0);
        QVERIFY_THROWS_EXCEPTION(core::Error, bench->score(items, {"Yes."}, {}, {}));
    }

    void strictRuleCountsInvalid()
    {
        QTemporaryDir dir;
        auto s = spec(dir, "shapes-pope", 10);
        s.parser = "strict";
        const auto bench = makeShapesPope(s);
        std::vector<std::string> answers(bench->items().size(), "I cannot tell.");
        const auto scored = bench->score(bench->items(), answers, {}, {});
        QCOMPARE(scored.metrics.at("shapes_pope").at("invalid"), double(answers.size()));
        QCOMPARE(scored.metrics.at("shapes_pope").at("pope_accuracy"), 0.0);
        QVERIFY(scored.notes.front().find("invalid") != std::string::npos);
        s.parser = "lenient";
        QVERIFY_THROWS_EXCEPTION(core::Error, makeShapesPope(s));
    }

    void chairCountsHallucinatedObjects()
    {
        QTemporaryDir dir;
        const auto bench = makeShapesChair(spec(dir, "shapes-chair", 20));
        const auto& items = bench->items();
        std::vector<std::string> answers;
        std::int64_t truthObjects = 0;
        for (const auto& item : items) {
            truthObjects += static_cast<std::int64_t>(item.truth.at("objects").size());
            // The first true object, plus one absent object for even scenes.
            std::string caption = "There is a " + item.truth.at("objects")[0].get<std::string>();
            const bool even = std::stoi(item.key) % 2 == 0;
            if (even) {
                for (int k = 0; k < core::kObjectKindCount; ++k) {
                    const auto name = core::ObjectKind::fromIndex(k).name();
                    bool present = false;
                    for (const auto& o : item.truth.at("objects"))
                        present = present || o == name;
                    if (!present) {
                        caption += " and a " + name + " and another " + name;
                        break;
                    }
                }
            }
            answers.push_back(caption + ".");
        }
        const auto scored = bench->score(items, answers, {}, {});
        const auto& m = scored.metrics.at("shapes_chair");
        // 10 of 20 captions hallucinate; 10 hallucinated of 30 mentions (each kind once per
        // caption); 20 of truthObjects true objects named.
        QCOMPARE(m.at("chair_s"), 0.5);
        QVERIFY(std::abs(m.at("chair_i") - 10.0 / 30.0) < 1e-12);
        QVERIFY(std::abs(m.at("recall") - 20.0 / double(truthObjects)) < 1e-12);
        QCOMPARE(scored.items[0].correct, std::optional<bool>(false));
        QCOMPARE(scored.items[1].correct, std::optional<bool>(true));
        QCOMPARE(scored.items[0].detail.at("hallucinated").size(), std::size_t(1));
    }

    void badSpecs()
    {
        QTemporaryDir dir;
        auto s = spec(dir, "shapes-pope");
        s.parts = {"random", "sideways"};
        try {
            makeShapesPope(s);
            QFAIL("an unknown split was accepted");
        } catch (const core::Error& e) {
            QVERIFY(std::string(e.what()).find("sideways") != std::string::npos);
        }
        s.parts.clear();
        s.images.clear();
        QVERIFY_THROWS_EXCEPTION(core::Error, makeShapesChair(s));
        // An image folder that cannot be created (a file is in the way).
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        s.images = std::filesystem::path(dir.filePath("file").toStdString()) / "sub";
        QVERIFY_THROWS_EXCEPTION(core::Error, makeShapesChair(s));
    }
};

QTEST_APPLESS_MAIN(TestShapesBench)
#include "tst_shapes_bench.moc"
