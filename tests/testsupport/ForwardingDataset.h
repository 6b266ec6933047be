#pragma once

// A dataset that answers as another one does, for tests that change one answer (what
// load() returns or counts) and keep the rest.

#include "data/Dataset.h"

namespace testsupport {

class ForwardingDataset : public augstudio::Dataset
{
public:
    explicit ForwardingDataset(const augstudio::Dataset &inner) : m_inner(inner) {}

    augstudio::DatasetLayout layout() const override { return m_inner.layout(); }
    augstudio::Task task() const override { return m_inner.task(); }
    std::size_t size() const override { return m_inner.size(); }
    int numClasses() const override { return m_inner.numClasses(); }
    std::vector<std::string> classNames() const override { return m_inner.classNames(); }
    std::string itemName(std::size_t i) const override { return m_inner.itemName(i); }
    int label(std::size_t i) const override { return m_inner.label(i); }
    int channels() const override { return m_inner.channels(); }
    augstudio::Sample load(std::size_t i) const override { return m_inner.load(i); }

protected:
    const augstudio::Dataset &inner() const { return m_inner; }

private:
    const augstudio::Dataset &m_inner;
};

} // namespace testsupport
