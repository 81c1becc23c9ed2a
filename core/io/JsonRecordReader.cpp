#include "io/JsonRecordReader.h"

#include <cerrno>
#include <cstring>

#include "util/Error.h"

namespace prefstudio::core {

namespace {

constexpr std::size_t kChunk = std::size_t(4) << 20;

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

JsonRecordReader::JsonRecordReader(const std::filesystem::path& file)
    : m_file(file), m_in(std::fopen(file.c_str(), "rb"), &std::fclose)
{
    if (!m_in)
        throw Error(file.string() + ": cannot open: " + std::strerror(errno));
    std::error_code ec;
    m_fileSize = std::filesystem::file_size(file, ec);
    if (std::filesystem::is_directory(file))
        throw Error(file.string() + ": is a folder, expected a JSON or JSON Lines file");
    fill();
    if (m_buffer.size() >= 3 && m_buffer.compare(0, 3, "\xEF\xBB\xBF") == 0)
        m_pos = 3; // a UTF-8 byte order mark is allowed and ignored
    skipWhitespace();
    if (m_pos >= m_buffer.size())
        throw Error(file.string() + ": is empty, expected JSON records");
    const char first = m_buffer[m_pos];
    if (first == '[') {
        m_layout = Layout::JsonArray;
        ++m_pos;
    } else if (first == '{') {
        m_layout = Layout::JsonLines;
    } else {
        fail(m_line,
             std::string("expected a JSON array '[' or JSON Lines of objects '{', found '") +
                 first + "'");
    }
}

bool JsonRecordReader::fill()
{
    if (m_eof)
        return false;
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_consumed += m_pos;
        m_pos = 0;
    }
    const std::size_t old = m_buffer.size();
    m_buffer.resize(old + kChunk);
    const std::size_t got = std::fread(m_buffer.data() + old, 1, kChunk, m_in.get());
    m_buffer.resize(old + got);
    if (got < kChunk) {
        if (std::ferror(m_in.get()))
            throw Error(m_file.string() + ": read error: " + std::strerror(errno));
        m_eof = true;
    }
    return got > 0;
}

void JsonRecordReader::skipWhitespace()
{
    for (;;) {
        while (m_pos < m_buffer.size() && isBlank(m_buffer[m_pos])) {
            if (m_buffer[m_pos] == '\n')
                ++m_line;
            ++m_pos;
        }
        if (m_pos < m_buffer.size() || !fill())
            return;
    }
}

void JsonRecordReader::fail(std::uint64_t line, const std::string& what) const
{
    throw Error(m_file.string() + ":" + std::to_string(line) + ": " + what);
}

bool JsonRecordReader::next(JsonRecord& record)
{
    return m_layout == Layout::JsonLines ? nextLine(record) : nextElement(record);
}

bool JsonRecordReader::nextLine(JsonRecord& record)
{
    skipWhitespace();
    if (m_pos >= m_buffer.size())
        return false;
    std::size_t searchFrom = m_pos;
    const char* newline = nullptr;
    for (;;) {
        newline = static_cast<const char*>(
            std::memchr(m_buffer.data() + searchFrom, '\n', m_buffer.size() - searchFrom));
        if (newline || m_eof)
            break;
        const std::size_t scanned = m_buffer.size() - m_pos;
        if (scanned > kMaxRecordBytes)
            fail(m_line, "record longer than 512 MiB");
        fill(); // moves the unread bytes to the front: m_pos becomes 0
        searchFrom = m_pos + scanned;
    }
    const std::size_t end = newline ? std::size_t(newline - m_buffer.data()) : m_buffer.size();
    std::size_t stop = end;
    while (stop > m_pos && isBlank(m_buffer[stop - 1]))
        --stop;
    record.text = std::string_view(m_buffer.data() + m_pos, stop - m_pos);
    record.line = m_line;
    record.index = m_index++;
    m_pos = newline ? end + 1 : end;
    if (newline)
        ++m_line;
    return true;
}

bool JsonRecordReader::nextElement(JsonRecord& record)
{
    if (m_arrayDone)
        return false;
    skipWhitespace();
    if (m_pos >= m_buffer.size())
        fail(m_line, "file ends inside the top-level JSON array (truncated?), expected ']'");
    if (m_buffer[m_pos] == ']') {
        ++m_pos;
        m_arrayDone = true;
        skipWhitespace();
        if (m_pos < m_buffer.size())
            fail(m_line, "unexpected text after the top-level JSON array");
        return false;
    }
    const std::uint64_t startLine = m_line;
    std::size_t offset = 0; // scan position relative to m_pos, stable across fill()
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    std::uint64_t lines = 0;
    for (;;) {
        if (m_pos + offset >= m_buffer.size()) {
            if (offset > kMaxRecordBytes)
                fail(startLine, "record longer than 512 MiB");
            if (!fill())
                fail(startLine, "file ends inside this record (truncated JSON?)");
            continue;
        }
        const char c = m_buffer[m_pos + offset];
        if (c == '\n')
            ++lines;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0) {
                if (c == '}')
                    fail(startLine + lines, "unbalanced '}' in the top-level JSON array");
                break; // the array's closing bracket ends the last element
            }
            --depth;
        } else if (c == ',' && depth == 0) {
            break;
        }
        ++offset;
    }
    std::size_t stop = offset;
    while (stop > 0 && isBlank(m_buffer[m_pos + stop - 1]))
        --stop;
    record.text = std::string_view(m_buffer.data() + m_pos, stop);
    record.line = startLine;
    record.index = m_index++;
    m_line += lines;
    // Leave ']' to be seen by the next call; step over ','.
    m_pos += offset + (m_buffer[m_pos + offset] == ',' ? 1 : 0);
    if (record.text.empty())
        fail(startLine, "empty element in the top-level JSON array");
    return true;
}

} // namespace prefstudio::core
