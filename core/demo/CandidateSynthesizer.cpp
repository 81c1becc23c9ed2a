#include "demo/CandidateSynthesizer.h"

#include <algorithm>

#include "demo/ShapesText.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace {

template <typename T> const T& pick(const std::vector<T>& values, SeededRandom& random)
{
    return values.at(
        static_cast<std::size_t>(random.uniformInt(0, static_cast<int>(values.size()) - 1)));
}

std::string countSentence(int count)
{
    return count == 1 ? "There is one shape in the image"
                      : "There are " + numberWord(count) + " shapes in the image";
}

std::vector<std::string> namesWithArticle(const std::vector<ObjectKind>& kinds)
{
    std::vector<std::string> names;
    for (const ObjectKind& kind : kinds)
        names.push_back(kind.withArticle());
    return names;
}

std::pair<int, int> freeCell(const ShapesScene& scene, SeededRandom& random)
{
    std::vector<std::pair<int, int>> free;
    for (int row = 0; row < kGridSize; ++row)
        for (int col = 0; col < kGridSize; ++col)
            if (!scene.cellTaken(row, col))
                free.emplace_back(row, col);
    if (free.empty())
        throw Error("internal: no free cell for a hallucinated object");
    return pick(free, random);
}

std::string rambleSentence(const ShapesScene& scene, const DemoPrompt& prompt)
{
    switch (prompt.kind) {
    case PromptKind::Describe: {
        const SceneObject& first = scene.objects.front();
        return sentenceCase("the image shows " + first.kind.withArticle() + " " +
                            cellPhrase(first.row, first.col));
    }
    case PromptKind::Count:
        return "There are shapes in the image.";
    case PromptKind::Colour:
        return "The " + shapeName(*prompt.shape) + " has a colour.";
    case PromptKind::Existence:
        return "The image has shapes in it.";
    }
    return "The image has shapes in it.";
}

std::string tooShortText(PromptKind kind)
{
    switch (kind) {
    case PromptKind::Describe:
        return "An image.";
    case PromptKind::Count:
        return "Some.";
    case PromptKind::Colour:
        return "It is.";
    case PromptKind::Existence:
        return "Well.";
    }
    return "Well.";
}

} // namespace

bool CandidateSynthesizer::applies(CandidateKind kind, PromptKind prompt)
{
    const bool aboutCount = prompt == PromptKind::Describe || prompt == PromptKind::Count;
    if (kind == CandidateKind::WrongCount)
        return aboutCount;
    if (kind == CandidateKind::WrongAnswer)
        return !aboutCount;
    return true;
}

ObjectKind CandidateSynthesizer::hallucinationFor(const ShapesScene& scene,
                                                  const DemoPrompt& prompt,
                                                  SeededRandom& random) const
{
    const auto allowed = [&](ObjectKind kind) {
        if (scene.contains(kind))
            return false;
        if (prompt.subject && kind == *prompt.subject)
            return false;
        return !(prompt.shape && kind.shape == *prompt.shape);
    };
    std::vector<ObjectKind> partners;
    for (const ObjectKind& kind : m_generator.absentPartners(scene))
        if (allowed(kind))
            partners.push_back(kind);
    std::vector<ObjectKind> popular;
    std::vector<ObjectKind> any;
    for (int i = 0; i < kObjectKindCount; ++i) {
        const ObjectKind kind = ObjectKind::fromIndex(i);
        if (!allowed(kind))
            continue;
        any.push_back(kind);
        if (std::any_of(scene.objects.begin(), scene.objects.end(), [kind](const SceneObject& o) {
                return o.kind.shape == kind.shape || o.kind.colour == kind.colour;
            }))
            popular.push_back(kind);
    }
    if (!partners.empty() && random.chance(0.7))
        return pick(partners, random);
    if (!popular.empty() && random.chance(0.5))
        return pick(popular, random);
    return pick(any, random);
}

