#include "eval/CustomBench.h"

#include "eval/YesNo.h"
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

constexpr std::array<std::string_view, 4> kMetrics{"exact", "yes-no", "contains", "judge"};
constexpr std::array<std::string_view, 6> kFields{"id",     "image",  "question",
                                                  "answer", "metric", "group"};

const char* const kLineShape = "expected one question per line: {\"id\"?, \"image\"?, "
                               "\"question\", \"answer\", \"metric\", \"group\"?}";

const char* const kJudgeSystem =
    "You check the answers of a vision-language model against a reference answer. You cannot "
    "see the image; the reference answer, written by a person who saw it, is what counts. Keep "
    "your explanation short.";

std::string judgePrompt(const EvalItem& item, const std::string& response)
{
    return "Question: " + item.question + "\n" +
           "Reference answer: " + item.truth.at("answer").get<std::string>() + "\n" +
           "Response to check: " + response + "\n\n" +
           "The response is correct when it gives the answer the reference gives, in any "
           "wording, and says nothing that contradicts it; extra detail that does not contradict "
           "the reference is fine. Otherwise it is incorrect.\n\n"
           "Explain your decision in one or two sentences. Then end with a last line that is "
           "either \"verdict: correct\" or \"verdict: incorrect\", and write \"verdict:\" "
           "nowhere else.";
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool isSpace(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string metricList()
{
    std::string out;
    for (std::size_t i = 0; i < kMetrics.size(); ++i)
        out += std::string(i == 0 ? "" : (i + 1 == kMetrics.size() ? " or " : ", ")) +
               std::string(kMetrics[i]);
    return out;
}

std::int64_t maxTokensFor(std::string_view metric)
{
    return metric == "exact" || metric == "yes-no" ? kCustomShortAnswerTokens
                                                   : kCustomLongAnswerTokens;
}

std::vector<EvalItem> readQuestions(const fs::path& file, const fs::path& imageBase)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": cannot read the question file");
    std::vector<EvalItem> items;
    std::map<std::string, std::size_t> lineOfKey;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (lineNo == 1 && line.starts_with("\xEF\xBB\xBF"))
            line.erase(0, 3);
        if (std::all_of(line.begin(), line.end(), isSpace))
            continue;
        const std::string where = file.string() + ":" + std::to_string(lineNo) + ": ";
        json record;
        try {
            record = json::parse(line);
        } catch (const json::exception&) {
            throw Error(where + "not JSON; " + kLineShape);
        }
        if (!record.is_object())
            throw Error(where + "not a JSON object; " + kLineShape);
        for (const auto& [field, value] : record.items()) {
            if (std::find(kFields.begin(), kFields.end(), field) == kFields.end())
                throw Error(where + "unexpected field \"" + field + "\"; " + kLineShape);
        }
        auto text = [&](const char* field, bool required) -> std::string {
            const auto it = record.find(field);
            if (it == record.end()) {
                if (required)
                    throw Error(where + "missing \"" + field + "\"; " + kLineShape);
                return {};
            }
            if (!it->is_string())
                throw Error(where + "\"" + field + "\" must be a string, found " + it->dump());
            return it->get<std::string>();
        };

        EvalItem item;
        const std::string metric = text("metric", true);
        if (std::find(kMetrics.begin(), kMetrics.end(), metric) == kMetrics.end())
            throw Error(where + "unknown metric \"" + metric + "\"; expected " + metricList());
        item.question = text("question", true);
        if (item.question.empty())
            throw Error(where + "\"question\" is empty");
        const std::string answer = text("answer", true);
        if (metric == "yes-no") {
            const std::string yesNo = lowered(normaliseCustomAnswer(answer));
            if (yesNo != "yes" && yesNo != "no")
                throw Error(where + "a yes-no question's answer must be yes or no, found \"" +
                            answer + "\"");
        } else if (normaliseCustomAnswer(answer).empty()) {
            throw Error(where + "\"answer\" is empty");
        }

        if (record.contains("id")) {
            const json& id = record["id"];
            if (id.is_number_integer())
                item.key = id.dump();
            else if (id.is_string() && !id.get_ref<const std::string&>().empty())
                item.key = id.get<std::string>();
            else
                throw Error(where + "\"id\" must be an integer or a non-empty string, found " +
                            id.dump());
        } else {
            item.key = std::to_string(lineNo);
        }
        const auto [first, fresh] = lineOfKey.emplace(item.key, lineNo);
        if (!fresh)
            throw Error(where + "id " + item.key + " is used twice (first on line " +
                        std::to_string(first->second) + ")");
        item.group = record.contains("group") ? text("group", false) : metric;
        if (item.group.empty())
            throw Error(where + "\"group\" is empty");
        if (const std::string image = text("image", false); !image.empty()) {
            const fs::path path(image);
            item.image =
                fs::absolute(path.is_absolute() ? path : imageBase / path).lexically_normal();
        }
        item.truth = {{"answer", answer}, {"metric", metric}};
        if (metric == "yes-no")
            item.truth["answer"] = lowered(normaliseCustomAnswer(answer));
        item.maxNewTokens = maxTokensFor(metric);
        items.push_back(std::move(item));
    }
    if (items.empty())
        throw Error(file.string() + ": holds no questions; " + kLineShape);
    return items;
}

