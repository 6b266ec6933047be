#include "config/YamlAnchors.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace augstudio {

namespace {

// Collects the anchors and aliases as the parser reads the text.
class AnchorCollector : public YAML::EventHandler
{
public:
    AnchorScan scan;

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override { node(mark, anchor); }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        scan.aliases.push_back(use(mark, anchor));
        done();
    }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, const std::string &value) override
    {
        if (!frames.empty() && frames.back().map && frames.back().atKey)
            frames.back().key = value;
        node(mark, anchor);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override
    {
        open(mark, anchor, false, style);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override
    {
        open(mark, anchor, true, style);
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame {
        bool map = false;
        bool flow = false;
        bool atKey = true; // a map's next node is a key
        std::string key;
        std::size_t index = 0;
    };
    std::vector<Frame> frames;

    AnchorUse use(const YAML::Mark &mark, YAML::anchor_t anchor) const
    {
        AnchorUse found{anchor, mark, {}, false};
        for (const Frame &frame : frames) {
            found.path.push_back(frame.map ? (frame.atKey ? "?" : frame.key) : yamlItemKey(frame.index));
            found.inFlow = found.inFlow || frame.flow;
        }
        return found;
    }
    void note(const YAML::Mark &mark, YAML::anchor_t anchor)
    {
        if (anchor != YAML::NullAnchor)
            scan.anchors.push_back(use(mark, anchor));
    }
    void node(const YAML::Mark &mark, YAML::anchor_t anchor)
    {
        note(mark, anchor);
        done();
    }
    void open(const YAML::Mark &mark, YAML::anchor_t anchor, bool map, YAML::EmitterStyle::value style)
    {
        note(mark, anchor);
        Frame frame;
        frame.map = map;
        frame.flow = style == YAML::EmitterStyle::Flow;
        frames.push_back(frame);
    }
    void close()
    {
        frames.pop_back();
        done();
    }
    // A node read: its map goes on to the next key or value, its sequence to the next item.
    void done()
    {
        if (frames.empty())
            return;
        Frame &frame = frames.back();
        if (frame.map)
            frame.atKey = !frame.atKey;
        else
            ++frame.index;
    }
};

} // namespace

std::string yamlItemKey(std::size_t index)
{
    return "[" + std::to_string(index) + "]";
}

AnchorScan scanYamlAnchors(const std::string &text)
{
    std::istringstream in(text);
    YAML::Parser parser(in);
    AnchorCollector collector;
    parser.HandleNextDocument(collector);
    return collector.scan;
}

} // namespace augstudio
