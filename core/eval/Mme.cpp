#include "eval/Mme.h"

#include "util/Error.h"
#include "util/Job.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <set>

namespace prefstudio::core::eval {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::array<std::string_view, 10> kPerception{
    "existence", "count", "position", "color",   "posters",
    "celebrity", "scene", "landmark", "artwork", "OCR",
};
constexpr std::array<std::string_view, 4> kCognition{
    "commonsense_reasoning",
    "numerical_calculation",
    "text_translation",
    "code_reasoning",
};

bool isPerception(std::string_view subtask)
{
    return std::find(kPerception.begin(), kPerception.end(), subtask) != kPerception.end();
}

bool isSubtask(std::string_view name)
{
    return isPerception(name) ||
           std::find(kCognition.begin(), kCognition.end(), name) != kCognition.end();
}

/// All subtasks in the order MME lists them: perception, then cognition.
std::vector<std::string> allSubtasks()
{
    std::vector<std::string> names(kPerception.begin(), kPerception.end());
    names.insert(names.end(), kCognition.begin(), kCognition.end());
    return names;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ", ") + name;
    return out;
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trimmed(std::string_view text)
{
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos)
        return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

bool isImageFile(const fs::path& file)
{
    const std::string ext = lowered(file.extension().string());
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

struct Question
{
    std::string text;
    bool yes = false;
};

std::vector<Question> readQuestions(const fs::path& txt)
{
    std::ifstream in(txt, std::ios::binary);
    if (!in)
        throw Error(txt.string() + ": cannot read the MME question file");
    std::vector<Question> questions;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (lineNo == 1 && line.starts_with("\xEF\xBB\xBF"))
            line.erase(0, 3);
        if (trimmed(line).empty())
            continue;
        const std::string where = txt.string() + ":" + std::to_string(lineNo) + ": ";
        const auto tab = line.find('\t');
        if (tab == std::string::npos)
            throw Error(where + "no tab; expected \"question<TAB>Yes\" or \"question<TAB>No\"");
        const std::string_view question = trimmed(std::string_view(line).substr(0, tab));
        const std::string answer = lowered(trimmed(std::string_view(line).substr(tab + 1)));
        if (question.empty())
            throw Error(where + "empty question; expected \"question<TAB>Yes|No\"");
        if (answer != "yes" && answer != "no")
            throw Error(where + "answer is \"" +
                        std::string(trimmed(std::string_view(line).substr(tab + 1))) +
                        "\"; expected Yes or No after the tab");
        questions.push_back({std::string(question), answer == "yes"});
    }
    return questions;
}

/// What loading found beside the items, for the notes.
struct LoadReport
{
    std::vector<std::string> oddImages; ///< "count/x.jpg (3)": not 2 questions
    std::size_t imagesWithoutQuestions = 0;
};

void readSubtask(const fs::path& folder, const std::string& subtask, std::vector<EvalItem>& items,
                 LoadReport& report)
{
    // Five subtasks keep images/ and questions_answers_YN/ apart; the rest put each image
    // beside its .txt.
    const fs::path split = folder / "questions_answers_YN";
    const bool splitLayout = fs::is_directory(split);
    const fs::path txtFolder = splitLayout ? split : folder;
    const fs::path imageFolder = splitLayout ? folder / "images" : folder;

    std::map<std::string, fs::path> imageByStem;
    std::error_code ec;
    if (fs::is_directory(imageFolder, ec)) {
        for (const auto& entry : fs::directory_iterator(imageFolder)) {
            if (entry.is_regular_file() && isImageFile(entry.path()))
                imageByStem.emplace(entry.path().stem().string(), entry.path());
        }
    }
    std::vector<fs::path> txts;
    for (const auto& entry : fs::directory_iterator(txtFolder)) {
        if (entry.is_regular_file() && lowered(entry.path().extension().string()) == ".txt")
            txts.push_back(entry.path());
    }
    std::sort(txts.begin(), txts.end());
    if (txts.empty())
        throw Error(txtFolder.string() + ": no question files (.txt) for MME subtask " + subtask);

    std::set<std::string> stemsWithQuestions;
    for (const auto& txt : txts) {
        const std::string stem = txt.stem().string();
        const auto image = imageByStem.find(stem);
        if (image == imageByStem.end())
            throw Error(txt.string() + ": no image " + stem + ".jpg or " + stem + ".png in " +
                        imageFolder.string());
        stemsWithQuestions.insert(stem);
        const std::vector<Question> questions = readQuestions(txt);
        const std::string imageName = image->second.filename().string();
        if (questions.size() != 2)
            report.oddImages.push_back(subtask + "/" + imageName + " (" +
                                       std::to_string(questions.size()) + ")");
        for (std::size_t q = 0; q < questions.size(); ++q) {
            EvalItem item;
            item.key = subtask + "/" + imageName + "/" + std::to_string(q);
            item.group = subtask;
            item.image = fs::absolute(image->second).lexically_normal();
            item.question = questions[q].text;
            item.truth = {{"answer", questions[q].yes ? "yes" : "no"}};
            item.maxNewTokens = kMmeMaxNewTokens;
            items.push_back(std::move(item));
        }
    }
    for (const auto& [stem, path] : imageByStem)
        report.imagesWithoutQuestions += stemsWithQuestions.count(stem) ? 0 : 1;
}

struct SubtaskTally
{
    std::int64_t items = 0;
    std::int64_t correct = 0;
    std::int64_t other = 0;
    std::map<std::string, bool> imageAllRight; ///< by image file name
};

double percent(std::int64_t part, std::int64_t whole)
{
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

class MmeBenchmark final : public Benchmark
{
public:
    MmeBenchmark(std::vector<EvalItem> items, std::vector<std::string> subtasks,
                 std::vector<std::string> notes)
        : m_items(std::move(items)), m_subtasks(std::move(subtasks)), m_loadNotes(std::move(notes))
    {
    }

    std::string name() const override { return "mme"; }
    const std::vector<EvalItem>& items() const override { return m_items; }

    ScoredBenchmark score(const std::vector<EvalItem>& items,
                          const std::vector<std::string>& answers, const Judge& /*judge*/,
                          const ProgressSink& progress, const CancelToken* cancel) const override
    {
        if (answers.size() != items.size())
            throw Error("mme: " + std::to_string(answers.size()) + " answers for " +
                        std::to_string(items.size()) + " questions");
        ScoredBenchmark scored;
        scored.items.reserve(items.size());
        std::map<std::string, SubtaskTally> tallies;
        std::int64_t other = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (cancel)
                cancel->throwIfCancelled();
            const EvalItem& item = items[i];
            const bool truthYes = item.truth.at("answer") == "yes";
            const std::optional<bool> parsed = parseMmeAnswer(answers[i]);
            const bool correct = parsed && *parsed == truthYes;

            SubtaskTally& tally = tallies[item.group];
            ++tally.items;
            tally.correct += correct ? 1 : 0;
            tally.other += parsed ? 0 : 1;
            other += parsed ? 0 : 1;
            const auto [it, fresh] =
                tally.imageAllRight.emplace(item.image.filename().string(), correct);
            if (!fresh)
                it->second = it->second && correct;

            ItemResult result;
            result.key = item.key;
            result.group = item.group;
            result.answer = answers[i];
            result.correct = correct;
            result.detail["parsed"] = !parsed ? "other" : (*parsed ? "yes" : "no");
            scored.items.push_back(std::move(result));
            progress.report(i + 1, items.size());
        }

        double perception = 0;
        double cognition = 0;
        for (const auto& subtask : m_subtasks) {
            const auto found = tallies.find(subtask);
            if (found == tallies.end())
                continue;
            const SubtaskTally& tally = found->second;
            const auto imagesRight =
                std::count_if(tally.imageAllRight.begin(), tally.imageAllRight.end(),
                              [](const auto& image) { return image.second; });
            const double accuracy = percent(tally.correct, tally.items);
            const double accuracyPlus =
                percent(imagesRight, static_cast<std::int64_t>(tally.imageAllRight.size()));
            scored.metrics["mme_" + subtask] = {
                {"accuracy", accuracy},
                {"accuracy_plus", accuracyPlus},
                {"score", accuracy + accuracyPlus},
                {"other", static_cast<double>(tally.other)},
                {"items", static_cast<double>(tally.items)},
            };
            (isPerception(subtask) ? perception : cognition) += accuracy + accuracyPlus;
        }
        scored.metrics["mme"] = {
            {"mme_perception_score", perception},         {"mme_cognition_score", cognition},
            {"mme_total", perception + cognition},        {"other", static_cast<double>(other)},
            {"items", static_cast<double>(items.size())},
        };

        scored.notes = m_loadNotes;
        scored.notes.push_back(
            "MME answers read with MME's own rule, whatever yes/no rule was chosen: lower-cased "
            "and stripped, \"yes\" or \"no\" exactly, else \"yes\" within the first four "
            "characters, else \"no\" within them (so \"not sure\" reads as no), else \"other\"; " +
            std::to_string(other) + " of " + std::to_string(items.size()) +
            " answers were \"other\" and count as wrong.");
        return scored;
    }

private:
    std::vector<EvalItem> m_items;
    std::vector<std::string> m_subtasks; ///< in the order their items come
    std::vector<std::string> m_loadNotes;
};

} // namespace

