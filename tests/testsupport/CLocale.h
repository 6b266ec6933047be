#pragma once

// Runs a piece of a test under a C library locale that the machine may not have installed:
// the locale is compiled from glibc's sources (the `locales` package) into a temporary folder.

#include <QProcess>
#include <QTemporaryDir>
#include <QtGlobal>

#include <clocale>
#include <string>

namespace testsupport {

class ScopedCLocale
{
public:
    // `name` as glibc spells it ("tr_TR"), in UTF-8, for `category` (LC_CTYPE, LC_NUMERIC).
    ScopedCLocale(int category, const QString &name)
        : m_category(category)
    {
        const QString full = name + QStringLiteral(".UTF-8");
        if (!m_dir.isValid()
            || QProcess::execute(QStringLiteral("localedef"),
                                 {QStringLiteral("-i"), name, QStringLiteral("-f"), QStringLiteral("UTF-8"),
                                  m_dir.filePath(full)})
                   != 0)
            return;
        qputenv("LOCPATH", m_dir.path().toLocal8Bit());
        m_active = std::setlocale(category, full.toLocal8Bit().constData()) != nullptr;
    }
    ~ScopedCLocale()
    {
        std::setlocale(m_category, "C");
        qunsetenv("LOCPATH");
    }
    ScopedCLocale(const ScopedCLocale &) = delete;
    ScopedCLocale &operator=(const ScopedCLocale &) = delete;

    // False where localedef is missing or failed: the caller skips.
    bool isActive() const { return m_active; }

private:
    QTemporaryDir m_dir;
    int m_category;
    bool m_active = false;
};

} // namespace testsupport
