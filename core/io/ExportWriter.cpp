#include "io/ExportWriter.h"

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace prefstudio::core {

namespace {

// Insertion order keeps the fields in the order the published layouts list them.
using Json = nlohmann::ordered_json;

constexpr std::string_view kImageToken = "<image>";

Json textPart(const std::string& text)
{
    return Json{{"type", "text"}, {"text", text}};
}

Json trlRecord(const ExportRecord& r)
{
    Json images = Json::array();
    Json userContent = Json::array();
    if (r.image) {
        images.push_back(*r.image);
        userContent.push_back(Json{{"type", "image"}});
    }
    userContent.push_back(textPart(r.prompt));
    Json out;
    out["images"] = std::move(images);
    out["prompt"] = Json::array({Json{{"role", "user"}, {"content", std::move(userContent)}}});
    out["chosen"] =
        Json::array({Json{{"role", "assistant"}, {"content", Json::array({textPart(r.chosen)})}}});
    out["rejected"] = Json::array(
        {Json{{"role", "assistant"}, {"content", Json::array({textPart(r.rejected)})}}});
    return out;
}

/// The pair's own id in its source when it has one, so that a re-import finds the same ids.
std::string recordId(const ExportRecord& r)
{
    return r.sourceId ? *r.sourceId : std::to_string(r.pairId);
}

Json llavaRecord(const ExportRecord& r)
{
    // LLaVA's convention: the token sits on its own line before the question, and a text-only
    // sample has neither the token nor an "image" key.
    const std::string human = r.image ? std::string(kImageToken) + "\n" + r.prompt : r.prompt;
    Json out;
    out["id"] = recordId(r);
    if (r.image)
        out["image"] = *r.image;
    out["conversations"] = Json::array(
        {Json{{"from", "human"}, {"value", human}}, Json{{"from", "gpt"}, {"value", r.chosen}}});
    out["rejected_conversations"] = Json::array(
        {Json{{"from", "human"}, {"value", human}}, Json{{"from", "gpt"}, {"value", r.rejected}}});
    return out;
}

Json llamaFactoryRecord(const ExportRecord& r)
{
    Json images = Json::array();
    if (r.image)
        images.push_back(*r.image);
    Json out;
    out["conversations"] = Json::array({Json{
        {"from", "human"}, {"value", r.image ? std::string(kImageToken) + r.prompt : r.prompt}}});
    out["chosen"] = Json{{"from", "gpt"}, {"value", r.chosen}};
    out["rejected"] = Json{{"from", "gpt"}, {"value", r.rejected}};
    out["images"] = std::move(images);
    return out;
}

Json rlaifVRecord(const ExportRecord& r)
{
    Json out;
    out["ds_name"] = "prefstudio";
    out["image_path"] = r.image ? Json(*r.image) : Json(nullptr);
    out["question"] = r.prompt;
    out["chosen"] = r.chosen;
    out["rejected"] = r.rejected;
    out["origin_dataset"] = r.sourceDataset ? Json(*r.sourceDataset) : Json(nullptr);
    out["origin_split"] = r.split;
    out["idx"] = recordId(r);
    return out;
}

Json llamaFactoryDatasetInfo(const std::string& dataName)
{
    Json entry;
    entry["file_name"] = dataName;
    entry["formatting"] = "sharegpt";
    entry["ranking"] = true;
    entry["columns"] = Json{{"messages", "conversations"},
                            {"chosen", "chosen"},
                            {"rejected", "rejected"},
                            {"images", "images"}};
    return Json{{"prefstudio_dpo", std::move(entry)}};
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ", ") + name;
    return out;
}

} // namespace

const std::vector<std::string>& ExportWriter::formats()
{
    static const std::vector<std::string> all = {"trl", "llava", "llamafactory", "rlaif-v"};
    return all;
}

