// MATLAB's MAT-files of version 5, what `save` writes unless told -v7.3 (-v7, its default,
// compresses each variable with zlib): the numeric arrays they hold, as SVHN ships its images
// and labels. Cells, structures, sparse, character and complex arrays are passed over; version 4
// and version 7.3 (HDF5) files are refused with a message that says so.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio {

class MatError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The types a MAT-file stores values as (its miINT8, miUINT8, ... tags).
enum class MatType { Int8 = 1, UInt8, Int16, UInt16, Int32, UInt32, Single, Double = 9, Int64 = 12, UInt64 };

// "uint8", "double": a stored type as MATLAB names its class.
const char *toString(MatType type);

struct MatArray
{
    std::vector<std::uint64_t> dims; // MATLAB's order: the first varies fastest (column-major)
    MatType type = MatType::Double;  // what the values are stored as: a double array of whole
                                     // numbers is often stored as uint8
    std::string data;                // the values, little-endian, `count()` of them

    std::uint64_t count() const;
    // Value `i` (column-major order) whatever its stored type.
    double value(std::uint64_t i) const;
};

// The numeric arrays named `names` of the MAT-file `in` holds, read whole; the file's other
// variables are skipped without being inflated. An array may hold `maxArrayBytes` at most.
// Throws MatError saying what is wrong and at which byte.
std::map<std::string, MatArray> readMatArrays(std::istream &in, const std::set<std::string> &names,
                                              std::uint64_t maxArrayBytes);

} // namespace augstudio
