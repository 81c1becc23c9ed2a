#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace prefstudio::core {

/// One top-level record of a JSON Lines file or of a top-level JSON array, as raw text.
struct JsonRecord
{
    std::string_view text;   ///< valid until the next call to next()
    std::uint64_t line = 0;  ///< 1-based line where the record starts
    std::uint64_t index = 0; ///< 0-based record number
};

/// Streams records out of a JSONL file or a file holding one JSON array, reading in chunks,
/// so memory is bounded by the largest record, not the file.
class JsonRecordReader
{
public:
    enum class Layout { JsonLines, JsonArray };

    /// Throws Error for an unreadable or empty file or one that is neither layout.
    explicit JsonRecordReader(const std::filesystem::path& file);

    Layout layout() const { return m_layout; }
    /// The next record, or false at the end. Throws Error (file, line) on a truncated array.
    bool next(JsonRecord& record);

    std::uint64_t bytesConsumed() const { return m_consumed + m_pos; }
    std::uint64_t fileSize() const { return m_fileSize; }
    const std::filesystem::path& file() const { return m_file; }

    static constexpr std::size_t kMaxRecordBytes = std::size_t(512) << 20;

private:
    bool fill();
    bool nextLine(JsonRecord& record);
    bool nextElement(JsonRecord& record);
    void skipWhitespace();
    [[noreturn]] void fail(std::uint64_t line, const std::string& what) const;

    std::filesystem::path m_file;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_in;
    std::string m_buffer;
    std::size_t m_pos = 0;        ///< read position in m_buffer
    std::uint64_t m_consumed = 0; ///< bytes dropped from the front of m_buffer
    std::uint64_t m_fileSize = 0;
    std::uint64_t m_line = 1;
    std::uint64_t m_index = 0;
    bool m_eof = false;
    bool m_arrayDone = false;
    Layout m_layout = Layout::JsonLines;
};

} // namespace prefstudio::core
