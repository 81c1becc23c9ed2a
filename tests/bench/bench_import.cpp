// Import throughput and memory, against a straightforward Python json + sqlite3 import of
// the same file in the same run (baseline_import.py), and `stats` latency on a project with
// one million candidates. Prints figures; never fails on time.
//
//   bench_import [--records N] [--images N] [--stats-samples N] [--work DIR] [--keep]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "curation/ProjectStats.h"
#include "io/Importer.h"
#include "store/BulkLoad.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "store/SampleWriter.h"

namespace fs = std::filesystem;
using namespace prefstudio;

namespace {

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

/// A valid uncompressed-deflate PNG of one colour, so that every image differs by hash.
std::string tinyPng(int seed)
{
    auto crc = [](const std::string& data) {
        std::uint32_t c = 0xFFFFFFFFu;
        for (unsigned char byte : data) {
            c ^= byte;
            for (int k = 0; k < 8; ++k)
                c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        }
        return c ^ 0xFFFFFFFFu;
    };
    auto be32 = [](std::uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    auto chunk = [&](const std::string& kind, const std::string& data) {
        return be32(std::uint32_t(data.size())) + kind + data + be32(crc(kind + data));
    };
    const int w = 16, h = 16;
    std::string raw;
    for (int y = 0; y < h; ++y) {
        raw.push_back(0);
        for (int x = 0; x < w; ++x) {
            raw.push_back(char(seed * 37 + x));
            raw.push_back(char(seed * 11 + y));
            raw.push_back(char(seed >> 8));
        }
    }
    // zlib stream with one stored (uncompressed) block.
    std::uint32_t a = 1, b = 0;
    for (unsigned char byte : raw) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
    }
    const auto len = std::uint16_t(raw.size());
    std::string zlib = {char(0x78),
                        char(0x01),
                        char(1),
                        char(len & 0xFF),
                        char(len >> 8),
                        char(~len & 0xFF),
                        char((~len >> 8) & 0xFF)};
    zlib += raw + be32((b << 16) | a);
    std::string ihdr = be32(w) + be32(h) + std::string{8, 2, 0, 0, 0};
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", zlib) +
           chunk("IEND", "");
}

std::string words(std::mt19937_64& rng, int lo, int hi)
{
    static const char* vocabulary[] = {"the",    "a",        "red",   "blue",  "green", "square",
                                       "circle", "triangle", "star",  "left",  "right", "top",
                                       "bottom", "centre",   "small", "large", "image", "shows",
                                       "there",  "is",       "are",   "two",   "three", "and",
                                       "with",   "next",     "to",    "café",  "草",    "🐕"};
    const int n = lo + int(rng() % std::uint64_t(hi - lo + 1));
    std::string text;
    for (int i = 0; i < n; ++i) {
        if (i)
            text += ' ';
        text += vocabulary[rng() % (sizeof vocabulary / sizeof *vocabulary)];
    }
    return text;
}

void writeTrl(const fs::path& file, int records, int images)
{
    std::mt19937_64 rng(1);
    std::ofstream out(file);
    for (int i = 0; i < records; ++i) {
        out << "{\"images\": [\"images/img" << (i % images) << ".png\"], \"prompt\": [{\"role\": "
            << "\"user\", \"content\": [{\"type\": \"image\"}, {\"type\": \"text\", \"text\": \""
            << words(rng, 5, 15) << "\"}]}], \"chosen\": [{\"role\": \"assistant\", \"content\": "
            << "[{\"type\": \"text\", \"text\": \"" << words(rng, 10, 60)
            << "\"}]}], \"rejected\": [{\"role\": \"assistant\", \"content\": [{\"type\": "
               "\"text\", "
            << "\"text\": \"" << words(rng, 3, 80) << "\"}]}]}\n";
    }
}

void writeCandidates(const fs::path& file, int samples)
{
    std::mt19937_64 rng(2);
    std::ofstream out(file);
    for (int i = 0; i < samples; ++i) {
        out << "{\"prompt\": \"" << words(rng, 5, 12) << "\", \"candidates\": [";
        for (int c = 0; c < 4; ++c)
            out << (c ? ", " : "") << "{\"text\": \"" << words(rng, 3, 30) << "\", \"model\": \"m"
                << c << "\", \"scores\": {\"rm\": " << double(rng() % 10000) / 1000.0 << "}}";
        out << "]}\n";
    }
}

/// The store's share alone: the same texts (same generator, same seed) as writeTrl's records,
/// already parsed and with no flags, images or validation, written the way the importer writes
/// them (rows in one transaction with the indexes dropped, then the indexes, the full-text
/// index and the commit). Whatever the parser does, an import cannot take less than this.
void storeOnly(const fs::path& dir, int records, int images)
{
    auto project = core::Project::create(dir);
    core::Database& db = project->db();
    std::vector<core::SampleInput> samples;
    std::mt19937_64 rng(1);
    for (int i = 0; i < records; ++i) {
        core::SampleInput s;
        s.prompt = words(rng, 5, 15);
        s.candidates.resize(2);
        s.candidates[0].text = words(rng, 10, 60);
        s.candidates[1].text = words(rng, 3, 80);
        s.pair = {0, 1};
        s.sourceDataset = "trl";
        samples.push_back(std::move(s));
    }
    const core::SampleFlags flags{{0, 0}, {0, 0}, 0};
    double rows = 0, indexes = 0, search = 0, commit = 0;
    {
        auto start = std::chrono::steady_clock::now();
        core::BulkLoad bulk(db);
        core::Transaction tx(db);
        bulk.dropIndexes({"samples", "candidates", "pairs", "scores", "score_ranges"});
        core::SampleWriter writer(*project);
        std::vector<std::int64_t> imageIds;
        for (int i = 0; i < images; ++i) {
            core::ImageInput image;
            image.sha256 = std::to_string(i);
            image.path = "images/" + image.sha256 + ".png";
            image.width = image.height = 16;
            imageIds.push_back(writer.addImage(image));
        }
        for (int i = 0; i < records; ++i) {
            samples[std::size_t(i)].imageId = imageIds[std::size_t(i % images)];
            writer.addSample(samples[std::size_t(i)], flags);
        }
        rows = seconds(start);
        start = std::chrono::steady_clock::now();
        bulk.rebuildIndexes();
        indexes = seconds(start);
        start = std::chrono::steady_clock::now();
        writer.finish();
        search = seconds(start);
        start = std::chrono::steady_clock::now();
        tx.commit();
        commit = seconds(start);
    }
    // Closing checkpoints what the commit left in the WAL; the importer's time has no close.
    const auto start = std::chrono::steady_clock::now();
    project.reset();
    const double close = seconds(start);
    std::printf("store only (same rows already parsed; no JSON, flags, images or checks): "
                "%.3f s = rows %.3f + indexes %.3f + full-text %.3f + commit %.3f (closing the "
                "database after it: %.3f s more)\n",
                rows + indexes + search + commit, rows, indexes, search, commit, close);
}

struct Child
{
    int status = -1;
    double wall = 0;
    long maxRssKb = 0;
    std::string out;
};

Child run(const std::vector<std::string>& argv)
{
    Child child;
    int pipeFd[2];
    if (pipe(pipeFd) != 0)
        std::abort();
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(pipeFd[1], 1);
        close(pipeFd[0]);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(pipeFd[1]);
    char buffer[4096];
    ssize_t got;
    while ((got = read(pipeFd[0], buffer, sizeof buffer)) > 0)
        child.out.append(buffer, std::size_t(got));
    close(pipeFd[0]);
    rusage usage{};
    wait4(pid, &child.status, 0, &usage);
    child.wall = seconds(start);
    child.maxRssKb = usage.ru_maxrss;
    return child;
}

} // namespace

