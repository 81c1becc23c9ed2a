#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <utility>
#include <vector>

namespace prefstudio::core {

/// A random stream whose values are the same with every standard library: std::mt19937_64 is
/// specified bit for bit, but the std:: distributions are not, so the demo world draws through
/// these helpers only.
class SeededRandom
{
public:
    explicit SeededRandom(std::uint64_t seed) : m_engine(seed) {}

    /// A seed for an independent stream, derived from a base seed and a path of indexes
    /// (SplitMix64 finaliser), so scene 17 is the same whether or not scenes 0-16 were made.
    static std::uint64_t derive(std::uint64_t seed, std::initializer_list<std::uint64_t> path);

    std::uint64_t next() { return m_engine(); }
    /// Uniform integer in [lo, hi], both ends included; lo <= hi.
    int uniformInt(int lo, int hi);
    /// Uniform in [0, 1) with 53 bits.
    double uniformReal();
    /// True with probability p.
    bool chance(double p) { return uniformReal() < p; }
    /// Index drawn with probability proportional to weights (all >= 0, at least one > 0).
    std::size_t weightedIndex(const std::vector<double>& weights);

    template <typename T> void shuffle(std::vector<T>& values)
    {
        // Fisher-Yates with our own uniformInt (std::shuffle's draws differ between libraries).
        for (std::size_t i = values.size(); i > 1; --i) {
            const auto j = static_cast<std::size_t>(uniformInt(0, static_cast<int>(i) - 1));
            std::swap(values[i - 1], values[j]);
        }
    }

private:
    std::mt19937_64 m_engine;
};

} // namespace prefstudio::core
