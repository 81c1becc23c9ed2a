#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/CliContext.h"
#include "ml/tokenizer/Tokenizer.h"
#include "util/Error.h"

namespace prefstudio::cli {

namespace {

std::string lineError(std::uint64_t line, const std::string& what)
{
    return "stdin line " + std::to_string(line) + ": " + what;
}

} // namespace

void addTokenizeCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "tokenize",
        "Token ids of JSON Lines {\"text\": ...} on stdin, one {\"ids\": [...]} per line");
    auto path = std::make_shared<std::string>();
    auto noSpecial = std::make_shared<bool>(false);
    command
        ->add_option("--tokenizer", *path,
                     "A tokenizer.json, or a folder holding it (and tokenizer_config.json)")
        ->required();
    command->add_flag("--no-special", *noSpecial,
                      "Add no special tokens (by default BOS/EOS as the tokenizer config says)");
    command->callback([path, noSpecial] {
        const auto tokenizer = core::ml::Tokenizer::load(*path);
        std::string line;
        std::string out;
        std::uint64_t number = 0;
        while (std::getline(std::cin, line)) {
            ++number;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos)
                continue;
            nlohmann::json record;
            try {
                record = nlohmann::json::parse(line);
            } catch (const nlohmann::json::exception& e) { // parse_error, out_of_range
                std::string reason = e.what();
                if (const auto close = reason.find("] "); close != std::string::npos)
                    reason.erase(0, close + 2);
                throw core::Error(lineError(number, "not valid JSON: " + reason));
            }
            const auto text = record.is_object() ? record.find("text") : record.end();
            if (!record.is_object() || text == record.end() || !text->is_string())
                throw core::Error(
                    lineError(number, "expected an object with a string field \"text\""));
            std::vector<std::int32_t> ids;
            try {
                ids = tokenizer.encode(text->get_ref<const std::string&>(), !*noSpecial);
            } catch (const core::Error& e) {
                throw core::Error(lineError(number, e.what()));
            }
            out.assign("{\"ids\": [");
            char digits[16];
            for (std::size_t i = 0; i < ids.size(); ++i) {
                if (i > 0)
                    out.append(", ");
                const auto result = std::to_chars(digits, digits + sizeof digits, ids[i]);
                out.append(digits, result.ptr);
            }
            out.append("]}\n");
            std::fwrite(out.data(), 1, out.size(), stdout);
        }
        std::fflush(stdout);
    });
}

} // namespace prefstudio::cli
