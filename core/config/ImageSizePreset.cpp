#include "config/ImageSizePreset.h"

#include "config/YamlScalars.h"

namespace augstudio {

namespace {

using Args = std::map<std::string, double>;

PreprocessingStep step(const char *name, Args args)
{
    return PreprocessingStep{name, std::move(args), {}, 0};
}

// The step's arguments equal `args` (p and always_apply at their defaults count as equal).
bool is(const PreprocessingStep &candidate, const char *name, const Args &args)
{
    if (candidate.name != name || !candidate.value.empty())
        return false;
    Args given = candidate.args;
    if (given.count("p") && given["p"] == 1.0)
        given.erase("p");
    if (given.count("always_apply") && given["always_apply"] == 0.0)
        given.erase("always_apply");
    return given == args;
}

std::string number(const PreprocessingStep &s, const char *key)
{
    const auto it = s.args.find(key);
    return it == s.args.end() ? "?" : formatNumber(it->second);
}

} // namespace

std::vector<PreprocessingStep> preprocessingFor(const ImageSizePreset &preset)
{
    const double side = preset.side;
    switch (preset.mode) {
    case ImageSizeMode::Resize:
        return {step("Resize", {{"height", side}, {"width", side}})};
    case ImageSizeMode::LongestSidePad:
        return {step("LongestMaxSize", {{"max_size", side}}),
                step("PadIfNeeded", {{"min_height", side}, {"min_width", side}})};
    case ImageSizeMode::RandomCrop:
        return {step("PadIfNeeded", {{"min_height", side}, {"min_width", side}}),
                step("RandomCrop", {{"height", side}, {"width", side}})};
    case ImageSizeMode::AsTheyAre:
    case ImageSizeMode::Custom:
        break;
    }
    return {};
}

ImageSizePreset presetOf(const std::vector<PreprocessingStep> &steps)
{
    if (steps.empty())
        return {ImageSizeMode::AsTheyAre, 0};
    for (const ImageSizeMode mode : {ImageSizeMode::Resize, ImageSizeMode::LongestSidePad, ImageSizeMode::RandomCrop}) {
        // The side is the first number of the first step; the preset must rebuild the list.
        const PreprocessingStep &first = steps.front();
        const char *key = first.name == "LongestMaxSize" ? "max_size" : first.name == "PadIfNeeded" ? "min_height"
                                                                                                     : "height";
        const auto side = first.args.find(key);
        if (side == first.args.end() || side->second < 1 || side->second > 1e5)
            continue;
        const ImageSizePreset preset{mode, static_cast<int>(side->second)};
        const std::vector<PreprocessingStep> expected = preprocessingFor(preset);
        bool same = expected.size() == steps.size();
        for (size_t i = 0; same && i < steps.size(); ++i)
            same = is(steps[i], expected[i].name.c_str(), expected[i].args);
        if (same)
            return preset;
    }
    return {ImageSizeMode::Custom, 0};
}

std::string describePreprocessing(const std::vector<PreprocessingStep> &steps)
{
    if (steps.empty())
        return "none";
    std::string text;
    for (const PreprocessingStep &s : steps) {
        std::string one = s.name;
        if (s.args.count("height") && s.args.count("width"))
            one += " " + number(s, "height") + " × " + number(s, "width");
        else if (s.args.count("min_height") && s.args.count("min_width"))
            one += " " + number(s, "min_height") + " × " + number(s, "min_width");
        else if (s.args.count("max_size"))
            one += " " + number(s, "max_size");
        text += (text.empty() ? "" : " → ") + one;
    }
    return text;
}

} // namespace augstudio
