// The encodings a dataset's text files come in: what spreadsheets and shells write besides UTF-8.
#pragma once

#include <string>

namespace augstudio {

// `text` as UTF-8: UTF-16 with a byte-order mark (what PowerShell's `>` and Excel's "Unicode
// text" write) converted, a lone surrogate as U+FFFD; other text as it is. Throws DatasetError
// naming `file` where the text holds NUL bytes without such a mark: UTF-16 that cannot be
// told, or no text.
std::string textAsUtf8(const std::string &text, const std::string &file);

} // namespace augstudio
