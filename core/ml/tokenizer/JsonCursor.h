#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace prefstudio::core::ml {

/// A value inside a parsed tokenizer file together with the file name and the JSON path that
/// leads to it, so that every complaint names both ("tokenizer.json: model.merges[12]: ...").
/// Wraps a simdjson DOM element: the parser that made it must outlive the cursor.
class JsonCursor
{
public:
    JsonCursor(simdjson::dom::element value, std::string source, std::string path = {});

    simdjson::dom::element element() const { return m_value; }
    const std::string& path() const { return m_path; }
    const std::string& source() const { return m_source; }

    bool isNull() const { return m_value.is_null(); }
    bool isString() const { return m_value.is_string(); }
    bool isObject() const { return m_value.is_object(); }
    bool isArray() const { return m_value.is_array(); }
    bool isNumber() const { return m_value.is_number(); }

    /// The member `key`; throws when this is not an object or the member is missing or null.
    JsonCursor at(std::string_view key) const;
    /// The member `key`, or nothing when it is missing or null.
    std::optional<JsonCursor> find(std::string_view key) const;
    /// The elements of an array, each with its path (for short arrays; hot loops iterate
    /// element() themselves and make a cursor with child() only to report an error).
    std::vector<JsonCursor> elements() const;
    std::size_t size() const;
    JsonCursor child(simdjson::dom::element value, std::size_t index) const;
    JsonCursor child(simdjson::dom::element value, std::string_view key) const;

    std::string asString() const;
    std::string_view asStringView() const;
    bool asBool() const;
    std::int64_t asInt() const;
    double asDouble() const;
    simdjson::dom::object asObject() const;
    simdjson::dom::array asArray() const;

    std::string string(std::string_view key) const { return at(key).asString(); }
    bool boolean(std::string_view key, bool fallback) const;
    std::optional<std::string> optionalString(std::string_view key) const;

    /// Throws Error "<source>: <path>: <what>".
    [[noreturn]] void fail(const std::string& what) const;

private:
    simdjson::dom::element m_value;
    std::string m_source;
    std::string m_path;
};

} // namespace prefstudio::core::ml
