// The background-job helper behind the search, the evaluation and the dataset scan: posts
// arrive in order on the UI thread and before finished(); a cancelled or superseded job is
// never heard from again; waitForFinished() delivers what is left; destruction stops and
// waits.

#include "BackgroundJob.h"

#include <QtTest>

#include <QElapsedTimer>
#include <QSemaphore>

#include <atomic>
#include <memory>

using namespace augstudio::ui;

namespace {

// What reached the UI thread, and whether every delivery ran there.
struct Inbox
{
    QList<int> values;
    bool allOnUiThread = true;

    void receive(int value)
    {
        allOnUiThread = allOnUiThread && QThread::currentThread() == QCoreApplication::instance()->thread();
        values.append(value);
    }
};

// Posts 0, 1, 2, … until the job is asked to stop, then `last`; `posting` counts the posts.
BackgroundJob::Work postUntilStopped(Inbox &inbox, std::atomic<int> &posting, int last,
                                     std::atomic<bool> &returned)
{
    return [&inbox, &posting, last, &returned](BackgroundJob::Context &context) {
        for (int i = 0; !context.isStopRequested(); ++i) {
            context.post([&inbox, i] { inbox.receive(i); });
            ++posting;
            QThread::msleep(2);
        }
        context.post([&inbox, last] { inbox.receive(last); });
        returned = true;
    };
}

} // namespace

