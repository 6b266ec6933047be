#pragma once

// Internal to config/: YAML scalar text <-> values, independent of the C locale (a Qt app
// sets LC_NUMERIC from the user's locale, where strtod would stop at the '.').

#include <optional>
#include <string>

namespace augstudio {

std::optional<double> parseNumber(const std::string &text);      // finite numbers only: 3, -0.5, 1e-3
std::optional<long long> parseInteger(const std::string &text);  // 16, also 16.0 and 1e3
// YAML 1.1's other integer forms, as PyYAML (so AutoAlbument) reads a plain scalar: 0b1010,
// 052 (octal: 42), 0x2A, 1_000, 1:30 (base 60: 90). Nothing for plain decimals and other text.
std::optional<long long> parseYaml11Integer(const std::string &text);
std::optional<bool> parseBoolean(const std::string &text);        // true/false, yes/no, on/off

// Shortest text that reads back as exactly `value`; integral values without a fraction,
// exponents with a '.' ("1.0e-08") so that YAML 1.1 readers see a float, not a string.
std::string formatNumber(double value);

// `text` as a YAML scalar: plain when that reads back as the same string, else double-quoted.
std::string yamlString(const std::string &text);

} // namespace augstudio
