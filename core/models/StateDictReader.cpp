#include "models/StateDictReader.h"

#include "io/PickleReader.h"
#include "io/ZipArchive.h"

#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

namespace augstudio {

namespace {

using Kind = PickleNode::Kind;

// A tensor of a state dict as its pickle gives it: a storage (a record of the archive, as a
// 1-D tensor of all of it) and the view of it that a rebuild call asks for. The view is
// checked and made when the entry is taken (viewOf), where the entry's name is known to the
// message.
struct TensorView {
    torch::Tensor storage;
    bool viewed = false;
    int64_t offset = 0;
    std::vector<int64_t> sizes, strides;
};

c10::ScalarType storageType(const std::string &global)
{
    static const std::map<std::string, c10::ScalarType> types = {
        {"torch.FloatStorage", c10::kFloat},   {"torch.DoubleStorage", c10::kDouble},
        {"torch.HalfStorage", c10::kHalf},     {"torch.BFloat16Storage", c10::kBFloat16},
        {"torch.LongStorage", c10::kLong},     {"torch.IntStorage", c10::kInt},
        {"torch.ShortStorage", c10::kShort},   {"torch.CharStorage", c10::kChar},
        {"torch.ByteStorage", c10::kByte},     {"torch.BoolStorage", c10::kBool},
    };
    const auto found = types.find(global);
    if (found == types.end())
        throw std::runtime_error("tensors of type " + global + " are not supported");
    return found->second;
}

// torch.save's archive: every record sits in one top folder, named after the file.
class TorchArchive
{
public:
    explicit TorchArchive(const std::string &path) : m_zip(ZipArchive::fromFile(path))
    {
        if (m_zip.names().empty())
            throw std::runtime_error(path + " is an empty zip archive");
        const std::string &first = m_zip.names().front();
        const size_t slash = first.find('/');
        if (slash == std::string::npos)
            throw std::runtime_error(path + " is not a PyTorch archive: " + first + " is not in a folder");
        m_folder = first.substr(0, slash + 1);
    }
    bool hasRecord(const std::string &name) const { return m_zip.contains(m_folder + name); }
    std::string_view record(const std::string &name) const { return m_zip.entry(m_folder + name); }

private:
    ZipArchive m_zip;
    std::string m_folder;
};

// The tensors of torch.save's and torch::pickle_save's pickles, read by the pickle machine of
// io/PickleReader: a persistent id is a storage, a record of the archive; a call of one of
// torch._utils' rebuild functions a view of one.
class TorchPickle
{
public:
    TorchPickle(const Pickle &pickle, const TorchArchive &archive) : m_pickle(pickle), m_archive(archive) {}

    // The dict `node` is, through torch::pickle_save's type tag; nullopt for other values.
    std::optional<size_t> dict(size_t node) const
    {
        node = unwrapped(node);
        return m_pickle.node(node).kind == Kind::Dict ? std::optional<size_t>(node) : std::nullopt;
    }

    // Whether `node` is a tensor: a storage, a rebuild call, or a parameter of one.
    bool isTensor(size_t node) const
    {
        node = unwrapped(node);
        const PickleNode &value = m_pickle.node(node);
        return value.kind == Kind::Persistent || (value.kind == Kind::Call && isRebuild(value.items[0]));
    }

    // The tensor `node` is (isTensor), its storage read from the archive.
    TensorView tensor(size_t node)
    {
        node = unwrapped(node);
        const PickleNode &value = m_pickle.node(node);
        TensorView view;
        if (value.kind == Kind::Persistent) {
            view.storage = storage(value);
            return view;
        }
        // (storage, offset, size, stride, ...)
        const std::vector<size_t> &args = m_pickle.node(value.items[1]).items;
        if (args.size() < 4 || m_pickle.node(unwrapped(args[0])).kind != Kind::Persistent)
            throw std::runtime_error("a tensor without its storage");
        const std::optional<std::vector<long long>> sizes = intTuple(args[2]), strides = intTuple(args[3]);
        if (m_pickle.node(args[1]).kind != Kind::Int || !sizes || !strides)
            throw std::runtime_error("a tensor whose offset, sizes or strides are not integers");
        view.storage = storage(m_pickle.node(unwrapped(args[0])));
        view.viewed = true;
        view.offset = m_pickle.node(args[1]).integer;
        view.sizes.assign(sizes->begin(), sizes->end());
        view.strides.assign(strides->begin(), strides->end());
        return view;
    }

private:
    bool isRebuild(size_t callable) const
    {
        return m_pickle.isGlobal(callable, "torch._utils._rebuild_tensor_v2")
               || m_pickle.isGlobal(callable, "torch._utils._rebuild_tensor");
    }

