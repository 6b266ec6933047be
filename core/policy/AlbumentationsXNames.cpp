#include "policy/AlbumentationsXNames.h"

#include "policy/AlbumentationsFormat.h"

#include <array>

namespace augstudio {

using nlohmann::json;

namespace {

struct RenamedArgument
{
    const char *transform;
    const char *name;  // Albumentations 2.0, AlbumentationsX up to 2.1
    const char *xName; // AlbumentationsX 2.2.0 and later
};

// AlbumentationsX 2.2.0's release notes, "*_limit parameters renamed to *_range", for the
// transforms a policy holds (RandomBrightnessContrast's ensure_safe_range went with them).
constexpr std::array<RenamedArgument, 6> kRenamed{{
    {"RGBShift", "r_shift_limit", "r_shift_range"},
    {"RGBShift", "g_shift_limit", "g_shift_range"},
    {"RGBShift", "b_shift_limit", "b_shift_range"},
    {"RandomBrightnessContrast", "brightness_limit", "brightness_range"},
    {"RandomBrightnessContrast", "contrast_limit", "contrast_range"},
    {"RandomBrightnessContrast", "ensure_safe_range", "ensure_safe_output"},
}};

bool holds(const json &object, const std::string &key)
{
    const auto it = object.find(key);
    return it != object.end() && !it->is_null();
}

// As both releases read a range: a number x is (-x, x); AlbumentationsX 2.2 takes pairs only.
json asRead(const json &value)
{
    return value.is_number() ? json::array({-value.get<double>(), value.get<double>()}) : value;
}

void writeNames(json &object, const std::string &path, int release, ArgumentNames names)
{
    if (!object.is_object())
        return;
    const auto className = object.find("__class_fullname__");
    if (className != object.end() && className->is_string()) {
        const std::string transform = transformShortName(className->get<std::string>());
        for (const RenamedArgument &renamed : kRenamed) {
            if (transform != renamed.transform)
                continue;
            std::string key;
            try {
                key = renamedArgumentKey(object, transform, renamed.name, release);
            } catch (const RenamedArgumentError &error) {
                throw RenamedArgumentError(path + "." + error.what());
            }
            if (!holds(object, key)) { // the default, which both releases share
                if (names == ArgumentNames::Albumentations2)
                    object.erase(renamed.xName);
                continue;
            }
            const json value = asRead(object[key]);
            object[renamed.name] = value;
            if (names == ArgumentNames::Both)
                object[renamed.xName] = value;
            else
                object.erase(renamed.xName);
        }
    }
    const auto children = object.find("transforms");
    if (children != object.end() && children->is_array())
        for (std::size_t i = 0; i < children->size(); ++i)
            writeNames((*children)[i], path + ".transforms[" + std::to_string(i) + "]", release, names);
}

} // namespace

std::string albumentationsXName(const std::string &shortClassName, const std::string &name)
{
    for (const RenamedArgument &renamed : kRenamed)
        if (shortClassName == renamed.transform && name == renamed.name)
            return renamed.xName;
    return {};
}

std::string renamedArgumentKey(const json &object, const std::string &shortClassName, const std::string &name,
                               int release)
{
    const std::string xName = albumentationsXName(shortClassName, name);
    // 1.x files know neither rename; their readers refuse an AlbumentationsX name as unknown.
    if (xName.empty() || release < 20000)
        return name;
    const bool readsX = release >= kAlbumentationsXRenameRelease;
    const bool hasName = holds(object, name), hasXName = holds(object, xName);
    if (hasName && hasXName && asRead(object.at(name)) != asRead(object.at(xName)))
        throw RenamedArgumentError(name + " and " + xName + " differ (" + object.at(name).dump() + " and "
                                   + object.at(xName).dump() + "): Albumentations 2.0 and AlbumentationsX up to "
                                   "2.1 read the first, AlbumentationsX 2.2 and later the second");
    if (hasName && !hasXName && readsX)
        throw RenamedArgumentError(name + ": AlbumentationsX 2.2 and later, as this file's __version__ says, "
                                   "ignore it and apply their default; write " + xName + " instead");
    if (hasXName && !hasName && !readsX)
        throw RenamedArgumentError(xName + ": the name AlbumentationsX 2.2 and later read; the release this file's "
                                   "__version__ says ignores it and applies its default; write " + name + " too");
    return readsX ? xName : name;
}

void writeArgumentNames(json &root, int release, ArgumentNames names)
{
    writeNames(root, "transform", release, names);
}

} // namespace augstudio
