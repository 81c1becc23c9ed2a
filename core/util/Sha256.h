#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace prefstudio::core {

/// SHA-256 (FIPS 180-4), streaming.
class Sha256
{
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view data) { update(data.data(), data.size()); }
    std::array<std::uint8_t, 32> digest();
    std::string hexDigest();

    static std::string hex(std::string_view data);
    /// Hashes a file's bytes; throws Error when it cannot be read.
    static std::string hexOfFile(const std::filesystem::path& file);

private:
    void block(const std::uint8_t* p);

    std::array<std::uint32_t, 8> m_h;
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0;
};

} // namespace prefstudio::core