bool isJudged(const EvalItem& item)
{
    return item.truth.at("metric") == "judge";
}

struct Tally
{
    std::int64_t items = 0;
    std::int64_t correct = 0;

    void add(bool right)
    {
        ++items;
        correct += right ? 1 : 0;
    }
    double accuracy() const
    {
        return items == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(items);
    }
};

class CustomBenchmark final : public Benchmark
{
public:
    CustomBenchmark(std::string parser, std::vector<EvalItem> items)
        : m_parser(std::move(parser)), m_items(std::move(items))
    {
        m_needsJudge = std::any_of(m_items.begin(), m_items.end(), isJudged);
    }

    std::string name() const override { return "custom"; }
    const std::vector<EvalItem>& items() const override { return m_items; }
    bool needsJudge() const override { return m_needsJudge; }

    ScoredBenchmark score(const std::vector<EvalItem>& items,
                          const std::vector<std::string>& answers, const Judge& judge,
                          const ProgressSink& progress, const CancelToken* cancel) const override
    {
        if (answers.size() != items.size())
            throw Error("custom: " + std::to_string(answers.size()) + " answers for " +
                        std::to_string(items.size()) + " questions");
        const bool anyJudged = std::any_of(items.begin(), items.end(), isJudged);
        if (anyJudged && !judge)
            throw Error("custom: the question set has judge questions, and no judge model was "
                        "given");

        ScoredBenchmark scored;
        scored.items.reserve(items.size());
        Tally all;
        std::map<std::string, Tally> byMetric;
        std::map<std::string, Tally> byGroup;
        std::int64_t invalid = 0;
        std::int64_t unparsed = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (cancel)
                cancel->throwIfCancelled();
            const EvalItem& item = items[i];
            const std::string metric = item.truth.at("metric").get<std::string>();
            const std::string reference = item.truth.at("answer").get<std::string>();
            ItemResult result;
            result.key = item.key;
            result.group = item.group;
            result.answer = answers[i];
            result.detail["metric"] = metric;
            bool right = false;
            if (metric == "exact") {
                const std::string response = normaliseCustomAnswer(answers[i]);
                right = response == normaliseCustomAnswer(reference);
                result.detail["normalised"] = response;
            } else if (metric == "contains") {
                const std::string response = normaliseCustomAnswer(answers[i]);
                right = response.find(normaliseCustomAnswer(reference)) != std::string::npos;
                result.detail["normalised"] = response;
            } else if (metric == "yes-no") {
                const std::optional<bool> parsed = parseYesNo(m_parser, answers[i]);
                right = parsed && *parsed == (reference == "yes");
                invalid += parsed ? 0 : 1;
                result.detail["parsed"] = !parsed ? "invalid" : (*parsed ? "yes" : "no");
            } else {
                std::string reply;
                try {
                    reply = judge(kJudgeSystem, judgePrompt(item, answers[i]));
                } catch (const Cancelled&) {
                    throw;
                } catch (const std::exception& e) {
                    throw Error("custom: judging item " + item.key + " failed: " + e.what());
                }
                const std::optional<bool> verdict = parseCustomVerdict(reply);
                right = verdict.value_or(false);
                unparsed += verdict ? 0 : 1;
                result.detail["verdict"] =
                    !verdict ? json(nullptr) : json(*verdict ? "correct" : "incorrect");
                result.detail["parsed"] = verdict.has_value();
                result.detail["rationale"] = reply;
            }
            result.correct = right;
            all.add(right);
            byMetric[metric].add(right);
            byGroup[item.group].add(right);
            scored.items.push_back(std::move(result));
            progress.report(i + 1, items.size());
        }

