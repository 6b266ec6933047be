// augstudio-cli shapes: writes a generated segmentation dataset (images/ + masks/) to try a
// segmentation search and evaluation on.

#include "CommandLine.h"
#include "Commands.h"
#include "SharedOptions.h"

#include "data/ShapesDataset.h"

#include <iostream>

namespace augstudio::cli {

int shapesCommand(const std::vector<std::string> &args)
{
    const CommandLine line("shapes", args, {"output", "count", "image-size", "seed"}, {});
    if (!line.has("output"))
        throw UsageError("shapes needs --output");
    const int count = line.intValue("count", 1000);
    if (count < 1)
        throw UsageError("--count must be at least 1");
    const int side = imageSideArgument(line, 64, 16);
    const std::uint64_t seed = line.uint64Value("seed", 42);
    writeShapesDataset(line.value("output"), count, side, seed);
    std::cout << count << " images of " << side << "x" << side << " with masks of " << kShapeClasses
              << " classes (0 background, 1 circle, 2 rectangle, 3 triangle, 4 ellipse) -> " << line.value("output")
              << "\n";
    return 0;
}

} // namespace augstudio::cli
