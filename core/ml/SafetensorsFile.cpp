#include "ml/SafetensorsFile.h"

#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace prefstudio::core::ml {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kHeaderLengthBytes = 8;
constexpr const char* kMetadataKey = "__metadata__";
constexpr const char* kIndexFile = "model.safetensors.index.json";
constexpr const char* kSingleFile = "model.safetensors";

struct DTypeInfo
{
    const char* name;
    DType dtype;
    std::size_t size;
};

constexpr std::array<DTypeInfo, 10> kDTypes{{{"F64", DType::F64, 8},
                                             {"F32", DType::F32, 4},
                                             {"F16", DType::F16, 2},
                                             {"BF16", DType::BF16, 2},
                                             {"I64", DType::I64, 8},
                                             {"I32", DType::I32, 4},
                                             {"I16", DType::I16, 2},
                                             {"I8", DType::I8, 1},
                                             {"U8", DType::U8, 1},
                                             {"BOOL", DType::Bool, 1}}};

// dtypes the reference implementation knows but this program has no element type for.
constexpr std::array<const char*, 12> kKnownUnsupported{
    "U16",     "U32", "U64",     "C64",     "F8_E4M3",     "F8_E5M2",
    "F8_E8M0", "F4",  "F6_E2M3", "F6_E3M2", "F8_E4M3FNUZ", "F8_E5M2FNUZ"};

const DTypeInfo& infoOf(DType dtype)
{
    for (const auto& info : kDTypes)
        if (info.dtype == dtype)
            return info;
    throw Error("internal: unknown DType value " + std::to_string(static_cast<int>(dtype)));
}

std::string supportedList()
{
    std::string out;
    for (const auto& info : kDTypes)
        out += (out.empty() ? "" : ", ") + std::string(info.name);
    return out;
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
}

/// Product of the dims times the element size, or nullopt on 64-bit overflow.
std::optional<std::uint64_t> byteLength(const std::vector<std::int64_t>& shape,
                                        std::size_t elementSize)
{
    std::uint64_t n = elementSize;
    for (auto dim : shape) {
        if (__builtin_mul_overflow(n, static_cast<std::uint64_t>(dim), &n))
            return std::nullopt;
    }
    return n;
}

/// Deepest nesting of arrays and objects in JSON text (strings skipped), so that a hostile
/// "[[[[..." is refused before a parser builds anything from it.
int nestingDepth(std::string_view text)
{
    int depth = 0, deepest = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

/// Parses JSON text (the shard index), refusing duplicate keys (nlohmann would keep the last
/// one silently, and an index naming a tensor twice is lying about one of them) and nesting
/// deeper than `maxDepth`. Throws core::Error prefixed with `where`.
json parseStrictJson(std::string_view text, const std::string& where, int maxDepth)
{
    if (nestingDepth(text) > maxDepth)
        throw Error(where + ": JSON nested deeper than " + std::to_string(maxDepth) +
                    " levels, which this format never needs");
    std::vector<std::unordered_set<std::string>> keysPerObject;
    std::string duplicate;
    auto callback = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) {
            keysPerObject.emplace_back();
        } else if (event == json::parse_event_t::object_end) {
            if (!keysPerObject.empty())
                keysPerObject.pop_back();
        } else if (event == json::parse_event_t::key && duplicate.empty() &&
                   !keysPerObject.empty() &&
                   !keysPerObject.back().insert(parsed.get<std::string>()).second) {
            duplicate = parsed.get<std::string>();
        }
        return true;
    };
    json parsed;
    try {
        parsed = json::parse(text.begin(), text.end(), callback);
    } catch (const json::exception& e) {
        throw Error(where + " is not valid JSON: " + e.what());
    }
    if (!duplicate.empty())
        throw Error(where + ": key \"" + duplicate + "\" appears twice");
    return parsed;
}

std::string readTextFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() + ": cannot open for reading: " + std::strerror(errno));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw Error(path.string() + ": read failed");
    return text;
}

// ---------------------------------------------------------------- pickle detection

bool hasPickleExtension(const fs::path& path)
{
    static const std::set<std::string> kExtensions{".bin",  ".pt",  ".pth",
                                                   ".ckpt", ".pkl", ".pickle"};
    return kExtensions.count(path.extension().string()) > 0;
}