    // A parameter, or torch::pickle_save's type tag on a dict (restore_type_tag(dict,
    // "Dict[str, Tensor]")): the value inside.
    size_t unwrapped(size_t node) const
    {
        for (;;) {
            const PickleNode &value = m_pickle.node(node);
            if (value.kind != Kind::Call
                || !(m_pickle.isGlobal(value.items[0], "torch._utils._rebuild_parameter")
                     || m_pickle.isGlobal(value.items[0], "torch.jit._pickle.restore_type_tag")))
                return node;
            const PickleNode &args = m_pickle.node(value.items[1]);
            if (args.items.empty())
                return node;
            node = args.items[0]; // made before the call: no call holds itself
        }
    }

    std::optional<std::vector<long long>> intTuple(size_t node) const
    {
        return m_pickle.node(node).kind == Kind::Tuple ? m_pickle.integers(node) : std::nullopt;
    }

    // ('storage', torch.FloatStorage, key, location, numel): the zip's record data/<key>.
    torch::Tensor storage(const PickleNode &persistent)
    {
        const PickleNode &id = m_pickle.node(persistent.items[0]);
        if (id.kind != Kind::Tuple || id.items.size() < 5 || m_pickle.node(id.items[0]).text != "storage"
            || m_pickle.node(id.items[2]).kind != Kind::String || m_pickle.node(id.items[4]).kind != Kind::Int)
            throw std::runtime_error("unsupported persistent id in the pickle");
        const std::string &key = m_pickle.node(id.items[2]).text;
        torch::Tensor &storage = m_storages[key];
        if (!storage.defined()) {
            const c10::ScalarType type = storageType(m_pickle.node(id.items[1]).text);
            const int64_t numel = m_pickle.node(id.items[4]).integer;
            const std::string_view record = m_archive.record("data/" + key);
            if (numel < 0 || static_cast<uint64_t>(numel) > record.size() / c10::elementSize(type))
                throw std::runtime_error("storage data/" + key + " is shorter than its tensors");
            const size_t expected = static_cast<size_t>(numel) * c10::elementSize(type);
            storage = torch::empty({numel}, torch::TensorOptions().dtype(type));
            if (expected > 0) // an empty storage has no data to copy (and null pointers)
                std::memcpy(storage.data_ptr(), record.data(), expected);
        }
        return storage;
    }

