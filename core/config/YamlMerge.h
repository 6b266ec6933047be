#pragma once

// YAML 1.1's merge key ("<<: *defaults"), which yaml-cpp reads as a key like any other and
// PyYAML (so OmegaConf, so AutoAlbument) resolves: the keys of the merged maps join the map
// that names them, its own keys winning, then the first merged map's.

#include <string>

#include <yaml-cpp/yaml.h>

namespace augstudio {

// `document` with every merge key resolved. Nodes without one are returned as they are (their
// lines kept, aliases still shared: an alias bomb is walked once per anchor, never expanded).
// Throws ConfigError naming `sourceName`, the line and the key path of a merge key whose value
// is not a map or a list of maps.
YAML::Node resolveMergeKeys(const YAML::Node &document, const std::string &sourceName);

} // namespace augstudio
