#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core {

/// One pair as the exporters see it: the texts exactly as stored, the image already placed.
struct ExportRecord
{
    std::int64_t pairId = 0;
    std::string prompt; ///< plain user text, without any <image> token
    std::string chosen;
    std::string rejected;
    std::optional<std::string> image; ///< path relative to the export folder: images/<sha>.<ext>
    std::string split;
    std::optional<std::string> sourceDataset;
    std::optional<std::string> sourceId;
};

/// Writes records in one trainer format into a folder, streaming: one record is serialized and
/// written at a time, so the data file never has to fit in memory.
///  - trl: train.jsonl, TRL's vision DPO conversational layout
///  - llava: train.json, a LLaVA conversation array with rejected_conversations (PDS-DPO, POVID)
///  - llamafactory: prefstudio_dpo.json (sharegpt ranking) and dataset_info.json
///  - rlaif-v: train.jsonl with RLAIF-V's field names
class ExportWriter
{
public:
    /// Opens the data file in `dir`. Throws Error listing formats() when `format` is unknown.
    ExportWriter(const std::string& format, const std::filesystem::path& dir);
    ~ExportWriter();
    ExportWriter(const ExportWriter&) = delete;
    ExportWriter& operator=(const ExportWriter&) = delete;

    /// Appends one record. Throws Error naming the pair when a text is not valid UTF-8 or the
    /// prompt already holds an <image> token (the token count must match the image count).
    void write(const ExportRecord& record);
    /// Completes and closes the data files; returns their paths relative to the folder.
    std::vector<std::string> finish();

    static const std::vector<std::string>& formats();

private:
    enum class Layout { Trl, Llava, LlamaFactory, RlaifV };

    void put(std::string_view bytes);
    void closeFile();

    Layout m_layout = Layout::Trl;
    std::filesystem::path m_dir;
    std::string m_dataName;
    std::FILE* m_file = nullptr;
    std::int64_t m_written = 0;
};

} // namespace prefstudio::core
