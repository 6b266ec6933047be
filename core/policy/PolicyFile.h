#pragma once

// Reading a policy file from anywhere: the one parser of Albumentations JSON files that the
// replay, `convert` and the app's Save Policy share. A real policy nests a few levels
// (Compose ▸ OneOf ▸ Sequential ▸ transform); a file nested deeper than kMaxPolicyNesting is
// refused while it is parsed, before anything recursive walks it.

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace augstudio {

constexpr int kMaxPolicyNesting = 64;

// What is wrong with a policy file; what() starts with the file's name.
class PolicyFileError : public std::runtime_error
{
public:
    PolicyFileError(const std::string &source, const std::string &message);
    const std::string &source() const { return m_source; }
    const std::string &reason() const { return m_reason; }

private:
    std::string m_source;
    std::string m_reason;
};

// Parses `text` (from `sourceName`, for messages). Throws PolicyFileError for text that is not
// JSON (saying how to save a JSON one when it is a YAML policy) or nests deeper than
// kMaxPolicyNesting.
nlohmann::json parsePolicyJson(const std::string &text, const std::string &sourceName);

// Reads and parses the file at `path`. Throws PolicyFileError for a missing file, a folder, an
// unreadable file, and what parsePolicyJson refuses.
nlohmann::json readPolicyJson(const std::string &path);

} // namespace augstudio
