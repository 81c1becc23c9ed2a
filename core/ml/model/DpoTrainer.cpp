#include "ml/model/DpoTrainer.h"

#include "ml/model/DataParallel.h"
#include "ml/model/Parallel.h"
#include "ml/model/SftTrainer.h"
#include "util/Error.h"
#include "util/FileWrite.h"
#include "util/Job.h"

#include <ATen/CPUGeneratorImpl.h>
#ifdef PREFSTUDIO_TORCH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <chrono>
#include <cmath>
#include <numbers>
#include <sys/resource.h>
#include <unistd.h>

namespace prefstudio::core::ml {

namespace fs = std::filesystem;

DpoTrainingOptions DpoTrainingOptions::paperPreset()
{
    DpoTrainingOptions o;
    o.lora.rank = 128;
    o.lora.alpha = 256;
    o.lora.dropout = 0.05;
    o.trainProjector = true;
    o.learningRate = 1e-5;
    o.projectorLearningRate = 2e-5;
    o.loss.beta = 0.1;
    o.schedule = "cosine";
    o.warmupRatio = 0.03;
    o.epochs = 2;
    o.batchSize = 4;
    o.gradientAccumulation = 4;
    return o;
}

DpoTrainingOptions DpoTrainingOptions::demoPreset()
{
    DpoTrainingOptions o;
    o.lora.rank = 8;
    o.lora.alpha = 16;
    o.learningRate = 5e-4;
    o.loss.beta = 0.1;
    o.epochs = 2;
    o.batchSize = 16;
    return o;
}

void DpoTrainingOptions::validate() const
{
    loss.validate();
    lora.validate();
    auto positive = [](double v) { return v > 0 && std::isfinite(v); };
    if (!positive(learningRate))
        throw Error("the learning rate must be positive");
    if (trainProjector && !positive(projectorLearningRate))
        throw Error("the projector learning rate must be positive");
    if (schedule != "cosine" && schedule != "linear" && schedule != "constant")
        throw Error("unknown learning-rate schedule \"" + schedule +
                    "\" (expected cosine, linear or constant)");
    if (!(warmupRatio >= 0 && warmupRatio < 1))
        throw Error("the warm-up ratio must be in [0, 1)");
    if (maxSteps <= 0 && !positive(epochs))
        throw Error("epochs must be positive (or give a number of steps)");
    if (batchSize < 1 || gradientAccumulation < 1)
        throw Error("batch size and gradient accumulation must be at least 1");
    if (weightDecay < 0)
        throw Error("weight decay must not be negative");
    if (checkpointEvery < 0 || keepCheckpoints < 1)
        throw Error("checkpoint every must be >= 0 and keep at least 1");
}

std::int64_t DpoTrainingOptions::totalSteps(std::size_t pairs, int ranks) const
{
    if (maxSteps > 0)
        return maxSteps;
    const double perStep = static_cast<double>(batchSize * gradientAccumulation * ranks);
    return std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil(static_cast<double>(pairs) * epochs / perStep)));
}

std::int64_t DpoTrainingOptions::warmupSteps(std::int64_t total) const
{
    return static_cast<std::int64_t>(std::ceil(warmupRatio * static_cast<double>(total)));
}

double DpoTrainingOptions::rateFactor(std::int64_t step, std::int64_t total) const
{
    const auto warmup = warmupSteps(total);
    if (step < warmup)
        return static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, warmup));
    if (schedule == "constant")
        return 1;
    const double progress = static_cast<double>(step - warmup) /
                            static_cast<double>(std::max<std::int64_t>(1, total - warmup));
    if (schedule == "linear")
        return std::max(0.0, 1 - progress);
    return std::max(0.0, 0.5 * (1 + std::cos(std::numbers::pi * progress)));
}

