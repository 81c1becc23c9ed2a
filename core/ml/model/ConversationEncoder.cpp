#include "ml/model/ConversationEncoder.h"

#include "util/Error.h"

namespace prefstudio::core::ml {

namespace {

const std::string& requireTemplate(const Tokenizer& tokenizer)
{
    if (tokenizer.chatTemplate().empty())
        throw Error("the tokenizer has no chat_template in tokenizer_config.json; a text reward "
                    "model reads the conversation as its chat template writes it");
    return tokenizer.chatTemplate();
}

} // namespace

ConversationEncoder::ConversationEncoder(Tokenizer tokenizer)
    : m_tokenizer(std::move(tokenizer)), m_template(requireTemplate(m_tokenizer)),
      m_specialTokens(nlohmann::json::object())
{
    const std::pair<const char*, std::optional<std::int32_t>> tokens[] = {
        {"bos_token", m_tokenizer.bosId()},
        {"eos_token", m_tokenizer.eosId()},
        {"pad_token", m_tokenizer.padId()},
        {"unk_token", m_tokenizer.unkId()}};
    for (const auto& [name, id] : tokens)
        if (id)
            m_specialTokens[name] = m_tokenizer.idToToken(*id);
}

std::string ConversationEncoder::render(const std::string& prompt, const std::string& answer) const
{
    nlohmann::json variables = m_specialTokens;
    variables["messages"] = nlohmann::json::array(
        {{{"role", "user"}, {"content", prompt}}, {{"role", "assistant"}, {"content", answer}}});
    variables["add_generation_prompt"] = false;
    return m_template.render(variables);
}

std::vector<std::int64_t> ConversationEncoder::encode(const std::string& prompt,
                                                      const std::string& answer) const
{
    const auto ids = m_tokenizer.encode(render(prompt, answer), false);
    return {ids.begin(), ids.end()};
}

} // namespace prefstudio::core::ml