/// Zip (torch.save since 1.6) or raw pickle (older torch.save, protocol 2..5) content. A
/// safetensors file can start with the same bytes as a pickle (a header of 0x280 + ... bytes
/// begins 80 02), so byte 8 must also not open the JSON header.
bool looksLikePickle(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 9> head{};
    in.read(reinterpret_cast<char*>(head.data()), head.size());
    const auto got = in.gcount();
    if (got < 2)
        return false;
    if (got == 9 && head[8] == '{')
        return false;
    const bool zip = got >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    const bool pickle = head[0] == 0x80 && head[1] >= 2 && head[1] <= 5;
    return zip || pickle;
}

[[noreturn]] void refusePickle(const fs::path& path)
{
    throw Error(
        path.string() +
        " is a PyTorch pickle checkpoint. PrefStudio reads only safetensors, because loading a "
        "pickle can run arbitrary code. Convert it once with Python, e.g. with transformers: "
        "model = LlavaForConditionalGeneration.from_pretrained(DIR); "
        "model.save_pretrained(OUT, safe_serialization=True) (any AutoModel class works the "
        "same way), or for a bare state dict: safetensors.torch.save_file(torch.load(FILE, "
        "weights_only=True), \"model.safetensors\"), or with the convert.py script of the "
        "safetensors project.");
}

/// No real header nests deeper than 3 (header, tensor, shape); unknown fields may add a few.
constexpr int kMaxHeaderNesting = 16;

std::optional<DType> parseDType(const std::string& text)
{
    for (const auto& info : kDTypes)
        if (text == info.name)
            return info.dtype;
    return std::nullopt;
}

/// Reads a safetensors header from nlohmann's SAX events into tensor entries, without building
/// a JSON document: the header is checked as it streams by, and the first problem stops the
/// parse with a message naming the file and the tensor. Unknown fields of a tensor are skipped,
/// as the reference reader does; a duplicated tensor name or field is refused (serde keeps the
/// last tensor silently but refuses a duplicated field).
class HeaderReader
{
public:
    struct Entry
    {
        std::string name;
        DType dtype = DType::F32;
        std::vector<std::int64_t> shape;
        std::pair<std::uint64_t, std::uint64_t> offsets{0, 0};
        std::vector<std::uint64_t> offsetValues;
        bool hasDtype = false, hasShape = false, hasOffsets = false;
    };

    explicit HeaderReader(std::string where) : m_where(std::move(where)) {}

    std::vector<Entry> entries;
    std::map<std::string, std::string> metadata;
    const std::string& error() const { return m_error; }

    // ---- nlohmann SAX interface
    bool null() { return scalar("null", nullptr); }
    bool boolean(bool) { return scalar("a boolean", nullptr); }
    bool number_integer(json::number_integer_t v)
    {
        const std::string text = std::to_string(v);
        return scalar("the number " + text, [&](Entry& e, Frame f) {
            if (f == Frame::Shape)
                return failTensor(e, "shape dimension " + std::to_string(e.shape.size()) +
                                         " is negative (" + text + ")");
            return failTensor(e, kOffsetsExpected);
        });
    }
    bool number_unsigned(json::number_unsigned_t v)
    {
        return scalar("the number " + std::to_string(v), [&](Entry& e, Frame f) {
            if (f == Frame::Offsets) {
                e.offsetValues.push_back(v);
                return true;
            }
            if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return failTensor(e, "shape dimension " + std::to_string(e.shape.size()) + " (" +
                                         std::to_string(v) + ") is too large");
            e.shape.push_back(static_cast<std::int64_t>(v));
            return true;
        });
    }
    bool number_float(json::number_float_t, const std::string& raw)
    {
        return scalar("the number " + raw, [&](Entry& e, Frame f) {
            if (f == Frame::Shape)
                return notADimension(e, raw);
            return failTensor(e, kOffsetsExpected);
        });
    }
    bool string(std::string& v)
    {
        if (top() == Frame::Metadata) {
            metadata[m_metadataKey] = v;
            return true;
        }
        if (top() == Frame::Tensor && m_field == "dtype") {
            Entry& e = entries.back();
            const auto dtype = parseDType(v);
            if (!dtype) {
                const bool reference =
                    std::find_if(kKnownUnsupported.begin(), kKnownUnsupported.end(),
                                 [&](const char* n) { return v == n; }) != kKnownUnsupported.end();
                return failTensor(e, "dtype \"" + v + "\" is " +
                                         (reference
                                              ? "a safetensors dtype this program does not support"
                                              : "not a known safetensors dtype") +
                                         " (expected one of " + supportedList() + ")");
            }
            e.dtype = *dtype;
            e.hasDtype = true;
            return true;
        }
        return scalar("a string", nullptr);
    }
    bool binary(json::binary_t&) { return scalar("binary data", nullptr); }

