#include "models/StateDictReader.h"

#include "io/ZipArchive.h"

#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

namespace augstudio {

namespace {

// A Python value as far as a state dict needs one.
struct PyValue;
using PyRef = std::shared_ptr<PyValue>;
struct PyValue {
    enum Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Tensor, Object, Mark };
    Kind kind = None;
    int64_t integer = 0;
    double real = 0;
    std::string text;                          // String; Global: "module.name"
    std::vector<PyRef> items;                  // Tuple, List
    std::vector<std::pair<PyRef, PyRef>> dict; // Dict, in insertion order
    torch::Tensor tensor;                      // Tensor: its storage (a 1-D tensor of all of it)
    // Tensor: the view of the storage that a rebuild call asks for. It is checked and made when
    // the entry is taken (viewOf), where the entry's name is known to the message.
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

// The pickle opcodes of protocols 2 to 4 that torch.save and torch::pickle_save write.
class Unpickler
{
public:
    Unpickler(const std::string &data, const TorchArchive &archive)
        : data_(data), archive_(archive)
    {
    }
    // A pickle can make a list hold itself (a memo's value appended to it): the values' links
    // are cut here, so that no cycle of shared pointers outlives the reading.
    ~Unpickler()
    {
        for (const PyRef &value : values_) {
            value->items.clear();
            value->dict.clear();
        }
    }
    Unpickler(const Unpickler &) = delete;
    Unpickler &operator=(const Unpickler &) = delete;

    PyRef run()
    {
        for (;;) {
            const unsigned char op = byte();
            switch (op) {
            case 0x80: byte(); break;                      // PROTO
            case 0x95: bytes(8); break;                    // FRAME
            case '.': return pop();                        // STOP
            case '(': push(make(PyValue::Mark)); break;    // MARK
            case 'N': push(make(PyValue::None)); break;
            case 0x88: case 0x89: {                        // NEWTRUE, NEWFALSE
                auto value = make(PyValue::Bool);
                value->integer = op == 0x88;
                push(value);
                break;
            }
            case 'K': pushInt(byte()); break;              // BININT1
            case 'M': pushInt(little(2)); break;           // BININT2
            case 'J': pushInt(static_cast<int32_t>(little(4))); break; // BININT
            case 0x8a: {                                   // LONG1
                const size_t size = byte();
                if (size > 8)
                    throw std::runtime_error("the pickle holds an integer of " + std::to_string(size)
                                             + " bytes, more than 64 bits");
                int64_t value = size ? static_cast<int64_t>(little(size)) : 0;
                if (size > 0 && size < 8 && (value >> (8 * size - 1)) & 1)
                    value -= int64_t(1) << (8 * size);     // sign
                pushInt(value);
                break;
            }
            case 'G': {                                    // BINFLOAT, big-endian
                uint64_t bits = 0;
                for (int i = 0; i < 8; ++i)
                    bits = (bits << 8) | byte();
                auto value = make(PyValue::Float);
                std::memcpy(&value->real, &bits, 8);
                push(value);
                break;
            }
            case 'X': case 'T': pushString(bytes(little(4))); break; // BINUNICODE, BINSTRING
            case 0x8c: case 'U': pushString(bytes(byte())); break;   // SHORT_BINUNICODE, SHORT_BINSTRING
            case 'c': {                                    // GLOBAL module\nname\n
                auto value = make(PyValue::Global);
                const std::string module = line(); // before the name: operands of + are unordered
                value->text = module + "." + line();
                push(value);
                break;
            }
            case ')': push(make(PyValue::Tuple)); break;   // EMPTY_TUPLE
            case ']': push(make(PyValue::List)); break;    // EMPTY_LIST
            case '}': push(make(PyValue::Dict)); break;    // EMPTY_DICT
            case 't': {                                    // TUPLE
                auto value = make(PyValue::Tuple);
                value->items = popToMark();
                push(value);
                break;
            }
            case 0x85: case 0x86: case 0x87: {             // TUPLE1..3
                auto value = make(PyValue::Tuple);
                value->items.resize(op - 0x84);
                for (size_t i = value->items.size(); i-- > 0;)
                    value->items[i] = pop();
                push(value);
                break;
            }
            case 'a': {                                    // APPEND
                PyRef item = pop();
                top()->items.push_back(item);
                break;
            }
            case 'e': {                                    // APPENDS
                auto items = popToMark();
                auto &list = top()->items;
                list.insert(list.end(), items.begin(), items.end());
                break;
            }
            case 's': {                                    // SETITEM
                PyRef value = pop();
                PyRef key = pop();
                top()->dict.emplace_back(key, value);
                break;
            }
            case 'u': {                                    // SETITEMS
                auto items = popToMark();
                for (size_t i = 0; i + 1 < items.size(); i += 2)
                    top()->dict.emplace_back(items[i], items[i + 1]);
                break;
            }
            case 'q': memo_[byte()] = top(); break;        // BINPUT
            case 'r': memo_[little(4)] = top(); break;     // LONG_BINPUT
            case 0x94: memo_[memo_.size()] = top(); break; // MEMOIZE
            case 'h': push(memo(byte())); break;           // BINGET
            case 'j': push(memo(little(4))); break;        // LONG_BINGET
            case 'Q': push(persistent(pop())); break;      // BINPERSID
            case 'R': {                                    // REDUCE
                PyRef args = pop();
                PyRef callable = pop();
                push(reduce(callable, args));
                break;
            }
            case 0x81: {                                   // NEWOBJ
                pop();
                pop();
                push(make(PyValue::Object));
                break;
            }
            case 'b': pop(); break; // BUILD: an object's attributes (a state dict's _metadata)
            default: throw std::runtime_error("unsupported pickle opcode " + std::to_string(op));
            }
        }
    }

private:
    PyRef make(PyValue::Kind kind)
    {
        auto value = std::make_shared<PyValue>();
        value->kind = kind;
        values_.push_back(value);
        return value;
    }

