#include "util/FileWrite.h"

#include "util/Error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace prefstudio::core {

void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes)
{
    const std::filesystem::path partial = path.string() + ".partial-" + std::to_string(::getpid());
    std::FILE* file = std::fopen(partial.c_str(), "wb");
    if (!file)
        throw Error(path.string() + ": cannot create file: " + std::strerror(errno));
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
    const int writeError = errno;
    const bool closed = std::fclose(file) == 0;
    if (!written || !closed) {
        const int error = !written ? writeError : errno;
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        throw Error(path.string() + ": cannot write: " + std::strerror(error));
    }
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        throw Error(path.string() + ": cannot move the written file into place: " + ec.message());
    }
}

} // namespace prefstudio::core
