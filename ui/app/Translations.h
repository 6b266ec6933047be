#pragma once

// The language of the interface: AugStudio's own translations (translations/*.ts, embedded
// as :/i18n/augstudio_<lang>.qm) and Qt's (qtbase_<lang>.qm from Qt's translations folder),
// picked from the system locale or from the Language setting. Read once at start.

#include <QLocale>
#include <QStringList>

namespace augstudio::ui {

// The translations AugStudio ships, as locale names ("de", "zh_CN"); English is the source.
QStringList shippedLanguages();

// QSettings "language": "" follows the system locale, else a locale name ("en", "de", "zh_CN").
QString languageSetting();
void setLanguageSetting(const QString &language);

// The locale the interface asks for: the setting when there is one, else the system's.
QLocale preferredLocale();

// Installs AugStudio's translator for `locale`, and Qt's own for the same language, in place
// of those installed before. Returns the language loaded ("de", "zh_CN"), or "" when the
// interface stays English (English asked for, or no shipped translation matches).
QString installTranslators(const QLocale &locale);

} // namespace augstudio::ui