int main(int argc, char** argv)
{
    int records = 100000, images = 2000, statsSamples = 250000;
    fs::path work = fs::temp_directory_path() / "prefstudio-bench-import";
    bool keep = false; // --keep: leave the work folder, to profile the CLI on its files
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : "0";
        if (flag == "--keep")
            keep = true;
        else if (flag == "--records")
            records = std::atoi(value), ++i;
        else if (flag == "--images")
            images = std::atoi(value), ++i;
        else if (flag == "--stats-samples")
            statsSamples = std::atoi(value), ++i;
        else if (flag == "--work")
            work = value, ++i;
    }
    fs::remove_all(work);
    fs::create_directories(work / "data" / "images");
    for (int i = 0; i < images; ++i)
        std::ofstream(work / "data" / "images" / ("img" + std::to_string(i) + ".png"),
                      std::ios::binary)
            << tinyPng(i);
    const fs::path data = work / "data" / "trl.jsonl";
    writeTrl(data, records, images);
    std::printf("input: %d TRL records, %d distinct images, %.1f MB\n", records, images,
                double(fs::file_size(data)) / 1e6);

    // Baseline: Python json + sqlite3, checking nothing (its own timer excludes start-up).
    const Child python = run({"python3", std::string(PREFSTUDIO_BENCH_DIR) + "/baseline_import.py",
                              data.string(), (work / "baseline.sqlite").string()});
    const double pythonSeconds = std::atof(python.out.substr(python.out.find(' ') + 1).c_str());
    std::printf("python json+sqlite3 baseline: %.3f s, %.0f records/s, peak RSS %.0f MB\n",
                pythonSeconds, records / pythonSeconds, python.maxRssKb / 1024.0);

    // Ours, in process: validation, images, flags, full-text index, one transaction.
    double best = 1e9;
    for (int round = 0; round < 2; ++round) {
        const fs::path dir = work / ("project" + std::to_string(round));
        auto project = core::Project::create(dir);
        const auto start = std::chrono::steady_clock::now();
        const auto result = core::importFile(*project, data, {});
        const double took = seconds(start);
        best = std::min(best, took);
        std::printf("prefstudio import (round %d): %.3f s, %.0f records/s, %llu images\n",
                    round + 1, took, result.imported / took, (unsigned long long)result.newImages);
    }
    std::printf("ratio: %.2fx the baseline's records/s (goal 5x, floor 3x)\n",
                pythonSeconds / best);
    storeOnly(work / "project-store-only", records, images);

    // Peak memory of the whole CLI process doing the same import.
    core::Project::create(work / "project-cli");
    const Child cli =
        run({PREFSTUDIO_CLI, "import", (work / "project-cli").string(), data.string()});
    std::printf("prefstudio-cli import: exit %d, %.3f s wall including start-up, peak RSS %.0f MB "
                "(goal < 300 MB)\n",
                WEXITSTATUS(cli.status), cli.wall, cli.maxRssKb / 1024.0);

    // stats on a project with 4 candidates per sample.
    const fs::path candidates = work / "data" / "candidates.jsonl";
    writeCandidates(candidates, statsSamples);
    auto big = core::Project::create(work / "project-1m");
    auto start = std::chrono::steady_clock::now();
    core::importFile(*big, candidates, {});
    std::printf("import of %d samples x 4 candidates: %.3f s\n", statsSamples, seconds(start));
    big->db().execute(
        "INSERT INTO pairs(sample_id, chosen_id, rejected_id, origin, margin) "
        "SELECT sample_id, min(id), max(id), 'max-min', 0.5 FROM candidates GROUP BY sample_id");
    double bestStats = 1e9;
    core::ProjectStats stats;
    for (int round = 0; round < 5; ++round) {
        start = std::chrono::steady_clock::now();
        stats = core::computeStats(*big);
        bestStats = std::min(bestStats, seconds(start));
    }
    const Child python2 =
        run({"python3", "-c",
             "import sqlite3,time,sys; db=sqlite3.connect(sys.argv[1]); t=time.perf_counter(); "
             "[db.execute(q).fetchall() for q in ('SELECT count(*) FROM samples','SELECT count(*) "
             "FROM candidates',"
             "'SELECT status,count(*) FROM pairs GROUP BY status')]; print(time.perf_counter()-t)",
             (work / "project-1m" / "project.sqlite").string()});
    std::printf("stats on %lld candidates / %lld pairs: %.1f ms (best of 5; goal < 200 ms); "
                "python counting only samples, candidates and pairs by status: %.1f ms\n",
                (long long)stats.candidates, (long long)stats.pairs, bestStats * 1000,
                std::atof(python2.out.c_str()) * 1000);
    // The review list's first page on the same project, as the studio asks for it.
    for (const char* column : {"id", "status", "margin", "best"}) {
        core::PairFilter filter;
        filter.sortColumn = column;
        start = std::chrono::steady_clock::now();
        const auto rows = core::pagePairs(*big, filter, 0, 200);
        std::printf("review page of %zu pairs sorted by %s: %.1f ms\n", rows.size(), column,
                    seconds(start) * 1000);
    }
    if (!keep)
        fs::remove_all(work);
    return 0;
}
