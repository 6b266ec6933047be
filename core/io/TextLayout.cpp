#include "io/TextLayout.h"

namespace augstudio {

namespace {
const std::string kByteOrderMark = "\xEF\xBB\xBF";
}

std::string plainText(std::string bytes, TextLayout *layout)
{
    TextLayout found;
    if (bytes.rfind(kByteOrderMark, 0) == 0) {
        found.byteOrderMark = true;
        bytes.erase(0, kByteOrderMark.size());
    }
    std::string text;
    text.reserve(bytes.size());
    bool lineFeeds = false, carriageReturns = false;
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
            found.crlf = true;
            continue;
        }
        lineFeeds = lineFeeds || bytes[i] == '\n';
        carriageReturns = carriageReturns || bytes[i] == '\r';
        text += bytes[i] == '\r' ? '\n' : bytes[i];
    }
    // Written back with CRs only where the file had no other line end.
    found.crOnly = carriageReturns && !lineFeeds && !found.crlf;
    if (layout)
        *layout = found;
    return text;
}

std::string laidOut(const std::string &text, const TextLayout &layout)
{
    std::string bytes = layout.byteOrderMark ? kByteOrderMark : std::string();
    bytes.reserve(bytes.size() + text.size());
    for (const char c : text) {
        if (c == '\n' && layout.crOnly) {
            bytes += '\r';
            continue;
        }
        if (c == '\n' && layout.crlf)
            bytes += '\r';
        bytes += c;
    }
    return bytes;
}

} // namespace augstudio