    bool start_object(std::size_t)
    {
        if (m_stack.empty()) {
            m_stack.push_back(Frame::Root);
            return true;
        }
        return container(true);
    }
    bool end_object() { return closeFrame(); }
    bool start_array(std::size_t)
    {
        if (m_stack.empty())
            return fail("the header is a JSON array, expected an object mapping tensor names to "
                        "{dtype, shape, data_offsets}");
        return container(false);
    }
    bool end_array() { return closeFrame(); }

    bool key(std::string& k)
    {
        switch (top()) {
        case Frame::Root:
            if (!m_names.insert(k).second)
                return fail("the header: key \"" + k + "\" appears twice");
            m_rootKey = k;
            break;
        case Frame::Metadata:
            m_metadataKey = k;
            break;
        case Frame::Tensor: {
            Entry& e = entries.back();
            const bool repeated = (k == "dtype" && e.hasDtype) || (k == "shape" && e.hasShape) ||
                                  (k == "data_offsets" && e.hasOffsets);
            if (repeated)
                return failTensor(e, "field \"" + k + "\" appears twice");
            m_field = k;
            break;
        }
        default:
            break;
        }
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e)
    {
        if (m_error.empty())
            m_error = m_where + ": the header is not valid JSON: " + e.what();
        return false;
    }

private:
    enum class Frame : std::uint8_t { Root, Metadata, Tensor, Shape, Offsets, Skip };
    static constexpr const char* kOffsetsExpected =
        "\"data_offsets\" must be [begin, end] with non-negative integers";

    std::string m_where;
    std::string m_error;
    std::vector<Frame> m_stack;
    std::unordered_set<std::string> m_names;
    std::string m_rootKey, m_metadataKey, m_field;

    Frame top() const { return m_stack.empty() ? Frame::Skip : m_stack.back(); }

    bool fail(const std::string& what)
    {
        if (m_error.empty())
            m_error = m_where + ": " + what;
        return false;
    }
    bool failTensor(const Entry& e, const std::string& what)
    {
        return fail("tensor \"" + e.name + "\": " + what);
    }
    bool notADimension(const Entry& e, const std::string& what)
    {
        return failTensor(e, "shape dimension " + std::to_string(e.shape.size()) + " is " + what +
                                 ", expected a non-negative integer");
    }

    /// A value that is not a container. `element` handles numbers inside shape/data_offsets.
    template <typename OnElement> bool scalar(const std::string& what, OnElement&& onElement)
    {
        switch (top()) {
        case Frame::Root:
            if (m_stack.empty())
                return fail("the header is " + what +
                            ", expected an object mapping tensor names to {dtype, shape, "
                            "data_offsets}");
            return valueAtRoot(what);
        case Frame::Metadata:
            return fail("\"__metadata__\" value for \"" + m_metadataKey + "\" is " + what +
                        ", expected a string");
        case Frame::Tensor:
            return fieldValue(what);
        case Frame::Shape:
        case Frame::Offsets:
            if constexpr (std::is_same_v<std::decay_t<OnElement>, std::nullptr_t>) {
                if (top() == Frame::Shape)
                    return notADimension(entries.back(), what);
                return failTensor(entries.back(), kOffsetsExpected);
            } else {
                return onElement(entries.back(), top());
            }
        case Frame::Skip:
            if (m_stack.empty())
                return fail("the header is " + what +
                            ", expected an object mapping tensor names to {dtype, shape, "
                            "data_offsets}");
            return true;
        }
        return true;
    }

