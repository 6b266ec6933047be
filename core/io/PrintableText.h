#pragma once

// Text from a user's file, as a terminal can show it in a message.

#include <string>

namespace augstudio {

// `text` with each byte that is not part of a UTF-8 sequence (a Latin-1 path) and each
// control character but the tab and the line feed written as \xNN.
std::string printableText(const std::string &text);
// The same with the line feed escaped too: a one-line message (a warning naming a file whose
// name holds a line break) stays one line.
std::string printableLine(const std::string &text);

} // namespace augstudio
