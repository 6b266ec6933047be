#include "SearchObserverAdapter.h"

#include "SearchController.h"

namespace augstudio::ui {

SearchObserverAdapter::SearchObserverAdapter(SearchController &controller)
    : m_controller(controller)
{
}

void SearchObserverAdapter::onStarted(const SearchStartInfo &info)
{
    m_context->post([c = &m_controller, info] { emit c->started(info); });
}

void SearchObserverAdapter::onStep(const StepMetrics &metrics)
{
    m_context->post([c = &m_controller, metrics] { emit c->step(metrics); });
}

void SearchObserverAdapter::onEpoch(const EpochMetrics &metrics)
{
    m_context->post([c = &m_controller, metrics] { emit c->epoch(metrics); });
}

void SearchObserverAdapter::onPreview(const Preview &preview)
{
    m_context->post([c = &m_controller, preview] { emit c->preview(preview); });
}

void SearchObserverAdapter::onPlateau(const PlateauEvent &event)
{
    m_context->post([c = &m_controller, event] { emit c->plateau(event); });
}

void SearchObserverAdapter::onMessage(const std::string &text)
{
    m_context->post([c = &m_controller, text = QString::fromStdString(text)] { emit c->message(text); });
}

} // namespace augstudio::ui