    bool valueAtRoot(const std::string& what)
    {
        if (m_rootKey == kMetadataKey)
            return fail("\"__metadata__\" must be an object of strings, found " + what);
        entries.push_back({});
        entries.back().name = m_rootKey;
        return failTensor(entries.back(),
                          "expected an object with dtype, shape and data_offsets, found " + what);
    }

    bool fieldValue(const std::string& what)
    {
        Entry& e = entries.back();
        if (m_field == "dtype")
            return failTensor(e, "\"dtype\" is " + what + ", expected a string");
        if (m_field == "shape")
            return failTensor(e, "\"shape\" is " + what + ", expected an array");
        if (m_field == "data_offsets")
            return failTensor(e, kOffsetsExpected);
        return true; // an unknown field: ignored, as the reference does
    }

    /// An object or array opening inside the header.
    bool container(bool object)
    {
        const std::string what = object ? "an object" : "an array";
        switch (top()) {
        case Frame::Root:
            if (m_rootKey == kMetadataKey) {
                if (!object)
                    return fail("\"__metadata__\" must be an object of strings, found an array");
                m_stack.push_back(Frame::Metadata);
                return true;
            }
            if (!object)
                return valueAtRoot(what);
            entries.push_back({});
            entries.back().name = m_rootKey;
            m_field.clear();
            m_stack.push_back(Frame::Tensor);
            return true;
        case Frame::Tensor:
            if (!object && (m_field == "shape" || m_field == "data_offsets")) {
                if (m_field == "shape")
                    entries.back().hasShape = true;
                else
                    entries.back().hasOffsets = true;
                m_stack.push_back(m_field == "shape" ? Frame::Shape : Frame::Offsets);
                return true;
            }
            if (!fieldValue(what))
                return false;
            m_stack.push_back(Frame::Skip);
            return true;
        case Frame::Metadata:
        case Frame::Shape:
        case Frame::Offsets:
            return scalar(what, nullptr);
        case Frame::Skip:
            m_stack.push_back(Frame::Skip);
            return true;
        }
        return true;
    }

    bool closeFrame()
    {
        const Frame closing = top();
        m_stack.pop_back();
        if (closing == Frame::Offsets) {
            Entry& e = entries.back();
            if (e.offsetValues.size() != 2)
                return failTensor(e, kOffsetsExpected);
            e.offsets = {e.offsetValues[0], e.offsetValues[1]};
        } else if (closing == Frame::Tensor) {
            const Entry& e = entries.back();
            if (!e.hasDtype)
                return failTensor(e, "\"dtype\" is missing");
            if (!e.hasShape)
                return failTensor(e, "\"shape\" is missing");
            if (!e.hasOffsets)
                return failTensor(e, "\"data_offsets\" is missing");
        }
        return true;
    }
};

} // namespace

// ================================================================ dtypes, views

std::size_t dtypeSize(DType dtype)
{
    return infoOf(dtype).size;
}

const char* dtypeName(DType dtype)
{
    return infoOf(dtype).name;
}

std::int64_t TensorView::numel() const
{
    std::int64_t n = 1;
    for (auto dim : shape)
        n *= dim;
    return n;
}

// ================================================================ SafetensorsFile

struct SafetensorsFile::State
{
    fs::path path;
    void* map = nullptr;
    std::size_t mapSize = 0;
    std::vector<TensorView> views; // by offset
    std::vector<std::string> names;
    std::unordered_map<std::string, std::size_t> index;
    std::map<std::string, std::string> metadata;

    ~State()
    {
        if (map)
            ::munmap(map, mapSize);
    }

    std::string where() const { return path.string(); }
    [[noreturn]] void fail(const std::string& what) const { throw Error(where() + ": " + what); }
    [[noreturn]] void failTensor(const std::string& name, const std::string& what) const
    {
        throw Error(where() + ": tensor \"" + name + "\": " + what);
    }

    void mapFile();
    void parseHeader(std::uint64_t headerLength);
};