std::optional<bool> parseMmeAnswer(std::string_view answer)
{
    const std::string text = lowered(trimmed(answer));
    if (text == "yes")
        return true;
    if (text == "no")
        return false;
    const std::string_view prefix = std::string_view(text).substr(0, 4);
    if (prefix.find("yes") != std::string_view::npos)
        return true;
    if (prefix.find("no") != std::string_view::npos)
        return false;
    return std::nullopt;
}

std::unique_ptr<Benchmark> makeMme(const BenchmarkSpec& spec)
{
    if (spec.data.empty())
        throw Error("mme: no benchmark folder given");
    if (!fs::is_directory(spec.data))
        throw Error(spec.data.string() +
                    ": not a folder; expected MME_Benchmark_release_version/ with one folder "
                    "per subtask");
    const std::vector<std::string> known = allSubtasks();
    for (const auto& part : spec.parts) {
        if (!isSubtask(part))
            throw Error("mme: unknown subtask '" + part + "'; expected one of " + joined(known));
    }

    std::vector<std::string> notes;
    std::vector<std::string> ignored;
    for (const auto& entry : fs::directory_iterator(spec.data)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && !isSubtask(name))
            ignored.push_back(name);
    }
    std::sort(ignored.begin(), ignored.end());
    if (!ignored.empty())
        notes.push_back("Ignored folders that are not MME subtasks: " + joined(ignored) + ".");

    std::vector<EvalItem> items;
    std::vector<std::string> subtasks;
    std::vector<std::string> missing;
    LoadReport report;
    for (const auto& subtask : known) {
        const bool wanted = spec.parts.empty() || std::find(spec.parts.begin(), spec.parts.end(),
                                                            subtask) != spec.parts.end();
        if (!wanted)
            continue;
        const fs::path folder = spec.data / subtask;
        if (!fs::is_directory(folder)) {
            if (!spec.parts.empty())
                throw Error(folder.string() + ": not found; MME subtask " + subtask +
                            " was asked for");
            missing.push_back(subtask);
            continue;
        }
        readSubtask(folder, subtask, items, report);
        subtasks.push_back(subtask);
    }
    if (subtasks.empty())
        throw Error(spec.data.string() + ": holds no MME subtask folder; expected some of " +
                    joined(known));
    if (spec.parts.empty() && !missing.empty())
        notes.push_back("MME subtasks missing from " + spec.data.string() + ": " + joined(missing) +
                        "; the perception and cognition scores sum the " + "subtasks present.");
    if (!report.oddImages.empty())
        notes.push_back(
            "MME images with other than 2 questions (count in brackets): " +
            joined(report.oddImages) +
            ". Their acc+ asks all of their questions to be right; the official eval_tool "
            "expects exactly 2 per image.");
    if (report.imagesWithoutQuestions > 0)
        notes.push_back(std::to_string(report.imagesWithoutQuestions) +
                        " MME images have no question file and were skipped.");
    return std::make_unique<MmeBenchmark>(std::move(items), std::move(subtasks), std::move(notes));
}

