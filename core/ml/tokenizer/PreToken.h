#pragma once

#include <string>

namespace prefstudio::core::ml {

/// A piece of normalized text on its way to the model.
struct PreToken
{
    std::string text;
    /// Whether the piece begins at offset 0 of the original input (Metaspace's "first" scheme
    /// prepends only there).
    bool atInputStart = false;
};

} // namespace prefstudio::core::ml
