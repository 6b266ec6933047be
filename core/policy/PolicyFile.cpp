#include "policy/PolicyFile.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace augstudio {

namespace {

struct TooDeep
{
};

} // namespace

PolicyFileError::PolicyFileError(const std::string &source, const std::string &message)
    : std::runtime_error(source + ": " + message), m_source(source), m_reason(message)
{
}

nlohmann::json parsePolicyJson(const std::string &text, const std::string &sourceName)
{
    // The parser itself is iterative; the callback sees every value's depth as it is read.
    const nlohmann::json::parser_callback_t limitDepth = [](int depth, nlohmann::json::parse_event_t,
                                                           nlohmann::json &) {
        if (depth > kMaxPolicyNesting)
            throw TooDeep{};
        return true;
    };
    try {
        return nlohmann::json::parse(text, limitDepth);
    } catch (const TooDeep &) {
        throw PolicyFileError(sourceName, "nested more than " + std::to_string(kMaxPolicyNesting)
                                              + " levels deep: not a policy file");
    } catch (const nlohmann::json::exception &error) { // parse_error, and out_of_range for a number like 1e400
        throw PolicyFileError(sourceName, std::string("not valid JSON: ") + error.what());
    }
}

nlohmann::json readPolicyJson(const std::string &path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw PolicyFileError(path, "no such file");
    if (std::filesystem::is_directory(path, ec))
        throw PolicyFileError(path, "is a folder, not a policy file");
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in)
        throw PolicyFileError(path, "cannot be read");
    return parsePolicyJson(text.str(), path);
}

} // namespace augstudio
