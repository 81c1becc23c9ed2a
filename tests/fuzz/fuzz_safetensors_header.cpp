// libFuzzer target for the safetensors reader: the input bytes become a .safetensors file
// opened through Checkpoint (pickle sniffing, then SafetensorsFile's header checks), and then
// a model.safetensors.index.json in the same scratch folder (which may name that file as a
// shard). Every tensor byte is read so that ASan sees a view reaching outside its mapping.
// core::Error is the expected way to refuse; anything else escaping is a finding.

#include "ml/SafetensorsFile.h"

#include "util/Error.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace prefstudio::core;

namespace {

/// A folder of this process's own in shared memory, removed when the fuzzer exits normally.
struct ScratchFolder
{
    fs::path path;

    ScratchFolder()
    {
        const fs::path base =
            fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        path = base / ("prefstudio-fuzz-safetensors-" + std::to_string(::getpid()));
        fs::create_directories(path);
    }
    ~ScratchFolder()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void writeFile(const fs::path& path, const std::uint8_t* data, std::size_t size)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        std::abort();
    while (size > 0) {
        const auto n = ::write(fd, data, size);
        if (n <= 0)
            std::abort();
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    ::close(fd);
}

std::uint64_t readEverything(const ml::Checkpoint& checkpoint)
{
    std::uint64_t sum = 0;
    for (const auto& name : checkpoint.names()) {
        const auto& view = checkpoint.tensor(name);
        for (const std::byte b : view.bytes)
            sum += static_cast<unsigned char>(b);
        sum += static_cast<std::uint64_t>(view.numel());
    }
    return sum;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const ScratchFolder folder;
    static const fs::path file = folder.path / "x.safetensors";
    static const fs::path index = folder.path / "model.safetensors.index.json";
    static volatile std::uint64_t sink = 0;

    writeFile(file, data, size);
    try {
        sink = sink + readEverything(ml::Checkpoint(file));
    } catch (const Error&) {
    }
    writeFile(index, data, size);
    try {
        sink = sink + readEverything(ml::Checkpoint(index));
    } catch (const Error&) {
    }
    return 0;
}
