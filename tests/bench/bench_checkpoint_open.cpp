// Opening a sharded safetensors checkpoint: writes a ~1 GB LLaMA-shaped checkpoint (BF16,
// ~290 tensors in 4 shards + model.safetensors.index.json) to a temporary folder, then times
// Checkpoint's open + validation: once right after evicting the files from the page cache
// (first open) and then warm. Baselines in the same run: reading the header bytes with plain
// read() and no parsing, the same plus nlohmann::json::parse, and python3's json.loads of the
// headers. Prints figures; never fails on time. The goal: under 1 s for 1 GB.
//
//   bench_checkpoint_open [--layers N] [--hidden N] [--shards N] [--repeat N] [--work DIR]
//                         [--keep 1]   (leave the checkpoint in DIR)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "ml/SafetensorsFile.h"

namespace fs = std::filesystem;
using namespace prefstudio::core::ml;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Stats
{
    double min = 0, median = 0;
};

template <typename F> Stats timeRepeated(int repeat, F&& body)
{
    std::vector<double> ms;
    for (int i = 0; i < repeat; ++i) {
        const auto start = Clock::now();
        body();
        ms.push_back(msSince(start));
    }
    std::sort(ms.begin(), ms.end());
    return {ms.front(), ms[ms.size() / 2]};
}

/// Drops the files' pages from the page cache (they were fsync'ed when written), so the next
/// open reads from the disk. Needs no privileges, unlike /proc/sys/vm/drop_caches.
void evict(const std::vector<fs::path>& files)
{
    for (const auto& path : files) {
        const int fd = ::open(path.c_str(), O_RDONLY);
        if (fd >= 0) {
            ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
            ::close(fd);
        }
    }
}

/// Reads the 8-byte length and the header of every shard with plain read(): the least any
/// reader must do.
std::size_t readHeaders(const std::vector<fs::path>& shards, bool parse)
{
    std::size_t total = 0;
    for (const auto& path : shards) {
        const int fd = ::open(path.c_str(), O_RDONLY);
        std::uint64_t n = 0;
        if (fd < 0 || ::read(fd, &n, 8) != 8) {
            std::fprintf(stderr, "cannot read %s\n", path.c_str());
            std::exit(1);
        }
        std::string header(n, '\0');
        if (::read(fd, header.data(), n) != static_cast<ssize_t>(n)) {
            std::fprintf(stderr, "short read %s\n", path.c_str());
            std::exit(1);
        }
        ::close(fd);
        total += parse ? nlohmann::json::parse(header).size() : header.size();
    }
    return total;
}

} // namespace

