#include "io/PickleReader.h"

#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace augstudio {

namespace {

using Kind = PickleNode::Kind;

// The most values and items a pickle may make: CIFAR-100's training file makes 150 000 and a
// ResNet-101's state dict a few thousand, and a few bytes of opcodes (a list appended to
// itself) could otherwise ask for gigabytes.
constexpr std::size_t kMostCells = std::size_t(1) << 23;

// The text of UTF-8 `text` as Latin-1 bytes, as _codecs.encode(text, "latin1") gives them:
// how Python 3 writes a byte string at protocol 2. Nullopt where a character is beyond Latin-1.
std::optional<std::string> latin1Of(const std::string &text)
{
    std::string bytes;
    bytes.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            bytes.push_back(char(lead));
        } else if ((lead == 0xC2 || lead == 0xC3) && i + 1 < text.size()
                   && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
            bytes.push_back(char(((lead & 0x03) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F)));
            ++i;
        } else {
            return std::nullopt;
        }
    }
    return bytes;
}

// The pickle machine: the opcodes of plain data run on a stack of node indices. Every value
// is a node of one list, so that what the pickle links (a list holding itself) owns nothing.
class Machine
{
public:
    Machine(const std::string &bytes, std::vector<PickleNode> &nodes) : m_bytes(bytes), m_nodes(nodes) {}

    std::size_t run()
    {
        while (true) {
            const std::size_t at = m_pos;
            const auto op = static_cast<unsigned char>(take(1)[0]);
            if (op == '.')
                return pop(at);
            step(op, at);
        }
    }

private:
    [[noreturn]] void fail(std::size_t at, const std::string &why) const
    {
        throw PickleError("byte " + std::to_string(at) + ": " + why);
    }

    const char *take(std::size_t count)
    {
        if (count > m_bytes.size() - m_pos)
            fail(m_pos, "the pickle is cut short");
        const char *at = m_bytes.data() + m_pos;
        m_pos += count;
        return at;
    }

    std::uint64_t little(std::size_t count)
    {
        const auto *p = reinterpret_cast<const unsigned char *>(take(count));
        std::uint64_t value = 0;
        for (std::size_t i = count; i-- > 0;)
            value = (value << 8) | p[i];
        return value;
    }

    std::size_t length(std::size_t count)
    {
        const std::size_t at = m_pos;
        const std::uint64_t value = little(count);
        if (value > m_bytes.size() - m_pos)
            fail(at, "the pickle is cut short (a string of " + std::to_string(value) + " bytes, "
                         + std::to_string(m_bytes.size() - m_pos) + " left)");
        return std::size_t(value);
    }

    // Counts `count` more values or items against kMostCells.
    void spend(std::size_t count)
    {
        m_cells += count;
        if (m_cells > kMostCells)
            fail(m_pos, "more values than AugStudio reads from one pickle (" + std::to_string(kMostCells) + ")");
    }

    std::size_t add(PickleNode node)
    {
        spend(1 + node.items.size());
        m_nodes.push_back(std::move(node));
        return m_nodes.size() - 1;
    }

    std::size_t add(Kind kind, long long integer = 0)
    {
        PickleNode node;
        node.kind = kind;
        node.integer = integer;
        return add(std::move(node));
    }

    std::size_t addString(std::size_t size)
    {
        PickleNode node;
        node.kind = Kind::String;
        node.text.assign(take(size), size);
        return add(std::move(node));
    }

    void push(std::size_t node)
    {
        spend(1);
        m_stack.push_back(node);
    }

    std::size_t pop(std::size_t at)
    {
        if (m_stack.size() <= (m_marks.empty() ? 0 : m_marks.back()))
            fail(at, "an opcode takes a value from an empty stack");
        const std::size_t top = m_stack.back();
        m_stack.pop_back();
        return top;
    }

    std::size_t &top(std::size_t at)
    {
        if (m_stack.size() <= (m_marks.empty() ? 0 : m_marks.back()))
            fail(at, "an opcode takes a value from an empty stack");
        return m_stack.back();
    }

    // The values above the last mark, which is dropped.
    std::vector<std::size_t> popToMark(std::size_t at)
    {
        if (m_marks.empty())
            fail(at, "an opcode needs a mark and there is none");
        std::vector<std::size_t> items(m_stack.begin() + std::ptrdiff_t(m_marks.back()), m_stack.end());
        m_stack.resize(m_marks.back());
        m_marks.pop_back();
        return items;
    }

    PickleNode &container(std::size_t index, Kind kind, std::size_t at)
    {
        PickleNode &node = m_nodes[index];
        if (node.kind != kind)
            fail(at, kind == Kind::Dict ? "items set on a value that is no dictionary"
                                        : "items added to a value that is no list");
        return node;
    }

