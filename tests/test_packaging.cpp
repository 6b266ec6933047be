// The files packaging/ installs that a program reads: the Fashion-MNIST sample config is the
// app's built-in sample (File ▸ Try the Sample), loads with no notes, and names no key twice.

#include "config/ConfigLoader.h"
#include "config/DefaultConfigs.h"

#include <QtTest>

using namespace augstudio;

class TestPackaging : public QObject
{
    Q_OBJECT

private slots:
    void sampleConfigIsTheAppsSample()
    {
        const std::string path = AUGSTUDIO_SOURCE_DIR "/packaging/fashion-mnist-search.yaml";
        LoadedConfig loaded;
        try {
            loaded = loadConfigFile(path);
        } catch (const std::exception &error) {
            QFAIL(error.what());
        }
        QVERIFY2(loaded.ignored.empty(), loaded.ignored.empty() ? "" : describeNote(loaded.ignored.front()).c_str());
        QVERIFY(loaded.unsupported.empty());
        const SearchConfig expected = sampleConfig("/usr/share/datasets/fashion-mnist");
        QCOMPARE(loaded.config.data.dataset.root, expected.data.dataset.root);
        QCOMPARE(loaded.config.data.dataset.limit, expected.data.dataset.limit);
        QCOMPARE(loaded.config.policy.numSubPolicies, expected.policy.numSubPolicies);
        QCOMPARE(loaded.config.data.mean, expected.data.mean);
        QCOMPARE(loaded.config.trainer.device, expected.trainer.device);
        // Field by field above for readable failures; the whole config for anything else.
        QVERIFY(loaded.config == expected);
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "test_packaging.moc"
