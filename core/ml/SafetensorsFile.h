#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace prefstudio::core::ml {

/// Element types of the safetensors format (the header's "dtype" strings).
enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

/// Bytes per element of a dtype.
std::size_t dtypeSize(DType dtype);
/// The safetensors spelling ("F32", "BF16", ...).
const char* dtypeName(DType dtype);

/// One tensor as stored: its type, shape and bytes. The bytes point into the mapped file
/// and stay valid as long as the SafetensorsFile (or Checkpoint) that returned it.
struct TensorView
{
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::span<const std::byte> bytes;

    std::int64_t numel() const;
};

/// A read-only, memory-mapped .safetensors file. Opening validates the whole header before
/// anything is used: header length against the file size and a limit, JSON syntax, known
/// dtypes, shape x dtype size = byte length, offsets inside the data area, no two tensors
/// overlapping, and the data area fully covered. Errors are core::Error naming the file and
/// the tensor.
///
/// The rules are those of the reference reader (huggingface/safetensors, `read_metadata` and
/// `Metadata::validate`): at most 100,000,000 header bytes; dims and offsets non-negative
/// integers; sorted by offsets, each tensor begins exactly where the previous one ended and
/// the last ends at the end of the file (so no gap, overlap or trailing byte); the byte count
/// is computed without overflow. Stricter than the reference: a tensor name given twice is an
/// error (serde keeps the last silently), and dtypes without an element type here (U16, F8_*,
/// ...) are refused by name. The mapping assumes the file is not truncated while open.
class SafetensorsFile
{
public:
    /// The reference implementation's MAX_HEADER_SIZE.
    static constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

    explicit SafetensorsFile(const std::filesystem::path& path);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::filesystem::path& path() const;
    /// Tensor names in file order (by offset).
    const std::vector<std::string>& names() const;
    bool contains(const std::string& name) const;
    /// Throws core::Error naming the file when the tensor is absent.
    const TensorView& tensor(const std::string& name) const;
    /// The optional "__metadata__" string map.
    const std::map<std::string, std::string>& metadata() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// A checkpoint folder or file: a single `model.safetensors` (or any .safetensors file), or
/// shards listed in `model.safetensors.index.json` (every shard opened and validated, every
/// index entry found in its shard). Pickle checkpoints (`*.bin`, `*.pt`, `*.pth`, `*.ckpt`)
/// are refused with a message saying how to convert them.
///
/// A folder resolves to model.safetensors.index.json, else model.safetensors, else the only
/// *.safetensors.index.json or *.safetensors in it. A file with a pickle extension, or whose
/// content starts like a zip (torch.save) or a pickle, is refused. A tensor stored in two
/// shards is an error; tensors present in a shard but absent from the index are kept.
class Checkpoint
{
public:
    explicit Checkpoint(const std::filesystem::path& fileOrFolder);
    ~Checkpoint();
    Checkpoint(Checkpoint&&) noexcept;
    Checkpoint& operator=(Checkpoint&&) noexcept;

    /// All tensor names, sorted.
    std::vector<std::string> names() const;
    bool contains(const std::string& name) const;
    const TensorView& tensor(const std::string& name) const;
    std::uint64_t totalBytes() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// One tensor to write: name, dtype, shape and its bytes (row-major, little-endian).
struct TensorToWrite
{
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::span<const std::byte> bytes;
};

/// Writes a .safetensors file: header sorted by name with 8-byte aligned data, written to
/// `path.partial-<pid>` and renamed into place, so a failure leaves nothing behind.
/// As the reference writer does, the header is padded with spaces to a multiple of 8 and the
/// data packed without gaps (the format forbids them), larger elements first, so each tensor
/// starts at a multiple of its element size. Throws core::Error when a tensor's bytes do not
/// match its shape and dtype, a name repeats, or the file cannot be written.
void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

} // namespace prefstudio::core::ml
