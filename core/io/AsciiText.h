#pragma once

// Lower (and upper) case for names that are ASCII by definition (file extensions, YAML words, model
// names), the same in every locale: std::tolower follows the C locale, where under tr_TR
// 'I' stays 'I' (its lower case is the dotless ı), so ".TIF" would not be ".tif".

#include <string>

namespace augstudio {

inline std::string asciiLower(std::string text)
{
    for (char &c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

inline std::string asciiUpper(std::string text)
{
    for (char &c : text)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return text;
}

} // namespace augstudio
