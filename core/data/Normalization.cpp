#include "data/Normalization.h"

#include <algorithm>
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

std::vector<double> perChannel(const std::vector<double> &values, const char *key, int channels,
                               std::vector<std::string> *notes)
{
    const std::string name = std::string("data.normalization.") + key;
    if (values.size() == 1)
        return std::vector<double>(size_t(channels), values[0]);
    if (channels == 3)
        return values;
    const double average = std::accumulate(values.begin(), values.end(), 0.0) / 3.0;
    if (notes && !(values[0] == values[1] && values[1] == values[2])) {
        std::ostringstream note;
        note << name << " " << listText(values) << " has three values for a grayscale dataset: using their average "
             << average;
        notes->push_back(note.str());
    }
    return {average};
}

} // namespace

ChannelNormalization resolveNormalization(const DataConfig &config, int channels, std::vector<std::string> *notes)
{
    if (channels != 1 && channels != 3)
        throw std::invalid_argument("images must have 1 or 3 channels, got " + std::to_string(channels));
    const auto admitted = [](const std::vector<double> &values) { return values.size() == 1 || values.size() == 3; };
    if (!admitted(config.mean) || !admitted(config.std)
        || std::any_of(config.std.begin(), config.std.end(), [](double value) { return !(value > 0.0); }))
        throw std::logic_error("resolveNormalization: a data.normalization the config reader refuses");
    ChannelNormalization result;
    result.mean = perChannel(config.mean, "mean", channels, notes);
    result.std = perChannel(config.std, "std", channels, notes);
    return result;
}

} // namespace augstudio
