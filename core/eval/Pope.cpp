#include "eval/Pope.h"

#include "eval/YesNo.h"
#include "util/Error.h"
#include "util/Job.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <string_view>

namespace prefstudio::core::eval {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct SplitName
{
    std::string_view split;
    std::string_view file;
    std::string_view task; ///< lmms-eval's task name
};

constexpr std::array<SplitName, 3> kSplits{{
    {"random", "coco_pope_random.json", "pope_random"},
    {"popular", "coco_pope_popular.json", "pope_pop"},
    {"adversarial", "coco_pope_adversarial.json", "pope_adv"},
}};

constexpr std::string_view kFilePrefix = "coco_pope_";

std::string taskOf(const std::string& split)
{
    for (const auto& known : kSplits)
        if (known.split == split)
            return std::string(known.task);
    return "pope_" + split;
}

std::string splitOfFile(const fs::path& file)
{
    const std::string stem = file.stem().string();
    if (stem.size() > kFilePrefix.size() && stem.starts_with(kFilePrefix))
        return stem.substr(kFilePrefix.size());
    return stem;
}

constexpr const char* kSplitList = "random, popular or adversarial";

bool isBlankLine(const std::string& line)
{
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

std::string idText(const json& id)
{
    if (id.is_number_integer())
        return id.dump();
    if (id.is_string() && !id.get_ref<const std::string&>().empty())
        return id.get<std::string>();
    return {};
}

/// Reads one split's JSON Lines file into `out`; every line must be exactly
/// {"question_id", "image", "text", "label"}.
void readSplit(const fs::path& file, const std::string& split, const fs::path& images,
               std::vector<EvalItem>& out)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": cannot read the POPE question file");
    static const std::array<std::string_view, 4> kFields{"question_id", "image", "text", "label"};
    const std::string expected =
        "expected one POPE question per line: {\"question_id\", \"image\", \"text\", \"label\"}";

    std::map<std::string, std::size_t> lineOfId;
    const std::size_t before = out.size();
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (lineNo == 1 && line.starts_with("\xEF\xBB\xBF"))
            line.erase(0, 3);
        if (isBlankLine(line))
            continue;
        const std::string where = file.string() + ":" + std::to_string(lineNo) + ": ";
        json record;
        try {
            record = json::parse(line);
        } catch (const json::exception&) {
            throw Error(where + "not JSON; " + expected);
        }
        if (!record.is_object())
            throw Error(where + "not a JSON object; " + expected);
        for (const auto& [field, value] : record.items()) {
            if (std::find(kFields.begin(), kFields.end(), field) == kFields.end())
                throw Error(where + "unexpected field \"" + field + "\"; " + expected);
        }
        for (const auto field : kFields) {
            if (!record.contains(field))
                throw Error(where + "missing field \"" + std::string(field) + "\"; " + expected);
        }
        const std::string id = idText(record["question_id"]);
        if (id.empty())
            throw Error(where + "question_id must be an integer or a non-empty string");
        const json& image = record["image"];
        if (!image.is_string() || image.get_ref<const std::string&>().empty())
            throw Error(where + "image must be a non-empty string (the COCO file name)");
        const json& text = record["text"];
        if (!text.is_string() || text.get_ref<const std::string&>().empty())
            throw Error(where + "text must be a non-empty string (the question)");
        const json& label = record["label"];
        if (!label.is_string() || (label != "yes" && label != "no"))
            throw Error(where + "label is " + label.dump() + "; expected \"yes\" or \"no\"");
        const auto [first, inserted] = lineOfId.emplace(id, lineNo);
        if (!inserted)
            throw Error(where + "question_id " + id + " appears twice in split " + split +
                        " (first on line " + std::to_string(first->second) + ")");

        EvalItem item;
        item.key = split + "/" + id;
        item.group = split;
        item.image = fs::absolute(images / image.get<std::string>()).lexically_normal();
        item.question = text.get<std::string>() + kPopePromptSuffix;
        item.truth = {{"label", label}};
        item.maxNewTokens = kPopeMaxNewTokens;
        out.push_back(std::move(item));
    }
    if (out.size() == before)
        throw Error(file.string() + ": holds no questions; " + expected);
}

std::map<std::string, double> metricsOf(const BinaryCounts& counts)
{
    return {
        {"pope_accuracy", counts.accuracy()},
        {"pope_precision", counts.precision()},
        {"pope_recall", counts.recall()},
        {"pope_f1_score", counts.f1()},
        {"pope_yes_ratio", counts.yesRatio()},
        {"invalid", static_cast<double>(counts.invalid)},
        {"items", static_cast<double>(counts.total())},
    };
}

class PopeBenchmark final : public Benchmark
{
public:
    PopeBenchmark(std::string parser, std::vector<EvalItem> items, std::vector<std::string> splits,
                  std::vector<std::string> notes)
        : m_parser(std::move(parser)), m_items(std::move(items)), m_splits(std::move(splits)),
          m_loadNotes(std::move(notes))
    {
    }

    std::string name() const override { return "pope"; }
    const std::vector<EvalItem>& items() const override { return m_items; }

