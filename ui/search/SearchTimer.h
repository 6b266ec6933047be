#pragma once

// Times a few steps of the search the user is about to start, on the dataset's own images,
// in the background: the search panel shows how long an epoch will take and when the
// plateau rule can first answer. A newer request or cancel() drops a running one.

#include "MetaTypes.h"
#include "config/SearchConfig.h"
#include "search/SearchTimeEstimate.h"

#include <QObject>
#include <QString>

#include <memory>

class QTemporaryDir;
class QTimer;

namespace augstudio::ui {

class SearchController;

class SearchTimer : public QObject
{
    Q_OBJECT

public:
    explicit SearchTimer(QObject *parent = nullptr);
    ~SearchTimer() override;

    // Times `config` on a dataset of `images` images (before its limit) now.
    void estimate(const SearchConfig &config, std::size_t images);
    // The same after a pause in which no newer request came (configs change per keystroke).
    void estimateSoon(const SearchConfig &config, std::size_t images);
    void cancel();
    // A timing is asked for, waiting for its pause, or under way (and not cancelled).
    bool isTiming() const;

    static constexpr int kTimedSteps = 3; // after one warm-up step

signals:
    void estimated(const augstudio::SearchTimeEstimate &estimate);
    void failed(const QString &message);

private:
    void startNext();
    void onFinished(const augstudio::SearchOutcome &outcome);

    SearchController *m_controller;
    QTimer *m_delay;
    std::unique_ptr<QTemporaryDir> m_folder;
    SearchConfig m_config;
    std::size_t m_images = 0;
    double m_firstStepWall = 0;
    double m_lastStepWall = 0;
    int m_steps = 0;
    bool m_cancelled = false;
    bool m_hasPending = false; // a request made while the previous one winds down
};

} // namespace augstudio::ui

Q_DECLARE_METATYPE(augstudio::SearchTimeEstimate)
