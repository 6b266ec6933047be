#include "config/ConfigTextEdit.h"

#include "config/ConfigChanges.h"
#include "config/ConfigLoader.h"
#include "config/ConfigReader.h"
#include "config/YamlAnchors.h"
#include "config/YamlScalars.h"
#include "io/TextLayout.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

namespace augstudio {

namespace {

// A YAML document as lines, with what joining them back as the file had them needs.
struct Document {
    std::vector<std::string> lines;
    TextLayout layout;
    bool finalNewline = true;
    int indentUnit = 2; // the user's, for what goes in (set once the text is read)

    explicit Document(const std::string &bytes)
    {
        const std::string text = plainText(bytes, &layout);
        finalNewline = text.empty() || text.back() == '\n';
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
    }

    // What the YAML parser reads: its marks count lines and columns in this text.
    std::string body() const
    {
        std::string text;
        for (const std::string &line : lines)
            text += line + "\n";
        return text;
    }

    std::string joined() const
    {
        std::string text;
        for (size_t i = 0; i < lines.size(); ++i) {
            text += lines[i];
            if (i + 1 < lines.size() || finalNewline)
                text += '\n';
        }
        return laidOut(text, layout);
    }
};

int indentOf(const std::string &line)
{
    const auto first = line.find_first_not_of(' ');
    return first == std::string::npos ? -1 : int(first);
}

// Neither blank nor a comment.
bool holdsContent(const std::string &line)
{
    const int indent = indentOf(line);
    return indent >= 0 && line[size_t(indent)] != '#' && line[size_t(indent)] != '\t';
}

// A mapping entry found in the text: its key's place and its value.
struct Entry {
    int keyLine = 0;
    int keyColumn = 0;
    YAML::Node value;
    bool inFlow = false; // the entry sits inside a flow-style collection ({...}, [...])
};

// The line and column of the dash that opens a sequence item starting at `mark`: on its
// line, or on a line above it that holds the dash alone ("- # why" then the item's keys).
std::optional<std::pair<int, int>> dashOf(const Document &doc, const YAML::Mark &mark)
{
    const std::string &line = doc.lines[size_t(mark.line)];
    const std::string before = line.substr(0, size_t(std::max(0, mark.column)));
    const auto dash = before.find_last_of('-');
    if (dash != std::string::npos && before.find_first_not_of(' ') == dash)
        return std::make_pair(mark.line, int(dash));
    for (int l = mark.line - 1; l >= 0; --l) {
        const std::string &above = doc.lines[size_t(l)];
        const int indent = indentOf(above);
        if (indent < 0 || (above[size_t(indent)] == '#'))
            continue;
        if (above[size_t(indent)] == '-' && indent < mark.column)
            return std::make_pair(l, indent);
        return std::nullopt;
    }
    return std::nullopt;
}

// The entries along `path` that the text has, outermost first (fewer than the path's
// length where a key is missing). "[i]" steps into a sequence's item i, whose entry starts at
// its dash.
std::vector<Entry> entriesAlong(const Document &doc, const YAML::Node &root, const std::vector<std::string> &path)
{
    std::vector<Entry> found;
    YAML::Node node(root);
    bool inFlow = false;
    for (const std::string &key : path) {
        inFlow = inFlow || ((node.IsMap() || node.IsSequence()) && node.Style() == YAML::EmitterStyle::Flow);
        if (key.front() == '[') {
            const std::size_t index = std::stoul(key.substr(1));
            if (!node.IsSequence() || index >= node.size())
                break;
            const YAML::Node item = node[index];
            const std::optional<std::pair<int, int>> dash = dashOf(doc, item.Mark());
            if (inFlow || !dash)
                break;
            found.push_back({dash->first, dash->second, item, inFlow});
            node.reset(item);
            continue;
        }
        if (!node.IsMap())
            break;
        bool matched = false;
        for (const auto &entry : node) {
            if (entry.first.IsScalar() && entry.first.Scalar() == key) {
                found.push_back({entry.first.Mark().line, entry.first.Mark().column, entry.second, inFlow});
                node.reset(entry.second); // not operator=, which would overwrite the tree
                matched = true;
                break;
            }
        }
        if (!matched)
            break;
    }
    return found;
}

// The last line of a block-style entry: the lines after its key indented deeper (or a
// sequence's dashes at the key's own indent), less the blank and comment lines it ends with.
int lastLineOf(const Document &doc, const Entry &entry)
{
    int last = entry.keyLine;
    for (int i = entry.keyLine + 1; i < int(doc.lines.size()); ++i) {
        const std::string &line = doc.lines[size_t(i)];
        if (!holdsContent(line))
            continue;
        const int indent = indentOf(line);
        const bool dash = indent == entry.keyColumn && line[size_t(indent)] == '-'
            && (line.size() == size_t(indent) + 1 || line[size_t(indent) + 1] == ' ');
        if (indent <= entry.keyColumn && !(dash && entry.value.IsSequence()))
            break;
        last = i;
    }
    return last;
}

// Where a quoted or bracketed value that opens at `begin` closes, one past it; npos when it
// does not close on this line.
size_t closingOf(const std::string &line, size_t begin)
{
    const char open = line[begin];
    if (open == '\'' || open == '"') {
        for (size_t i = begin + 1; i < line.size(); ++i) {
            if (open == '"' && line[i] == '\\')
                ++i;
            else if (line[i] == open && open == '\'' && i + 1 < line.size() && line[i + 1] == '\'')
                ++i; // '' is a quote inside single quotes
            else if (line[i] == open)
                return i + 1;
        }
        return std::string::npos;
    }
    int depth = 0;
    for (size_t i = begin; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\'' || c == '"') {
            const size_t end = closingOf(line, i);
            if (end == std::string::npos)
                return end;
            i = end - 1;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && --depth == 0) {
            return i + 1;
        }
    }
    return std::string::npos;
}

// Where the name of an anchor (&ep) or alias (*ep) at `at` ends: at a blank or a flow
// collection's punctuation, as yaml-cpp reads it.
size_t nameEnd(const std::string &line, size_t at)
{
    return std::min(line.size(), line.find_first_of(" \t,[]{}", at));
}

// The columns [first, second) of an entry's value where it is written whole on its key's
// line, after its anchor (which stays); nullopt for a block collection, a block scalar, an
// alias or tag, or a value that goes on over more lines.
std::optional<std::pair<size_t, size_t>> valueOnKeyLine(const Document &doc, const Entry &entry)
{
    const YAML::Mark mark = entry.value.Mark();
    const bool flowValue =
        entry.value.IsScalar() || entry.value.IsNull() || entry.value.Style() == YAML::EmitterStyle::Flow;
    // A value that starts before its key is an alias's, written at its anchor.
    if (!flowValue || mark.line != entry.keyLine || mark.column <= entry.keyColumn
        || (!entry.inFlow && lastLineOf(doc, entry) != entry.keyLine))
        return std::nullopt;
    const std::string &line = doc.lines[size_t(entry.keyLine)];
    size_t begin = size_t(mark.column);
    if (begin < line.size() && line[begin] == '&') {
        const size_t name = nameEnd(line, begin);
        if (name >= line.size() || (line[name] != ' ' && line[name] != '\t'))
            return std::nullopt;
        begin = std::min(line.size(), line.find_first_not_of(" \t", name));
    }
    if (begin >= line.size() || std::string_view("|>&*!#").find(line[begin]) != std::string_view::npos)
        return std::nullopt;
    size_t end = begin;
    if (std::string_view("'\"[{").find(line[begin]) != std::string_view::npos) {
        end = closingOf(line, begin);
        if (end == std::string::npos)
            return std::nullopt;
    } else {
        // A plain scalar runs to a comment, or in a flow collection to its next separator.
        while (end < line.size() && !(line[end] == '#' && (line[end - 1] == ' ' || line[end - 1] == '\t'))
               && !(entry.inFlow && std::string_view(",]}").find(line[end]) != std::string_view::npos))
            ++end;
        while (end > begin && (line[end - 1] == ' ' || line[end - 1] == '\t'))
            --end;
    }
    return std::make_pair(begin, end);
}

// A line's trailing comment with the blanks before it ("   # why"), from `from` on; quoted
// text may hold a '#'.
std::string commentOf(const std::string &line, size_t from)
{
    for (size_t i = from; i < line.size(); ++i) {
        if (line[i] == '\'' || line[i] == '"') {
            const size_t end = closingOf(line, i);
            if (end == std::string::npos)
                return {};
            i = end - 1;
        } else if (line[i] == '#' && i > from && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
            size_t begin = i;
            while (begin > from && (line[begin - 1] == ' ' || line[begin - 1] == '\t'))
                --begin;
            return line.substr(begin);
        }
    }
    return {};
}

// The lines of a writer's entry, shifted from its indent to `column`. The writer indents by
// 2; what goes in takes the text's own step (4 in a 4-space file) for each level, and a
// sequence item's keys line up after its dash, as they must.
std::vector<std::string> entryLines(const Document &writer, const Entry &entry, int column, int unit)
{
    std::vector<std::string> lines(writer.lines.begin() + entry.keyLine,
                                   writer.lines.begin() + lastLineOf(writer, entry) + 1);
    struct Level {
        int writerColumn; // where the line's content starts (after a dash) in the writer's text
        int column;       // and in the text it goes into
    };
    std::vector<Level> levels;
    for (std::string &line : lines) {
        const int indent = indentOf(line);
        if (indent < 0)
            continue;
        while (!levels.empty() && levels.back().writerColumn > indent)
            levels.pop_back();
        int shifted = column;
        if (!levels.empty() && levels.back().writerColumn == indent) { // a sibling
            shifted = levels.back().column;
            levels.pop_back();
        } else if (!levels.empty()) { // a child
            shifted = levels.back().column + unit;
        }
        const bool dash = line.compare(size_t(indent), 2, "- ") == 0;
        levels.push_back({indent + (dash ? 2 : 0), shifted + (dash ? 2 : 0)});
        line = std::string(size_t(shifted), ' ') + line.substr(size_t(indent));
    }
    return lines;
}

// How far the text indents a mapping inside another (2 where it shows none).
int indentUnitOf(const Document &doc)
{
    const YAML::Node root = YAML::Load(doc.body());
    if (root.IsMap())
        for (const auto &entry : root)
            if (entry.second.IsMap() && entry.second.Style() != YAML::EmitterStyle::Flow && entry.second.size() > 0) {
                const int unit = entry.second.begin()->first.Mark().column - entry.first.Mark().column;
                if (unit > 0)
                    return unit;
            }
    return 2;
}

void replaceLines(Document &doc, int first, int last, const std::vector<std::string> &lines)
{
    doc.lines.erase(doc.lines.begin() + first, doc.lines.begin() + last + 1);
    doc.lines.insert(doc.lines.begin() + first, lines.begin(), lines.end());
}

std::vector<std::string> splitPath(const std::string &keyPath)
{
    std::vector<std::string> keys;
    std::istringstream in(keyPath);
    for (std::string key; std::getline(in, key, '.');)
        keys.push_back(key);
    return keys;
}

AnchorScan scanAnchors(const Document &doc)
{
    return scanYamlAnchors(doc.body());
}

// An alias's text replaced by a copy of the value it names.
struct AliasCopy {
    int line = 0;
    int column = 0;
    size_t length = 0; // of "*name"
    std::string text;
};

// The copy of its anchor's value that `alias` can be replaced by, in the user's spelling: a
// value written whole on its key's line (a scalar, a flow collection) before the alias, that
// reads the same in the alias's place. Nullopt for any other.
std::optional<AliasCopy> copyFor(const Document &doc, const YAML::Node &root, const AnchorScan &scan,
                                 const AnchorUse &alias)
{
    const auto anchor = std::find_if(scan.anchors.begin(), scan.anchors.end(),
                                     [&](const AnchorUse &a) { return a.anchor == alias.anchor; });
    if (anchor == scan.anchors.end() || anchor->path.empty())
        return std::nullopt;
    const std::vector<Entry> found = entriesAlong(doc, root, anchor->path);
    if (found.size() != anchor->path.size() || found.back().value.Mark().line != anchor->mark.line
        || found.back().value.Mark().column != anchor->mark.column)
        return std::nullopt;
    const Entry &entry = found.back();
    const std::optional<std::pair<size_t, size_t>> value = valueOnKeyLine(doc, entry);
    const std::string &line = doc.lines[size_t(entry.keyLine)];
    const size_t at = size_t(anchor->mark.column);
    if (!value || line[at] != '&'
        || std::make_pair(alias.mark.line, size_t(alias.mark.column)) < std::make_pair(entry.keyLine, value->second))
        return std::nullopt;
    const std::string text = line.substr(value->first, value->second - value->first);
    if (text.empty())
        return std::nullopt;
    // In a flow collection a plain scalar ends at its punctuation.
    const bool plain = std::string_view("'\"[{").find(text.front()) == std::string_view::npos;
    if (alias.inFlow && plain && text.find_first_of(",:?[]{}#") != std::string::npos)
        return std::nullopt;
    const std::string name = "*" + line.substr(at + 1, nameEnd(line, at) - at - 1);
    if (doc.lines[size_t(alias.mark.line)].compare(size_t(alias.mark.column), name.size(), name) != 0)
        return std::nullopt;
    return AliasCopy{alias.mark.line, alias.mark.column, name.size(), text};
}

// Replaces the aliases, the last first, so that each one's column still holds when one before
// it on its line changes.
void applyCopies(Document &doc, std::vector<AliasCopy> copies)
{
    std::sort(copies.begin(), copies.end(), [](const AliasCopy &a, const AliasCopy &b) {
        return std::tie(a.line, a.column) > std::tie(b.line, b.column);
    });
    for (const AliasCopy &copy : copies)
        doc.lines[size_t(copy.line)].replace(size_t(copy.column), copy.length, copy.text);
}

// Whether an alias's place, with the rest of the edited path, takes the edit too.
using SharesEdit = std::function<bool(const std::vector<std::string> &place)>;

// An edit must not change what another place says through an alias: an alias reads as a copy
// of its anchor's value (as OmegaConf reads it, and --set edits one place alone). So each alias
// of a node the edit changes (the entries `along` the edited path, of which the first `kept`
// keep their node, anchor and all) is given the text of the value it had, unless `shares` says
// its place takes the same edit. False where an alias cannot be given its value (one written
// over several lines): the edit would change it.
bool unshareAliases(Document &user, const std::vector<Entry> &along, const std::vector<std::string> &path,
                    std::size_t kept, const SharesEdit &shares)
{
    // Only an anchor written on its entry's line, after the key; a value before it is an alias's.
    const auto anchored = [&](const Entry &entry) {
        const YAML::Mark mark = entry.value.Mark();
        const std::string &line = user.lines[size_t(entry.keyLine)];
        return mark.line == entry.keyLine && mark.column > entry.keyColumn && size_t(mark.column) < line.size()
               && line[size_t(mark.column)] == '&';
    };
    if (std::none_of(along.begin(), along.end(), anchored))
        return true;
    const YAML::Node root = YAML::Load(user.body());
    const AnchorScan scan = scanAnchors(user);
    std::vector<AliasCopy> copies;
    for (std::size_t i = 0; i < along.size(); ++i) {
        const YAML::Mark mark = along[i].value.Mark();
        const auto anchor = std::find_if(scan.anchors.begin(), scan.anchors.end(), [&](const AnchorUse &a) {
            return a.mark.line == mark.line && a.mark.column == mark.column;
        });
        if (!anchored(along[i]) || anchor == scan.anchors.end())
            continue;
        for (const AnchorUse &alias : scan.aliases) {
            if (alias.anchor != anchor->anchor)
                continue;
            std::vector<std::string> place = alias.path;
            place.insert(place.end(), path.begin() + std::ptrdiff_t(i) + 1, path.end());
            if (i < kept && shares(place))
                continue;
            const std::optional<AliasCopy> copy = copyFor(user, root, scan, alias);
            if (!copy)
                return false;
            copies.push_back(*copy);
        }
    }
    applyCopies(user, copies);
    return true;
}

// An alias on an edited path, and the anchored node it names, by their key paths.
struct AliasOnPath {
    std::vector<std::string> alias, anchor;
};

// The first of the entries `along` a path whose value the text has through an alias (policy:
// *main, then lr): an edit there would be made at the anchor, for every alias.
std::optional<AliasOnPath> aliasOnTheWay(const Document &user, const std::vector<Entry> &along,
                                         const std::vector<std::string> &path)
{
    std::optional<AnchorScan> scan;
    for (std::size_t i = 0; i < along.size(); ++i) {
        const YAML::Mark mark = along[i].value.Mark();
        if (std::make_pair(mark.line, mark.column) > std::make_pair(along[i].keyLine, along[i].keyColumn))
            continue; // written after its key: its own (a null at the end may start before it)
        if (!scan)
            scan = scanAnchors(user);
        const std::vector<std::string> at(path.begin(), path.begin() + std::ptrdiff_t(i) + 1);
        const auto alias = std::find_if(scan->aliases.begin(), scan->aliases.end(),
                                        [&](const AnchorUse &a) { return a.path == at; });
        if (alias == scan->aliases.end())
            continue;
        const auto anchor = std::find_if(scan->anchors.begin(), scan->anchors.end(),
                                         [&](const AnchorUse &a) { return a.anchor == alias->anchor; });
        return AliasOnPath{at, anchor == scan->anchors.end() ? std::vector<std::string>{} : anchor->path};
    }
    return std::nullopt;
}

// Replaces the alias at `path` by a copy of its anchor's value, which the edit can then change
// in this place alone; false where the value has no copy on one line.
bool copyIntoAlias(Document &user, const std::vector<std::string> &path)
{
    const AnchorScan scan = scanAnchors(user);
    const auto alias = std::find_if(scan.aliases.begin(), scan.aliases.end(),
                                    [&](const AnchorUse &a) { return a.path == path; });
    if (alias == scan.aliases.end())
        return false;
    const std::optional<AliasCopy> copy = copyFor(user, YAML::Load(user.body()), scan, *alias);
    if (!copy)
        return false;
    applyCopies(user, {*copy});
    return true;
}

// Whether two nodes say the same: scalars by their text and tag, collections as written out.
bool sameValue(const YAML::Node &a, const YAML::Node &b)
{
    if (a.Type() != b.Type() || a.Tag() != b.Tag())
        return false;
    if (a.IsScalar())
        return a.Scalar() == b.Scalar();
    YAML::Emitter first, second;
    first << YAML::Flow << a;
    second << YAML::Flow << b;
    return std::string(first.c_str()) == second.c_str();
}

// The lines that put the writer's entry at the end of `inWriter` where the text's entries stop
// after `depth`, at `column`: the sections between as their key alone, so that only the edited
// key goes in (the writer's section would bring every default it writes). A section the writer
// writes otherwise (a flow map, a list item) goes in whole.
std::vector<std::string> missingLines(const Document &writer, const std::vector<Entry> &inWriter, std::size_t depth,
                                      int column, int unit)
{
    std::vector<std::string> lines;
    std::size_t level = depth;
    for (; level + 1 < inWriter.size(); ++level, column += unit) {
        const Entry &section = inWriter[level];
        if (!section.value.IsMap() || section.value.Style() == YAML::EmitterStyle::Flow
            || section.value.Mark().line == section.keyLine)
            break;
        const std::string &key = writer.lines[size_t(section.keyLine)];
        lines.push_back(std::string(size_t(column), ' ') + key.substr(size_t(section.keyColumn)));
    }
    const std::vector<std::string> entry = entryLines(writer, inWriter[level], column, unit);
    lines.insert(lines.end(), entry.begin(), entry.end());
    return lines;
}

// A key the writer leaves out is taken out, and any anchor its value holds with it.
bool removeEntry(Document &user, const std::vector<Entry> &inUser, const std::vector<std::string> &path,
                 const SharesEdit &shares)
{
    const Entry &entry = inUser.back();
    if (entry.inFlow || !unshareAliases(user, inUser, path, inUser.size() - 1, shares))
        return false;
    user.lines.erase(user.lines.begin() + entry.keyLine, user.lines.begin() + lastLineOf(user, entry) + 1);
    return true;
}

// A key the text has says the writer's value: on its line after the key (and its anchor), or
// as the writer writes the whole entry where either value is not on its key's line.
bool changeEntry(Document &user, const Document &writer, const std::vector<Entry> &inUser, const Entry &theirs,
                 const std::vector<std::string> &path, const SharesEdit &shares)
{
    const Entry &mine = inUser.back();
    const auto myValue = valueOnKeyLine(user, mine);
    const auto theirValue = valueOnKeyLine(writer, theirs);
    const bool inPlace = myValue && theirValue;
    if ((!inPlace && mine.inFlow) || !unshareAliases(user, inUser, path, inUser.size() - (inPlace ? 0 : 1), shares))
        return false;
    if (inPlace) {
        const std::string value = writer.lines[size_t(theirs.keyLine)].substr(
            theirValue->first, theirValue->second - theirValue->first);
        user.lines[size_t(mine.keyLine)].replace(myValue->first, myValue->second - myValue->first, value);
        return true;
    }
    std::vector<std::string> lines = entryLines(writer, theirs, mine.keyColumn, user.indentUnit);
    const std::string comment = commentOf(user.lines[size_t(mine.keyLine)], size_t(mine.keyColumn));
    if (!comment.empty() && commentOf(lines.front(), size_t(mine.keyColumn)).empty())
        lines.front() += comment;
    replaceLines(user, mine.keyLine, lastLineOf(user, mine), lines);
    return true;
}

// "dataset:" with nothing under it (or null): the missing keys go under it, its comment stays.
void fillEmptySection(Document &user, const Document &writer, const std::vector<Entry> &inUser,
                      const std::vector<Entry> &inWriter, const std::vector<std::string> &path)
{
    const std::size_t depth = inUser.size();
    const Entry &parent = inUser[depth - 1];
    if (path[depth - 1].front() == '[') { // an empty list item is written anew
        replaceLines(user, parent.keyLine, lastLineOf(user, parent),
                     entryLines(writer, inWriter[depth - 1], parent.keyColumn, user.indentUnit));
        return;
    }
    std::string &line = user.lines[size_t(parent.keyLine)];
    if (const auto value = valueOnKeyLine(user, parent)) { // "null" or "~": the keys say it now
        size_t from = value->first;
        while (from > 0 && (line[from - 1] == ' ' || line[from - 1] == '\t'))
            --from;
        line = line.substr(0, from) + line.substr(value->second);
    }
    const std::vector<std::string> lines =
        missingLines(writer, inWriter, depth, parent.keyColumn + user.indentUnit, user.indentUnit);
    user.lines.insert(user.lines.begin() + lastLineOf(user, parent) + 1, lines.begin(), lines.end());
}

// Where the flow collection opened at `line[open]` closes on the same line; nullopt where it
// runs on to another line. Quoted text is passed over.
std::optional<size_t> flowEndOnLine(const std::string &line, size_t open)
{
    int depth = 0;
    for (size_t i = open; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\'' || c == '"') {
            for (++i; i < line.size() && line[i] != c; ++i)
                if (c == '"' && line[i] == '\\')
                    ++i;
            if (i >= line.size())
                return std::nullopt;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i;
        } else if (c == '#' && i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

// A key the text lacks in a flow section written on one line ("trainer: {max_epochs: 3}")
// goes in before its closing brace, with the sections between as flow maps of it alone
// ("dataset: {limit: 100}"), where the writer writes its value as a scalar on one line that a
// flow collection keeps as it is; false otherwise.
bool addToFlowSection(Document &user, const Document &writer, const std::vector<Entry> &inUser,
                      const std::vector<Entry> &inWriter, const std::vector<std::string> &path)
{
    const size_t depth = inUser.size();
    const YAML::Node section = inUser[depth - 1].value;
    if (inWriter.size() != path.size() || !inWriter.back().value.IsScalar())
        return false;
    const auto theirValue = valueOnKeyLine(writer, inWriter.back());
    if (!theirValue)
        return false;
    const std::string value = writer.lines[size_t(inWriter.back().keyLine)].substr(
        theirValue->first, theirValue->second - theirValue->first);
    const bool plain = !value.empty() && value.front() != '\'' && value.front() != '"';
    if (value.empty() || (plain && value.find_first_of(",:?[]{}#") != std::string::npos))
        return false;
    std::string entry = path.back() + ": " + value;
    for (size_t level = path.size() - 1; level-- > depth;)
        entry = path[level] + ": {" + entry + "}";
    if (std::any_of(path.begin() + std::ptrdiff_t(depth), path.end(),
                    [](const std::string &key) { return key.empty() || key.front() == '['; }))
        return false; // a list item is no key to write
    std::string &line = user.lines[size_t(section.Mark().line)];
    const auto open = size_t(section.Mark().column);
    const std::optional<size_t> close = open < line.size() && line[open] == '{' ? flowEndOnLine(line, open)
                                                                                  : std::nullopt;
    if (!close)
        return false;
    size_t at = *close;
    while (at > open + 1 && (line[at - 1] == ' ' || line[at - 1] == '\t'))
        --at;
    line.insert(at, (at > open + 1 ? ", " : "") + entry);
    return true;
}

// A key the text lacks goes in as the writer writes it, with the sections it lacks too: after
// the last key the writer puts before it that the text has, else before the first it puts
// after it, else at the end of its section.
bool addEntry(Document &user, const Document &writer, const YAML::Node &root, const YAML::Node &written,
              const std::vector<Entry> &inUser, const std::vector<Entry> &inWriter,
              const std::vector<std::string> &path, const SharesEdit &shares)
{
    const size_t depth = inUser.size();
    const YAML::Node section = depth == 0 ? root : inUser[depth - 1].value;
    if (depth == 0 && root.IsNull()) {
        const std::vector<std::string> lines = missingLines(writer, inWriter, 0, 0, user.indentUnit);
        user.lines.insert(user.lines.end(), lines.begin(), lines.end());
        return true;
    }
    if (!unshareAliases(user, inUser, path, depth, shares))
        return false;
    if (depth > 0 && section.IsMap() && section.Style() == YAML::EmitterStyle::Flow)
        return addToFlowSection(user, writer, inUser, inWriter, path);
    if ((depth > 0 && inUser[depth - 1].inFlow) || section.Style() == YAML::EmitterStyle::Flow)
        return false;
    if (depth > 0 && section.IsNull()) {
        fillEmptySection(user, writer, inUser, inWriter, path);
        return true;
    }
    if (!section.IsMap())
        return false;
    const int column = section.begin()->first.Mark().column;
    int line = depth == 0 ? int(user.lines.size()) : lastLineOf(user, inUser[depth - 1]) + 1;
    const YAML::Node theirSection = depth == 0 ? written : inWriter[depth - 1].value;
    std::vector<std::string> before(path.begin(), path.begin() + std::ptrdiff_t(depth) + 1);
    bool placed = false, passed = false;
    for (const auto &entry : theirSection) {
        if (entry.first.Scalar() == path[depth]) {
            passed = true;
            continue;
        }
        before.back() = entry.first.Scalar();
        const std::vector<Entry> sibling = entriesAlong(user, root, before);
        if (sibling.size() != before.size())
            continue;
        if (!passed) { // the last one before it
            line = lastLineOf(user, sibling.back()) + 1;
            placed = true;
        } else {
            if (!placed) { // else before the first one after it, and the comment heading it
                line = sibling.back().keyLine;
                while (line > 0 && indentOf(user.lines[size_t(line) - 1]) >= 0
                       && !holdsContent(user.lines[size_t(line) - 1]))
                    --line;
            }
            break;
        }
    }
    const std::vector<std::string> lines = missingLines(writer, inWriter, depth, column, user.indentUnit);
    user.lines.insert(user.lines.begin() + line, lines.begin(), lines.end());
    return true;
}

// Makes the text say at `path` what the writer's text says at `writerPath` (or not say it,
// where the writer leaves the key out); false where that cannot be done in place.
bool applyChange(Document &user, const Document &writer, const YAML::Node &written, const std::vector<std::string> &path,
                 const std::vector<std::string> &writerPath)
{
    const YAML::Node root = YAML::Load(user.body());
    const std::vector<Entry> inUser = entriesAlong(user, root, path);
    const std::vector<Entry> inWriter = entriesAlong(writer, written, writerPath);
    const bool userHasIt = inUser.size() == path.size();
    const bool writerHasIt = inWriter.size() == writerPath.size();
    // An alias takes the edit where the writer says the edited value in its place too.
    const SharesEdit shares = [&](const std::vector<std::string> &place) {
        const std::vector<Entry> there = entriesAlong(writer, written, place);
        return writerHasIt && !place.empty() && there.size() == place.size()
               && sameValue(there.back().value, inWriter.back().value);
    };
    if (!userHasIt && !writerHasIt)
        return true;
    // What the text has through an alias is written at its anchor, for every alias of it: this
    // alias becomes a copy of it, which the edit changes alone. A key's own alias whose anchor
    // takes the same edit (there, before or after) goes on naming it; one with no copy on one
    // line is written anew.
    if (const std::optional<AliasOnPath> alias = aliasOnTheWay(user, inUser, path)) {
        const bool own = alias->alias.size() == path.size();
        if (own && shares(alias->anchor))
            return true;
        if (copyIntoAlias(user, alias->alias))
            return applyChange(user, writer, written, path, writerPath);
        if (!own)
            return false;
    }
    if (!writerHasIt)
        return removeEntry(user, inUser, path, shares);
    if (userHasIt)
        return changeEntry(user, writer, inUser, inWriter.back(), path, shares);
    return addEntry(user, writer, root, written, inUser, inWriter, path, shares);
}

// Where the text says a key under another name the reader takes too, the edit goes there:
// smp's encoder_weights naming a model's weights file, AutoAlbument 1's optim.epochs for
// trainer.max_epochs. Adding the writer's key beside it would leave the user's stale.
std::vector<std::string> pathAsWritten(const Document &user, const std::vector<std::string> &path)
{
    std::vector<std::string> other;
    if (path.size() == 2 && path[1] == "weights")
        other = {path[0], "encoder_weights"};
    else if (path == std::vector<std::string>{"trainer", "max_epochs"})
        other = {"optim", "epochs"};
    if (other.empty())
        return path;
    const YAML::Node root = YAML::Load(user.body());
    if (entriesAlong(user, root, path).size() == path.size())
        return path;
    const std::vector<Entry> found = entriesAlong(user, root, other);
    if (found.size() != other.size() || !found.back().value.IsScalar())
        return path;
    return other[1] == "encoder_weights" && !encoderWeightsNameAFile(found.back().value.Scalar()) ? path : other;
}

// A user who wrote trainer.device goes on writing it: the writer says cpu and auto as
// trainer.gpus 0 and 1 (AutoAlbument's key), which the user's device would outrank.
bool editDeviceAsWritten(Document &user, const SearchConfig &after)
{
    const std::vector<std::string> path{"trainer", "device"};
    const std::vector<Entry> found = entriesAlong(user, YAML::Load(user.body()), path);
    if (found.size() != path.size())
        return false;
    const auto value = valueOnKeyLine(user, found.back());
    const auto never = [](const std::vector<std::string> &) { return false; };
    if (!value || !unshareAliases(user, found, path, found.size(), never))
        return false;
    user.lines[size_t(found.back().keyLine)].replace(value->first, value->second - value->first,
                                                     yamlString(after.trainer.device));
    return true;
}

// What makes two operations the same one for the operations table: a range edit keeps it,
// ticking or unticking adds or takes it away.
std::string identityOf(const OperationConfig &operation)
{
    std::string identity = operation.name;
    for (const auto &[key, value] : operation.args)
        identity += " " + key + "=" + formatNumber(value);
    return identity;
}

// The operations list edited item by item, so that an item's own keys AugStudio does not
// read (a per-operation temperature), and the comments between items, stay: a changed range
// is set in its item, an operation left out loses its item, a new one goes in after the
// operation before it (one moved is taken out and put in again). False where the text's
// items are not the config's.
bool editOperations(Document &user, const Document &writer, const YAML::Node &written,
                    const std::vector<OperationConfig> &before, const std::vector<OperationConfig> &after)
{
    const std::vector<std::string> listPath{"policy_model", "operations"};
    const std::vector<Entry> list = entriesAlong(user, YAML::Load(user.body()), listPath);
    if (list.size() != listPath.size() || !list.back().value.IsSequence() || list.back().inFlow
        || list.back().value.Style() == YAML::EmitterStyle::Flow || list.back().value.size() != before.size())
        return false;

    // Each operation after the edit with the one it was before, in the same order.
    std::vector<std::optional<std::size_t>> was(after.size());
    std::vector<bool> kept(before.size(), false);
    std::size_t next = 0;
    for (std::size_t a = 0; a < after.size(); ++a) {
        for (std::size_t b = next; b < before.size(); ++b) {
            if (identityOf(before[b]) == identityOf(after[a])) {
                was[a] = b;
                kept[b] = true;
                next = b + 1;
                break;
            }
        }
    }
    const auto path = [&](std::size_t item) { return std::vector<std::string>{"policy_model", "operations", yamlItemKey(item)}; };
    for (std::size_t a = 0; a < after.size(); ++a) {
        if (!was[a] || before[*was[a]].valueRange == after[a].valueRange)
            continue;
        std::vector<std::string> mine = path(*was[a]), theirs = path(a);
        mine.push_back("value_range");
        theirs.push_back("value_range");
        if (applyChange(user, writer, written, mine, theirs))
            continue;
        // An item that cannot take the key in place ("- {_target_: ...}") is written anew, alone.
        const std::vector<Entry> item = entriesAlong(user, YAML::Load(user.body()), path(*was[a]));
        const std::vector<Entry> their = entriesAlong(writer, written, path(a));
        if (item.size() != 3 || their.size() != 3 || item.back().inFlow)
            return false;
        replaceLines(user, item.back().keyLine, lastLineOf(user, item.back()),
                     entryLines(writer, their.back(), item.back().keyColumn, user.indentUnit));
    }
    for (std::size_t b = before.size(); b-- > 0;) {
        if (kept[b])
            continue;
        const std::vector<Entry> item = entriesAlong(user, YAML::Load(user.body()), path(b));
        if (item.size() != 3)
            return false;
        user.lines.erase(user.lines.begin() + item.back().keyLine, user.lines.begin() + lastLineOf(user, item.back()) + 1);
    }
    // The items now in the text, by the index each has after the edit (kept ones only so far).
    std::vector<std::size_t> present;
    for (std::size_t a = 0; a < after.size(); ++a)
        if (was[a])
            present.push_back(a);
    for (std::size_t a = 0; a < after.size(); ++a) {
        if (was[a])
            continue;
        const std::vector<Entry> theirs = entriesAlong(writer, written, path(a));
        const auto place = std::lower_bound(present.begin(), present.end(), a);
        const YAML::Node root = YAML::Load(user.body());
        const std::vector<Entry> operations = entriesAlong(user, root, listPath);
        if (theirs.size() != 3 || operations.size() != 2)
            return false;
        int line = operations.back().keyLine + 1, column = operations.back().keyColumn + 2;
        if (place != present.begin()) { // after the item before it
            const std::vector<Entry> previous = entriesAlong(user, root, path(std::size_t(place - present.begin()) - 1));
            if (previous.size() != 3)
                return false;
            line = lastLineOf(user, previous.back()) + 1;
            column = previous.back().keyColumn;
        } else if (!present.empty()) { // before the first
            const std::vector<Entry> first = entriesAlong(user, root, path(0));
            if (first.size() != 3)
                return false;
            line = first.back().keyLine;
            column = first.back().keyColumn;
        }
        const std::vector<std::string> lines = entryLines(writer, theirs.back(), column, user.indentUnit);
        user.lines.insert(user.lines.begin() + line, lines.begin(), lines.end());
        present.insert(place, a);
    }
    return true;
}

// Whether `text` says what `config` says: it reads as it, or the reader refuses both for the
// same key (a value the settings take that the config refuses across keys, chunks beyond half
// the batch: the text keeps the user's comments, and the error is said of it).
bool readsAs(const std::string &text, const SearchConfig &config, const std::string &sourceName)
{
    try {
        return parseConfig(text, sourceName).config == config;
    } catch (const ConfigError &textError) {
        try {
            parseConfig(configToYaml(config), sourceName);
        } catch (const ConfigError &configError) {
            return !textError.keyPath.empty() && textError.keyPath == configError.keyPath;
        }
        return false;
    }
}

} // namespace

std::optional<std::string> editConfigText(const std::string &text, const SearchConfig &before,
                                          const SearchConfig &after, const std::string &sourceName)
{
    const std::vector<ConfigChange> changes = configChanges(before, after);
    if (changes.empty())
        return text;
    try {
        Document user(text);
        user.indentUnit = indentUnitOf(user);
        const Document writer(configToYaml(after));
        const YAML::Node written = YAML::Load(writer.body());
        const bool deviceAsWritten = before.trainer.device != after.trainer.device && editDeviceAsWritten(user, after);
        const bool operationsByItem = before.policy.operations != after.policy.operations
                                      && editOperations(user, writer, written, before.policy.operations,
                                                        after.policy.operations);
        for (const ConfigChange &change : changes) {
            const bool device = change.keyPath == "trainer.device" || change.keyPath == "trainer.gpus";
            const bool operations = change.keyPath == "policy_model.operations";
            if ((device && deviceAsWritten) || (operations && operationsByItem))
                continue;
            const std::vector<std::string> path = splitPath(change.keyPath);
            if (!applyChange(user, writer, written, pathAsWritten(user, path), path))
                return std::nullopt;
        }
        std::string edited = user.joined();
        // The reader has the last word: keys it derives from others, or reads together, show here.
        if (readsAs(edited, after, sourceName))
            return edited;
    } catch (const std::exception &) {
        // A text the edit broke: the caller writes the config whole instead.
    }
    return std::nullopt;
}

} // namespace augstudio
