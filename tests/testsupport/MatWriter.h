#pragma once

// MAT-files of version 5 for tests, as MATLAB's save writes them: the 128-byte header, then each
// variable a miMATRIX element, or, as save's -v7 default does, a miCOMPRESSED element of its
// zlib stream. And SVHN's files made of them.

#include <cstdint>
#include <string>
#include <vector>

namespace testsupport {

struct MatVariable
{
    std::string name;
    int matlabClass;  // mxDOUBLE_CLASS 6, mxUINT8_CLASS 9, ...
    int storedType;   // miUINT8 2, miDOUBLE 9, ...: what the values are written as
    std::vector<std::int32_t> dims;
    std::string data; // the values, little-endian, column-major
};

std::string matElement(std::uint32_t type, const std::string &data);
// The miMATRIX element of `variable`.
std::string matMatrix(const MatVariable &variable);
// The miCOMPRESSED element of `element`, as save's -v7 writes a variable.
std::string matCompressed(const std::string &element);
std::string matFile(const std::vector<MatVariable> &variables, bool compressed);

// The value SVHN test image `image` has at `row`, `column` of channel `channel` (red 0, green 1,
// blue 2), different along rows and columns so that a transposed image shows.
std::uint8_t svhnTestPixel(int image, int channel, int row, int column);
// The digit of test image `image`: image % 10, written 10 for 0 as SVHN does.
int svhnTestDigit(int image);
// SVHN's 'X' (32 × 32 × 3 × count uint8) and 'y' (count × 1 double, stored as uint8 as MATLAB
// stores whole numbers) of `count` test images.
std::vector<MatVariable> svhnVariables(int count);
// `file` (train_32x32.mat, ...) of `count` images.
void writeSvhn(const std::string &file, int count, bool compressed = true);

} // namespace testsupport
