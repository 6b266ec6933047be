#pragma once

// The arguments of a policy file's transforms that AlbumentationsX renamed in 2.2.0 (its
// release notes: "Old names are no longer accepted (no deprecation period)"): RGBShift's
// r/g/b_shift_limit and RandomBrightnessContrast's brightness_limit, contrast_limit and
// ensure_safe_range. Each release drops, with a warning, the name it does not know and
// runs the transform with its default instead, so AugStudio's 2.x files carry both names
// with one value: Albumentations 2.0 and AlbumentationsX up to 2.1 read the first,
// AlbumentationsX 2.2 and later the second.

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace augstudio {

// AlbumentationsX 2.2.0, as albumentationsRelease gives it.
inline constexpr int kAlbumentationsXRenameRelease = 20200;

// AlbumentationsX's name for argument `name` of the transform `shortClassName`; "" where
// it kept the name.
std::string albumentationsXName(const std::string &shortClassName, const std::string &name);

// A renamed argument's two values that no release reads alike (std::invalid_argument);
// what() names the key, not the file.
class RenamedArgumentError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

// The key that holds argument `name` (its 2.0 name) of the transform object `object` in a
// file of `release` (albumentationsRelease): `name` for the arguments AlbumentationsX kept,
// and for a renamed one the name that release reads. Throws RenamedArgumentError where
// the object holds both names with different values, or only the name its release ignores.
std::string renamedArgumentKey(const nlohmann::json &object, const std::string &shortClassName,
                               const std::string &name, int release);

enum class ArgumentNames {
    Both,            // each renamed argument under both names: every 2.x release reads it
    Albumentations2, // under the 2.0 name alone, as the conversion to 1.x reads it
};

// Writes every renamed argument of the transform tree `root` (a file of `release`) under
// `names`, with the value that release reads; throws RenamedArgumentError, naming the JSON
// path, as renamedArgumentKey does.
void writeArgumentNames(nlohmann::json &root, int release, ArgumentNames names);

} // namespace augstudio
