#include "io/PrintableText.h"

#include <cstdio>

namespace augstudio {

namespace {

// The length of the UTF-8 sequence at text[i], or 0 when the bytes there are not one. Strict,
// as a JSON writer checks it: no overlong form, no surrogate half (U+D800 to U+DFFF), nothing
// past U+10FFFF. Such bytes are escaped one by one, so that a report's name matches the file's.
size_t utf8Length(const std::string &text, size_t i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    const size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || (length == 2 && lead < 0xC2) || lead > 0xF4 || i + length > text.size())
        return 0;
    for (size_t k = 1; k < length; ++k)
        if ((byte(i + k) >> 6) != 0x2)
            return 0;
    // The second byte's range where the lead alone does not settle it (RFC 3629's table).
    const unsigned char second = length > 1 ? byte(i + 1) : 0;
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90)
        || (lead == 0xF4 && second > 0x8F))
        return 0;
    return length;
}

std::string escaped(const std::string &text, bool keepLineFeeds)
{
    std::string shown;
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const size_t length = utf8Length(text, i);
        if (length == 0 || (c < 0x20 && c != '\t' && !(c == '\n' && keepLineFeeds)) || c == 0x7f) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\x%02x", c);
            shown += escape;
            ++i;
        } else {
            shown.append(text, i, length);
            i += length;
        }
    }
    return shown;
}

} // namespace

std::string printableText(const std::string &text)
{
    return escaped(text, true);
}

std::string printableLine(const std::string &text)
{
    return escaped(text, false);
}

} // namespace augstudio
