#include "data/Normalization.h"

#include <numeric>
#include <sstream>
#include <stdexcept>

namespace augstudio {

namespace {

std::string listText(const std::vector<double> &values)
{
    std::ostringstream out;
    out << "[";
    for (size_t i = 0; i < values.size(); ++i)
        out << (i ? ", " : "") << values[i];
    out << "]";
    return out.str();
}

std::vector<double> perChannel(const std::vector<double> &values, const std::vector<double> &defaults,
                               const char *key, int channels, std::vector<ConfigNote> *notes)
{
    const std::string name = std::string("data.normalization.") + key;
    if (values.size() == 1)
        return std::vector<double>(size_t(channels), values[0]);
    if (channels == 3)
        return values;
    const double average = std::accumulate(values.begin(), values.end(), 0.0) / 3.0;
    // The defaults (ImageNet's) are averaged unsaid: no one chose them for grey images.
    if (notes && !(values[0] == values[1] && values[1] == values[2]) && values != defaults) {
        std::ostringstream note;
        note << listText(values) << " has three values for a grayscale dataset: using their average " << average;
        notes->push_back(ConfigNote{name, 0, note.str()});
    }
    return {average};
}

} // namespace

ChannelNormalization resolveNormalization(const DataConfig &config, int channels, std::vector<ConfigNote> *notes)
{
    if (channels != 1 && channels != 3)
        throw std::invalid_argument("images must have 1 or 3 channels, got " + std::to_string(channels));
    // The config reader (and, for a policy file's Normalize, the replay) admits one value or three.
    const auto admitted = [](const std::vector<double> &values) { return values.size() == 1 || values.size() == 3; };
    if (!admitted(config.mean) || !admitted(config.std))
        throw std::logic_error("resolveNormalization: a data.normalization the config reader refuses");
    ChannelNormalization result;
    const DataConfig defaults;
    result.mean = perChannel(config.mean, defaults.mean, "mean", channels, notes);
    result.std = perChannel(config.std, defaults.std, "std", channels, notes);
    return result;
}

} // namespace augstudio
