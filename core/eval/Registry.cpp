#include "eval/Benchmark.h"

#include "eval/Amber.h"
#include "eval/Chair.h"
#include "eval/CustomBench.h"
#include "eval/MmHal.h"
#include "eval/Mme.h"
#include "eval/Pope.h"
#include "eval/ShapesBench.h"
#include "util/Error.h"

#include <functional>

namespace prefstudio::core::eval {

namespace {

using Factory = std::function<std::unique_ptr<Benchmark>(const BenchmarkSpec&)>;

const std::vector<std::pair<std::string, Factory>>& factories()
{
    static const std::vector<std::pair<std::string, Factory>> all = {
        {"pope", makePope},
        {"chair", makeChair},
        {"amber", makeAmber},
        {"mme", makeMme},
        {"mmhal", makeMmHal},
        {"custom", makeCustom},
        {"shapes-pope", makeShapesPope},
        {"shapes-chair", makeShapesChair},
    };
    return all;
}

} // namespace

std::vector<std::string> benchmarkNames()
{
    std::vector<std::string> names;
    for (const auto& [name, factory] : factories())
        names.push_back(name);
    return names;
}

std::unique_ptr<Benchmark> openBenchmark(const BenchmarkSpec& spec)
{
    for (const auto& [name, factory] : factories())
        if (name == spec.name)
            return factory(spec);
    std::string known;
    for (const auto& name : benchmarkNames())
        known += (known.empty() ? "" : ", ") + name;
    throw Error("unknown benchmark '" + spec.name + "': expected one of " + known);
}

std::vector<std::size_t> missingImages(const std::vector<EvalItem>& items)
{
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::error_code error;
        if (!items[i].image.empty() && !std::filesystem::is_regular_file(items[i].image, error))
            missing.push_back(i);
    }
    return missing;
}

} // namespace prefstudio::core::eval