    std::size_t sequence(Kind kind, std::vector<std::size_t> items)
    {
        PickleNode node;
        node.kind = kind;
        node.items = std::move(items);
        return add(std::move(node));
    }

    std::size_t global(std::string module, const std::string &name, std::size_t at)
    {
        if (module.empty() || name.empty())
            fail(at, "a global without a module or a name");
        PickleNode node;
        node.kind = Kind::Global;
        node.text = std::move(module) + "." + name;
        return add(std::move(node));
    }

    std::string line(std::size_t at)
    {
        const std::size_t end = m_bytes.find('\n', m_pos);
        if (end == std::string::npos)
            fail(at, "the pickle is cut short");
        std::string text = m_bytes.substr(m_pos, end - m_pos);
        m_pos = end + 1;
        return text;
    }

    // A call: kept as the callable and its arguments, but for the byte strings Python 3 writes
    // at protocol 2 (_codecs.encode(text, "latin1"), bytes()), which are their bytes, and an
    // empty OrderedDict, which is a dictionary.
    std::size_t call(std::size_t callable, std::size_t arguments, std::size_t at)
    {
        const PickleNode &function = m_nodes[callable];
        const PickleNode &args = m_nodes[arguments];
        if (args.kind != Kind::Tuple)
            fail(at, "a call whose arguments are no tuple");
        if (function.kind == Kind::Global && function.text == "_codecs.encode" && !args.items.empty()) {
            const PickleNode &text = m_nodes[args.items[0]];
            const bool latin1 = args.items.size() == 2 && m_nodes[args.items[1]].kind == Kind::String
                                && m_nodes[args.items[1]].text == "latin1";
            if (text.kind != Kind::String || !latin1)
                fail(at, "an encoding of bytes other than Latin-1");
            std::optional<std::string> bytes = latin1Of(text.text);
            if (!bytes)
                fail(at, "bytes encoded as Latin-1 hold a character beyond it");
            PickleNode node;
            node.kind = Kind::String;
            node.text = std::move(*bytes);
            return add(std::move(node));
        }
        if (function.kind == Kind::Global && (function.text == "__builtin__.bytes" || function.text == "builtins.bytes")
            && args.items.empty())
            return add(Kind::String);
        // An OrderedDict is a dictionary (every state dict torch.save writes is one).
        if (function.kind == Kind::Global && function.text == "collections.OrderedDict" && args.items.empty())
            return add(Kind::Dict);
        PickleNode node;
        node.kind = Kind::Call;
        node.items = {callable, arguments};
        return add(std::move(node));
    }

    void memoize(std::uint64_t key, std::size_t at)
    {
        spend(1);
        m_memo[key] = top(at);
    }

    std::size_t recall(std::uint64_t key, std::size_t at) const
    {
        const auto found = m_memo.find(key);
        if (found == m_memo.end())
            fail(at, "a memo entry that was never stored (" + std::to_string(key) + ")");
        return found->second;
    }

