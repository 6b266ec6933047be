#pragma once

// What AugStudio knows about each policy operation without touching LibTorch: its
// name, value range, whether it moves pixels (spatial) and whether it has a magnitude.
// The differentiable forward lives in ops/Operations.cpp, the Albumentations export in
// policy/AlbumentationsExport.cpp; both look operations up here by kind.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace augstudio {

struct OperationConfig;

enum class OperationKind {
    ShiftRGB,
    RandomBrightness,
    RandomContrast,
    Solarize,
    HorizontalFlip,
    VerticalFlip,
    Rotate,
    ShiftX,
    ShiftY,
    Scale,
    CutoutFixedNumberOfHoles,
    CutoutFixedSize,
};

struct OperationInfo {
    OperationKind kind;
    const char *name;          // config name (last component of the AutoAlbument _target_)
    double low;                // default value range
    double high;
    bool hasMagnitude;
    bool spatial;              // moves pixels: also applied to masks
    bool colourOnly;           // needs three channels: left out of, and refused for, grey searches
    const char *summary;
    std::vector<const char *> argumentNames; // accepted extra arguments
};

// The resolved form of one configured operation: its kind, value range and arguments.
struct OperationSpec {
    OperationKind kind;
    double low = 0.0;
    double high = 1.0;
    // ShiftRGB: which channels move (r, g, b)
    bool shiftChannel[3] = {false, false, false};
    // CutoutFixedNumberOfHoles
    int numHoles = 16;
    // CutoutFixedSize
    int holeSizeDivider = 16;
    int maxHoles = 16;

    const OperationInfo &info() const;
    std::string displayName() const; // e.g. "ShiftRGB(r)"
    double valueAt(double magnitude) const { return low + magnitude * (high - low); }
};

const std::vector<OperationInfo> &operationCatalog();
const OperationInfo *findOperation(const std::string &name);
const OperationInfo &operationInfo(OperationKind kind);

// Config name → canonical name: "autoalbument....policy_operations.ShiftRGB" → "ShiftRGB".
std::string canonicalOperationName(const std::string &target);

// Whether an operation can work on images of `channels` channels (1 or 3): the one rule
// for grey searches. Colour-only operations (ShiftRGB) need three.
bool operationFitsChannels(const OperationInfo &info, int channels);

// The default operations for images of `channels` channels: the 14 for colour (three
// ShiftRGB entries, one per channel), the 11 that are not colour-only for grey.
std::vector<OperationConfig> defaultOperations(int channels = 3);

// Resolves a configured operation; throws std::invalid_argument with a message naming
// the offending argument for unknown names, unknown arguments or bad ranges.
OperationSpec resolveOperation(const OperationConfig &config);
// Every configured operation (empty = the defaults for `channels`). Throws
// std::invalid_argument as resolveOperation does, and for an operation that does not fit
// `channels`: "line 7: policy_model.operations[0] ShiftRGB: the dataset is grayscale ...".
std::vector<OperationSpec> resolveOperations(const std::vector<OperationConfig> &configs, int channels = 3);

} // namespace augstudio