void SafetensorsFile::State::mapFile()
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail(std::string("cannot open: ") + std::strerror(errno));
    struct stat info
    {
    };
    if (::fstat(fd, &info) != 0) {
        const int err = errno;
        ::close(fd);
        fail(std::string("cannot stat: ") + std::strerror(err));
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        fail("not a regular file");
    }
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size < kHeaderLengthBytes) {
        ::close(fd);
        fail("file is " + std::to_string(size) +
             " bytes, too short for the 8-byte header length (truncated, or not a "
             "safetensors file)");
    }
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    const int err = errno;
    ::close(fd); // the mapping keeps the file alive
    if (map == MAP_FAILED)
        fail(std::string("cannot map into memory: ") + std::strerror(err));
    this->map = map;
    mapSize = size;
}

void SafetensorsFile::State::parseHeader(std::uint64_t headerLength)
{
    const auto* bytes = static_cast<const char*>(map);
    const std::string_view text(bytes + kHeaderLengthBytes, headerLength);
    if (nestingDepth(text) > kMaxHeaderNesting)
        fail("the header is JSON nested deeper than " + std::to_string(kMaxHeaderNesting) +
             " levels, which no safetensors header needs");
    HeaderReader reader(where());
    if (!json::sax_parse(text.begin(), text.end(), &reader))
        throw Error(reader.error());
    metadata = std::move(reader.metadata);

    const std::uint64_t dataSize = mapSize - kHeaderLengthBytes - headerLength;
    struct Placed
    {
        TensorView view;
        std::uint64_t begin, end;
    };
    std::vector<Placed> placed;
    placed.reserve(reader.entries.size());
    for (auto& entry : reader.entries) {
        const std::string& name = entry.name;
        const auto [begin, end] = entry.offsets;
        if (begin > end)
            failTensor(name, "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                                 "] end before they begin");
        if (end > dataSize)
            failTensor(name, "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                                 "] lie outside the data area of " + std::to_string(dataSize) +
                                 " bytes (file truncated, or a lying header)");
        const auto needed = byteLength(entry.shape, dtypeSize(entry.dtype));
        if (!needed)
            failTensor(name, "shape " + shapeText(entry.shape) + " of " + dtypeName(entry.dtype) +
                                 " overflows a 64-bit byte count");
        if (*needed != end - begin)
            failTensor(name, "shape " + shapeText(entry.shape) + " of " + dtypeName(entry.dtype) +
                                 " needs " + std::to_string(*needed) + " bytes but data_offsets [" +
                                 std::to_string(begin) + ", " + std::to_string(end) + "] hold " +
                                 std::to_string(end - begin));
        TensorView view;
        view.name = std::move(entry.name);
        view.dtype = entry.dtype;
        view.shape = std::move(entry.shape);
        view.bytes = std::span<const std::byte>(reinterpret_cast<const std::byte*>(bytes) +
                                                    kHeaderLengthBytes + headerLength + begin,
                                                end - begin);
        placed.push_back({std::move(view), begin, end});
    }

    // The format (and the reference reader) requires the tensors to tile the data area
    // exactly: sorted by offsets, each begins where the previous ended, the last ends at the
    // end of the file. That rules out overlaps, gaps and trailing bytes alike.
    std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        return std::tie(a.begin, a.end, a.view.name) < std::tie(b.begin, b.end, b.view.name);
    });
    std::uint64_t expected = 0;
    const std::string* previous = nullptr;
    for (const auto& p : placed) {
        if (p.begin < expected)
            failTensor(p.view.name, "data_offsets [" + std::to_string(p.begin) + ", " +
                                        std::to_string(p.end) + "] overlap tensor \"" + *previous +
                                        "\" (which ends at " + std::to_string(expected) + ")");
        if (p.begin > expected)
            fail("bytes " + std::to_string(expected) + ".." + std::to_string(p.begin) +
                 " of the data area belong to no tensor (a gap before tensor \"" + p.view.name +
                 "\"); safetensors requires the tensors to cover the data area exactly");
        expected = p.end;
        previous = &p.view.name;
    }
    if (expected != dataSize)
        fail("the tensors cover " + std::to_string(expected) + " bytes but the data area has " +
             std::to_string(dataSize) +
             " (trailing bytes after the last tensor); safetensors requires the tensors to "
             "cover the data area exactly");

    views.reserve(placed.size());
    names.reserve(placed.size());
    index.reserve(placed.size());
    for (auto& p : placed) {
        index.emplace(p.view.name, views.size());
        names.push_back(p.view.name);
        views.push_back(std::move(p.view));
    }
}

