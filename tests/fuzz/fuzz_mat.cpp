// MATLAB MAT-files (SVHN's arrays, Flowers-102's labels and splits, as torchvision downloads
// them): the input read by the MAT-file reader and every value of the arrays it gives looked at,
// then, as SVHN's train_32x32.mat and as Flowers-102's imagelabels.mat and setid.mat, opened
// through openDataset as a search would and a few items loaded.

#include "FuzzSupport.h"

#include "data/Dataset.h"
#include "io/MatReader.h"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <sstream>

using namespace augstudio;

namespace {

// Enough for SVHN's arrays of the inputs the corpus holds, small enough that the fuzzer
// meets the cap.
constexpr std::uint64_t kMaxArrayBytes = std::uint64_t(1) << 24;

volatile double valuesRead = 0; // kept, so that the reads are not optimised away

void lookInto(const std::string &bytes)
{
    std::istringstream in(bytes);
    try {
        // Every value read, as the openers read them (the sanitizers watch each read).
        for (const auto &[name, array] : readMatArrays(in, {"X", "y", "labels", "trnid"}, kMaxArrayBytes))
            for (std::uint64_t i = 0; i < array.count(); ++i)
                valuesRead = valuesRead + array.value(i);
    } catch (const MatError &) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    lookInto(std::string(reinterpret_cast<const char *>(data), size));

    fuzz::writeFile("train_32x32.mat", data, size);
    fuzz::openAndLoad(fuzz::tempDir(), "svhn");

    // Flowers-102: the first two images there, the input as both files.
    const std::string flowers = fuzz::tempDir() + "/flowers";
    static const bool images = [&] {
        std::filesystem::create_directories(flowers + "/jpg");
        const cv::Mat image(4, 6, CV_8UC3, cv::Scalar(10, 200, 30));
        return cv::imwrite(flowers + "/jpg/image_00001.jpg", image)
               && cv::imwrite(flowers + "/jpg/image_00002.jpg", image);
    }();
    (void)images;
    fuzz::writeFile("flowers/imagelabels.mat", data, size);
    fuzz::writeFile("flowers/setid.mat", data, size);
    fuzz::openAndLoad(flowers, "flowers102");
    return 0;
}