DemoCandidate CandidateSynthesizer::withAddedObject(const ShapesScene& scene,
                                                    const DemoPrompt& prompt, ObjectKind extra,
                                                    SeededRandom& random,
                                                    std::optional<ObjectKind> after) const
{
    if (after && !scene.contains(*after))
        throw Error("cannot name " + extra.withArticle() + " after " + after->withArticle() +
                    ", which the scene does not have");
    if (scene.contains(extra))
        throw Error("cannot add " + extra.withArticle() + " to a scene that has one");
    DemoCandidate candidate;
    candidate.kind = CandidateKind::Hallucinated;
    candidate.promptKind = prompt.kind;
    candidate.hallucinated = {extra};
    candidate.variant = "added";
    const int count = static_cast<int>(scene.objects.size());
    switch (prompt.kind) {
    case PromptKind::Describe: {
        ShapesScene told = scene;
        const auto [row, col] = freeCell(scene, random);
        if (after) {
            const auto it = std::find_if(told.objects.begin(), told.objects.end(),
                                         [&](const SceneObject& o) { return o.kind == *after; });
            told.objects.insert(it + 1, {extra, row, col, {}});
        } else {
            told.objects.push_back({extra, row, col, {}});
            std::sort(told.objects.begin(), told.objects.end(),
                      [](const SceneObject& a, const SceneObject& b) {
                          return a.row != b.row ? a.row < b.row : a.col < b.col;
                      });
        }
        candidate.text = sentenceCase(told.caption());
        break;
    }
    case PromptKind::Count: {
        std::vector<ObjectKind> kinds = scene.kinds();
        if (after)
            kinds.insert(std::find(kinds.begin(), kinds.end(), *after) + 1, extra);
        else
            kinds.insert(kinds.begin() + random.uniformInt(0, count), extra);
        candidate.text = countSentence(count + 1) + ": " + joinList(namesWithArticle(kinds)) + ".";
        break;
    }
    case PromptKind::Colour: {
        const auto it =
            std::find_if(scene.objects.begin(), scene.objects.end(), [&](const SceneObject& o) {
                return prompt.shape && o.kind.shape == *prompt.shape;
            });
        if (it == scene.objects.end())
            throw Error("colour prompt '" + prompt.text + "' names no shape of the scene");
        candidate.text = "The " + shapeName(*prompt.shape) + " is " + colourName(it->kind.colour) +
                         ", next to " + extra.withArticle() + ".";
        break;
    }
    case PromptKind::Existence:
        if (!prompt.subject)
            throw Error("existence prompt '" + prompt.text + "' has no subject");
        candidate.text = prompt.expectYes
                             ? "Yes, there is " + prompt.subject->withArticle() +
                                   " in the image, next to " + extra.withArticle() + "."
                             : "No, there is no " + prompt.subject->name() +
                                   " in the image, but there is " + extra.withArticle() + ".";
        break;
    }
    return candidate;
}