ExportWriter::ExportWriter(const std::string& format, const std::filesystem::path& dir) : m_dir(dir)
{
    if (format == "trl") {
        m_layout = Layout::Trl;
        m_dataName = "train.jsonl";
    } else if (format == "llava") {
        m_layout = Layout::Llava;
        m_dataName = "train.json";
    } else if (format == "llamafactory") {
        m_layout = Layout::LlamaFactory;
        m_dataName = "prefstudio_dpo.json";
    } else if (format == "rlaif-v") {
        m_layout = Layout::RlaifV;
        m_dataName = "train.jsonl";
    } else {
        throw Error("unknown export format '" + format + "'; expected one of " + joined(formats()));
    }
    const auto path = m_dir / m_dataName;
    m_file = std::fopen(path.c_str(), "wb");
    if (!m_file)
        throw Error(path.string() + ": cannot create file: " + std::strerror(errno));
}

ExportWriter::~ExportWriter()
{
    if (m_file)
        std::fclose(m_file);
}

void ExportWriter::put(std::string_view bytes)
{
    if (std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size())
        throw Error((m_dir / m_dataName).string() + ": cannot write: " + std::strerror(errno));
}

void ExportWriter::closeFile()
{
    std::FILE* file = m_file;
    m_file = nullptr;
    if (std::fclose(file) != 0)
        throw Error((m_dir / m_dataName).string() + ": cannot write: " + std::strerror(errno));
}

void ExportWriter::write(const ExportRecord& record)
{
    if (!m_file)
        throw Error("internal: ExportWriter::write after finish");
    if (record.prompt.find(kImageToken) != std::string::npos)
        throw Error("pair " + std::to_string(record.pairId) + ": the prompt already contains '" +
                    std::string(kImageToken) +
                    "'; stored prompts must be plain text (the exporter adds one token per "
                    "image), so edit the prompt or re-import it without the token");

    Json json;
    switch (m_layout) {
    case Layout::Trl:
        json = trlRecord(record);
        break;
    case Layout::Llava:
        json = llavaRecord(record);
        break;
    case Layout::LlamaFactory:
        json = llamaFactoryRecord(record);
        break;
    case Layout::RlaifV:
        json = rlaifVRecord(record);
        break;
    }
    std::string line;
    try {
        // ensure_ascii off writes UTF-8 as is; the strict handler refuses bytes that are not UTF-8
        // rather than changing the text a model is trained on.
        line = json.dump(-1, ' ', false, Json::error_handler_t::strict);
    } catch (const nlohmann::json::exception& e) {
        throw Error("pair " + std::to_string(record.pairId) +
                    ": a text is not valid UTF-8 and cannot be written as JSON (" + e.what() + ")");
    }

    const bool array = m_layout == Layout::Llava || m_layout == Layout::LlamaFactory;
    if (array)
        put(m_written == 0 ? "[\n" : ",\n");
    put(line);
    if (!array)
        put("\n");
    ++m_written;
}

std::vector<std::string> ExportWriter::finish()
{
    if (!m_file)
        throw Error("internal: ExportWriter::finish called twice");
    if (m_layout == Layout::Llava || m_layout == Layout::LlamaFactory)
        put(m_written == 0 ? "[]\n" : "\n]\n");
    closeFile();

    std::vector<std::string> files = {m_dataName};
    if (m_layout == Layout::LlamaFactory) {
        const std::string infoName = "dataset_info.json";
        const auto infoPath = m_dir / infoName;
        const std::string info = llamaFactoryDatasetInfo(m_dataName).dump(2) + "\n";
        std::FILE* file = std::fopen(infoPath.c_str(), "wb");
        if (!file)
            throw Error(infoPath.string() + ": cannot create file: " + std::strerror(errno));
        const bool written = std::fwrite(info.data(), 1, info.size(), file) == info.size();
        if (std::fclose(file) != 0 || !written)
            throw Error(infoPath.string() + ": cannot write: " + std::strerror(errno));
        files.push_back(infoName);
    }
    return files;
}

} // namespace prefstudio::core
