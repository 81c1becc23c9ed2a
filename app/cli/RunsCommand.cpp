#include <cstdio>

#include "cli/CliContext.h"
#include "store/Project.h"
#include "store/RunList.h"

namespace prefstudio::cli {

void addRunsCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "runs", "List the project's runs (generation, scoring, training) with their status, last "
                "metrics and outputs, newest first");
    auto dir = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    command->add_option("DIR", *dir, "Project folder")->required();
    command->add_flag("--json", *json, "Print JSON instead of text");
    command->callback([dir, json] {
        auto project = core::Project::open(*dir);
        const auto runs = core::listRuns(*project);
        if (*json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& r : runs)
                out.push_back(r.toJson());
            std::printf("%s\n", out.dump(2).c_str());
            return;
        }
        if (runs.empty()) {
            std::printf("no runs yet\n");
            return;
        }
        for (const auto& r : runs) {
            std::printf("%lld  %-8s %-16s %-9s %s\n", static_cast<long long>(r.id), r.kind.c_str(),
                        r.name.c_str(), r.status.c_str(), r.createdAt.c_str());
            if (!r.lastMetrics.empty()) {
                std::printf("    step %lld:", static_cast<long long>(r.lastStep));
                for (const char* name : {"loss", "rewards/accuracies", "rewards/margins",
                                         "logps/chosen", "learning_rate"})
                    if (auto it = r.lastMetrics.find(name); it != r.lastMetrics.end())
                        std::printf(" %s %.4g", name, it->second);
                std::printf("\n");
            }
            if (r.pairsMeasured > 0)
                std::printf("    %lld of %lld pairs still ranked wrong after training\n",
                            static_cast<long long>(r.pairsWrong),
                            static_cast<long long>(r.pairsMeasured));
            if (r.kind == "eval" && r.config.contains("model")) {
                const auto& model = r.config["model"];
                std::printf("    %s on %s%s%s\n", r.config.value("benchmark", "?").c_str(),
                            model.value("name", "?").c_str(),
                            model.contains("run_id")
                                ? (" (training run " + model["run_id"].dump() + ")").c_str()
                                : "",
                            r.config.value("partial", false) ? ", partial" : "");
            }
            if (r.config.contains("base_model"))
                std::printf("    base model %s\n",
                            r.config["base_model"].get<std::string>().c_str());
            for (const auto& output : r.outputs)
                std::printf("    output %s\n", output.c_str());
        }
    });
}

} // namespace prefstudio::cli