int main(int argc, char** argv)
{
    int layers = 32, hidden = 1024, shardCount = 4, repeat = 20;
    bool keep = false;
    fs::path work =
        fs::temp_directory_path() / ("prefstudio-bench-ckpt-" + std::to_string(::getpid()));
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--layers")
            layers = std::atoi(argv[i + 1]);
        else if (flag == "--hidden")
            hidden = std::atoi(argv[i + 1]);
        else if (flag == "--shards")
            shardCount = std::atoi(argv[i + 1]);
        else if (flag == "--repeat")
            repeat = std::atoi(argv[i + 1]);
        else if (flag == "--work")
            work = argv[i + 1];
        else if (flag == "--keep")
            keep = std::atoi(argv[i + 1]) != 0;
    }
    fs::create_directories(work);

    // A LLaMA-shaped model in BF16, names as transformers writes them.
    const std::int64_t h = hidden, inter = hidden * 11 / 4, vocab = 32000;
    struct Spec
    {
        std::string name;
        std::vector<std::int64_t> shape;
    };
    std::vector<Spec> specs{{"model.embed_tokens.weight", {vocab, h}}};
    for (int l = 0; l < layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        for (const char* proj : {"q_proj", "k_proj", "v_proj", "o_proj"})
            specs.push_back({p + "self_attn." + proj + ".weight", {h, h}});
        specs.push_back({p + "mlp.gate_proj.weight", {inter, h}});
        specs.push_back({p + "mlp.up_proj.weight", {inter, h}});
        specs.push_back({p + "mlp.down_proj.weight", {h, inter}});
        specs.push_back({p + "input_layernorm.weight", {h}});
        specs.push_back({p + "post_attention_layernorm.weight", {h}});
    }
    specs.push_back({"model.norm.weight", {h}});
    specs.push_back({"lm_head.weight", {vocab, h}});

    std::uint64_t totalBytes = 0, largest = 0;
    for (const auto& s : specs) {
        std::uint64_t n = 2;
        for (auto d : s.shape)
            n *= static_cast<std::uint64_t>(d);
        totalBytes += n;
        largest = std::max(largest, n);
    }
    // Every tensor's bytes point into one buffer: the content does not matter here.
    std::vector<std::byte> zeros(largest, std::byte{0});

    // Fill shards in order, as save_pretrained's max_shard_size does; the limit leaves room
    // for one tensor more than an even share, so exactly `shards` files come out.
    const auto writeStart = Clock::now();
    std::vector<fs::path> shards;
    nlohmann::json weightMap = nlohmann::json::object();
    const std::uint64_t perShard = totalBytes / shardCount + largest;
    std::vector<TensorToWrite> pending;
    std::uint64_t pendingBytes = 0;
    auto flush = [&] {
        char name[64];
        std::snprintf(name, sizeof name, "model-%05zu-of-%05d.safetensors", shards.size() + 1,
                      shardCount);
        writeSafetensors(work / name, pending, {{"format", "pt"}});
        for (const auto& t : pending)
            weightMap[t.name] = name;
        shards.push_back(work / name);
        pending.clear();
        pendingBytes = 0;
    };
    for (const auto& s : specs) {
        std::uint64_t n = 2;
        for (auto d : s.shape)
            n *= static_cast<std::uint64_t>(d);
        if (pendingBytes + n > perShard && !pending.empty())
            flush();
        pending.push_back(
            {s.name, DType::BF16, s.shape, std::span<const std::byte>(zeros.data(), n)});
        pendingBytes += n;
    }
    flush();
    std::ofstream(work / "model.safetensors.index.json") << nlohmann::json{
        {"metadata", {{"total_size", totalBytes}}},
        {"weight_map", weightMap}}.dump(2);
    std::printf("checkpoint: %zu tensors, %.3f GB in %zu shards (BF16, %d layers, hidden %d), "
                "written in %.1f s to %s\n",
                specs.size(), totalBytes / 1e9, shards.size(), layers, hidden,
                msSince(writeStart) / 1000, work.c_str());

    std::vector<fs::path> allFiles = shards;
    allFiles.push_back(work / "model.safetensors.index.json");

    // First open after eviction: the header pages come from the disk.
    evict(allFiles);
    auto start = Clock::now();
    {
        Checkpoint checkpoint(work);
        if (checkpoint.names().size() != specs.size() || checkpoint.totalBytes() != totalBytes) {
            std::fprintf(stderr, "checkpoint does not read back\n");
            return 1;
        }
    }
    const double firstOpen = msSince(start);
    evict(allFiles);
    start = Clock::now();
    readHeaders(shards, false);
    const double firstRead = msSince(start);

    const Stats open = timeRepeated(repeat, [&] { Checkpoint checkpoint(work); });
    const Stats read = timeRepeated(repeat, [&] { readHeaders(shards, false); });
    const Stats parse = timeRepeated(repeat, [&] { readHeaders(shards, true); });

    std::string python = "n/a (no /usr/bin/python3)";
    if (fs::exists("/usr/bin/python3")) {
        std::string cmd =
            "/usr/bin/python3 -c \"import json,struct,sys,time\nbest=1e9\nfor _ in range(" +
            std::to_string(repeat) +
            "):\n t=time.perf_counter()\n for p in sys.argv[1:]:\n  f=open(p,'rb'); "
            "n=struct.unpack('<Q',f.read(8))[0]; json.loads(f.read(n)); f.close()\n "
            "best=min(best,time.perf_counter()-t)\nprint('%.3f' % (best*1000))\"";
        for (const auto& s : shards)
            cmd += " '" + s.string() + "'";
        if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
            char line[64] = {0};
            if (std::fgets(line, sizeof line, pipe))
                python = std::string(line, std::strcspn(line, "\n")) + " ms (min)";
            ::pclose(pipe);
        }
    }

    // What loading costs after the open: touching every mapped byte once (warm cache).
    start = Clock::now();
    std::uint64_t checksum = 0;
    {
        Checkpoint checkpoint(work);
        for (const auto& name : checkpoint.names())
            for (const std::byte b : checkpoint.tensor(name).bytes)
                checksum += static_cast<unsigned char>(b);
    }
    const double touchAll = msSince(start);

    std::printf("\n%-58s %10s %10s\n", "", "min ms", "median ms");
    std::printf("%-58s %10.3f %10s\n", "Checkpoint open + validate, first open after eviction",
                firstOpen, "-");
    std::printf("%-58s %10.3f %10.3f\n", "Checkpoint open + validate, warm", open.min, open.median);
    std::printf("%-58s %10.3f %10s\n", "baseline: read() header bytes, first after eviction",
                firstRead, "-");
    std::printf("%-58s %10.3f %10.3f\n", "baseline: read() header bytes, warm", read.min,
                read.median);
    std::printf("%-58s %10.3f %10.3f\n", "baseline: read() + nlohmann::json::parse, warm",
                parse.min, parse.median);
    std::printf("%-58s %s\n", "baseline: python3 json.loads of the headers, warm", python.c_str());
    std::printf("%-58s %10.1f %10s\n", "for scale: open + read every tensor byte once, warm",
                touchAll, "-");
    std::printf("\nopen+validate / plain header read (warm medians): %.2fx; goal < 1000 ms for "
                "1 GB: %s (checksum %llu)\n",
                open.median / std::max(read.median, 1e-6), open.median < 1000 ? "met" : "NOT met",
                static_cast<unsigned long long>(checksum));

    if (!keep) {
        std::error_code ec;
        fs::remove_all(work, ec);
    }
    return 0;
}