    const Pickle &m_pickle;
    const TorchArchive &m_archive;
    std::map<std::string, torch::Tensor> m_storages;
};

std::string firstBytes(const std::string &path, size_t count)
{
    std::ifstream file(path, std::ios::binary);
    std::string head(count, '\0');
    file.read(head.data(), static_cast<std::streamsize>(count));
    head.resize(static_cast<size_t>(file.gcount()));
    return head;
}

std::unique_ptr<TorchArchive> openArchive(const std::string &path)
{
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
        throw std::runtime_error("cannot read " + path);
    const std::string head = firstBytes(path, 4);
    if (head != std::string("PK\x03\x04", 4)) {
        if (!head.empty() && static_cast<unsigned char>(head[0]) == 0x80)
            throw std::runtime_error(path + " is in PyTorch's legacy format (before 1.6); load it in Python and "
                                            "save it again with torch.save(state_dict, path)");
        throw std::runtime_error(path + " is not a PyTorch file (torch.save writes a zip archive)");
    }
    return std::make_unique<TorchArchive>(path);
}

// The key of each entry of `dict` that is a tensor named by a string, with its value.
std::vector<std::pair<std::string, size_t>> namedTensors(const Pickle &pickle, const TorchPickle &tensors, size_t dict)
{
    std::vector<std::pair<std::string, size_t>> entries;
    const std::vector<size_t> &items = pickle.node(dict).items;
    for (size_t i = 0; i + 1 < items.size(); i += 2)
        if (pickle.node(items[i]).kind == Kind::String && tensors.isTensor(items[i + 1]))
            entries.emplace_back(pickle.node(items[i]).text, items[i + 1]);
    return entries;
}

// The dict of named tensors the pickle holds: its root, or the one a training checkpoint keeps
// under a key of its own.
std::optional<size_t> stateDictIn(const Pickle &pickle, const TorchPickle &tensors)
{
    const std::optional<size_t> root = tensors.dict(pickle.root());
    if (!root)
        return std::nullopt;
    if (!namedTensors(pickle, tensors, *root).empty())
        return root;
    for (const char *key : {"state_dict", "model", "state_dict_ema", "model_state_dict"})
        if (const std::optional<size_t> value = pickle.item(*root, key))
            if (const std::optional<size_t> inner = tensors.dict(*value);
                inner && !namedTensors(pickle, tensors, *inner).empty())
                return inner;
    return std::nullopt;
}

std::string listText(const std::vector<int64_t> &values)
{
    std::string text = "[";
    for (size_t i = 0; i < values.size(); ++i)
        text += (i ? ", " : "") + std::to_string(values[i]);
    return text + "]";
}

// The tensor of entry `name`: the view its rebuild call asks of its storage, checked first.
// A view must lie within its storage and hold no more elements than the storage has from its
// offset on. What torch.save and LibTorch write pass: a contiguous tensor over its own
// storage, a view into a storage shared with other tensors (a slice, a transpose, tied
// weights). What is refused is a view whose elements overlap so much that it holds more of them
// than its storage (stride 0 over a size above 1, as expand makes): a file of a few bytes
// would otherwise become gigabytes as soon as the tensor is copied out (contiguous()).
torch::Tensor viewOf(const TensorView &value, const std::string &name)
{
    if (!value.viewed)
        return value.storage; // a storage itself
    const int64_t storageElements = value.storage.numel();
    const std::string view = "(sizes " + listText(value.sizes) + ", strides " + listText(value.strides)
                             + ", offset " + std::to_string(value.offset) + ", over a storage of "
                             + std::to_string(storageElements) + " elements)";
    if (value.sizes.size() != value.strides.size())
        throw std::runtime_error(name + " has " + std::to_string(value.sizes.size()) + " sizes but "
                                 + std::to_string(value.strides.size()) + " strides " + view);
    if (value.offset < 0 || value.offset > storageElements)
        throw std::runtime_error(name + " starts outside its storage " + view);
    int64_t elements = 1;
    for (size_t d = 0; d < value.sizes.size(); ++d) {
        if (value.sizes[d] < 0 || value.strides[d] < 0)
            throw std::runtime_error(name + " has a negative size or stride " + view);
        if (__builtin_mul_overflow(elements, value.sizes[d], &elements))
            throw std::runtime_error(name + " has more elements than 64 bits count " + view);
    }
    if (elements > 0) {
        // The last element's position; every size is at least 1 here.
        int64_t last = value.offset;
        for (size_t d = 0; d < value.sizes.size(); ++d) {
            int64_t step = 0;
            if (__builtin_mul_overflow(value.sizes[d] - 1, value.strides[d], &step)
                || __builtin_add_overflow(last, step, &last))
                throw std::runtime_error(name + " reaches beyond its storage " + view);
        }
        if (last >= storageElements)
            throw std::runtime_error(name + " reaches beyond its storage " + view);
        if (elements > storageElements - value.offset)
            throw std::runtime_error(name + " has " + std::to_string(elements) + " elements, more than the "
                                     + std::to_string(storageElements - value.offset)
                                     + " its storage holds from its offset: its elements overlap " + view);
    }
    return value.storage.as_strided(value.sizes, value.strides, value.offset);
}

} // namespace

PyTorchFile readPyTorchFile(const std::string &path)
{
    auto archive = openArchive(path);
    if (archive->hasRecord("constants.pkl"))
        return {true, {}};
    const auto failed = [&](const std::string &why) { return std::runtime_error("cannot read " + path + ": " + why); };
    if (!archive->hasRecord("data.pkl"))
        throw failed("it has no data.pkl");
    std::optional<Pickle> pickle;
    try {
        pickle.emplace(std::string(archive->record("data.pkl")));
    } catch (const PickleError &error) {
        throw failed(std::string("data.pkl: ") + error.what());
    }
    TorchPickle tensors(*pickle, *archive);
    const std::optional<size_t> stateDict = stateDictIn(*pickle, tensors);
    if (!stateDict)
        throw std::runtime_error(path + " holds no dict of named tensors (a state dict)");
    PyTorchFile file;
    try {
        for (const auto &[name, value] : namedTensors(*pickle, tensors, *stateDict))
            file.stateDict.emplace_back(name, viewOf(tensors.tensor(value), name));
    } catch (const c10::Error &error) {
        throw failed(error.what_without_backtrace());
    } catch (const std::runtime_error &error) {
        throw failed(error.what());
    }
    return file;
}

StateDict readStateDict(const std::string &path)
{
    PyTorchFile file = readPyTorchFile(path);
    if (file.libTorchModule)
        throw std::runtime_error(path + " is a module saved by LibTorch, not a state dict");
    return std::move(file.stateDict);
}

} // namespace augstudio