    void step(unsigned char op, std::size_t at)
    {
        switch (op) {
        case 0x80: // PROTO
            if (static_cast<unsigned char>(take(1)[0]) > 5)
                fail(at, "a pickle protocol above 5");
            return;
        case 0x95: take(8); return; // FRAME: its length is of no use here
        case '(': m_marks.push_back(m_stack.size()); return;
        case '}': push(add(Kind::Dict)); return;
        case ']': case 0x8f: push(add(Kind::List)); return; // a set is read as a list
        case ')': push(add(Kind::Tuple)); return;
        case 'N': push(add(Kind::None)); return;
        case 0x88: push(add(Kind::Bool, 1)); return;
        case 0x89: push(add(Kind::Bool, 0)); return;
        case 'K': push(add(Kind::Int, (long long)little(1))); return;
        case 'M': push(add(Kind::Int, (long long)little(2))); return;
        case 'J': push(add(Kind::Int, (long long)std::int32_t(std::uint32_t(little(4))))); return;
        case 0x8a: { // LONG1: little-endian two's complement of up to 8 bytes here
            const std::size_t size = static_cast<unsigned char>(take(1)[0]);
            if (size > 8)
                fail(at, "a whole number of more than 64 bits");
            std::uint64_t value = little(size);
            if (size > 0 && size < 8 && (value >> (8 * size - 1)) & 1)
                value |= ~std::uint64_t(0) << (8 * size);
            push(add(Kind::Int, (long long)value));
            return;
        }
        case 'G': { // BINFLOAT, big-endian
            const auto *p = reinterpret_cast<const unsigned char *>(take(8));
            std::uint64_t bits = 0;
            for (int i = 0; i < 8; ++i)
                bits = (bits << 8) | p[i];
            PickleNode node;
            node.kind = Kind::Float;
            std::memcpy(&node.real, &bits, sizeof bits);
            push(add(std::move(node)));
            return;
        }
        case 'U': case 'C': case 0x8c: push(addString(length(1))); return;
        case 'T': case 'B': case 'X': push(addString(length(4))); return;
        case 0x8d: case 0x8e: case 0x96: push(addString(length(8))); return;
        case 'q': memoize(little(1), at); return;
        case 'r': memoize(little(4), at); return;
        case 0x94: memoize(m_memo.size(), at); return;
        case 'h': push(recall(little(1), at)); return;
        case 'j': push(recall(little(4), at)); return;
        case '0': pop(at); return;
        case '1': popToMark(at); return;
        case '2': push(top(at)); return;
        case 't': push(sequence(Kind::Tuple, popToMark(at))); return;
        case 0x91: push(sequence(Kind::List, popToMark(at))); return;
        case 'l': push(sequence(Kind::List, popToMark(at))); return;
        case 0x85: case 0x86: case 0x87: {
            std::vector<std::size_t> items(std::size_t(op - 0x84));
            for (std::size_t i = items.size(); i-- > 0;)
                items[i] = pop(at);
            push(sequence(Kind::Tuple, std::move(items)));
            return;
        }
        case 'd': {
            const std::vector<std::size_t> items = popToMark(at);
            if (items.size() % 2)
                fail(at, "a dictionary of a key without a value");
            push(sequence(Kind::Dict, items));
            return;
        }
        case 'a': {
            const std::size_t value = pop(at);
            spend(1);
            container(top(at), Kind::List, at).items.push_back(value);
            return;
        }
        case 'e': case 0x90: {
            const std::vector<std::size_t> values = popToMark(at);
            spend(values.size());
            std::vector<std::size_t> &items = container(top(at), Kind::List, at).items;
            items.insert(items.end(), values.begin(), values.end());
            return;
        }
        case 's': {
            const std::size_t value = pop(at), key = pop(at);
            spend(2);
            std::vector<std::size_t> &items = container(top(at), Kind::Dict, at).items;
            items.push_back(key);
            items.push_back(value);
            return;
        }
        case 'u': {
            const std::vector<std::size_t> pairs = popToMark(at);
            if (pairs.size() % 2)
                fail(at, "a dictionary of a key without a value");
            spend(pairs.size());
            std::vector<std::size_t> &items = container(top(at), Kind::Dict, at).items;
            items.insert(items.end(), pairs.begin(), pairs.end());
            return;
        }
        case 'c': {
            std::string module = line(at);
            const std::string name = line(at);
            push(global(std::move(module), name, at));
            return;
        }
        case 0x93: {
            const std::size_t name = pop(at), module = pop(at);
            if (m_nodes[name].kind != Kind::String || m_nodes[module].kind != Kind::String)
                fail(at, "a global named by values that are no strings");
            push(global(m_nodes[module].text, m_nodes[name].text, at));
            return;
        }
        case 'R': case 0x81: {
            const std::size_t arguments = pop(at), callable = pop(at);
            push(call(callable, arguments, at));
            return;
        }
        case 0x92: { // NEWOBJ_EX: keyword arguments are not kept
            pop(at);
            const std::size_t arguments = pop(at), callable = pop(at);
            push(call(callable, arguments, at));
            return;
        }
        case 'b': {
            const std::size_t state = pop(at);
            m_nodes[top(at)].state = state;
            return;
        }
        case 'Q': {
            PickleNode node;
            node.kind = Kind::Persistent;
            node.items = {pop(at)};
            push(add(std::move(node)));
            return;
        }
        default: {
            char code[8];
            std::snprintf(code, sizeof code, "0x%02x", op);
            fail(at, std::string("an opcode not of plain data (") + code + ")");
        }
        }
    }

    const std::string &m_bytes;
    std::vector<PickleNode> &m_nodes;
    std::size_t m_pos = 0;
    std::vector<std::size_t> m_stack;
    std::vector<std::size_t> m_marks; // stack sizes at each open mark
    std::unordered_map<std::uint64_t, std::size_t> m_memo;
    std::size_t m_cells = 0;
};

bool namedGlobal(const PickleNode &node, const char *name)
{
    return node.kind == Kind::Global && node.text == name;
}

} // namespace

Pickle::Pickle(std::string bytes)
{
    if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != 0x80)
        throw PickleError("not a binary Python pickle (it does not start with the byte 0x80)");
    m_root = Machine(bytes, m_nodes).run();
}

bool Pickle::isGlobal(std::size_t index, const char *name) const
{
    return namedGlobal(m_nodes.at(index), name);
}

std::string Pickle::takeString(std::size_t index)
{
    PickleNode &string = m_nodes.at(index);
    return string.kind == Kind::String ? std::move(string.text) : std::string();
}