class TestUiBackgroundJob : public QObject
{
    Q_OBJECT

private slots:
    void postsArriveInOrderOnTheUiThreadThenFinished()
    {
        BackgroundJob job(QStringLiteral("test job"));
        Inbox inbox;
        bool runningAtFinished = true;
        int valuesAtFinished = -1;
        connect(&job, &BackgroundJob::finished, this, [&] {
            runningAtFinished = job.isRunning();
            valuesAtFinished = int(inbox.values.size());
        });
        QSignalSpy finished(&job, &BackgroundJob::finished);
        QThread *workThread = nullptr;
        job.start([&inbox, &workThread](BackgroundJob::Context &context) {
            workThread = QThread::currentThread();
            for (int i = 0; i < 200; ++i)
                context.post([&inbox, i] { inbox.receive(i); });
        });
        QVERIFY(job.isRunning());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.count(), 1);
        QVERIFY(workThread != nullptr);
        QVERIFY(workThread != QThread::currentThread());
        QVERIFY(inbox.allOnUiThread);
        QCOMPARE(int(inbox.values.size()), 200);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(inbox.values.at(i), i);
        // finished() comes after every post, and the job is over by then.
        QCOMPARE(valuesAtFinished, 200);
        QVERIFY(!runningAtFinished);
        QVERIFY(!job.isRunning());
    }

    void cancelStopsTheJobAndNothingStaleIsDelivered()
    {
        BackgroundJob job(QStringLiteral("test job"));
        Inbox inbox;
        std::atomic<int> posting{0};
        std::atomic<bool> returned{false};
        int stopHandlerCalls = 0;
        QSignalSpy finished(&job, &BackgroundJob::finished);
        job.start(postUntilStopped(inbox, posting, -1, returned), [&] { ++stopHandlerCalls; });
        QTRY_VERIFY_WITH_TIMEOUT(inbox.values.size() >= 3, 10000);

        job.cancel();
        QVERIFY(!job.isRunning());
        QCOMPARE(stopHandlerCalls, 1);
        const qsizetype heard = inbox.values.size();
        // The work sees the stop and returns; its thread goes without a word.
        QTRY_VERIFY_WITH_TIMEOUT(returned.load(), 10000);
        QTest::qWait(200);
        QCOMPARE(inbox.values.size(), heard);
        QVERIFY(!inbox.values.contains(-1));
        QCOMPARE(finished.count(), 0);
        QVERIFY(job.waitForFinished(0)); // nothing current to wait for
        QCOMPARE(stopHandlerCalls, 1);
    }

    void requestStopKeepsDeliveringTheWayOut()
    {
        BackgroundJob job(QStringLiteral("test job"));
        Inbox inbox;
        std::atomic<int> posting{0};
        std::atomic<bool> returned{false};
        int stopHandlerCalls = 0;
        QSignalSpy finished(&job, &BackgroundJob::finished);
        job.start(postUntilStopped(inbox, posting, -1, returned), [&] { ++stopHandlerCalls; });
        QTRY_VERIFY_WITH_TIMEOUT(!inbox.values.isEmpty(), 10000);

        job.requestStop();
        job.requestStop(); // asked twice, told once
        QCOMPARE(stopHandlerCalls, 1);
        QVERIFY(job.isRunning());
        QVERIFY(job.isStopRequested());
        QVERIFY(finished.wait(10000));
        // Still the current job: everything it posted arrived, its last word included.
        QCOMPARE(int(inbox.values.size()), posting.load() + 1);
        QCOMPARE(inbox.values.last(), -1);
        QVERIFY(!job.isRunning());
        QVERIFY(!job.isStopRequested());
    }

    void supersedingStartDropsTheEarlierResult()
    {
        BackgroundJob job(QStringLiteral("test job"));
        QStringList results;
        QSemaphore release;
        std::atomic<bool> firstSawStop{false};
        std::atomic<bool> firstReturned{false};
        QSignalSpy finished(&job, &BackgroundJob::finished);
        job.start([&](BackgroundJob::Context &context) {
            release.acquire(); // holds on until the second job is running
            firstSawStop = context.isStopRequested();
            context.post([&results] { results << QStringLiteral("first"); });
            firstReturned = true;
        });
        job.start([&](BackgroundJob::Context &context) {
            context.post([&results] { results << QStringLiteral("second"); });
        });
        QVERIFY(finished.wait(10000));
        release.release();
        QTRY_VERIFY_WITH_TIMEOUT(firstReturned.load(), 10000);
        QTest::qWait(200);
        QVERIFY(firstSawStop.load());
        QCOMPARE(results, QStringList{QStringLiteral("second")});
        QCOMPARE(finished.count(), 1);
        QVERIFY(!job.isRunning());
    }

    void supersededJobStaysSilentWhenItEndsFirst()
    {
        // The earlier job ends while the newer one still runs: its end is not the newer one's.
        BackgroundJob job(QStringLiteral("test job"));
        QStringList results;
        QSemaphore release;
        QSignalSpy finished(&job, &BackgroundJob::finished);
        job.start([&](BackgroundJob::Context &context) {
            context.post([&results] { results << QStringLiteral("first"); });
        });
        job.start([&](BackgroundJob::Context &context) {
            release.acquire();
            context.post([&results] { results << QStringLiteral("second"); });
        });
        QTest::qWait(200);
        QCOMPARE(finished.count(), 0);
        QVERIFY(job.isRunning());
        release.release();
        QVERIFY(finished.wait(10000));
        QCOMPARE(results, QStringList{QStringLiteral("second")});
    }

    void waitForFinishedDeliversWhatIsLeft()
    {
        BackgroundJob job(QStringLiteral("test job"));
        Inbox inbox;
        QSemaphore release;
        QSignalSpy finished(&job, &BackgroundJob::finished);
        job.start([&](BackgroundJob::Context &context) {
            release.acquire();
            for (int i = 0; i < 50; ++i)
                context.post([&inbox, i] { inbox.receive(i); });
        });
        // Still held: the wait gives up after its time and nothing is delivered.
        QVERIFY(!job.waitForFinished(100));
        QVERIFY(job.isRunning());
        QCOMPARE(finished.count(), 0);

        release.release();
        // No event loop runs here: the wait itself delivers the posts, then finished().
        QVERIFY(job.waitForFinished(10000));
        QCOMPARE(int(inbox.values.size()), 50);
        QCOMPARE(inbox.values.last(), 49);
        QVERIFY(inbox.allOnUiThread);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!job.isRunning());
        // The queued delivery that was on its way finds nothing more to do.
        QTest::qWait(50);
        QCOMPARE(int(inbox.values.size()), 50);
        QCOMPARE(finished.count(), 1);
    }

    void aJobCanStartFromFinished()
    {
        // A receiver of finished() may start the next job at once (the search timer does).
        BackgroundJob job(QStringLiteral("test job"));
        int ran = 0;
        const auto work = [&ran](BackgroundJob::Context &) { ++ran; };
        QSignalSpy finished(&job, &BackgroundJob::finished);
        connect(&job, &BackgroundJob::finished, this, [&] {
            if (finished.count() == 1)
                job.start(work);
        });
        job.start(work);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
        QCOMPARE(ran, 2);
        QVERIFY(!job.isRunning());
    }

    void destructionWhileRunningStopsAndWaits()
    {
        Inbox inbox;
        std::atomic<int> posting{0};
        std::atomic<bool> returned{false};
        int stopHandlerCalls = 0;
        auto job = std::make_unique<BackgroundJob>(QStringLiteral("test job"));
        job->start(postUntilStopped(inbox, posting, -1, returned), [&] { ++stopHandlerCalls; });
        QTRY_VERIFY_WITH_TIMEOUT(posting.load() >= 3, 10000);
        QElapsedTimer clock;
        clock.start();
        job.reset();
        QVERIFY(clock.elapsed() < 5000);
        QVERIFY(returned.load());
        QCOMPARE(stopHandlerCalls, 1);
        // Posts still queued die with the job.
        const qsizetype heard = inbox.values.size();
        QTest::qWait(100);
        QCOMPARE(inbox.values.size(), heard);
        QVERIFY(!inbox.values.contains(-1));
    }

    void destructionWaitsForSupersededJobsToo()
    {
        std::atomic<int> started{0};
        std::atomic<int> ended{0};
        auto job = std::make_unique<BackgroundJob>(QStringLiteral("test job"));
        // Deaf to the stop for a while: a slow way out.
        const auto work = [&started, &ended](BackgroundJob::Context &) {
            ++started;
            QThread::msleep(200);
            ++ended;
        };
        job->start(work);
        job->start(work);
        job->start(work);
        job.reset();
        QCOMPARE(started.load(), 3);
        QCOMPARE(ended.load(), 3);
    }
};

QTEST_MAIN(TestUiBackgroundJob)
#include "test_ui_background_job.moc"
