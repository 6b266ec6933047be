// The Qt Linguist files in translations/: every message translated (none unfinished, none
// empty), placeholders and menu accelerators kept, and no source string of ui/ missing
// (lupdate run on a copy adds nothing).

#include <QtTest>

#include <QProcess>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QStringList translations; // one, or one per numerus form
    QString type;             // "", "unfinished", "vanished" or "obsolete"
    qint64 line = 0;
};

struct TsFile
{
    QString language;
    QList<TsMessage> messages;
    QString error;
};

TsFile readTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = path + QStringLiteral(": ") + file.errorString();
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("TS")) {
                ts.language = xml.attributes().value(QStringLiteral("language")).toString();
            } else if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                message = TsMessage{context, {}, {}, {}, xml.lineNumber()};
            } else if (name == QLatin1String("source")) {
                message.source = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                message.type = xml.attributes().value(QStringLiteral("type")).toString();
                // Either text, or <numerusform> children.
                QString text;
                while (!xml.atEnd()) {
                    xml.readNext();
                    if (xml.isCharacters())
                        text += xml.text();
                    else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                        message.translations << xml.readElementText();
                    else if (xml.isEndElement() && xml.name() == QLatin1String("translation"))
                        break;
                }
                if (message.translations.isEmpty())
                    message.translations << text;
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            ts.messages << message;
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

QString where(const QString &path, const TsMessage &m)
{
    return QStringLiteral("%1:%2 [%3] \"%4\"").arg(QFileInfo(path).fileName()).arg(m.line).arg(m.context, m.source);
}

// %1 … %99 (and %L1, %n) as a sorted list, so that "%1 %1" and "%1" differ.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?(\\d+|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    return found;
}

// Keyboard accelerators: '&' before a character other than '&' or a space ("&&" is a literal &).
int accelerators(const QString &text)
{
    int count = 0;
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (!text[i + 1].isSpace())
            ++count;
    }
    return count;
}

QString translationsDir()
{
    return QStringLiteral(AUGSTUDIO_SOURCE_DIR "/translations");
}

} // namespace

class TestTranslationFiles : public QObject
{
    Q_OBJECT

    static void addFiles()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("language");
        QTest::newRow("de") << translationsDir() + QStringLiteral("/augstudio_de.ts") << QStringLiteral("de");
        QTest::newRow("zh_CN") << translationsDir() + QStringLiteral("/augstudio_zh_CN.ts") << QStringLiteral("zh_CN");
    }

private slots:
    void everyMessageIsTranslated_data() { addFiles(); }
    void everyMessageIsTranslated()
    {
        QFETCH(QString, path);
        QFETCH(QString, language);
        const TsFile ts = readTs(path);
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QCOMPARE(ts.language, language);
        QVERIFY2(ts.messages.size() > 100, qPrintable(QStringLiteral("%1 holds only %2 messages")
                                                         .arg(path).arg(ts.messages.size())));
        QStringList problems;
        for (const TsMessage &m : ts.messages) {
            if (!m.type.isEmpty())
                problems << where(path, m) + QStringLiteral(": type=\"%1\"").arg(m.type);
            for (const QString &t : m.translations)
                if (t.trimmed().isEmpty())
                    problems << where(path, m) + QStringLiteral(": empty translation");
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void placeholdersAndAcceleratorsAreKept_data() { addFiles(); }
    void placeholdersAndAcceleratorsAreKept()
    {
        QFETCH(QString, path);
        const TsFile ts = readTs(path);
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QStringList problems;
        for (const TsMessage &m : ts.messages) {
            for (const QString &t : m.translations) {
                if (placeholders(t) != placeholders(m.source))
                    problems << where(path, m) + QStringLiteral(": placeholders %1 became %2")
                                                     .arg(placeholders(m.source).join(QLatin1Char(' ')),
                                                          placeholders(t).join(QLatin1Char(' ')));
                if (accelerators(t) != accelerators(m.source))
                    problems << where(path, m) + QStringLiteral(": %1 accelerator(s) became %2 in \"%3\"")
                                                     .arg(accelerators(m.source))
                                                     .arg(accelerators(t))
                                                     .arg(t);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // The checker itself: an unfinished or empty entry and a lost placeholder are caught.
    void checkerCatchesBrokenFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("broken_de.ts"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Ctx</name>
    <message><source>&amp;File</source><translation type="unfinished"></translation></message>
    <message><source>Open %1</source><translation></translation></message>
    <message><source>Saved %1 to %2</source><translation>Gespeichert nach %2</translation></message>
</context>
</TS>
)");
        file.close();
        const TsFile ts = readTs(path);
        QVERIFY(ts.error.isEmpty());
        QCOMPARE(ts.messages.size(), 3);
        QCOMPARE(ts.messages[0].type, QStringLiteral("unfinished"));
        QCOMPARE(accelerators(ts.messages[0].source), 1);
        QVERIFY(ts.messages[1].translations.value(0).isEmpty());
        QVERIFY(placeholders(ts.messages[2].translations.value(0)) != placeholders(ts.messages[2].source));
        QCOMPARE(accelerators(QStringLiteral("Fish && Chips")), 0);
        QCOMPARE(accelerators(QStringLiteral("文件(&F)")), 1);
    }

    // lupdate on a copy, with the same sources as the build's update_translations target:
    // a tr() string added to ui/ without a translation shows up as new and unfinished.
    void filesCoverEverySourceString_data() { addFiles(); }
    void filesCoverEverySourceString()
    {
        QFETCH(QString, path);
        const QString lupdate = QStringLiteral(AUGSTUDIO_LUPDATE);
        if (lupdate.isEmpty() || !QFileInfo(lupdate).isExecutable())
            QSKIP("lupdate (Qt6 LinguistTools) is not available");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(QFileInfo(path).fileName());
        QVERIFY(QFile::copy(path, copy));
        QFile(copy).setPermissions(QFile::ReadOwner | QFile::WriteOwner);

        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(lupdate, {QStringLiteral(AUGSTUDIO_SOURCE_DIR "/ui"),
                                QStringLiteral(AUGSTUDIO_SOURCE_DIR "/app/gui/main.cpp"), QStringLiteral("-ts"), copy,
                                QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none")});
        QVERIFY(process.waitForFinished(120000));
        const QString output = QString::fromLocal8Bit(process.readAll());
        QVERIFY2(process.exitCode() == 0, qPrintable(output));

        const TsFile before = readTs(path);
        const TsFile after = readTs(copy);
        QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
        QStringList missing;
        for (const TsMessage &m : after.messages)
            if (m.type == QLatin1String("unfinished"))
                missing << where(path, m);
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("strings in the sources that %1 lacks (run `cmake --build build --target "
                                           "update_translations` and translate them):\n%2")
                                .arg(QFileInfo(path).fileName(), missing.join(QLatin1Char('\n')))));
        QVERIFY2(after.messages.size() == before.messages.size(),
                 qPrintable(QStringLiteral("%1 holds %2 messages the sources no longer have (run update_translations)")
                                .arg(QFileInfo(path).fileName())
                                .arg(before.messages.size() - after.messages.size())));
    }
};

QTEST_GUILESS_MAIN(TestTranslationFiles)
#include "test_translation_files.moc"