std::optional<std::size_t> Pickle::item(std::size_t dict, const std::string &key) const
{
    const PickleNode &node = m_nodes.at(dict);
    if (node.kind != Kind::Dict)
        return std::nullopt;
    for (std::size_t i = 0; i + 1 < node.items.size(); i += 2) {
        const PickleNode &written = m_nodes[node.items[i]];
        if (written.kind == Kind::String && written.text == key)
            return node.items[i + 1];
    }
    return std::nullopt;
}

std::optional<std::vector<long long>> Pickle::integers(std::size_t list) const
{
    const PickleNode &node = m_nodes.at(list);
    if (node.kind != Kind::List && node.kind != Kind::Tuple)
        return std::nullopt;
    std::vector<long long> values;
    values.reserve(node.items.size());
    for (const std::size_t item : node.items) {
        if (m_nodes[item].kind != Kind::Int)
            return std::nullopt;
        values.push_back(m_nodes[item].integer);
    }
    return values;
}

std::optional<std::vector<std::string>> Pickle::strings(std::size_t list) const
{
    const PickleNode &node = m_nodes.at(list);
    if (node.kind != Kind::List && node.kind != Kind::Tuple)
        return std::nullopt;
    std::vector<std::string> values;
    values.reserve(node.items.size());
    for (const std::size_t item : node.items) {
        if (m_nodes[item].kind != Kind::String)
            return std::nullopt;
        values.push_back(m_nodes[item].text);
    }
    return values;
}

std::optional<std::string> Pickle::dtypeOf(std::size_t index) const
{
    // numpy.dtype("u1", False, True), its state (3, "|", ...) saying the byte order
    const PickleNode &dtype = m_nodes.at(index);
    if (dtype.kind != Kind::Call || !namedGlobal(m_nodes[dtype.items[0]], "numpy.dtype"))
        return std::nullopt;
    const PickleNode &args = m_nodes[dtype.items[1]];
    if (args.items.empty() || m_nodes[args.items[0]].kind != Kind::String)
        return std::nullopt;
    std::string name = m_nodes[args.items[0]].text;
    if (dtype.state) {
        const PickleNode &state = m_nodes[*dtype.state];
        if (state.kind == Kind::Tuple && state.items.size() > 1) {
            const PickleNode &order = m_nodes[state.items[1]];
            if (order.kind == Kind::String && (order.text == "<" || order.text == ">"))
                name = order.text + name;
        }
    }
    return name;
}

std::optional<PickledArray> Pickle::arrayOf(std::size_t shape, std::size_t dtype, bool fortranOrder,
                                            std::size_t data) const
{
    const std::optional<std::vector<long long>> sizes = integers(shape);
    const std::optional<std::string> type = dtypeOf(dtype);
    if (m_nodes[shape].kind != Kind::Tuple || !sizes || !type || m_nodes[data].kind != Kind::String)
        return std::nullopt;
    PickledArray array;
    for (const long long size : *sizes) {
        if (size < 0)
            return std::nullopt;
        array.shape.push_back(size);
    }
    array.dtype = *type;
    array.fortranOrder = fortranOrder;
    array.data = data;
    return array;
}

std::optional<PickledArray> Pickle::array(std::size_t index) const
{
    const PickleNode &node = m_nodes.at(index);
    if (node.kind != Kind::Call)
        return std::nullopt;
    const PickleNode &function = m_nodes[node.items[0]];
    const PickleNode &args = m_nodes[node.items[1]];
    // Protocol 5: numpy.core.numeric._frombuffer(buffer, dtype, shape, order)
    if (namedGlobal(function, "numpy.core.numeric._frombuffer") || namedGlobal(function, "numpy._core.numeric._frombuffer")) {
        if (args.items.size() != 4 || m_nodes[args.items[3]].kind != Kind::String)
            return std::nullopt;
        return arrayOf(args.items[2], args.items[1], m_nodes[args.items[3]].text == "F", args.items[0]);
    }
    // Below: ndarray.__reduce__, _reconstruct(ndarray, (0,), b"b"), then BUILD with the state
    // ([version,] shape, dtype, is_fortran, data).
    if (!node.state
        || !(namedGlobal(function, "numpy.core.multiarray._reconstruct")
             || namedGlobal(function, "numpy._core.multiarray._reconstruct")))
        return std::nullopt;
    const PickleNode &state = m_nodes[*node.state];
    if (state.kind != Kind::Tuple || (state.items.size() != 5 && state.items.size() != 4))
        return std::nullopt;
    const std::size_t first = state.items.size() - 4;
    const PickleNode &fortran = m_nodes[state.items[first + 2]];
    if (fortran.kind != Kind::Bool && fortran.kind != Kind::Int)
        return std::nullopt;
    return arrayOf(state.items[first], state.items[first + 1], fortran.integer != 0, state.items[first + 3]);
}

} // namespace augstudio
