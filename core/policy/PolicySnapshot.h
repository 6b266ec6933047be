#pragma once

// The learned policy as plain numbers: what export, APC, previews and the GUI need,
// free of LibTorch.

#include "ops/OperationCatalog.h"

#include <string>
#include <vector>

namespace augstudio {

struct OperationState {
    double weight = 0;       // softmax(w / T) of the operation within its stage
    double probability = 0;  // clamp(p, 0, 1)
    double magnitude = 0;    // clamp(m, 0, 1); unused by operations without magnitude
};

struct PolicySnapshot {
    int numSubPolicies = 0;
    int numStages = 0;
    std::vector<OperationSpec> operations;
    std::vector<OperationState> states; // [subPolicy][stage][operation], row-major
    int imageHeight = 0;                 // image size the search saw (cutout hole sizes)
    int imageWidth = 0;
    int channels = 3;                    // 1 for a grayscale search

    const OperationState &at(int subPolicy, int stage, int operation) const
    {
        return states[(static_cast<size_t>(subPolicy) * numStages + stage) * operations.size() + operation];
    }
    // The stage's most likely operation with its weight·probability, e.g. "Rotate(-12.3)×0.41".
    std::string describeStage(int subPolicy, int stage) const;
    std::string describeSubPolicy(int subPolicy) const; // stages joined by " → "
};

// Average Parameter Change between two snapshots of the same policy (faa-reference §6):
// mean over sub-policies, stages and operations of |c_end − c_start| with
// c = weight · probability · magnitude (weight · probability without magnitude).
double averageParameterChange(const PolicySnapshot &start, const PolicySnapshot &end);

} // namespace augstudio