std::vector<std::pair<std::string, double>> DpoStepMetrics::namedValues() const
{
    return {{"loss", loss},
            {"rewards/chosen", rewardsChosen},
            {"rewards/rejected", rewardsRejected},
            {"rewards/accuracies", rewardsAccuracies},
            {"rewards/margins", rewardsMargins},
            {"logps/chosen", logpsChosen},
            {"logps/rejected", logpsRejected},
            {"grad_norm", gradNorm},
            {"learning_rate", learningRate},
            {"tokens_per_second", tokensPerSecond},
            {"peak_memory_mib", peakMemoryMiB},
            {"epoch", epoch}};
}

double peakResidentMiB()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // KiB on Linux
}

double peakDeviceMemoryMiB(const torch::Device& device)
{
#ifdef PREFSTUDIO_TORCH_CUDA
    if (device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(
            device.has_index() ? device.index() : 0);
        return static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
    }
#endif
    (void)device;
    return peakResidentMiB();
}

struct DpoTrainer::State
{
    State(LlavaForConditionalGeneration m, std::size_t n, std::function<DpoPair(std::size_t)> at,
          DpoTrainingOptions o, ReferenceLogProbs r, DataParallel* dp)
        : model(std::move(m)), count(n), pairAt(std::move(at)), options(std::move(o)),
          reference(std::move(r)), dataParallel(dp)
    {
    }

    LlavaForConditionalGeneration model;
    std::size_t count;
    std::function<DpoPair(std::size_t)> pairAt;
    DpoTrainingOptions options;
    ReferenceLogProbs reference;
    DataParallel* dataParallel = nullptr;
    std::unique_ptr<LoraAdapters> adapters;
    std::vector<std::pair<std::string, torch::Tensor>> projector;
    std::vector<torch::Tensor> projectorStart;
    std::unique_ptr<torch::optim::AdamW> optimizer;
    std::int64_t total = 0;
    std::int64_t step = 0;
    std::int64_t drawn = 0; ///< pairs drawn from the shuffle so far
    std::unique_ptr<ShuffledIndices> order;

    int rank() const;
    int ranks() const;
    std::vector<torch::Tensor> trainable() const
    {
        auto all = adapters->parameters();
        for (const auto& [name, t] : projector)
            all.push_back(t);
        return all;
    }
    void resetOrder(std::int64_t position)
    {
        order = std::make_unique<ShuffledIndices>(count, options.seed);
        for (std::int64_t i = 0; i < position; ++i)
            order->next();
        drawn = position;
    }
};

int DpoTrainer::State::rank() const
{
    return dataParallel ? dataParallel->rank() : 0;
}

int DpoTrainer::State::ranks() const
{
    return dataParallel ? dataParallel->worldSize() : 1;
}

DpoTrainer::DpoTrainer(LlavaForConditionalGeneration& model, std::size_t count,
                       std::function<DpoPair(std::size_t)> pairAt,
                       const DpoTrainingOptions& options, ReferenceLogProbs reference,
                       DataParallel* dataParallel)
    : m_state(std::make_unique<State>(model, count, std::move(pairAt), options,
                                      std::move(reference), dataParallel))
{
    options.validate();
    if (count == 0)
        throw Error("DPO: no pairs to train on");
    auto& s = *m_state;
    for (auto& p : model->parameters())
        p.set_requires_grad(false);
    s.adapters = std::make_unique<LoraAdapters>(model, options.lora, options.seed);
    if (options.trainProjector) {
        for (const auto& item : model->multi_modal_projector->named_parameters(true)) {
            item.value().set_requires_grad(true);
            s.projector.emplace_back("multi_modal_projector." + item.key(), item.value());
            s.projectorStart.push_back(item.value().detach().clone());
        }
    }
    using torch::optim::AdamWOptions;
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(s.adapters->parameters(),
                        std::make_unique<AdamWOptions>(
                            AdamWOptions(options.learningRate).weight_decay(options.weightDecay)));
    if (!s.projector.empty()) {
        std::vector<torch::Tensor> params;
        for (const auto& [name, t] : s.projector)
            params.push_back(t);
        groups.emplace_back(
            params,
            std::make_unique<AdamWOptions>(
                AdamWOptions(options.projectorLearningRate).weight_decay(options.weightDecay)));
    }
    s.optimizer = std::make_unique<torch::optim::AdamW>(std::move(groups));
    s.total = options.totalSteps(count, s.ranks());
    s.resetOrder(0);
    if (dataParallel)
        dataParallel->broadcast(s.trainable()); // every rank starts from rank 0's weights
    // Dropout draws from the global generator: seeded, a run is reproducible, and a resumed
    // one restores the state its checkpoint saved.
    torch::manual_seed(options.seed);
}

