// Python pickles of plain data: the dictionaries of lists, strings and NumPy arrays that
// datasets such as CIFAR ship as, and the state dicts torch.save writes (protocols 2 to 5, as
// Python 2's cPickle and Python 3 write them). Nothing is executed: a class or function a
// pickle names is kept as its name, a call of it as the name and its arguments, and a
// persistent id (torch.save's storages) as the id, for the reader to recognise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio {

class PickleError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct PickleNode
{
    enum class Kind { None, Bool, Int, Float, String, List, Tuple, Dict, Global, Call, Persistent };
    Kind kind = Kind::None;
    long long integer = 0; // Int, Bool
    double real = 0;       // Float
    // String: the bytes of a byte string, or UTF-8 text; Global: "module.name"
    std::string text;
    // List and Tuple: their items; Dict: key, value, key, value, ... in the order set; Call:
    // the callable and its argument tuple; Persistent: its id
    std::vector<std::size_t> items;
    std::optional<std::size_t> state; // what BUILD gave the value (an ndarray's data)
};

// A NumPy array as numpy.core.multiarray._reconstruct and its state describe it.
struct PickledArray
{
    std::vector<std::int64_t> shape;
    std::string dtype;          // "u1", "<i8", ...
    bool fortranOrder = false;
    std::size_t data = 0;       // the node of its bytes
};

class Pickle
{
public:
    // Reads `bytes`, the whole of a pickle; throws PickleError saying where it went wrong.
    explicit Pickle(std::string bytes);

    std::size_t root() const { return m_root; }
    const PickleNode &node(std::size_t index) const { return m_nodes.at(index); }
    // The bytes of a String node, taken out of the pickle (the node is left empty).
    std::string takeString(std::size_t index);

    // Whether `index` is a Global named `name` ("torch._utils._rebuild_tensor_v2").
    bool isGlobal(std::size_t index, const char *name) const;
    // The value of `dict` under the key `key` (written as bytes or as text); nullopt where `dict`
    // is no dictionary or lacks it.
    std::optional<std::size_t> item(std::size_t dict, const std::string &key) const;
    // The whole numbers of a list or tuple; nullopt where another value is among them.
    std::optional<std::vector<long long>> integers(std::size_t list) const;
    // The strings of a list or tuple; nullopt where another value is among them.
    std::optional<std::vector<std::string>> strings(std::size_t list) const;
    // The NumPy array `index` is, or nullopt.
    std::optional<PickledArray> array(std::size_t index) const;

private:
    // "u1", "<f4": the type a numpy.dtype call names, its byte order where it has one.
    std::optional<std::string> dtypeOf(std::size_t index) const;
    std::optional<PickledArray> arrayOf(std::size_t shape, std::size_t dtype, bool fortranOrder, std::size_t data) const;

    std::vector<PickleNode> m_nodes;
    std::size_t m_root = 0;
};

} // namespace augstudio
