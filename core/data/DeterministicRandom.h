#pragma once

// Seeded randomness that gives the same numbers with every standard library:
// std::shuffle and std::uniform_int_distribution are implementation-defined, so the
// shuffles and crops that must be reproducible go through these helpers instead.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace augstudio {

inline std::uint64_t splitMix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// One seed from several values, order-sensitive.
inline std::uint64_t mixSeed(std::uint64_t a, std::uint64_t b)
{
    return splitMix64(a ^ splitMix64(b + 0x632be59bd9b4e019ULL));
}

inline std::uint64_t mixSeed(std::uint64_t a, std::uint64_t b, std::uint64_t c)
{
    return mixSeed(mixSeed(a, b), c);
}

// A seed from text (FNV-1a), the same on every platform: draws keyed on a name rather than
// a position stay with their item when others come or go.
inline std::uint64_t seedOfText(std::string_view text)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : text)
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return hash;
}

// Uniform in [0, n); the modulo bias is negligible for 64-bit draws and small n.
inline std::uint64_t uniformBelow(std::mt19937_64 &rng, std::uint64_t n)
{
    return n == 0 ? 0 : rng() % n;
}

// Uniform in [0, 1).
inline double uniformUnit(std::mt19937_64 &rng)
{
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

// Fisher-Yates with mt19937_64, whose output the standard fixes.
template <typename T>
void deterministicShuffle(std::vector<T> &items, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    for (std::size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[static_cast<std::size_t>(uniformBelow(rng, i))]);
}

} // namespace augstudio
