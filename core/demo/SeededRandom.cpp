#include "demo/SeededRandom.h"

#include "util/Error.h"

namespace prefstudio::core {

namespace {

std::uint64_t splitMix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

std::uint64_t SeededRandom::derive(std::uint64_t seed, std::initializer_list<std::uint64_t> path)
{
    std::uint64_t state = splitMix(seed);
    for (std::uint64_t index : path)
        state = splitMix(state ^ splitMix(index + 0x632be59bd9b4e019ULL));
    return state;
}

int SeededRandom::uniformInt(int lo, int hi)
{
    if (lo > hi)
        throw Error("internal: SeededRandom::uniformInt called with lo " + std::to_string(lo) +
                    " > hi " + std::to_string(hi));
    const std::uint64_t range = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo) + 1;
    // Rejection sampling removes the modulo bias: draws at or above the largest multiple of
    // `range` are thrown away.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    std::uint64_t draw = m_engine();
    while (draw >= limit)
        draw = m_engine();
    return static_cast<int>(lo + static_cast<std::int64_t>(draw % range));
}

double SeededRandom::uniformReal()
{
    return static_cast<double>(m_engine() >> 11) * 0x1.0p-53;
}

std::size_t SeededRandom::weightedIndex(const std::vector<double>& weights)
{
    double total = 0.0;
    for (double w : weights) {
        if (w < 0.0)
            throw Error("internal: SeededRandom::weightedIndex got a negative weight");
        total += w;
    }
    if (weights.empty() || total <= 0.0)
        throw Error("internal: SeededRandom::weightedIndex needs at least one positive weight");
    double pick = uniformReal() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (pick < weights[i])
            return i;
        pick -= weights[i];
    }
    // Rounding can leave `pick` just past the last bucket; the last positive weight takes it.
    for (std::size_t i = weights.size(); i-- > 0;)
        if (weights[i] > 0.0)
            return i;
    return 0;
}

} // namespace prefstudio::core