DemoCandidate CandidateSynthesizer::make(CandidateKind kind, const ShapesScene& scene,
                                         const DemoPrompt& prompt, SeededRandom& random) const
{
    if (!applies(kind, prompt.kind))
        throw Error("candidate kind " + candidateKindName(kind) + " does not apply to a " +
                    promptKindName(prompt.kind) +
                    " prompt (wrong-count fits describe and count, "
                    "wrong-answer fits colour and existence)");
    if (scene.objects.empty())
        throw Error("shapes scene without objects: candidates need at least one object");
    if (prompt.kind == PromptKind::Colour && (!prompt.shape || scene.countOf(*prompt.shape) != 1))
        throw Error("colour prompt '" + prompt.text + "' must name a shape present exactly once");
    if (prompt.kind == PromptKind::Existence && !prompt.subject)
        throw Error("existence prompt '" + prompt.text + "' has no subject");

    DemoCandidate candidate;
    candidate.kind = kind;
    candidate.promptKind = prompt.kind;
    const int count = static_cast<int>(scene.objects.size());

    switch (kind) {
    case CandidateKind::Correct:
        switch (prompt.kind) {
        case PromptKind::Describe:
            candidate.text = sentenceCase(scene.caption());
            break;
        case PromptKind::Count:
            candidate.text = countSentence(count) + ".";
            break;
        case PromptKind::Colour: {
            const auto it =
                std::find_if(scene.objects.begin(), scene.objects.end(),
                             [&](const SceneObject& o) { return o.kind.shape == *prompt.shape; });
            candidate.text =
                "The " + shapeName(*prompt.shape) + " is " + colourName(it->kind.colour) + ".";
            break;
        }
        case PromptKind::Existence:
            candidate.text =
                prompt.expectYes
                    ? "Yes, there is " + prompt.subject->withArticle() + " in the image."
                    : "No, there is no " + prompt.subject->name() + " in the image.";
            break;
        }
        break;

    case CandidateKind::Hallucinated: {
        const ObjectKind extra = hallucinationFor(scene, prompt, random);
        // Swapping keeps the length of the correct caption, so only the object differs.
        if (prompt.kind == PromptKind::Describe && random.chance(0.5)) {
            ShapesScene told = scene;
            told.objects.at(static_cast<std::size_t>(random.uniformInt(0, count - 1))).kind = extra;
            candidate.hallucinated = {extra};
            candidate.variant = "swapped";
            candidate.text = sentenceCase(told.caption());
        } else {
            candidate = withAddedObject(scene, prompt, extra, random);
        }
        break;
    }

    case CandidateKind::WrongAnswer:
        if (prompt.kind == PromptKind::Colour) {
            const auto it =
                std::find_if(scene.objects.begin(), scene.objects.end(),
                             [&](const SceneObject& o) { return o.kind.shape == *prompt.shape; });
            const int offset = random.uniformInt(1, kColourCount - 1);
            const auto wrong =
                static_cast<Colour>((static_cast<int>(it->kind.colour) + offset) % kColourCount);
            // The only such shape has another colour, so the claimed object is absent.
            candidate.hallucinated = {ObjectKind{*prompt.shape, wrong}};
            candidate.variant = "recoloured";
            candidate.text = "The " + shapeName(*prompt.shape) + " is " + colourName(wrong) + ".";
        } else if (prompt.expectYes) {
            candidate.text = "No, there is no " + prompt.subject->name() + " in the image.";
        } else {
            // Yes to an absent object: the yes-bias POPE measures.
            candidate.hallucinated = {*prompt.subject};
            candidate.variant = "affirmed";
            candidate.text = "Yes, there is " + prompt.subject->withArticle() + " in the image.";
        }
        break;

    case CandidateKind::WrongCount: {
        int wrong = count + 1;
        if (count > 1 && random.chance(0.5))
            wrong = count - 1;
        candidate.text = countSentence(wrong) +
                         (prompt.kind == PromptKind::Describe ? ": " + scene.caption() + "." : ".");
        break;
    }

    case CandidateKind::Empty:
        candidate.text.clear();
        break;

    case CandidateKind::Ramble: {
        const std::string sentence = rambleSentence(scene, prompt);
        const int repeats = random.uniformInt(10, 16);
        for (int i = 0; i < repeats; ++i)
            candidate.text += (i ? " " : "") + sentence;
        break;
    }

    case CandidateKind::TooShort:
        candidate.text = tooShortText(prompt.kind);
        break;
    }
    return candidate;
}

std::vector<DemoCandidate> CandidateSynthesizer::sample(const ShapesScene& scene,
                                                        const DemoPrompt& prompt,
                                                        SeededRandom& random) const
{
    const CandidateKind wrong = applies(CandidateKind::WrongCount, prompt.kind)
                                    ? CandidateKind::WrongCount
                                    : CandidateKind::WrongAnswer;
    const std::vector<CandidateKind> degenerate = {CandidateKind::Empty, CandidateKind::Ramble,
                                                   CandidateKind::TooShort};
    std::vector<CandidateKind> kinds;
    if (random.chance(0.9))
        kinds.push_back(CandidateKind::Correct);
    if (random.chance(0.85))
        kinds.push_back(CandidateKind::Hallucinated);
    if (random.chance(0.6))
        kinds.push_back(wrong);
    if (random.chance(0.25))
        kinds.push_back(degenerate.at(random.weightedIndex({1.0, 1.5, 1.5})));

    // Top up to three from the kinds not yet drawn, informative ones more likely.
    std::vector<CandidateKind> pool = {CandidateKind::Correct, CandidateKind::Hallucinated, wrong};
    std::vector<double> weights = {6.0, 6.0, 3.0};
    for (CandidateKind kind : degenerate) {
        pool.push_back(kind);
        weights.push_back(0.5);
    }
    for (std::size_t i = 0; i < pool.size(); ++i)
        if (std::find(kinds.begin(), kinds.end(), pool[i]) != kinds.end() ||
            (std::find(degenerate.begin(), degenerate.end(), pool[i]) != degenerate.end() &&
             std::any_of(kinds.begin(), kinds.end(), [&](CandidateKind k) {
                 return std::find(degenerate.begin(), degenerate.end(), k) != degenerate.end();
             })))
            weights[i] = 0.0;
    while (kinds.size() < 3) {
        const std::size_t index = random.weightedIndex(weights);
        weights[index] = 0.0;
        kinds.push_back(pool[index]);
    }
    random.shuffle(kinds);

    std::vector<DemoCandidate> candidates;
    for (CandidateKind kind : kinds)
        candidates.push_back(make(kind, scene, prompt, random));
    return candidates;
}

} // namespace prefstudio::core