SafetensorsFile::SafetensorsFile(const fs::path& path) : m_state(std::make_unique<State>())
{
    m_state->path = path;
    m_state->mapFile();
    std::uint64_t headerLength = 0;
    const auto* head = static_cast<const unsigned char*>(m_state->map);
    for (std::size_t i = 0; i < kHeaderLengthBytes; ++i)
        headerLength |= static_cast<std::uint64_t>(head[i]) << (8 * i);
    if (headerLength > kMaxHeaderBytes)
        m_state->fail("header length " + std::to_string(headerLength) + " exceeds the limit of " +
                      std::to_string(kMaxHeaderBytes) +
                      " bytes (corrupt, or not a safetensors file)");
    const std::uint64_t available = m_state->mapSize - kHeaderLengthBytes;
    if (headerLength > available)
        m_state->fail("header length " + std::to_string(headerLength) +
                      " is larger than the rest of the file (" + std::to_string(available) +
                      " bytes): truncated, or not a safetensors file");
    m_state->parseHeader(headerLength);
}

SafetensorsFile::~SafetensorsFile() = default;

const fs::path& SafetensorsFile::path() const
{
    return m_state->path;
}

const std::vector<std::string>& SafetensorsFile::names() const
{
    return m_state->names;
}

bool SafetensorsFile::contains(const std::string& name) const
{
    return m_state->index.count(name) > 0;
}

const TensorView& SafetensorsFile::tensor(const std::string& name) const
{
    const auto it = m_state->index.find(name);
    if (it == m_state->index.end())
        m_state->fail("no tensor named \"" + name + "\"");
    return m_state->views[it->second];
}

const std::map<std::string, std::string>& SafetensorsFile::metadata() const
{
    return m_state->metadata;
}

// ================================================================ Checkpoint

struct Checkpoint::State
{
    std::vector<std::unique_ptr<SafetensorsFile>> files;
    std::unordered_map<std::string, const TensorView*> tensors;
    std::uint64_t totalBytes = 0;

    void add(const SafetensorsFile& file)
    {
        for (const auto& name : file.names()) {
            const auto& view = file.tensor(name);
            const auto [it, inserted] = tensors.emplace(name, &view);
            if (!inserted) {
                const SafetensorsFile* other = nullptr;
                for (const auto& f : files)
                    if (f->contains(name) && &f->tensor(name) == it->second)
                        other = f.get();
                throw Error(file.path().string() + ": tensor \"" + name + "\" is also stored in " +
                            (other ? other->path().string() : std::string("another shard")) +
                            "; a checkpoint must hold each tensor once");
            }
            totalBytes += view.bytes.size();
        }
    }

    void openSingle(const fs::path& file)
    {
        if (hasPickleExtension(file) || looksLikePickle(file))
            refusePickle(file);
        files.push_back(std::make_unique<SafetensorsFile>(file));
        add(*files.back());
    }

    void openIndex(const fs::path& indexPath);
};

