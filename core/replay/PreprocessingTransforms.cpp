// The preprocessing transforms (Resize, LongestMaxSize, SmallestMaxSize, PadIfNeeded,
// RandomCrop, CenterCrop) through core/data's Preprocessor, so that a policy file resizes
// and crops exactly as the search's loader did.

#include "replay/ReplayTransform.h"

#include "data/Preprocessor.h"

#include <algorithm>

namespace augstudio {

namespace {

class Preprocessing : public ReplayTransform
{
public:
    Preprocessing(TransformParams &params, const PreprocessingStep &step)
        : ReplayTransform(params.name(), params.path(), params.probability(1.0), params.alwaysApply(),
                          TransformRole::Preprocessing),
          m_preprocessor(build(params, step))
    {
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        Sample sample;
        sample.image = target.image;
        sample.mask = target.mask;
        try {
            m_preprocessor.apply(sample, context.rng);
        } catch (const std::exception &error) {
            fail(context, error.what());
        }
        target.image = sample.image;
        target.mask = sample.mask;
    }

private:
    static Preprocessor build(const TransformParams &params, const PreprocessingStep &step)
    {
        try {
            return Preprocessor({step});
        } catch (const std::invalid_argument &error) {
            throw ReplayError(params.source(), params.path(), error.what());
        }
    }

    Preprocessor m_preprocessor;
};

} // namespace

bool isPreprocessingName(const std::string &name)
{
    const auto names = Preprocessor::supportedTransforms();
    return std::find(names.begin(), names.end(), name) != names.end();
}

TransformPtr makePreprocessingTransform(TransformParams &params)
{
    // The step carries the parameters only: p and always_apply are the tree's to decide.
    PreprocessingStep step;
    step.name = params.name();
    // 2.x renamed value / mask_value to fill / fill_mask, and pads with a constant by default.
    // The names came during 1.4.x: mask_interpolation in 1.4.19 (Resize, LongestMaxSize,
    // SmallestMaxSize), pad_if_needed and pad_position on the crops in 1.4.21, fill and
    // fill_mask on PadIfNeeded in 1.4.22 (1.4.22 geometric/transforms.py
    // PadIfNeeded.get_transform_init_args_names), whose default border_mode stays reflect-101.
    const bool v2 = params.isV2();
    const bool fillNames = params.since(10422);
    if (v2 && step.name == "PadIfNeeded" && !params.has("border_mode"))
        step.args["border_mode"] = 0;
    for (const std::string &key : params.keys()) {
        if (key == "__class_fullname__" || key == "p" || key == "always_apply")
            continue;
        const nlohmann::json &value = params.raw(key);
        if (value.is_null())
            continue;
        if (fillNames && (key == "fill" || key == "fill_mask")) {
            const std::string loaderKey = key == "fill" ? "value" : "mask_value";
            if (value.is_number())
                step.args[loaderKey] = params.number(key, 0.0);
            else if (key == "fill" && value.is_array())
                step.value = params.numbers(key, {});
            else
                params.failKey(key, "expected a number or a list of numbers, got " + value.dump());
        } else if ((key == "mask_interpolation" && params.since(10419))
                   || ((key == "pad_if_needed" || key == "pad_position") && params.since(10421))) {
            // 2.x additions, supported at their defaults.
            const bool atDefault = key == "mask_interpolation" ? value == 0
                                   : key == "pad_if_needed"    ? value == false
                                                               : value == "center";
            if (!atDefault)
                params.failKey(key, "only the default " + std::string(key == "mask_interpolation" ? "0" : key == "pad_if_needed" ? "false" : "\"center\"")
                                        + " is supported");
        } else if (key == "position") {
            // Albumentations 1.x's PadIfNeeded position; the loader pads centred.
            if (value != "center")
                params.failKey(key, "only \"center\" is supported");
        } else if (value.is_boolean()) {
            step.args[key] = value.get<bool>() ? 1.0 : 0.0;
        } else if (value.is_number()) {
            step.args[key] = params.number(key, 0.0);
        } else if (key == "value" && value.is_array()) {
            step.value = params.numbers(key, {});
        } else {
            params.failKey(key, "expected a number, got " + value.dump());
        }
    }
    auto transform = std::make_unique<Preprocessing>(params, step);
    params.finish();
    return transform;
}

} // namespace augstudio
