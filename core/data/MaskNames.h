#pragma once

// How datasets name a segmentation mask after its image where the two do not share a name:
// a suffix on the mask's name (CamVid's 0001TP_006690_L.png, Carvana's and DeepGlobe's
// _mask), a mask folder named after its image folder (train/ + train_labels/, SegNet's
// train/ + trainannot/), and masks lying beside their images (DeepGlobe's 100694_sat.jpg +
// 100694_mask.png, the LGG MRI and BUSI sets' <name>.tif + <name>_mask.tif).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace augstudio {

// A mask's stem without the suffix that tells it from its image's (_L, _mask, _label,
// _labels, _gt, _seg, _segmentation, DRIVE's _manual1, in any case), or nullopt when it has none.
std::optional<std::string> stemWithoutMaskSuffix(const std::string &stem);

// The stem of an image's second or later mask beside it without that suffix (BUSI's
// "benign (4)_mask_1" for "benign (4)"), or nullopt.
std::optional<std::string> stemOfFurtherMask(const std::string &stem);

// An image's stem without the suffix that tells it from its mask beside it (_sat, _image,
// _img, DRIVE's _training and _test, in any case): what its mask's stem starts with.
std::string stemWithoutImageSuffix(const std::string &stem);

// The mask folder named after `images` beside it: its name with _labels, _label, _masks,
// _mask, _annot, _gt, -labels, … or annot, labels, masks added (train_labels/, trainannot/),
// in any case. nullopt when there is none.
std::optional<std::filesystem::path> maskFolderNamedAfter(const std::filesystem::path &images);

// The folders of `root` that have such a mask folder beside them, whose masks are named as
// their images (with or without a mask suffix), sorted by name.
std::vector<std::filesystem::path> foldersWithNamedMaskFolders(const std::filesystem::path &root);

// A folder of masks named for masks (label_images_semantic/, ISIC's
// ISIC2018_Task1_Training_GroundTruth/: a word of its name is mask, label, annotation,
// groundtruth, gt, seg, semantic or manual, or their plurals) and the folder beside it whose
// images its masks are named after, with or without a mask suffix, none of them a JPEG; the
// first by name. Not a folder of pictures of the masks (a word of its name is human, vis,
// visualization, overlay or preview: Supervisely's masks_human/). nullopt where there is none.
// `manualOnly`: a folder of manual annotations only (DRIVE's 1st_manual/, beside the mask/ of
// its field of view).
struct NamedMaskFolders
{
    std::filesystem::path images, masks;
};
std::optional<NamedMaskFolders> foldersOfImagesAndMasks(const std::filesystem::path &root, bool manualOnly = false);
// Such folders named for a split each (train_images/ + train_masks/ beside val_images/ +
// val_masks/), by the split the images' folder name says ("train", "val": splitOfFolderName);
// empty where a pair is named for none, and where fewer than two splits are there.
std::map<std::string, NamedMaskFolders> splitFoldersOfImagesAndMasks(const std::filesystem::path &root);

// Whether masks lie beside their images in `dir`, or in each of its first folders: of a few
// image files there, at least two masks whose image is beside them, and a third of the files
// such masks.
bool holdsMasksBesideImages(const std::filesystem::path &dir);

} // namespace augstudio
