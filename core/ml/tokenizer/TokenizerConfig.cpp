#include "ml/tokenizer/TokenizerConfig.h"

namespace prefstudio::core::ml {

namespace {

std::optional<std::string> tokenField(const JsonCursor& json, const char* key)
{
    const auto field = json.find(key);
    if (!field)
        return std::nullopt;
    if (field->isString())
        return field->asString();
    if (field->isObject())
        return field->string("content");
    field->fail("expected a token string, an object with \"content\", or null");
}

std::optional<bool> boolField(const JsonCursor& json, const char* key)
{
    const auto field = json.find(key);
    if (!field)
        return std::nullopt;
    return field->asBool();
}

} // namespace

TokenizerConfig TokenizerConfig::fromJson(const JsonCursor& json)
{
    (void)json.asObject();
    TokenizerConfig config;
    config.addBosToken = boolField(json, "add_bos_token");
    config.addEosToken = boolField(json, "add_eos_token");
    config.bosToken = tokenField(json, "bos_token");
    config.eosToken = tokenField(json, "eos_token");
    config.padToken = tokenField(json, "pad_token");
    config.unkToken = tokenField(json, "unk_token");
    if (const auto chat = json.find("chat_template")) {
        if (chat->isString()) {
            config.chatTemplate = chat->asString();
        } else if (chat->isArray()) {
            for (const JsonCursor& entry : chat->elements()) {
                if (entry.string("name") == "default")
                    config.chatTemplate = entry.string("template");
            }
        } else {
            chat->fail("expected a template string or a list of {name, template}");
        }
    }
    return config;
}

} // namespace prefstudio::core::ml
