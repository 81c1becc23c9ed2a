#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace prefstudio::core::ml {

/// A renderer for the Jinja subset that HF chat templates use, set up as transformers sets up
/// Jinja for them (trim_blocks, lstrip_blocks, no autoescape):
///  - {{ expr }}, {% if %}/{% elif %}/{% else %}, {% for x in xs %} with loop.index, index0,
///    first, last, length, revindex; {% set x = expr %} and {% set ns.x = expr %} with
///    namespace(); {% generation %} blocks (rendered as their content); {# comments #}; "-"
///    whitespace control;
///  - literals, variables, a.b, a['b'], a[0], calls, unary not/-, * / % + - ~, comparisons,
///    in / not in, and / or, "x if c else y", tests (is defined, none, string, ...);
///  - filters trim, upper, lower, length, first, last, join, default, tojson, string,
///    selectattr / rejectattr; string methods upper, lower, strip, lstrip, rstrip, title,
///    startswith, endswith, split, replace; dict get, items, keys, values; raise_exception().
/// Anything else is a syntax error naming the line. Rendering errors and raise_exception()
/// throw Error.
class ChatTemplate
{
public:
    /// Parses `source`; throws Error "chat template line N: ..." on a syntax error.
    explicit ChatTemplate(std::string_view source);
    ~ChatTemplate();
    ChatTemplate(ChatTemplate&&) noexcept;
    ChatTemplate& operator=(ChatTemplate&&) noexcept;

    /// Renders with `variables` (an object: messages, add_generation_prompt, bos_token, ...).
    std::string render(const nlohmann::json& variables) const;

    struct Node;

private:
    std::unique_ptr<Node> m_root;
};

} // namespace prefstudio::core::ml