        auto& metrics = scored.metrics["custom"];
        metrics["accuracy"] = all.accuracy();
        metrics["items"] = static_cast<double>(all.items);
        metrics["invalid"] = static_cast<double>(invalid);
        metrics["unparsed"] = static_cast<double>(unparsed);
        for (const auto& [metric, tally] : byMetric)
            metrics["accuracy_" + metric] = tally.accuracy();
        for (const auto& [group, tally] : byGroup)
            scored.metrics["custom_" + group] = {{"accuracy", tally.accuracy()},
                                                 {"items", static_cast<double>(tally.items)}};

        if (byMetric.contains("exact") || byMetric.contains("contains"))
            scored.notes.push_back(
                "exact and contains compare texts trimmed, lower-cased, with runs of white "
                "space made one space and trailing periods dropped; contains asks the "
                "reference to appear anywhere in the answer.");
        if (byMetric.contains("yes-no")) {
            if (m_parser == "llava")
                scored.notes.push_back(
                    "yes-no answers read with LLaVA's rule (no, No or not in the first "
                    "sentence: no; otherwise yes).");
            else
                scored.notes.push_back(
                    "yes-no answers read with the strict rule (the first word must be yes or "
                    "no); " +
                    std::to_string(invalid) + " answers were neither and count as wrong.");
        }
        if (byMetric.contains("judge"))
            scored.notes.push_back(
                "judge questions decided by the judge model with PrefStudio's own prompt, "
                "read as \"verdict: correct\" or \"verdict: incorrect\"; " +
                std::to_string(unparsed) + " of " + std::to_string(byMetric["judge"].items) +
                " replies had no verdict or both and count as wrong.");
        return scored;
    }

private:
    std::string m_parser;
    std::vector<EvalItem> m_items;
    bool m_needsJudge = false;
};

} // namespace

std::string normaliseCustomAnswer(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (const char c : text) {
        if (isSpace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out += ' ';
        pendingSpace = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!out.empty() && (out.back() == '.' || out.back() == ' '))
        out.pop_back();
    return out;
}

std::optional<bool> parseCustomVerdict(std::string_view judgeReply)
{
    const std::string text = lowered(judgeReply);
    auto skipDecoration = [&](std::size_t p) {
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t' || text[p] == '*'))
            ++p;
        return p;
    };
    std::set<bool> found;
    constexpr std::string_view kWord = "verdict";
    for (auto pos = text.find(kWord); pos != std::string::npos;
         pos = text.find(kWord, pos + kWord.size())) {
        std::size_t p = skipDecoration(pos + kWord.size());
        if (p >= text.size() || text[p] != ':')
            continue;
        const std::string_view rest = std::string_view(text).substr(skipDecoration(p + 1));
        if (rest.starts_with("incorrect"))
            found.insert(false);
        else if (rest.starts_with("correct"))
            found.insert(true);
    }
    if (found.size() != 1)
        return std::nullopt;
    return *found.begin();
}

std::unique_ptr<Benchmark> makeCustom(const BenchmarkSpec& spec)
{
    (void)parseYesNo(spec.parser, ""); // rejects an unknown rule before any file is read
    if (spec.data.empty())
        throw Error("custom: no question file given");
    if (std::filesystem::is_directory(spec.data))
        throw Error(spec.data.string() + ": is a folder; expected a JSON Lines question file");
    const fs::path imageBase = spec.images.empty() ? spec.data.parent_path() : spec.images;
    return std::make_unique<CustomBenchmark>(spec.parser, readQuestions(spec.data, imageBase));
}

} // namespace prefstudio::core::eval