DpoTrainer::~DpoTrainer() = default;

LoraAdapters& DpoTrainer::adapters()
{
    return *m_state->adapters;
}

const DpoTrainingOptions& DpoTrainer::options() const
{
    return m_state->options;
}

std::int64_t DpoTrainer::totalSteps() const
{
    return m_state->total;
}

std::int64_t DpoTrainer::step() const
{
    return m_state->step;
}

std::vector<std::pair<std::string, torch::Tensor>> DpoTrainer::projectorTensors() const
{
    return m_state->projector;
}

std::pair<torch::Tensor, torch::Tensor>
DpoTrainer::baseLogProbs(const std::vector<const DpoPair*>& batch)
{
    auto& s = *m_state;
    torch::NoGradGuard noGrad;
    // The base model: adapters off and the projector's starting weights (swapped in and back).
    std::vector<torch::Tensor> trained;
    for (std::size_t i = 0; i < s.projector.size(); ++i) {
        trained.push_back(s.projector[i].second.detach().clone());
        s.projector[i].second.detach().copy_(s.projectorStart[i]);
    }
    s.adapters->setEnabled(false);
    const bool training = s.model->is_training();
    s.model->eval();
    std::pair<torch::Tensor, torch::Tensor> out;
    try {
        auto logps = pairLogProbs(s.model, batch);
        out = {logps.chosen, logps.rejected};
    } catch (...) {
        s.adapters->setEnabled(true);
        for (std::size_t i = 0; i < s.projector.size(); ++i)
            s.projector[i].second.detach().copy_(trained[i]);
        throw;
    }
    s.adapters->setEnabled(true);
    for (std::size_t i = 0; i < s.projector.size(); ++i)
        s.projector[i].second.detach().copy_(trained[i]);
    s.model->train(training);
    return out;
}

