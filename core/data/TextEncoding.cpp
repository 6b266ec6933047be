#include "data/TextEncoding.h"

#include "data/Dataset.h"

namespace augstudio {

namespace {

void appendUtf8(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

// UTF-16 after its byte-order mark, as UTF-8; a lone surrogate becomes U+FFFD, an odd last
// byte (a file cut short) is dropped.
std::string utf8FromUtf16(const std::string &bytes, bool littleEndian)
{
    const auto unit = [&](std::size_t at) -> char32_t {
        const auto first = static_cast<unsigned char>(bytes[at]), second = static_cast<unsigned char>(bytes[at + 1]);
        return littleEndian ? char32_t(second << 8 | first) : char32_t(first << 8 | second);
    };
    const auto isHigh = [](char32_t c) { return c >= 0xD800 && c < 0xDC00; };
    const auto isLow = [](char32_t c) { return c >= 0xDC00 && c < 0xE000; };
    std::string out;
    out.reserve(bytes.size() / 2);
    for (std::size_t at = 2; at + 1 < bytes.size(); at += 2) {
        char32_t c = unit(at);
        if (isHigh(c) && at + 3 < bytes.size() && isLow(unit(at + 2))) {
            c = 0x10000 + ((c - 0xD800) << 10) + (unit(at + 2) - 0xDC00);
            at += 2;
        } else if (isHigh(c) || isLow(c)) {
            c = 0xFFFD;
        }
        appendUtf8(out, c);
    }
    return out;
}

} // namespace

std::string textAsUtf8(const std::string &text, const std::string &file)
{
    if (text.compare(0, 2, "\xFF\xFE") == 0)
        return utf8FromUtf16(text, true);
    if (text.compare(0, 2, "\xFE\xFF") == 0)
        return utf8FromUtf16(text, false);
    if (text.find('\0') != std::string::npos)
        throw DatasetError(file + " holds NUL bytes: UTF-16 without a byte-order mark, or no text; save it as "
                                  "UTF-8 (a spreadsheet's \"CSV UTF-8\")",
                           file);
    return text;
}

} // namespace augstudio
