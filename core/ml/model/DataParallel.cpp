#include "ml/model/DataParallel.h"

#include "util/Error.h"

#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <cstdlib>

namespace prefstudio::core::ml {

namespace {

std::optional<long> numberVariable(const char* name)
{
    const char* text = std::getenv(name);
    if (!text || !*text)
        return std::nullopt;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (*end != '\0')
        throw Error(std::string(name) + "=\"" + text + "\" is not a whole number");
    return value;
}

} // namespace

std::optional<RankEnvironment> RankEnvironment::fromEnvironment()
{
    const auto rank = numberVariable("RANK");
    const auto world = numberVariable("WORLD_SIZE");
    if (!rank && !world)
        return std::nullopt;
    if (!rank || !world)
        throw Error(std::string(rank ? "WORLD_SIZE" : "RANK") +
                    " is not set; data-parallel ranks need both RANK and WORLD_SIZE");
    RankEnvironment e;
    e.rank = static_cast<int>(*rank);
    e.worldSize = static_cast<int>(*world);
    if (e.worldSize < 1 || e.rank < 0 || e.rank >= e.worldSize)
        throw Error("RANK=" + std::to_string(*rank) + " is outside 0.." +
                    std::to_string(*world - 1) + " (WORLD_SIZE=" + std::to_string(*world) + ")");
    e.localRank = static_cast<int>(numberVariable("LOCAL_RANK").value_or(e.rank));
    if (const char* addr = std::getenv("MASTER_ADDR"); addr && *addr)
        e.masterAddr = addr;
    if (const auto port = numberVariable("MASTER_PORT")) {
        if (*port < 1 || *port > 65535)
            throw Error("MASTER_PORT=" + std::to_string(*port) + " is not a port (1..65535)");
        e.masterPort = static_cast<int>(*port);
    }
    return e;
}

struct DataParallel::State
{
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    int rank = 0;
    int worldSize = 1;
};

DataParallel::DataParallel(std::unique_ptr<State> state) : m_state(std::move(state))
{
}

DataParallel::~DataParallel() = default;

namespace {

c10::intrusive_ptr<c10d::ProcessGroupGloo> glooGroup(const c10::intrusive_ptr<c10d::Store>& store,
                                                     const std::string& host, int rank, int world,
                                                     std::chrono::milliseconds timeout)
{
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(host));
    return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, world, options);
}

} // namespace

std::unique_ptr<DataParallel> DataParallel::connect(const RankEnvironment& environment,
                                                    std::chrono::seconds timeout)
{
    auto state = std::make_unique<State>();
    state->rank = environment.rank;
    state->worldSize = environment.worldSize;
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(environment.masterPort);
        options.isServer = environment.rank == 0;
        options.numWorkers = static_cast<std::size_t>(environment.worldSize);
        options.timeout = timeout;
        state->store = c10::make_intrusive<c10d::TCPStore>(environment.masterAddr, options);
        state->group = glooGroup(state->store, environment.masterAddr, environment.rank,
                                 environment.worldSize, timeout);
    } catch (const std::exception& e) {
        throw Error("rank " + std::to_string(environment.rank) + " of " +
                    std::to_string(environment.worldSize) + " could not reach the others at " +
                    environment.masterAddr + ":" + std::to_string(environment.masterPort) + ": " +
                    e.what());
    }
    return std::unique_ptr<DataParallel>(new DataParallel(std::move(state)));
}

std::unique_ptr<DataParallel> DataParallel::connectThroughFile(const std::filesystem::path& file,
                                                               int rank, int worldSize)
{
    auto state = std::make_unique<State>();
    state->rank = rank;
    state->worldSize = worldSize;
    state->store = c10::make_intrusive<c10d::FileStore>(file.string(), worldSize);
    state->group = glooGroup(state->store, "127.0.0.1", rank, worldSize, std::chrono::seconds(60));
    return std::unique_ptr<DataParallel>(new DataParallel(std::move(state)));
}

int DataParallel::rank() const
{
    return m_state->rank;
}

int DataParallel::worldSize() const
{
    return m_state->worldSize;
}

void DataParallel::allReduceMean(const std::vector<torch::Tensor>& tensors)
{
    if (tensors.empty())
        return;
    std::vector<torch::Tensor> flat;
    for (const auto& t : tensors)
        flat.push_back(t.detach().reshape({-1}).to(torch::kFloat));
    std::vector<torch::Tensor> buffer{torch::cat(flat)};
    m_state->group->allreduce(buffer)->wait();
    buffer[0].div_(m_state->worldSize);
    std::int64_t offset = 0;
    for (const auto& t : tensors) {
        const auto n = t.numel();
        t.detach().copy_(buffer[0].narrow(0, offset, n).view_as(t));
        offset += n;
    }
}

void DataParallel::allReduceSum(torch::Tensor& tensor)
{
    std::vector<torch::Tensor> buffer{tensor};
    m_state->group->allreduce(buffer)->wait();
}

void DataParallel::broadcast(const std::vector<torch::Tensor>& tensors, int root)
{
    for (const auto& t : tensors) {
        std::vector<torch::Tensor> buffer{t.detach()};
        c10d::BroadcastOptions options;
        options.rootRank = root;
        m_state->group->broadcast(buffer, options)->wait();
    }
}

bool DataParallel::any(bool value)
{
    auto flag = torch::tensor({value ? 1.0f : 0.0f});
    allReduceSum(flag);
    return flag.item<float>() > 0;
}

void DataParallel::set(const std::string& key, const std::string& value)
{
    m_state->store->set(key, std::vector<std::uint8_t>(value.begin(), value.end()));
}

std::string DataParallel::get(const std::string& key)
{
    const auto bytes = m_state->store->get(key);
    return {bytes.begin(), bytes.end()};
}

} // namespace prefstudio::core::ml