DpoStepMetrics DpoTrainer::trainStep()
{
    auto& s = *m_state;
    const auto started = std::chrono::steady_clock::now();
    const auto& o = s.options;
    DpoStepMetrics m;
    m.step = s.step + 1;
    double tokens = 0;
    double pairs = 0;
    double correct = 0;
    for (std::int64_t micro = 0; micro < o.gradientAccumulation; ++micro) {
        // One global batch, drawn alike on every rank; this rank computes its slice.
        std::vector<std::size_t> mine;
        for (int r = 0; r < s.ranks(); ++r)
            for (std::int64_t i = 0; i < o.batchSize; ++i) {
                const auto index = s.order->next();
                ++s.drawn;
                if (r == s.rank())
                    mine.push_back(index);
            }
        // The slice's pairs made on the intra-op threads (each decodes its image); the first
        // failure in batch order is the one thrown.
        std::vector<DpoPair> owned(mine.size());
        parallelIndices(static_cast<std::int64_t>(mine.size()), [&](std::int64_t i) {
            owned[static_cast<std::size_t>(i)] = s.pairAt(mine[static_cast<std::size_t>(i)]);
        });
        std::vector<const DpoPair*> batch;
        for (const auto& p : owned)
            batch.push_back(&p);
        const auto referenceStarted = std::chrono::steady_clock::now();
        auto [refChosen, refRejected] = s.reference ? s.reference(batch) : baseLogProbs(batch);
        m.referenceSeconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - referenceStarted)
                .count();
        s.model->train();
        const auto logps = pairLogProbs(s.model, batch, o.gradientCheckpointing);
        const auto result = dpoLoss(o.loss, logps, refChosen, refRejected);
        (result.loss / static_cast<double>(o.gradientAccumulation)).backward();

        const auto n = static_cast<double>(batch.size());
        m.loss += result.loss.item<double>() * n;
        m.rewardsChosen += result.chosenRewards.sum().item<double>();
        m.rewardsRejected += result.rejectedRewards.sum().item<double>();
        correct += result.chosenRewards.gt(result.rejectedRewards).sum().item<double>();
        m.logpsChosen += logps.chosen.detach().sum().item<double>();
        m.logpsRejected += logps.rejected.detach().sum().item<double>();
        tokens += static_cast<double>(logps.tokens);
        pairs += n;
    }
    if (s.dataParallel) {
        // Gradients and metrics of the whole global batch (equal slices: the mean of the means).
        auto params = s.trainable();
        for (auto& p : params)
            if (!p.grad().defined())
                p.mutable_grad() = torch::zeros_like(p);
        std::vector<torch::Tensor> grads;
        for (const auto& p : params)
            grads.push_back(p.grad());
        s.dataParallel->allReduceMean(grads);
        auto sums = torch::tensor({m.loss, m.rewardsChosen, m.rewardsRejected, correct,
                                   m.logpsChosen, m.logpsRejected, tokens, pairs},
                                  torch::kDouble);
        s.dataParallel->allReduceSum(sums);
        m.loss = sums[0].item<double>();
        m.rewardsChosen = sums[1].item<double>();
        m.rewardsRejected = sums[2].item<double>();
        correct = sums[3].item<double>();
        m.logpsChosen = sums[4].item<double>();
        m.logpsRejected = sums[5].item<double>();
        tokens = sums[6].item<double>();
        pairs = sums[7].item<double>();
    }
    m.loss /= pairs;
    m.rewardsChosen /= pairs;
    m.rewardsRejected /= pairs;
    m.rewardsAccuracies = correct / pairs;
    m.rewardsMargins = m.rewardsChosen - m.rewardsRejected;
    m.logpsChosen /= pairs;
    m.logpsRejected /= pairs;
    m.epoch = static_cast<double>(s.drawn) / static_cast<double>(s.count);

    const auto params = s.trainable();
    if (o.maxGradNorm > 0) {
        m.gradNorm = torch::nn::utils::clip_grad_norm_(params, o.maxGradNorm);
    } else {
        double sum = 0;
        for (const auto& p : params)
            if (p.grad().defined())
                sum += p.grad().pow(2).sum().item<double>();
        m.gradNorm = std::sqrt(sum);
    }
    if (!std::isfinite(m.loss) || !std::isfinite(m.gradNorm)) {
        s.optimizer->zero_grad();
        throw Error("DPO: at step " + std::to_string(m.step) + " the " +
                    (std::isfinite(m.loss) ? "gradient norm" : "loss") + " became " +
                    std::to_string(std::isfinite(m.loss) ? m.gradNorm : m.loss) +
                    "; nothing was updated. Lower the learning rate or beta, or resume from the "
                    "last checkpoint");
    }
    const double factor = o.rateFactor(s.step, s.total);
    auto& groups = s.optimizer->param_groups();
    static_cast<torch::optim::AdamWOptions&>(groups[0].options()).lr(o.learningRate * factor);
    if (groups.size() > 1)
        static_cast<torch::optim::AdamWOptions&>(groups[1].options())
            .lr(o.projectorLearningRate * factor);
    m.learningRate = o.learningRate * factor;
    s.optimizer->step();
    s.optimizer->zero_grad();
    ++s.step;
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    m.tokensPerSecond = m.seconds > 0 ? tokens / m.seconds : 0;
    m.peakMemoryMiB = peakDeviceMemoryMiB(params.front().device());
    return m;
}

namespace {

bool outOfMemory(const std::string& what)
{
    return what.find("out of memory") != std::string::npos ||
           what.find("can't allocate memory") != std::string::npos;
}

} // namespace

