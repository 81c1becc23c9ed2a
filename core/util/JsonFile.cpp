#include "util/JsonFile.h"

#include "util/Error.h"

#include <fstream>

namespace prefstudio::core {

nlohmann::json readJsonFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read " + path.string());
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.string() + ": not JSON (" + e.what() + ")");
    }
}

} // namespace prefstudio::core
