// Linked into dpo_device_check instead of DataParallel.cpp only where the PyTorch wheel ships
// no Gloo headers: the device check trains in one process, so these are never reached.

#include "ml/model/DataParallel.h"

#include <stdexcept>

namespace prefstudio::core::ml {

namespace {
[[noreturn]] void unavailable()
{
    throw std::runtime_error("data parallel is not built into this device check");
}
} // namespace

struct DataParallel::State
{
};

DataParallel::~DataParallel() = default;
int DataParallel::rank() const
{
    unavailable();
}
int DataParallel::worldSize() const
{
    unavailable();
}
void DataParallel::allReduceMean(const std::vector<torch::Tensor>&)
{
    unavailable();
}
void DataParallel::allReduceSum(torch::Tensor&)
{
    unavailable();
}
void DataParallel::broadcast(const std::vector<torch::Tensor>&, int)
{
    unavailable();
}
bool DataParallel::any(bool)
{
    unavailable();
}

} // namespace prefstudio::core::ml