DpoStepMetrics DpoTrainer::stepOrExplainMemory()
{
    const auto& o = m_state->options;
    auto explain = [&] {
        return Error("out of memory at step " + std::to_string(m_state->step + 1) + " with " +
                     std::to_string(o.batchSize) + " pairs per micro-batch (LoRA r " +
                     std::to_string(o.lora.rank) +
                     "): lower --batch and raise --grad-accum by the same factor (the same "
                     "global batch), " +
                     (o.gradientCheckpointing
                          ? std::string()
                          : std::string("use --gradient-checkpointing true, ")) +
                     "or use --reference cached; the last checkpoint is kept");
    };
    try {
        return trainStep();
    } catch (const std::bad_alloc&) {
        m_state->optimizer->zero_grad();
        throw explain();
    } catch (const c10::Error& e) {
        if (!outOfMemory(e.what()))
            throw;
        m_state->optimizer->zero_grad();
        throw explain();
    }
}

void DpoTrainer::run(const std::function<void(const DpoStepMetrics&)>& onStep,
                     const CancelToken* cancel, const fs::path& checkpoints,
                     const std::string& baseModel)
{
    auto& s = *m_state;
    s.model->train();
    std::int64_t saved = s.step;
    const bool writes = !checkpoints.empty() && s.rank() == 0;
    auto checkpoint = [&] {
        saveCheckpoint(checkpoints / ("checkpoint-" + std::to_string(s.step)), baseModel);
        saved = s.step;
    };
    try {
        while (s.step < s.total) {
            bool stop = cancel && cancel->isCancelled();
            if (s.dataParallel)
                stop = s.dataParallel->any(stop); // all ranks stop at the same step
            if (stop) {
                // Paused or stopped: keep every finished step, so that resuming loses none.
                if (writes && saved != s.step)
                    checkpoint();
                throw Cancelled();
            }
            const auto metrics = stepOrExplainMemory();
            if (onStep)
                onStep(metrics);
            const bool last = s.step == s.total;
            if (writes && (last || (s.options.checkpointEvery > 0 &&
                                    s.step % s.options.checkpointEvery == 0)))
                checkpoint();
        }
    } catch (...) {
        s.model->eval();
        throw;
    }
    s.model->eval();
}

namespace {

std::int64_t checkpointStep(const fs::path& folder)
{
    const auto name = folder.filename().string();
    constexpr std::string_view prefix = "checkpoint-";
    if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size())
        return -1;
    std::int64_t step = 0;
    for (char c : name.substr(prefix.size())) {
        if (c < '0' || c > '9')
            return -1;
        step = step * 10 + (c - '0');
    }
    return step;
}

} // namespace

