#pragma once

// What the built-in models accept, without LibTorch (the models are in Discriminator.h).

#include "config/SearchConfig.h"

#include <string>
#include <vector>

namespace augstudio {

// Every built-in model halves the image five times: smaller images leave nothing to pool.
inline constexpr int kMinimumInputSize = 32;

std::vector<std::string> supportedArchitectures(Task task);

} // namespace augstudio