    unsigned char byte()
    {
        if (pos_ >= data_.size())
            throw std::runtime_error("the pickle ends early");
        return static_cast<unsigned char>(data_[pos_++]);
    }
    std::string bytes(size_t count)
    {
        if (count > data_.size() - pos_)
            throw std::runtime_error("the pickle ends early");
        std::string text = data_.substr(pos_, count);
        pos_ += count;
        return text;
    }
    uint64_t little(size_t count)
    {
        uint64_t value = 0;
        for (size_t i = 0; i < count; ++i)
            value |= uint64_t(byte()) << (8 * i);
        return value;
    }
    std::string line()
    {
        const size_t end = data_.find('\n', pos_);
        if (end == std::string::npos)
            throw std::runtime_error("the pickle ends early");
        std::string text = data_.substr(pos_, end - pos_);
        pos_ = end + 1;
        return text;
    }

    void push(PyRef value) { stack_.push_back(std::move(value)); }
    void pushInt(int64_t value)
    {
        auto ref = make(PyValue::Int);
        ref->integer = value;
        push(ref);
    }
    void pushString(std::string text)
    {
        auto ref = make(PyValue::String);
        ref->text = std::move(text);
        push(ref);
    }
    PyRef top()
    {
        if (stack_.empty())
            throw std::runtime_error("the pickle's stack is empty");
        return stack_.back();
    }
    PyRef pop()
    {
        PyRef value = top();
        stack_.pop_back();
        return value;
    }
    std::vector<PyRef> popToMark()
    {
        std::vector<PyRef> items;
        while (top()->kind != PyValue::Mark)
            items.push_back(pop());
        pop();
        return {items.rbegin(), items.rend()};
    }
    PyRef memo(uint64_t key)
    {
        const auto found = memo_.find(key);
        if (found == memo_.end())
            throw std::runtime_error("the pickle refers to a value it never stored");
        return found->second;
    }

    // ('storage', torch.FloatStorage, key, location, numel): the zip's record data/<key>.
    PyRef persistent(const PyRef &id)
    {
        if (id->kind != PyValue::Tuple || id->items.size() < 5 || id->items[0]->text != "storage")
            throw std::runtime_error("unsupported persistent id in the pickle");
        const std::string key = id->items[2]->text;
        auto &storage = storages_[key];
        if (!storage.defined()) {
            const c10::ScalarType type = storageType(id->items[1]->text);
            const int64_t numel = id->items[4]->integer;
            const std::string_view record = archive_.record("data/" + key);
            if (numel < 0 || static_cast<uint64_t>(numel) > record.size() / c10::elementSize(type))
                throw std::runtime_error("storage data/" + key + " is shorter than its tensors");
            const size_t expected = static_cast<size_t>(numel) * c10::elementSize(type);
            storage = torch::empty({numel}, torch::TensorOptions().dtype(type));
            if (expected > 0) // an empty storage has no data to copy (and null pointers)
                std::memcpy(storage.data_ptr(), record.data(), expected);
        }
        auto value = make(PyValue::Tensor);
        value->tensor = storage;
        return value;
    }

