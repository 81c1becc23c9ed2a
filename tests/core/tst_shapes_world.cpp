#include <QtTest/QtTest>

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "curation/QualityFlags.h"
#include "demo/CandidateSynthesizer.h"
#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/SceneRenderer.h"
#include "demo/SeededRandom.h"
#include "demo/ShapesHeuristicScorer.h"
#include "demo/ShapesText.h"
#include "util/Error.h"

using namespace prefstudio::core;

namespace {

std::set<ObjectKind> asSet(const std::vector<ObjectKind>& kinds)
{
    return {kinds.begin(), kinds.end()};
}

bool hasColour(const RgbImage& image, int x, int y, Rgb colour)
{
    return image.pixel(x, y) == colour;
}

} // namespace

class TestShapesWorld : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seededRandomDrawsUniformlyInRange()
    {
        SeededRandom random(11);
        std::array<int, 3> counts{};
        for (int i = 0; i < 30000; ++i) {
            const int v = random.uniformInt(-1, 1);
            QVERIFY(v >= -1 && v <= 1);
            ++counts[static_cast<std::size_t>(v + 1)];
        }
        for (int c : counts)
            QVERIFY2(c > 9500 && c < 10500, qPrintable(QString::number(c)));
        std::array<int, 3> weighted{};
        for (int i = 0; i < 30000; ++i)
            ++weighted[random.weightedIndex({1.0, 0.0, 3.0})];
        QCOMPARE(weighted[1], 0);
        QVERIFY(weighted[2] > 2 * weighted[0]);
        QVERIFY_THROWS_EXCEPTION(Error, random.uniformInt(2, 1));
        // Streams derived from different paths differ; the same path gives the same stream.
        QCOMPARE(SeededRandom::derive(7, {1, 2}), SeededRandom::derive(7, {1, 2}));
        QVERIFY(SeededRandom::derive(7, {1, 2}) != SeededRandom::derive(7, {2, 1}));
    }

    void sameSeedGivesIdenticalPngsAndTruth()
    {
        const SceneGenerator a(7);
        const SceneGenerator b(7);
        for (std::uint64_t i = 0; i < 12; ++i) {
            const ShapesScene sa = a.scene(i);
            const ShapesScene sb = b.scene(i);
            QCOMPARE(sa.truthJson().dump(), sb.truthJson().dump());
            QVERIFY(SceneRenderer::render(sa).encodePng() == SceneRenderer::render(sb).encodePng());
        }
        // scene(i) does not depend on which scenes were made before it.
        QCOMPARE(SceneGenerator(7).scene(9).truthJson().dump(), a.scene(9).truthJson().dump());
    }

    void differentSeedGivesDifferentScenes()
    {
        const SceneGenerator a(7);
        const SceneGenerator b(8);
        int differentTruth = 0;
        int differentPng = 0;
        for (std::uint64_t i = 0; i < 12; ++i) {
            const ShapesScene sa = a.scene(i);
            const ShapesScene sb = b.scene(i);
            differentTruth += sa.truthJson() != sb.truthJson();
            differentPng +=
                SceneRenderer::render(sa).encodePng() != SceneRenderer::render(sb).encodePng();
        }
        QCOMPARE(differentTruth, 12);
        QCOMPARE(differentPng, 12);
        QVERIFY(a.scene(0).truthJson() != a.scene(1).truthJson());
    }

    void renderedPixelsMatchTruth()
    {
        const SceneGenerator generator(3);
        std::set<Shape> seen;
        for (std::uint64_t i = 0; i < 150; ++i) {
            const ShapesScene scene = generator.scene(i);
            const RgbImage image = SceneRenderer::render(scene);
            QCOMPARE(image.width(), scene.width);
            QCOMPARE(image.height(), scene.height);
            for (const SceneObject& object : scene.objects) {
                const BoundingBox& box = object.box;
                const Rgb colour = colourRgb(object.kind.colour);
                seen.insert(object.kind.shape);
                QVERIFY2(hasColour(image, box.x + box.width / 2, box.y + box.height / 2, colour),
                         qPrintable(QString::fromStdString(object.kind.name())));
                // The box is tight: paint reaches each side (within a pixel: star tips are thin).
                int minX = box.x + box.width, maxX = -1, minY = box.y + box.height, maxY = -1;
                for (int y = box.y; y < box.y + box.height; ++y)
                    for (int x = box.x; x < box.x + box.width; ++x)
                        if (hasColour(image, x, y, colour)) {
                            minX = std::min(minX, x);
                            maxX = std::max(maxX, x);
                            minY = std::min(minY, y);
                            maxY = std::max(maxY, y);
                        }
                QVERIFY2(minX - box.x <= 1 && box.x + box.width - 1 - maxX <= 1 &&
                             minY - box.y <= 1 && box.y + box.height - 1 - maxY <= 1,
                         qPrintable(QString::fromStdString(object.kind.name())));
            }
            // Pixels just outside every box are background: never an object colour.
            for (const SceneObject& object : scene.objects) {
                const int x = object.box.x - 1;
                const int y = object.box.y + object.box.height / 2;
                for (int c = 0; c < kColourCount; ++c)
                    QVERIFY(image.pixel(x, y) != colourRgb(static_cast<Colour>(c)));
            }
        }
        QCOMPARE(static_cast<int>(seen.size()), kShapeCount);
    }

    void shapesDifferInCoverage()
    {
        // A circle leaves its box corners empty, a square fills them, a cross leaves them
        // empty but fills the middle of each edge: the renderer draws distinct shapes.
        const BoundingBox box{0, 0, 40, 40};
        QVERIFY(SceneRenderer::covers(Shape::Square, box, 1.5, 1.5));
        QVERIFY(!SceneRenderer::covers(Shape::Circle, box, 1.5, 1.5));
        QVERIFY(!SceneRenderer::covers(Shape::Cross, box, 1.5, 1.5));
        QVERIFY(SceneRenderer::covers(Shape::Cross, box, 20.5, 1.5));
        QVERIFY(!SceneRenderer::covers(Shape::Triangle, box, 1.5, 1.5));
        QVERIFY(SceneRenderer::covers(Shape::Triangle, box, 1.5, 39.5));
        QVERIFY(SceneRenderer::covers(Shape::Star, box, 20.0, 3.0));   // just below the top tip
        QVERIFY(!SceneRenderer::covers(Shape::Star, box, 20.5, 36.5)); // between the lower points
        QVERIFY(!SceneRenderer::covers(Shape::Square, box, 40.5, 20.5));
    }

    void pngRoundTripsLosslessly()
    {
        const RgbImage image = SceneRenderer::render(SceneGenerator(5).scene(0));
        const auto png = image.encodePng();
        QVERIFY(png.size() > 8);
        QCOMPARE(png[1], std::uint8_t('P'));
        QVERIFY(RgbImage::decode(png, "test") == image);
        QVERIFY_THROWS_EXCEPTION(Error, RgbImage::decode({1, 2, 3}, "garbage"));
    }

    void objectsOccupyDistinctCellsInsideTheirCell()
    {
        const SceneGenerator generator(21);
        std::map<std::size_t, int> sizes;
        for (std::uint64_t i = 0; i < 2000; ++i) {
            const ShapesScene scene = generator.scene(i);
            QVERIFY(!scene.objects.empty());
            QVERIFY(static_cast<int>(scene.objects.size()) <= SceneGenerator::kMaxObjects);
            ++sizes[scene.objects.size()];
            std::set<std::pair<int, int>> cells;
            std::set<ObjectKind> kinds;
            for (std::size_t k = 0; k < scene.objects.size(); ++k) {
                const SceneObject& o = scene.objects[k];
                QVERIFY(o.row >= 0 && o.row < kGridSize && o.col >= 0 && o.col < kGridSize);
                QVERIFY(cells.insert({o.row, o.col}).second);
                QVERIFY(kinds.insert(o.kind).second);
                const int cell = SceneGenerator::kImageSize / kGridSize;
                QVERIFY(o.box.x >= o.col * cell && o.box.x + o.box.width <= (o.col + 1) * cell);
                QVERIFY(o.box.y >= o.row * cell && o.box.y + o.box.height <= (o.row + 1) * cell);
                if (k > 0) // row-major, so captions read in a fixed order
                    QVERIFY(std::pair(scene.objects[k - 1].row, scene.objects[k - 1].col) <
                            std::pair(o.row, o.col));
            }
        }
        for (std::size_t n = 1; n <= 5; ++n)
            QVERIFY2(sizes[n] > 0, qPrintable(QString("no scene with %1 objects").arg(n)));
    }

    void triggerMakesItsPartnerLikely()
    {
        const SceneGenerator generator(7);
        const auto& rules = generator.cooccurrence();
        QCOMPARE(rules.size(), SceneGenerator::defaultCooccurrence().size());
        QVERIFY(rules.size() >= 3);
        for (const CooccurrenceRule& rule : rules) {
            QVERIFY(rule.probability > 0.5);
            QCOMPARE(generator.partnerOf(rule.trigger).value(), rule.partner);
            QVERIFY(!generator.partnerOf(rule.partner));
        }
        std::vector<int> withTrigger(rules.size()), partnerWithTrigger(rules.size());
        std::vector<int> withoutTrigger(rules.size()), partnerWithoutTrigger(rules.size());
        for (std::uint64_t i = 0; i < 2000; ++i) {
            const ShapesScene scene = generator.scene(i);
            for (std::size_t r = 0; r < rules.size(); ++r) {
                if (scene.contains(rules[r].trigger)) {
                    ++withTrigger[r];
                    partnerWithTrigger[r] += scene.contains(rules[r].partner);
                } else {
                    ++withoutTrigger[r];
                    partnerWithoutTrigger[r] += scene.contains(rules[r].partner);
                }
            }
        }
        for (std::size_t r = 0; r < rules.size(); ++r) {
            QVERIFY(withTrigger[r] >= 100);
            const double given = double(partnerWithTrigger[r]) / withTrigger[r];
            const double base = double(partnerWithoutTrigger[r]) / withoutTrigger[r];
            QVERIFY2(given > 0.5, qPrintable(QString("P(partner | trigger) = %1").arg(given)));
            QVERIFY2(base < 0.2, qPrintable(QString("P(partner | no trigger) = %1").arg(base)));
        }
    }

    void rejectsInvalidCooccurrenceRules()
    {
        const ObjectKind a{Shape::Circle, Colour::Red};
        const ObjectKind b{Shape::Star, Colour::Blue};
        const ObjectKind c{Shape::Cross, Colour::Green};
        QVERIFY_THROWS_EXCEPTION(Error, SceneGenerator(1, {{a, b, 1.5}}));
        QVERIFY_THROWS_EXCEPTION(Error, SceneGenerator(1, {{a, a, 0.7}}));
        QVERIFY_THROWS_EXCEPTION(Error, SceneGenerator(1, {{a, b, 0.7}, {b, c, 0.7}}));
        QVERIFY_THROWS_EXCEPTION(Error, SceneGenerator(1, {{a, b, 0.7}, {a, c, 0.7}}));
        // Without rules the partner is no more likely after its trigger than anywhere else.
        const SceneGenerator plain(7, {});
        int trigger = 0, both = 0;
        for (std::uint64_t i = 0; i < 2000; ++i) {
            const ShapesScene scene = plain.scene(i);
            if (scene.contains({Shape::Circle, Colour::Red})) {
                ++trigger;
                both += scene.contains({Shape::Square, Colour::Blue});
            }
        }
        QVERIFY(trigger > 50);
        QVERIFY(double(both) / trigger < 0.25);
    }

    void captionAndTruthDescribeTheScene()
    {
        ShapesScene scene;
        scene.objects = {{{Shape::Circle, Colour::Red}, 0, 0, {5, 5, 40, 40}},
                         {{Shape::Square, Colour::Blue}, 1, 1, {70, 70, 44, 44}}};
        QCOMPARE(scene.caption(),
                 std::string("a red circle at top left and a blue square in the centre"));
        scene.objects.push_back({{Shape::Star, Colour::Green}, 2, 1, {70, 134, 50, 50}});
        QCOMPARE(scene.caption(),
                 std::string("a red circle at top left, a blue square in the centre "
                             "and a green star at the bottom"));
        const nlohmann::json truth = scene.truthJson();
        QCOMPARE(truth["objects"][0]["name"].get<std::string>(), std::string("red circle"));
        QCOMPARE(truth["objects"][1]["bbox"], nlohmann::json({70, 70, 44, 44}));
        QVERIFY(ShapesScene::fromTruthJson(truth, "t") == scene);

        nlohmann::json bad = truth;
        bad["objects"][1]["shape"] = "hexagon";
        try {
            ShapesScene::fromTruthJson(bad, "image 4");
            QFAIL("accepted an unknown shape");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("image 4 objects[1]") != std::string::npos);
            QVERIFY(std::string(e.what()).find("hexagon") != std::string::npos);
        }
        bad = truth;
        bad["objects"][1]["row"] = 0;
        bad["objects"][1]["col"] = 0;
        QVERIFY_THROWS_EXCEPTION(Error, ShapesScene::fromTruthJson(bad, "t"));
        bad = truth;
        bad.erase("background");
        QVERIFY_THROWS_EXCEPTION(Error, ShapesScene::fromTruthJson(bad, "t"));
        QCOMPARE(ObjectKind::fromName("green star").value(),
                 (ObjectKind{Shape::Star, Colour::Green}));
        QVERIFY(!ObjectKind::fromName("green stars"));
    }

    void readsObjectsCountsAndAnswersFromText()
    {
        const auto mentioned =
            mentionedObjects("Two Red circles, a blue square and a red circle; no cube.");
        QCOMPARE(mentioned.size(), std::size_t(2));
        QCOMPARE(mentioned[0].name(), std::string("red circle"));
        QCOMPARE(mentioned[1].name(), std::string("blue square"));
        QCOMPARE(statedCount("There are three shapes in the image.").value(), 3);
        QCOMPARE(statedCount("4").value(), 4);
        QVERIFY(!statedCount("A red circle at top left."));
        QCOMPARE(leadingYesNo("No, there is no green star.").value(), false);
        QCOMPARE(leadingYesNo("yes").value(), true);
        QVERIFY(!leadingYesNo("Maybe."));
        QCOMPARE(firstColour("The square is purple.").value(), Colour::Purple);
    }

    void promptsFollowTheScene()
    {
        const SceneGenerator generator(13);
        const PromptSampler sampler(generator);
        int yes = 0, no = 0, adversarial = 0;
        std::map<PromptKind, int> kinds;
        for (std::uint64_t i = 0; i < 1000; ++i) {
            const ShapesScene scene = generator.scene(i);
            SeededRandom random(SeededRandom::derive(13, {9, i}));
            const DemoPrompt prompt = sampler.sample(scene, random);
            ++kinds[prompt.kind];
            const auto parsed = sampler.parse(prompt.text, scene);
            QVERIFY(parsed);
            QCOMPARE(parsed->toJson(), prompt.toJson());
            if (prompt.kind == PromptKind::Colour)
                QCOMPARE(scene.countOf(*prompt.shape), 1);
            if (prompt.kind != PromptKind::Existence)
                continue;
            QCOMPARE(scene.contains(*prompt.subject), prompt.expectYes);
            (prompt.expectYes ? yes : no) += 1;
            if (prompt.adversarial) {
                ++adversarial;
                const auto partners = generator.absentPartners(scene);
                QVERIFY(std::find(partners.begin(), partners.end(), *prompt.subject) !=
                        partners.end());
            }
        }
        QCOMPARE(static_cast<int>(kinds.size()), 4);
        QVERIFY2(yes > 0.4 * (yes + no) && yes < 0.6 * (yes + no),
                 qPrintable(QString("%1 yes, %2 no").arg(yes).arg(no)));
        QVERIFY(adversarial > 0);
        QVERIFY(!sampler.parse("What is this?", generator.scene(0)));

        ShapesScene twoSquares;
        twoSquares.objects = {{{Shape::Square, Colour::Red}, 0, 0, {5, 5, 40, 40}},
                              {{Shape::Square, Colour::Blue}, 0, 1, {69, 5, 40, 40}}};
        SeededRandom random(1);
        QVERIFY(!sampler.make(PromptKind::Colour, twoSquares, random));
    }

    void candidateKindsHaveTheirProperties()
    {
        const SceneGenerator generator(17);
        const PromptSampler sampler(generator);
        const CandidateSynthesizer synthesizer(generator);
        int partnerChosen = 0, partnerPossible = 0;
        for (std::uint64_t i = 0; i < 400; ++i) {
            const ShapesScene scene = generator.scene(i);
            SeededRandom random(SeededRandom::derive(17, {4, i}));
            const std::set<ObjectKind> truth = asSet(scene.kinds());
            for (int k = 0; k < 4; ++k) {
                const auto prompt = sampler.make(static_cast<PromptKind>(k), scene, random);
                if (!prompt)
                    continue;
                const DemoCandidate correct =
                    synthesizer.make(CandidateKind::Correct, scene, *prompt, random);
                QVERIFY(correct.hallucinated.empty());
                QCOMPARE(correct.model(), std::string("shapes-oracle/correct"));
                for (const ObjectKind& kind : mentionedObjects(correct.text))
                    QVERIFY(truth.count(kind) || (prompt->subject && kind == *prompt->subject));
                if (prompt->kind == PromptKind::Describe)
                    QVERIFY(asSet(mentionedObjects(correct.text)) == truth);
                if (prompt->kind == PromptKind::Existence)
                    QCOMPARE(leadingYesNo(correct.text).value(), prompt->expectYes);

                const DemoCandidate hallucinated =
                    synthesizer.make(CandidateKind::Hallucinated, scene, *prompt, random);
                QCOMPARE(hallucinated.hallucinated.size(), std::size_t(1));
                const ObjectKind extra = hallucinated.hallucinated.front();
                QVERIFY(!scene.contains(extra));
                const auto named = mentionedObjects(hallucinated.text);
                QVERIFY2(std::find(named.begin(), named.end(), extra) != named.end(),
                         hallucinated.text.c_str());
                const auto params = nlohmann::json::parse(hallucinated.params());
                QCOMPARE(params["kind"].get<std::string>(), std::string("hallucinated"));
                QCOMPARE(params["generator"].get<std::string>(), std::string("shapes-demo"));
                QCOMPARE(params["hallucinated"], nlohmann::json({extra.name()}));
                QCOMPARE(hallucinated.model(), std::string("shapes-oracle/hallucinate"));
                if (prompt->kind == PromptKind::Describe &&
                    !generator.absentPartners(scene).empty()) {
                    ++partnerPossible;
                    const auto partners = generator.absentPartners(scene);
                    partnerChosen +=
                        std::find(partners.begin(), partners.end(), extra) != partners.end();
                }

                if (CandidateSynthesizer::applies(CandidateKind::WrongCount, prompt->kind)) {
                    const auto wrong =
                        synthesizer.make(CandidateKind::WrongCount, scene, *prompt, random);
                    QVERIFY(statedCount(wrong.text).value() !=
                            static_cast<int>(scene.objects.size()));
                    QVERIFY_THROWS_EXCEPTION(Error, synthesizer.make(CandidateKind::WrongAnswer,
                                                                     scene, *prompt, random));
                } else {
                    QVERIFY_THROWS_EXCEPTION(
                        Error, synthesizer.make(CandidateKind::WrongCount, scene, *prompt, random));
                    const auto wrong =
                        synthesizer.make(CandidateKind::WrongAnswer, scene, *prompt, random);
                    for (const ObjectKind& kind : wrong.hallucinated)
                        QVERIFY(!scene.contains(kind));
                    if (prompt->kind == PromptKind::Colour) {
                        QCOMPARE(wrong.hallucinated.size(), std::size_t(1));
                        QVERIFY(scene.countOf(*prompt->shape) == 1 &&
                                !scene.contains({*prompt->shape, *firstColour(wrong.text)}));
                    } else {
                        QCOMPARE(leadingYesNo(wrong.text).value(), !prompt->expectYes);
                        QCOMPARE(wrong.hallucinated.size(), std::size_t(prompt->expectYes ? 0 : 1));
                    }
                }
                QVERIFY(
                    synthesizer.make(CandidateKind::Empty, scene, *prompt, random).text.empty());
                const auto ramble = synthesizer.make(CandidateKind::Ramble, scene, *prompt, random);
                QVERIFY(profileText(ramble.text).repetition > 0.35);
                QVERIFY(profileText(ramble.text).words >= 40);
                const auto fragment =
                    synthesizer.make(CandidateKind::TooShort, scene, *prompt, random);
                QVERIFY(profileText(fragment.text).words >= 1 &&
                        profileText(fragment.text).words < 3);

                const auto sampled = synthesizer.sample(scene, *prompt, random);
                QVERIFY(sampled.size() == 3 || sampled.size() == 4);
                std::set<CandidateKind> distinct;
                for (const DemoCandidate& c : sampled)
                    distinct.insert(c.kind);
                QCOMPARE(distinct.size(), sampled.size());
            }
        }
        // The co-occurrence partner is the preferred hallucination when one is absent.
        QVERIFY(partnerPossible > 20);
        QVERIFY2(partnerChosen > 0.5 * partnerPossible,
                 qPrintable(QString("%1 of %2").arg(partnerChosen).arg(partnerPossible)));
    }

    void addedObjectIsNamedOnceBesideTheTruth()
    {
        const SceneGenerator generator(23);
        const PromptSampler sampler(generator);
        const CandidateSynthesizer synthesizer(generator);
        int made = 0;
        for (std::uint64_t i = 0; i < 200; ++i) {
            const ShapesScene scene = generator.scene(i);
            SeededRandom random(SeededRandom::derive(23, {5, i}));
            ObjectKind extra = ObjectKind::fromIndex(0);
            for (int k = 0; k < kObjectKindCount && scene.contains(extra); ++k)
                extra = ObjectKind::fromIndex(k);
            for (int k = 0; k < 4; ++k) {
                const auto prompt = sampler.make(static_cast<PromptKind>(k), scene, random);
                if (!prompt || (prompt->subject && *prompt->subject == extra) ||
                    (prompt->shape && *prompt->shape == extra.shape))
                    continue;
                const DemoCandidate added =
                    synthesizer.withAddedObject(scene, *prompt, extra, random);
                ++made;
                QCOMPARE(added.kind, CandidateKind::Hallucinated);
                QCOMPARE(added.variant, std::string("added"));
                QCOMPARE(added.hallucinated, std::vector<ObjectKind>{extra});
                const auto named = mentionedObjects(added.text);
                QCOMPARE(std::count(named.begin(), named.end(), extra), 1);
                if (prompt->kind == PromptKind::Describe) {
                    auto expected = asSet(scene.kinds());
                    expected.insert(extra);
                    QVERIFY2(asSet(named) == expected, added.text.c_str());
                }
                if (prompt->kind == PromptKind::Count)
                    QCOMPARE(statedCount(added.text).value(),
                             static_cast<int>(scene.objects.size()) + 1);
                if (prompt->kind == PromptKind::Existence)
                    QCOMPARE(leadingYesNo(added.text).value(), prompt->expectYes);
            }
            // Named right after another object, as a co-occurrence prior names a partner.
            const auto describe = sampler.make(PromptKind::Describe, scene, random);
            const ObjectKind last = scene.objects.back().kind;
            const auto afterLast = mentionedObjects(
                synthesizer.withAddedObject(scene, *describe, extra, random, last).text);
            QCOMPARE(afterLast.size(), scene.objects.size() + 1);
            QCOMPARE(afterLast.back(), extra);
            const auto afterFirst = mentionedObjects(
                synthesizer.withAddedObject(scene, *describe, extra, random, scene.objects[0].kind)
                    .text);
            QCOMPARE(afterFirst.at(1), extra);
            QVERIFY_THROWS_EXCEPTION(
                Error, synthesizer.withAddedObject(scene, *describe, extra, random, extra));
            // An object the scene has cannot be added.
            QVERIFY_THROWS_EXCEPTION(
                Error,
                synthesizer.withAddedObject(scene, *describe, scene.objects.front().kind, random));
        }
        QVERIFY(made > 400);
    }

    void heuristicRanksCorrectOverHallucinatedOverEmpty()
    {
        const SceneGenerator generator(19);
        const PromptSampler sampler(generator);
        const CandidateSynthesizer synthesizer(generator);
        const ShapesHeuristicScorer scorer;
        for (std::uint64_t i = 0; i < 300; ++i) {
            const ShapesScene scene = generator.scene(i);
            SeededRandom random(SeededRandom::derive(19, {4, i}));
            for (int k = 0; k < 4; ++k) {
                const auto prompt = sampler.make(static_cast<PromptKind>(k), scene, random);
                if (!prompt)
                    continue;
                const auto score = [&](CandidateKind kind) {
                    return scorer.score(scene, *prompt,
                                        synthesizer.make(kind, scene, *prompt, random).text);
                };
                const HeuristicScore correct = score(CandidateKind::Correct);
                const HeuristicScore hallucinated = score(CandidateKind::Hallucinated);
                const HeuristicScore empty = score(CandidateKind::Empty);
                const QByteArray where =
                    QByteArray::fromStdString(prompt->text + " / scene " + std::to_string(i));
                QVERIFY2(correct.value > hallucinated.value, where.constData());
                QVERIFY2(hallucinated.value > empty.value, where.constData());
                QVERIFY2(correct.value > score(CandidateKind::Ramble).value, where.constData());
                QVERIFY2(correct.value > score(CandidateKind::TooShort).value, where.constData());
                const CandidateKind wrong =
                    CandidateSynthesizer::applies(CandidateKind::WrongCount, prompt->kind)
                        ? CandidateKind::WrongCount
                        : CandidateKind::WrongAnswer;
                QVERIFY2(correct.value > score(wrong).value, where.constData());
                QVERIFY2(score(wrong).value > empty.value, where.constData());
                QCOMPARE(empty.value, ShapesHeuristicScorer::kEmptyScore);
                // The detail's parts add up to the value, and name the hallucinated object.
                double sum = 0.0;
                for (const auto& part : hallucinated.detail["parts"])
                    sum += part.get<double>();
                QVERIFY(std::abs(sum - hallucinated.value) < 1e-9);
                QVERIFY(hallucinated.detail["hallucinated"].size() >= 1);
                QVERIFY(correct.detail["hallucinated"].empty());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestShapesWorld)
#include "tst_shapes_world.moc"
