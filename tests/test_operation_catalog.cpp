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

    void greyDefaultsLeaveColourOut()
    {
        const auto colour = defaultOperations(3);
        const auto grey = defaultOperations(1);
        QCOMPARE(colour, defaultOperations());
        QCOMPARE(grey.size(), size_t(11));
        for (const OperationConfig &op : grey) {
            QVERIFY2(op.name != "ShiftRGB", op.name.c_str());
            QVERIFY(!findOperation(op.name)->colourOnly);
        }
        // The rest keep their order.
        QCOMPARE(grey, std::vector<OperationConfig>(colour.begin() + 3, colour.end()));
        QVERIFY(findOperation("ShiftRGB")->colourOnly);
        QVERIFY(!operationFitsChannels(*findOperation("ShiftRGB"), 1));
        QVERIFY(operationFitsChannels(*findOperation("ShiftRGB"), 3));
        QVERIFY(operationFitsChannels(*findOperation("RandomBrightness"), 1));

        const auto specs = resolveOperations({}, 1);
        QCOMPARE(specs.size(), size_t(11));
        QCOMPARE(specs[0].kind, OperationKind::RandomBrightness);
    }

    void greyRefusesColourOperations()
    {
        const std::vector<OperationConfig> configs = {{"Rotate", {}, std::nullopt, 5},
                                                      {"ShiftRGB", {{"shift_g", 1.0}}, std::nullopt, 7}};
        QCOMPARE(resolveOperations(configs, 3).size(), size_t(2));
        try {
            resolveOperations(configs, 1);
            QFAIL("ShiftRGB accepted on one channel");
        } catch (const std::invalid_argument &error) {
            const QString text = QString::fromUtf8(error.what());
            QVERIFY2(text.startsWith(QLatin1String("line 7: policy_model.operations[1] ShiftRGB: the dataset is "
                                                   "grayscale (1 channel)")),
                     error.what());
            QVERIFY2(text.contains(QLatin1String("remove it")), error.what());
        }
        // Built in (no line): the entry alone.
        try {
            resolveOperations({{"ShiftRGB", {{"shift_r", 1.0}}, std::nullopt, 0}}, 1);
            QFAIL("ShiftRGB accepted on one channel");
        } catch (const std::invalid_argument &error) {
            QVERIFY2(QString(error.what()).startsWith(QLatin1String("policy_model.operations[0] ShiftRGB:")),
                     error.what());
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resolveOperations({}, 2));
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
        config.valueRange = std::make_pair(2.0, 8.0); // the same upper end, said twice
        QCOMPARE(resolveOperation(config).low, 2.0);
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
        QTest::newRow("shift past the side") << "ShiftX" << "" << -10.0 << 10.0 << "within -1..1";
        QTest::newRow("solarize past white") << "Solarize" << "" << 0.0 << 5.0 << "<= 1";
        QTest::newRow("range on a flip") << "HorizontalFlip" << "" << 0.0 << 1.0 << "no magnitude";
        QTest::newRow("two upper ends") << "CutoutFixedSize" << "max_holes" << 0.0 << 8.0
                                        << "max_holes (1) is value_range's upper end (8)";
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