void Checkpoint::State::openIndex(const fs::path& indexPath)
{
    const std::string where = indexPath.string();
    const json index = parseStrictJson(readTextFile(indexPath), where, 64);
    if (!index.is_object())
        throw Error(where + ": expected a JSON object with \"weight_map\"");
    const auto mapIt = index.find("weight_map");
    if (mapIt == index.end() || !mapIt->is_object())
        throw Error(where + ": \"weight_map\" is missing or not an object of tensor name -> "
                            "shard file");
    if (mapIt->empty())
        throw Error(where + ": \"weight_map\" lists no tensors");

    // Each shard once, in the order the index first names it.
    std::vector<std::string> shardOrder;
    std::unordered_map<std::string, std::size_t> shardIndex;
    for (const auto& [name, shard] : mapIt->items()) {
        if (!shard.is_string())
            throw Error(where + ": weight_map entry for \"" + name + "\" is " +
                        std::string(shard.type_name()) + ", expected a shard file name");
        const auto& file = shard.get_ref<const std::string&>();
        const fs::path relative(file);
        if (file.empty() || relative.is_absolute() ||
            std::any_of(relative.begin(), relative.end(),
                        [](const fs::path& part) { return part == ".."; }))
            throw Error(where + ": weight_map entry for \"" + name + "\" names shard \"" + file +
                        "\", expected a file name inside the checkpoint folder");
        // "x.safetensors" and "./x.safetensors" are one shard, opened once.
        const std::string key = relative.lexically_normal().string();
        if (shardIndex.emplace(key, shardOrder.size()).second)
            shardOrder.push_back(key);
    }
    const fs::path folder = indexPath.parent_path();
    for (const auto& shard : shardOrder) {
        const fs::path shardPath = folder / shard;
        if (hasPickleExtension(shardPath))
            refusePickle(indexPath);
        std::error_code ec;
        if (!fs::exists(shardPath, ec))
            throw Error(where + ": shard \"" + shard + "\" does not exist (expected " +
                        shardPath.string() + ")");
        if (looksLikePickle(shardPath))
            refusePickle(shardPath);
        files.push_back(std::make_unique<SafetensorsFile>(shardPath));
        add(*files.back());
    }
    for (const auto& [name, shard] : mapIt->items()) {
        const auto& file =
            files[shardIndex.at(fs::path(shard.get<std::string>()).lexically_normal().string())];
        if (!file->contains(name))
            throw Error(where + ": tensor \"" + name + "\" is listed in shard \"" +
                        shard.get<std::string>() + "\" but that shard (" + file->path().string() +
                        ") does not contain it");
    }
}

Checkpoint::Checkpoint(const fs::path& fileOrFolder) : m_state(std::make_unique<State>())
{
    std::error_code ec;
    const auto status = fs::status(fileOrFolder, ec);
    if (!fs::exists(status))
        throw Error(fileOrFolder.string() + ": no such checkpoint file or folder");
    if (!fs::is_directory(status)) {
        const std::string name = fileOrFolder.filename().string();
        if (name.size() > 11 && name.ends_with(".index.json")) {
            if (name.ends_with(".bin.index.json"))
                refusePickle(fileOrFolder);
            m_state->openIndex(fileOrFolder);
        } else {
            m_state->openSingle(fileOrFolder);
        }
        return;
    }

    const fs::path& folder = fileOrFolder;
    if (fs::exists(folder / kIndexFile, ec)) {
        m_state->openIndex(folder / kIndexFile);
        return;
    }
    if (fs::exists(folder / kSingleFile, ec)) {
        m_state->openSingle(folder / kSingleFile);
        return;
    }
    std::vector<fs::path> safetensors, indexes, pickles;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file(ec))
            continue;
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".safetensors.index.json"))
            indexes.push_back(entry.path());
        else if (name.ends_with(".safetensors"))
            safetensors.push_back(entry.path());
        else if (hasPickleExtension(entry.path()) || name.ends_with(".bin.index.json"))
            pickles.push_back(entry.path());
    }
    if (indexes.size() == 1) {
        m_state->openIndex(indexes.front());
        return;
    }
    if (indexes.empty() && safetensors.size() == 1) {
        m_state->openSingle(safetensors.front());
        return;
    }
    if (indexes.size() > 1 || safetensors.size() > 1)
        throw Error(folder.string() + ": several safetensors files and no " + kIndexFile +
                    " saying which belong to the model; point at one file or at the index");
    if (!pickles.empty()) {
        std::sort(pickles.begin(), pickles.end());
        refusePickle(pickles.front());
    }
    throw Error(folder.string() + ": no checkpoint found (expected " + kSingleFile + " or " +
                kIndexFile + ")");
}

Checkpoint::~Checkpoint() = default;
Checkpoint::Checkpoint(Checkpoint&&) noexcept = default;
Checkpoint& Checkpoint::operator=(Checkpoint&&) noexcept = default;

std::vector<std::string> Checkpoint::names() const
{
    std::vector<std::string> out;
    out.reserve(m_state->tensors.size());
    for (const auto& [name, view] : m_state->tensors)
        out.push_back(name);
    std::sort(out.begin(), out.end());
    return out;
}

