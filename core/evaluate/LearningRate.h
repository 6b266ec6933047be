#pragma once

// The learning rate evaluate trains with: a linear warm-up, then a cosine decay to zero
// over the rest of the run. Steadier than a constant rate on short runs, so arms differ by
// their augmentation rather than by where the last step happened to land.

namespace augstudio {

// Learning rate for optimiser step `step` (0-based) of `totalSteps`, of which the first
// `warmupSteps` rise linearly to `peak` (reaching it at step warmupSteps − 1).
double warmupCosineLearningRate(double peak, int step, int totalSteps, int warmupSteps);

} // namespace augstudio