    static bool isIntTuple(const PyRef &value)
    {
        if (value->kind != PyValue::Tuple)
            return false;
        for (const auto &item : value->items)
            if (item->kind != PyValue::Int)
                return false;
        return true;
    }

    static std::vector<int64_t> integers(const PyRef &tuple)
    {
        std::vector<int64_t> values;
        for (const auto &item : tuple->items)
            values.push_back(item->integer);
        return values;
    }

    PyRef reduce(const PyRef &callable, const PyRef &args)
    {
        const std::string name = callable->kind == PyValue::Global ? callable->text : std::string();
        if (name == "collections.OrderedDict")
            return make(PyValue::Dict);
        if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
            // (storage, offset, size, stride, ...)
            const auto &a = args->items;
            if (a.size() < 4 || a[0]->kind != PyValue::Tensor)
                throw std::runtime_error("a tensor without its storage");
            if (a[1]->kind != PyValue::Int || !isIntTuple(a[2]) || !isIntTuple(a[3]))
                throw std::runtime_error("a tensor whose offset, sizes or strides are not integers");
            auto value = make(PyValue::Tensor);
            value->tensor = a[0]->tensor; // the storage: viewed by viewOf, once checked
            value->viewed = true;
            value->offset = a[1]->integer;
            value->sizes = integers(a[2]);
            value->strides = integers(a[3]);
            return value;
        }
        // A parameter, or torch::pickle_save's type tag on a dict (restore_type_tag(dict, "Dict[str, Tensor]")).
        if ((name == "torch._utils._rebuild_parameter" || name == "torch.jit._pickle.restore_type_tag")
            && !args->items.empty())
            return args->items[0];
        return make(PyValue::Object); // anything else a checkpoint holds besides its tensors
    }

    const std::string &data_;
    const TorchArchive &archive_;
    std::vector<PyRef> values_; // every value made, for the destructor
    size_t pos_ = 0;
    std::vector<PyRef> stack_;
    std::map<uint64_t, PyRef> memo_;
    std::map<std::string, torch::Tensor> storages_;
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

bool isTensorDict(const PyRef &value)
{
    if (value->kind != PyValue::Dict || value->dict.empty())
        return false;
    for (const auto &[key, item] : value->dict)
        if (key->kind == PyValue::String && item->kind == PyValue::Tensor)
            return true;
    return false;
}

PyRef nestedStateDict(const PyRef &root)
{
    if (root->kind != PyValue::Dict)
        return nullptr;
    for (const char *key : {"state_dict", "model", "state_dict_ema", "model_state_dict"})
        for (const auto &[name, value] : root->dict)
            if (name->kind == PyValue::String && name->text == key && isTensorDict(value))
                return value;
    return nullptr;
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
torch::Tensor viewOf(const PyValue &value, const std::string &name)
{
    if (!value.viewed)
        return value.tensor; // a storage itself
    const int64_t storageElements = value.tensor.numel();
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
    return value.tensor.as_strided(value.sizes, value.strides, value.offset);
}

} // namespace

PyTorchFile readPyTorchFile(const std::string &path)
{
    auto archive = openArchive(path);
    if (archive->hasRecord("constants.pkl"))
        return {true, {}};
    std::string pickle;
    std::unique_ptr<Unpickler> unpickler; // owns the values until the tensors are taken
    PyRef root;
    try {
        if (!archive->hasRecord("data.pkl"))
            throw std::runtime_error("it has no data.pkl");
        pickle = std::string(archive->record("data.pkl"));
        unpickler = std::make_unique<Unpickler>(pickle, *archive);
        root = unpickler->run();
    } catch (const c10::Error &error) {
        throw std::runtime_error("cannot read " + path + ": " + error.what_without_backtrace());
    } catch (const std::runtime_error &error) {
        throw std::runtime_error("cannot read " + path + ": " + error.what());
    }
    // Training checkpoints keep the weights under a key of their own.
    if (!isTensorDict(root))
        if (PyRef inner = nestedStateDict(root))
            root = inner;
    if (!isTensorDict(root))
        throw std::runtime_error(path + " holds no dict of named tensors (a state dict)");
    PyTorchFile file;
    try {
        for (const auto &[key, value] : root->dict)
            if (key->kind == PyValue::String && value->kind == PyValue::Tensor)
                file.stateDict.emplace_back(key->text, viewOf(*value, key->text));
    } catch (const c10::Error &error) {
        throw std::runtime_error("cannot read " + path + ": " + error.what_without_backtrace());
    } catch (const std::runtime_error &error) {
        throw std::runtime_error("cannot read " + path + ": " + error.what());
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