bool Checkpoint::contains(const std::string& name) const
{
    return m_state->tensors.count(name) > 0;
}

const TensorView& Checkpoint::tensor(const std::string& name) const
{
    const auto it = m_state->tensors.find(name);
    if (it == m_state->tensors.end()) {
        std::string where = m_state->files.empty() ? std::string("checkpoint")
                                                   : m_state->files.front()->path().string();
        if (m_state->files.size() > 1)
            where = m_state->files.front()->path().parent_path().string();
        throw Error(where + ": checkpoint has no tensor named \"" + name + "\"");
    }
    return *it->second;
}

std::uint64_t Checkpoint::totalBytes() const
{
    return m_state->totalBytes;
}

// ================================================================ writer

void writeSafetensors(const fs::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata)
{
    const std::string where = path.string();
    std::vector<const TensorToWrite*> order;
    std::unordered_set<std::string> seen;
    for (const auto& t : tensors) {
        if (t.name == kMetadataKey)
            throw Error(where + ": a tensor cannot be named \"__metadata__\"");
        if (!seen.insert(t.name).second)
            throw Error(where + ": tensor \"" + t.name + "\" given twice");
        for (auto dim : t.shape)
            if (dim < 0)
                throw Error(where + ": tensor \"" + t.name + "\" has a negative dimension in " +
                            shapeText(t.shape));
        const auto needed = byteLength(t.shape, dtypeSize(t.dtype));
        if (!needed || *needed != t.bytes.size())
            throw Error(where + ": tensor \"" + t.name + "\" has " +
                        std::to_string(t.bytes.size()) + " bytes but shape " + shapeText(t.shape) +
                        " of " + dtypeName(t.dtype) + " needs " +
                        (needed ? std::to_string(*needed) : std::string("more than 2^64")));
        order.push_back(&t);
    }
    // As the reference writer does: larger elements first, then by name, so that with the
    // data area 8-byte aligned every tensor starts at a multiple of its element size.
    std::sort(order.begin(), order.end(), [](const TensorToWrite* a, const TensorToWrite* b) {
        const auto sa = dtypeSize(a->dtype), sb = dtypeSize(b->dtype);
        return sa != sb ? sa > sb : a->name < b->name;
    });

    json header = json::object();
    if (!metadata.empty())
        header[kMetadataKey] = metadata;
    std::uint64_t offset = 0;
    for (const auto* t : order) {
        header[t->name] = {{"dtype", dtypeName(t->dtype)},
                           {"shape", t->shape},
                           {"data_offsets", {offset, offset + t->bytes.size()}}};
        offset += t->bytes.size();
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    if (text.size() > SafetensorsFile::kMaxHeaderBytes)
        throw Error(where + ": header of " + std::to_string(text.size()) +
                    " bytes exceeds the format's limit");

    const fs::path partial = path.string() + ".partial-" + std::to_string(::getpid());
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(where + ": cannot create " + partial.string() + ": " + std::strerror(errno));
    auto writeAll = [&](const void* data, std::size_t size) {
        const auto* p = static_cast<const char*>(data);
        while (size > 0) {
            const auto n = ::write(fd, p, std::min<std::size_t>(size, 1u << 30));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            p += n;
            size -= static_cast<std::size_t>(n);
        }
        return true;
    };
    std::array<unsigned char, kHeaderLengthBytes> length{};
    for (std::size_t i = 0; i < length.size(); ++i)
        length[i] = static_cast<unsigned char>(text.size() >> (8 * i));
    bool ok = writeAll(length.data(), length.size()) && writeAll(text.data(), text.size());
    for (std::size_t i = 0; ok && i < order.size(); ++i)
        ok = writeAll(order[i]->bytes.data(), order[i]->bytes.size());
    int err = ok ? 0 : errno;
    if (ok && ::fsync(fd) != 0) {
        ok = false;
        err = errno;
    }
    if (::close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && ::rename(partial.c_str(), path.c_str()) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        ::unlink(partial.c_str());
        throw Error(where + ": writing failed: " + std::strerror(err) +
                    " (nothing was written in its place)");
    }
}

} // namespace prefstudio::core::ml
