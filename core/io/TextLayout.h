#pragma once

// How a text file lays out its bytes beyond its lines: a byte-order mark and CRLF (or old Mac
// editors' CR) line ends, kept so that a file written back reads in the user's editor, and
// diffs, as it did.

#include <string>

namespace augstudio {

struct TextLayout {
    bool byteOrderMark = false;
    bool crlf = false;
    bool crOnly = false; // every line ends with a carriage return alone
};

// The file's text with "\n" line ends and no byte-order mark; how the file had them goes to
// `layout`. A carriage return alone ends a line too, as YAML reads it.
std::string plainText(std::string bytes, TextLayout *layout);
// The text laid out as `layout` says.
std::string laidOut(const std::string &text, const TextLayout &layout);

} // namespace augstudio
