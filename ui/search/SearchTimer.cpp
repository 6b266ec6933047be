#include "SearchTimer.h"

#include "SearchController.h"

#include <QTemporaryDir>
#include <QTimer>

namespace augstudio::ui {

SearchTimer::SearchTimer(QObject *parent)
    : QObject(parent)
    , m_controller(new SearchController(this))
    , m_delay(new QTimer(this))
{
    m_delay->setSingleShot(true);
    m_delay->setInterval(1500);
    connect(m_delay, &QTimer::timeout, this, [this] { estimate(m_config, m_images); });
    connect(m_controller, &SearchController::step, this, [this](const StepMetrics &metrics) {
        // The first step pays for warming up; the ones after it are what an epoch repeats.
        if (++m_steps == 1)
            m_firstStepWall = metrics.wallSeconds;
        m_lastStepWall = metrics.wallSeconds;
    });
    connect(m_controller, &SearchController::finished, this, &SearchTimer::onFinished);
}

SearchTimer::~SearchTimer()
{
    m_controller->stop();
    m_controller->waitForFinished(30000);
}

bool SearchTimer::isTiming() const
{
    return m_delay->isActive() || m_hasPending || (m_controller->isRunning() && !m_cancelled);
}

void SearchTimer::estimate(const SearchConfig &config, std::size_t images)
{
    m_delay->stop();
    m_config = config;
    m_images = images;
    m_hasPending = true;
    if (m_controller->isRunning()) {
        m_cancelled = true;
        m_controller->stop();
        return; // onFinished() starts the new request
    }
    startNext();
}

void SearchTimer::estimateSoon(const SearchConfig &config, std::size_t images)
{
    m_config = config;
    m_images = images;
    m_delay->start();
}

void SearchTimer::cancel()
{
    m_delay->stop();
    m_hasPending = false;
    m_cancelled = true;
    m_controller->stop();
}

void SearchTimer::startNext()
{
    m_hasPending = false;
    m_cancelled = false;
    m_steps = 0;
    m_folder = std::make_unique<QTemporaryDir>();
    SearchRequest request;
    request.config = m_config;
    request.config.trainer.maxEpochs = 1;
    request.maxStepsPerEpoch = kTimedSteps + 1;
    request.previews = false;
    request.outputDir = m_folder->filePath(QStringLiteral("timing")).toStdString();
    if (!m_controller->start(std::move(request)))
        emit failed(tr("The search could not be timed."));
}

void SearchTimer::onFinished(const SearchOutcome &outcome)
{
    m_folder.reset();
    if (m_hasPending) {
        startNext();
        return;
    }
    if (m_cancelled)
        return;
    if (outcome.reason == SearchEndReason::Failed) {
        emit failed(QString::fromStdString(outcome.message));
        return;
    }
    if (m_steps == 0)
        return;
    // With a single step there is nothing after the warm-up: its time is an upper bound.
    const double perStep = m_steps > 1 ? (m_lastStepWall - m_firstStepWall) / (m_steps - 1) : m_firstStepWall;
    emit estimated(estimateSearchTime(perStep, m_images, m_config));
}

} // namespace augstudio::ui
