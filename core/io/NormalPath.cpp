#include "io/NormalPath.h"

#include <algorithm>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

fs::path normalPath(const fs::path &path)
{
    // lexically_normal() alone turns "link/../x" into "x", while the system goes through the
    // link first and then up from its target: the dataset "cfglink/../data" did not exist, and
    // an output folder reached that way was not seen to lie inside the dataset.
    const fs::path dotDot("..");
    if (std::find(path.begin(), path.end(), dotDot) == path.end())
        return path.lexically_normal();
    fs::path result;
    for (const fs::path &part : path) {
        if (part.empty() || part == ".")
            continue;
        if (part != dotDot) {
            result /= part;
            continue;
        }
        if (result.empty() || result.filename() == dotDot) {
            result /= part; // a relative path's leading "..": nothing to collapse
            continue;
        }
        if (result == result.root_path())
            continue; // "/.." is "/"
        std::error_code error;
        if (fs::is_symlink(fs::symlink_status(result, error))) {
            // Up from where the link leads. A dangling link is left to fail where it is opened.
            const fs::path target = fs::canonical(result, error);
            if (!error) {
                result = target.parent_path();
                continue;
            }
        }
        // Not a link (or missing): "dir/.." is the folder that holds dir, as written.
        result = result.parent_path();
    }
    if (result.empty())
        return ".";
    if (!path.has_filename() && result.has_filename())
        result /= ""; // the trailing separator the user wrote, as lexically_normal() keeps it
    return result;
}

} // namespace augstudio
