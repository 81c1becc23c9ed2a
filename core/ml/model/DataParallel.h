#pragma once

// Data-parallel training over PyTorch's c10d with the Gloo backend (CPU): every rank holds the
// whole model, trains on its share of each global batch, and the gradients are averaged across
// ranks before each optimizer step, so that all ranks take the same step. Ranks find each
// other through a key-value store (TCP, rank 0 serves it; or a shared file for tests), as
// torchrun's environment variables describe.

#include <torch/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core::ml {

/// RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT as torchrun sets them.
struct RankEnvironment
{
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;

    /// None when RANK and WORLD_SIZE are both unset; core::Error naming the variable when one
    /// is missing or malformed (not a number, rank outside [0, world size), port outside 1..65535).
    static std::optional<RankEnvironment> fromEnvironment();
};

class DataParallel
{
public:
    /// Connects to the other ranks: rank 0 serves the TCP store at MASTER_ADDR:MASTER_PORT and
    /// everyone joins a Gloo group on that address. core::Error when the ranks do not meet within
    /// `timeout`.
    static std::unique_ptr<DataParallel> connect(const RankEnvironment& environment,
                                                 std::chrono::seconds timeout);
    /// Ranks of one machine meeting through a file (tests: threads of one process).
    static std::unique_ptr<DataParallel> connectThroughFile(const std::filesystem::path& file,
                                                            int rank, int worldSize);
    ~DataParallel();

    int rank() const;
    int worldSize() const;

    /// Averages the tensors element-wise across ranks, in place (one flattened message).
    void allReduceMean(const std::vector<torch::Tensor>& tensors);
    /// Sums a tensor across ranks, in place.
    void allReduceSum(torch::Tensor& tensor);
    /// Copies rank `root`'s values into every rank's tensors.
    void broadcast(const std::vector<torch::Tensor>& tensors, int root = 0);
    /// True on every rank when it is true on any rank (a stop all ranks agree on).
    bool any(bool value);

    /// Shares a small value through the store: set on one rank, get (waiting) on the others.
    void set(const std::string& key, const std::string& value);
    std::string get(const std::string& key);

private:
    struct State;
    explicit DataParallel(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace prefstudio::core::ml
