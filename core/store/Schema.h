#pragma once

#include <string_view>
#include <vector>

namespace prefstudio::core::schema {

/// One forward-only step: applying `sql` to a database at version `version - 1`
/// brings it to `version`.
struct Migration
{
    int version;
    std::string_view sql;
};

const std::vector<Migration>& migrations();
int latestVersion();

} // namespace prefstudio::core::schema
