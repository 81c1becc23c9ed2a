// libFuzzer target: arbitrary bytes as a tokenizer.json, then encode and decode with it.
// Input layout: the tokenizer.json, optionally followed by a NUL byte and the text to encode
// (a fixed sample text otherwise). Loading may fail only with core::Error; any other
// exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ml/tokenizer/Tokenizer.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t split = input.find('\0');
    const std::string_view json = input.substr(0, split);
    const std::string text = split == std::string_view::npos
                                 ? std::string("Hello <s> world\n 123  caf\u00e9 \U0001F600 </s>")
                                 : std::string(input.substr(split + 1));
    try {
        prefstudio::core::ml::Tokenizer tokenizer = prefstudio::core::ml::Tokenizer::fromJson(json);
        for (const bool special : {false, true}) {
            tokenizer.setEncodeSpecialTokens(special);
            const auto ids = tokenizer.encode(text);
            (void)tokenizer.decode(ids);
            (void)tokenizer.decode(ids, true);
        }
    } catch (const prefstudio::core::Error&) {
    }
    return 0;
}
