#include "policy/PolicySnapshot.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace augstudio {

std::string PolicySnapshot::describeStage(int subPolicy, int stage) const
{
    int best = 0;
    double bestScore = -1;
    for (size_t op = 0; op < operations.size(); ++op) {
        const auto &state = at(subPolicy, stage, static_cast<int>(op));
        const double score = state.weight * state.probability;
        if (score > bestScore) {
            bestScore = score;
            best = static_cast<int>(op);
        }
    }
    const OperationSpec &spec = operations[best];
    char text[96];
    if (spec.info().hasMagnitude)
        std::snprintf(text, sizeof text, "%s(%.3g) p=%.2f", spec.displayName().c_str(),
                      spec.valueAt(at(subPolicy, stage, best).magnitude), bestScore);
    else
        std::snprintf(text, sizeof text, "%s p=%.2f", spec.displayName().c_str(), bestScore);
    return text;
}

std::string PolicySnapshot::describeSubPolicy(int subPolicy) const
{
    std::string text;
    for (int stage = 0; stage < numStages; ++stage)
        text += (stage ? " → " : "") + describeStage(subPolicy, stage);
    return text;
}

static double contribution(const OperationSpec &spec, const OperationState &state)
{
    const double c = state.weight * state.probability;
    return spec.info().hasMagnitude ? c * state.magnitude : c;
}

double averageParameterChange(const PolicySnapshot &start, const PolicySnapshot &end)
{
    if (start.states.size() != end.states.size() || start.operations.size() != end.operations.size())
        throw std::invalid_argument("averageParameterChange: snapshots of different policies");
    if (start.states.empty())
        return 0.0;
    double sum = 0;
    const size_t numOps = start.operations.size();
    for (size_t i = 0; i < start.states.size(); ++i) {
        const OperationSpec &spec = start.operations[i % numOps];
        sum += std::abs(contribution(spec, end.states[i]) - contribution(spec, start.states[i]));
    }
    return sum / static_cast<double>(start.states.size());
}

} // namespace augstudio