    ScoredBenchmark score(const std::vector<EvalItem>& items,
                          const std::vector<std::string>& answers, const Judge& /*judge*/,
                          const ProgressSink& progress, const CancelToken* cancel) const override
    {
        if (answers.size() != items.size())
            throw Error("pope: " + std::to_string(answers.size()) + " answers for " +
                        std::to_string(items.size()) + " questions");
        ScoredBenchmark scored;
        scored.items.reserve(items.size());
        std::map<std::string, BinaryCounts> bySplit;
        BinaryCounts all;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (cancel)
                cancel->throwIfCancelled();
            const EvalItem& item = items[i];
            const bool truthYes = item.truth.at("label") == "yes";
            const std::optional<bool> parsed = parseYesNo(m_parser, answers[i]);
            bySplit[item.group].add(truthYes, parsed);
            all.add(truthYes, parsed);

            ItemResult result;
            result.key = item.key;
            result.group = item.group;
            result.answer = answers[i];
            result.correct = parsed && *parsed == truthYes;
            result.detail["parsed"] = !parsed ? "invalid" : (*parsed ? "yes" : "no");
            scored.items.push_back(std::move(result));
            progress.report(i + 1, items.size());
        }
        for (const auto& split : m_splits) {
            if (const auto counts = bySplit.find(split); counts != bySplit.end())
                scored.metrics[taskOf(split)] = metricsOf(counts->second);
        }
        scored.metrics["pope"] = metricsOf(all);

        scored.notes = m_loadNotes;
        if (m_parser == "llava") {
            scored.notes.push_back(
                "POPE answers read with LLaVA's rule: the text before the first '.', commas "
                "dropped, is \"no\" when one of its space-separated words is exactly No, no or "
                "not, otherwise \"yes\"; this rule never yields an invalid answer.");
        } else {
            scored.notes.push_back(
                "POPE answers read with the strict rule: the first word, lower-cased and "
                "stripped of punctuation, must be yes or no; " +
                std::to_string(all.invalid) + " of " + std::to_string(all.total()) +
                " answers were neither and count as wrong (not a yes and not a no: they lower "
                "accuracy, and recall where the truth is yes).");
        }
        return scored;
    }

private:
    std::string m_parser;
    std::vector<EvalItem> m_items;
    std::vector<std::string> m_splits; ///< in the order their items come
    std::vector<std::string> m_loadNotes;
};

} // namespace

std::unique_ptr<Benchmark> makePope(const BenchmarkSpec& spec)
{
    (void)parseYesNo(spec.parser, ""); // rejects an unknown rule before any file is read
    if (spec.data.empty())
        throw Error("pope: no question file or folder given");
    std::error_code ec;
    const bool isFolder = fs::is_directory(spec.data, ec);
    if (!isFolder && !fs::is_regular_file(spec.data, ec))
        throw Error(spec.data.string() +
                    ": no such POPE question file or folder; expected coco_pope_<split>.json "
                    "or the folder holding them");
    const fs::path dataFolder = isFolder ? spec.data : spec.data.parent_path();
    const fs::path images = spec.images.empty() ? dataFolder : spec.images;

    std::vector<std::pair<std::string, fs::path>> files; // split, file
    std::vector<std::string> notes;
    if (isFolder) {
        for (const auto& part : spec.parts) {
            const bool known = std::any_of(kSplits.begin(), kSplits.end(),
                                           [&](const SplitName& s) { return s.split == part; });
            if (!known)
                throw Error("pope: unknown split '" + part + "'; expected " + kSplitList);
        }
        for (const auto& known : kSplits) {
            const std::string split(known.split);
            const fs::path file = spec.data / known.file;
            const bool wanted =
                spec.parts.empty() ||
                std::find(spec.parts.begin(), spec.parts.end(), split) != spec.parts.end();
            if (!wanted)
                continue;
            if (fs::is_regular_file(file, ec))
                files.emplace_back(split, file);
            else if (!spec.parts.empty())
                throw Error(file.string() + ": not found; split " + split +
                            " was asked for and its question file is missing");
        }
        if (files.empty())
            throw Error(spec.data.string() +
                        ": holds none of coco_pope_random.json, coco_pope_popular.json, "
                        "coco_pope_adversarial.json");
        if (spec.parts.empty() && files.size() < kSplits.size()) {
            std::string found;
            for (const auto& [split, file] : files)
                found += (found.empty() ? "" : ", ") + split;
            notes.push_back("Only the POPE splits " + found + " were found in " +
                            spec.data.string() + "; the overall \"pope\" numbers cover those.");
        }
    } else {
        const std::string split = splitOfFile(spec.data);
        if (!spec.parts.empty() &&
            std::find(spec.parts.begin(), spec.parts.end(), split) == spec.parts.end())
            throw Error(spec.data.string() + ": holds the POPE split '" + split +
                        "', which is not among the splits asked for");
        files.emplace_back(split, spec.data);
    }

    std::vector<EvalItem> items;
    std::vector<std::string> splits;
    for (const auto& [split, file] : files) {
        readSplit(file, split, images, items);
        splits.push_back(split);
    }
    return std::make_unique<PopeBenchmark>(spec.parser, std::move(items), std::move(splits),
                                           std::move(notes));
}

} // namespace prefstudio::core::eval
