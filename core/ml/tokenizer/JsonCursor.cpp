#include "ml/tokenizer/JsonCursor.h"

#include "util/Error.h"

namespace prefstudio::core::ml {

namespace {

std::string typeName(simdjson::dom::element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::ARRAY:
        return "an array";
    case simdjson::dom::element_type::OBJECT:
        return "an object";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
        return "an integer";
    case simdjson::dom::element_type::DOUBLE:
        return "a number";
    case simdjson::dom::element_type::STRING:
        return "a string";
    case simdjson::dom::element_type::BOOL:
        return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE:
        return "null";
    }
    return "a value";
}

} // namespace

JsonCursor::JsonCursor(simdjson::dom::element value, std::string source, std::string path)
    : m_value(value), m_source(std::move(source)), m_path(std::move(path))
{
}

JsonCursor JsonCursor::child(simdjson::dom::element value, std::size_t index) const
{
    return JsonCursor(value, m_source, m_path + "[" + std::to_string(index) + "]");
}

JsonCursor JsonCursor::child(simdjson::dom::element value, std::string_view key) const
{
    return JsonCursor(value, m_source,
                      m_path.empty() ? std::string(key) : m_path + "." + std::string(key));
}

JsonCursor JsonCursor::at(std::string_view key) const
{
    auto member = find(key);
    if (!member)
        child(m_value, key).fail("missing (expected a value here)");
    return *member;
}

std::optional<JsonCursor> JsonCursor::find(std::string_view key) const
{
    simdjson::dom::element member;
    if (asObject().at_key(key).get(member) != simdjson::SUCCESS || member.is_null())
        return std::nullopt;
    return child(member, key);
}

std::vector<JsonCursor> JsonCursor::elements() const
{
    std::vector<JsonCursor> items;
    std::size_t index = 0;
    for (const simdjson::dom::element item : asArray())
        items.push_back(child(item, index++));
    return items;
}

std::size_t JsonCursor::size() const
{
    return asArray().size();
}

std::string JsonCursor::asString() const
{
    return std::string(asStringView());
}

std::string_view JsonCursor::asStringView() const
{
    std::string_view text;
    if (m_value.get(text) != simdjson::SUCCESS)
        fail("expected a string, found " + typeName(m_value));
    return text;
}

bool JsonCursor::asBool() const
{
    bool value = false;
    if (m_value.get(value) != simdjson::SUCCESS)
        fail("expected true or false, found " + typeName(m_value));
    return value;
}

std::int64_t JsonCursor::asInt() const
{
    if (m_value.type() == simdjson::dom::element_type::UINT64) {
        const std::uint64_t value = m_value.get_uint64().value_unsafe();
        fail("integer " + std::to_string(value) + " is too large");
    }
    std::int64_t value = 0;
    if (m_value.type() != simdjson::dom::element_type::INT64 ||
        m_value.get(value) != simdjson::SUCCESS)
        fail("expected an integer, found " + typeName(m_value));
    return value;
}

double JsonCursor::asDouble() const
{
    double value = 0;
    if (m_value.get(value) != simdjson::SUCCESS)
        fail("expected a number, found " + typeName(m_value));
    return value;
}

simdjson::dom::object JsonCursor::asObject() const
{
    simdjson::dom::object object;
    if (m_value.get(object) != simdjson::SUCCESS)
        fail("expected an object, found " + typeName(m_value));
    return object;
}

simdjson::dom::array JsonCursor::asArray() const
{
    simdjson::dom::array array;
    if (m_value.get(array) != simdjson::SUCCESS)
        fail("expected an array, found " + typeName(m_value));
    return array;
}

bool JsonCursor::boolean(std::string_view key, bool fallback) const
{
    const auto member = find(key);
    return member ? member->asBool() : fallback;
}

std::optional<std::string> JsonCursor::optionalString(std::string_view key) const
{
    const auto member = find(key);
    if (!member)
        return std::nullopt;
    return member->asString();
}

void JsonCursor::fail(const std::string& what) const
{
    throw Error(m_source + ": " + (m_path.empty() ? std::string("top level") : m_path) + ": " +
                what);
}

} // namespace prefstudio::core::ml
