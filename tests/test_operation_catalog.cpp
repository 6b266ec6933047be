#include "config/SearchConfig.h"
#include "ops/OperationCatalog.h"

#include <QtTest>

using namespace augstudio;

class TestOperationCatalog : public QObject
{
    Q_OBJECT

private slots:
    void defaultListHasFourteenOperations()
    {
        const auto specs = resolveOperations({});
        QCOMPARE(specs.size(), size_t(14));
        QCOMPARE(specs[0].displayName(), std::string("ShiftRGB(r)"));
        QCOMPARE(specs[2].displayName(), std::string("ShiftRGB(b)"));
        QCOMPARE(specs[13].kind, OperationKind::CutoutFixedSize);
    }

    void acceptsAutoAlbumentTargets()
    {
        OperationConfig config{"autoalbument.faster_autoaugment.models.policy_operations.Rotate", {}, std::nullopt, 3};
        const auto spec = resolveOperation(config);
        QCOMPARE(spec.kind, OperationKind::Rotate);
        QCOMPARE(spec.low, -180.0);
        QCOMPARE(spec.valueAt(0.5), 0.0);
    }

    void valueRangeOverride()
    {
        OperationConfig config{"Scale", {}, std::make_pair(0.5, 1.5), 0};
        const auto spec = resolveOperation(config);
        QCOMPARE(spec.valueAt(0.0), 0.5);
        QCOMPARE(spec.valueAt(1.0), 1.5);
    }

    void maxHolesSetsTheRange()
    {
        OperationConfig config{"CutoutFixedSize", {{"max_holes", 8}}, std::nullopt, 0};
        QCOMPARE(resolveOperation(config).high, 8.0);
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("argument");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown op") << "Blur" << "" << 0.0 << 0.0 << "unknown operation 'Blur'";
        QTest::newRow("unknown argument") << "Rotate" << "angle" << 0.0 << 0.0 << "unknown argument 'angle'";
        QTest::newRow("inverted range") << "Rotate" << "" << 10.0 << -10.0 << "low <= high";
        QTest::newRow("scale not positive") << "Scale" << "" << 0.0 << 2.0 << "> 0";
        QTest::newRow("range on a flip") << "HorizontalFlip" << "" << 0.0 << 1.0 << "no magnitude";
        QTest::newRow("no channel") << "ShiftRGB" << "" << 0.0 << 0.0 << "at least one";
    }

    void refusesBadInput()
    {
        QFETCH(QString, name);
        QFETCH(QString, argument);
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(QString, expected);
        OperationConfig config{name.toStdString(), {}, std::nullopt, 0};
        if (!argument.isEmpty())
            config.args[argument.toStdString()] = 1.0;
        if (low != 0.0 || high != 0.0 || name == "HorizontalFlip")
            config.valueRange = std::make_pair(low, high);
        try {
            resolveOperation(config);
            QFAIL("expected an error");
        } catch (const std::invalid_argument &error) {
            QVERIFY2(QString(error.what()).contains(expected), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestOperationCatalog)
#include "test_operation_catalog.moc"
