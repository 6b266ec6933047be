#pragma once

// Generated datasets and helpers shared by the test suites. Every dataset is built on
// the fly in a folder the caller owns (usually a QTemporaryDir).

#include "config/SearchConfig.h"

#include <opencv2/core.hpp>

#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace augstudio {
class Dataset;
struct DatasetProblem;
} // namespace augstudio

namespace testsupport {

// Whether `part` occurs in `text`: the check of most messages.
inline bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

// root/<class_i>/<img_j>.png, `perClass` images of size×size per class; each class draws
// a distinct shape/colour so that a classifier can tell them apart. Deterministic.
void makeImageFolderDataset(const std::string &root, int classes, int perClass, int size = 32);

// A data.preprocessing step `RandomCrop` of size×size, as if read from line 3 of a config.
augstudio::PreprocessingStep randomCropStep(int size);

// root/images/<name>.png + root/masks/<name>.png: random rectangles and discs, the mask
// holds the class index (0 = background, 1..classes-1 = shape classes). Deterministic.
void makeSegmentationPairs(const std::string &root, int count, int classes, int size = 32);

// The app's QSettings and standard paths, redirected to Qt's test locations so that a test
// neither reads nor writes the user's own settings.
void useTestSettings();

// Where Debian's dataset-fashion-mnist package puts the IDX files ("" if absent).
std::string fashionMnistDir();

// --- Dataset layouts written byte by byte (used by the core/data suites) ---

// A gzip file of `bytes` made of stored deflate blocks (no compression), written by hand so
// that the reader under test shares no code with the writer.
std::vector<unsigned char> gzipStored(const std::vector<unsigned char> &bytes);

// An IDX file: magic 0x0000080<dims.size()>, the big-endian dimensions, then `data`.
void writeIdxFile(const std::string &path, const std::vector<unsigned> &dims,
                  const std::vector<unsigned char> &data, bool gzip);

// Pixel (y, x) of image i of makeIdxDataset, and its label.
unsigned char idxPixel(int i, int y, int x);
int idxLabel(int i, int classes);

// dir/<prefix>-images-idx3-ubyte[.gz] + dir/<prefix>-labels-idx1-ubyte[.gz]: `count`
// rows×cols images following idxPixel, labels idxLabel(i, classes).
void makeIdxDataset(const std::string &dir, const std::string &prefix, int count, int rows, int cols,
                    int classes, bool gzip);

// A palette PNG (colour type 3) holding `indices` (CV_8UC1) with `palette` (RGB) as PLTE;
// bit depth 1, 2, 4 or 8; optionally Adam7-interlaced.
void writePalettePng(const std::string &path, const cv::Mat &indices, const std::vector<cv::Vec3b> &palette,
                     int bitDepth = 8, bool interlaced = false);

// Pascal VOC's colour for palette index i (RGB), from the VOC devkit's bit-interleaving rule.
cv::Vec3b vocColour(int index);

// The class-id mask of VOC sample i (size×size): a border of 255 around rectangles of ids
// 1..20 on background 0.
cv::Mat vocMask(int i, int size);

// root/JPEGImages/<name>.jpg + root/SegmentationClass/<name>.png (palette PNG of vocMask),
// names 2007_00000<i>; with `splitFile`, root/ImageSets/Segmentation/train.txt lists the
// first `listed` names.
void makeVocDataset(const std::string &root, int count, int size, bool splitFile, int listed);

// root/leftImg8bit/<split>/<city>/<city>_000000_00000<i>_leftImg8bit.png and
// root/gtFine/<split>/<city>/..._gtFine_labelIds.png whose columns cycle through `labelIds`.
void makeCityscapesDataset(const std::string &root, const std::string &split, const std::vector<std::string> &cities,
                           int perCity, int width, int height, const std::vector<int> &labelIds);

// A file of `size` bytes that is no image, named like one.
void writeGarbage(const std::string &path, int size = 200);

// `text` as the file `path`, byte for byte, its folders made.
void writeTextFile(const std::filesystem::path &path, const std::string &text);

// A 16×16 colour image of random pixels as the file `path` (the format its extension names),
// its folders made.
void writeNoiseImage(const std::filesystem::path &path);

// --- Images as they come from cameras, phones and the web ---

// `bgr` as a JPEG whose APP1 Exif segment (a minimal TIFF block written by hand) carries
// the EXIF Orientation `orientation` (1..8): the decoder must turn the image.
void writeJpegWithOrientation(const std::string &path, const cv::Mat &bgr, int orientation);

// `image` as a PNG with an eXIf chunk (after IHDR) carrying the EXIF Orientation.
void writePngWithOrientation(const std::string &path, const cv::Mat &image, int orientation);

// A flat-colour CMYK JPEG (4 components, Adobe APP14, baseline, DC-only blocks) written by
// hand, as OpenCV cannot write one. `cmyk` are the stored values, Adobe-style inverted
// (255 = no ink); width and height are multiples of 8.
void writeCmykJpeg(const std::string &path, int width, int height, const cv::Vec4b &cmyk);

// root/<a|b>/...: photo-like class folders of JPEGs and PNGs of sizes from 61 to 294 px,
// `perClass` images per class. Deterministic.
void makePhotoFolder(const std::string &root, int perClass);

// root/<a|b>/...: a folder of every kind of file a user drops: JPEG with EXIF rotation,
// RGBA PNG, 16-bit PNG and TIFF, grey PNG and JPEG among colour ones, CMYK JPEG, plus a
// zero-byte "empty.jpg" and an HTML page saved as "page.jpg" in root/b: 30 readable images
// of different sizes (40 to 120 px), 15 per class.
void makeImagesAsTheyCome(const std::string &root);

// What a program run as a user runs it gave: exit status (-1: it crashed or timed out) and output.
struct ProgramRun {
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs `program` with `arguments` and waits at most `timeoutMs` (then kills it: err says
// "timed out").
ProgramRun runProgram(const QString &program, const QStringList &arguments, int timeoutMs);

// The `name value` lines a bench prints; empty when a line is not one.
QMap<QString, QString> figuresOf(const QString &out);

// Runs `body` in a child process whose address space may grow by `extraBytes` beyond what it
// maps now (RLIMIT_AS), for what a program does when memory runs out: the child's exit code
// (body's return), or -1 where a signal ended it (std::terminate's abort).
int exitCodeUnderMemoryLimit(std::uint64_t extraBytes, const std::function<int()> &body);
// False in a sanitized build: ASan and TSan map terabytes of shadow memory, and their
// allocators end the program where memory runs out instead of throwing std::bad_alloc.
bool memoryLimitsCanBeTested();

// Whether process `pid` has a handler of its own for `signal` (Linux: /proc/<pid>/status,
// SigCgt): a signal sent before that would end it unheard.
bool catchesSignal(qint64 pid, int signal);

// augstudio-cli's arguments for a search small enough for CI on `dataset`: 32 px images, 2
// sub-policies of 1 operation in 2 chunks, no loader threads, `stepsPerEpoch` steps of
// `batchSize` images an epoch. Callers add what their case needs (threads, processes).
QStringList tinySearchArguments(const QString &dataset, const QString &output, int epochs, int seed, int batchSize,
                                int stepsPerEpoch);

// The whole content of the file at `path`; empty if it cannot be read.
QByteArray readBytes(const QString &path);

// The message of the DatasetError `run` throws (an UnreadableImageError is one), or "".
std::string datasetErrorOf(const std::function<void()> &run);

// The classification dataset at `root`, its layout detected, as a search opens it: the split
// `split` names ("" = the default), data.dataset.limit `limit`.
std::unique_ptr<augstudio::Dataset> openClassification(const std::string &root,
                                                       std::vector<augstudio::DatasetProblem> &problems,
                                                       const std::string &split = "", int limit = 0);
// The message of the DatasetError opening it throws, or "".
std::string classificationOpenError(const std::string &root, const std::string &split = "");

// The records of a CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and line
// breaks), read independently of the writers under test.
QList<QStringList> parseCsv(const QByteArray &text);

// The files of the search output folder `dir`, as the Qt suites name them (the layout is
// augstudio::SearchFolder's).
struct SearchFiles {
    QString dir;
    QString config;
    QString metrics;
    QString latestPolicy;
    QString checkpoint;
    QString policy(int epoch) const;
};
SearchFiles searchFiles(const QString &dir);

} // namespace testsupport