void writeMmeEvalToolInput(const std::vector<EvalItem>& items,
                           const std::vector<std::string>& answers,
                           const std::filesystem::path& folder)
{
    if (answers.size() != items.size())
        throw Error("mme: " + std::to_string(answers.size()) + " answers for " +
                    std::to_string(items.size()) + " questions");
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        throw Error(folder.string() + ": cannot create folder: " + ec.message());

    auto oneLine = [](std::string text) {
        std::replace_if(
            text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; },
            ' ');
        return text;
    };
    std::map<std::string, std::ofstream> files;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const EvalItem& item = items[i];
        if (!item.truth.is_object() || !item.truth.contains("answer"))
            throw Error("item " + item.key + " is not an MME question (no answer in its truth)");
        auto [it, fresh] = files.try_emplace(item.group);
        const fs::path file = folder / (item.group + ".txt");
        if (fresh)
            it->second.open(file, std::ios::binary | std::ios::trunc);
        std::ofstream& out = it->second;
        out << item.image.filename().string() << '\t' << oneLine(item.question) << '\t'
            << (item.truth["answer"] == "yes" ? "Yes" : "No") << '\t' << oneLine(answers[i])
            << '\n';
        if (!out)
            throw Error(file.string() + ": cannot write");
    }
    for (auto& [group, out] : files) {
        out.close();
        if (!out)
            throw Error((folder / (group + ".txt")).string() + ": cannot write");
    }
}

} // namespace prefstudio::core::eval