void DpoTrainer::saveCheckpoint(const fs::path& folder, const std::string& baseModel)
{
    auto& s = *m_state;
    const auto partial = fs::path(folder.string() + ".partial-" + std::to_string(::getpid()));
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    try {
        fs::create_directories(partial);
        torch::serialize::OutputArchive archive;
        const auto lora = s.adapters->parameters();
        for (std::size_t i = 0; i < lora.size(); ++i)
            archive.write("lora." + std::to_string(i), lora[i].detach().cpu());
        for (std::size_t i = 0; i < s.projector.size(); ++i)
            archive.write("projector." + std::to_string(i), s.projector[i].second.detach().cpu());
        torch::serialize::OutputArchive optimizer;
        s.optimizer->save(optimizer);
        archive.write("optimizer", optimizer);
        archive.write("step", torch::tensor(s.step, torch::kLong));
        archive.write("drawn", torch::tensor(s.drawn, torch::kLong));
        {
            auto generator = at::detail::getDefaultCPUGenerator();
            std::lock_guard<std::mutex> lock(generator.mutex());
            archive.write("cpu_rng", generator.get_state());
        }
        // Into memory, then to the file: LibTorch's file writer aborts the process when a write
        // fails (it throws from a destructor), and a full disk must not do that.
        std::string bytes;
        archive.save_to([&](const void* data, std::size_t size) {
            bytes.append(static_cast<const char*>(data), size);
            return size;
        });
        writeFileAtomically(partial / "trainer.pt", bytes);
        s.adapters->savePeft(partial / "adapter", baseModel, s.projector,
                             s.projector.empty()
                                 ? std::vector<std::string>{}
                                 : std::vector<std::string>{"multi_modal_projector"});
        const nlohmann::json state = {
            {"global_step", s.step},
            {"max_steps", s.total},
            {"epoch", static_cast<double>(s.drawn) / static_cast<double>(s.count)},
            {"pairs_drawn", s.drawn},
            {"seed", s.options.seed}};
        writeFileAtomically(partial / "trainer_state.json", state.dump(2) + "\n");
        fs::remove_all(folder, ignored);
        fs::rename(partial, folder);
    } catch (const std::exception& e) {
        fs::remove_all(partial, ignored);
        throw Error("could not write the checkpoint " + folder.string() + " (" + e.what() +
                    "); the previous checkpoints are unchanged");
    }
    // Keep the newest keepCheckpoints.
    std::vector<std::pair<std::int64_t, fs::path>> existing;
    for (const auto& entry : fs::directory_iterator(folder.parent_path(), ignored))
        if (auto step = checkpointStep(entry.path()); step >= 0 && entry.is_directory())
            existing.emplace_back(step, entry.path());
    std::sort(existing.begin(), existing.end());
    const auto keep = static_cast<std::size_t>(s.options.keepCheckpoints);
    for (std::size_t i = 0; i + keep < existing.size(); ++i)
        fs::remove_all(existing[i].second, ignored);
}

void DpoTrainer::loadCheckpoint(const fs::path& folder)
{
    auto& s = *m_state;
    const auto file = folder / "trainer.pt";
    if (!fs::exists(file))
        throw Error(folder.string() + " is not a training checkpoint (no trainer.pt)");
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(file.string());
    } catch (const std::exception& e) {
        throw Error(file.string() + " cannot be read: " + e.what());
    }
    auto read = [&](const std::string& key) {
        torch::Tensor t;
        if (!archive.try_read(key, t))
            throw Error(file.string() + " lacks " + key +
                        "; it was written by a run with other options");
        return t;
    };
    torch::NoGradGuard noGrad;
    const auto lora = s.adapters->parameters();
    std::vector<std::pair<torch::Tensor, torch::Tensor>> plan;
    for (std::size_t i = 0; i < lora.size(); ++i)
        plan.emplace_back(lora[i], read("lora." + std::to_string(i)));
    for (std::size_t i = 0; i < s.projector.size(); ++i)
        plan.emplace_back(s.projector[i].second, read("projector." + std::to_string(i)));
    for (auto& [target, value] : plan)
        if (value.sizes() != target.sizes())
            throw Error(file.string() + " holds tensors of other shapes: it was written with "
                                        "another LoRA rank, target modules or model");
    for (auto& [target, value] : plan)
        target.detach().copy_(value.to(target.device(), target.dtype()));
    torch::serialize::InputArchive optimizer;
    if (!archive.try_read("optimizer", optimizer))
        throw Error(file.string() + " lacks the optimizer state");
    s.optimizer->load(optimizer);
    s.step = read("step").item<std::int64_t>();
    s.resetOrder(read("drawn").item<std::int64_t>());
    auto rng = read("cpu_rng");
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(rng);
}

std::optional<fs::path> DpoTrainer::latestCheckpoint(const fs::path& checkpoints)
{
    std::error_code ignored;
    std::optional<fs::path> best;
    std::int64_t bestStep = -1;
    for (const auto& entry : fs::directory_iterator(checkpoints, ignored)) {
        const auto step = checkpointStep(entry.path());
        if (step > bestStep && fs::exists(entry.path() / "trainer.pt")) {
            bestStep = step;
            best = entry.path();
        }
    }
    return best;
}

} // namespace prefstudio::core::ml
