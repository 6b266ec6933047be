#pragma once

// The JSON files commands write for scripts (--json): one rule for what they hold.

#include "io/AtomicFile.h"
#include "io/PrintableText.h"

#include <string>

namespace augstudio::cli {

// `value` with each string as the text reports print it (printableText): a byte that is not
// part of UTF-8 (a Linux file name may hold any) written \xNN, so that the name a script reads
// is the one the report printed, and the file can be found, where U+FFFD would lose the byte.
template <class Json>
Json withPrintableStrings(Json value)
{
    if (value.is_string())
        return printableText(value.template get_ref<const std::string &>());
    if (value.is_structured()) // a number iterates as itself
        for (auto &item : value)
            item = withPrintableStrings(std::move(item));
    return value;
}

// `document` indented, written atomically to `path`. JSON text must be UTF-8: what
// printableText still lets through that is not (an overlong or surrogate sequence) becomes
// U+FFFD, where dump() would throw.
template <class Json>
void writeJsonReport(const std::string &path, const Json &document)
{
    writeFileAtomically(path,
                        withPrintableStrings(document).dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

} // namespace augstudio::cli
