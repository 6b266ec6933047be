<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>EvaluateReport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>PlotPng</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>PolicyFiles</name>
    <message>
        <source>Albumentations 2.x policy (*.json)</source>
        <translation>Albumentations-2.x-Policy (*.json)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a policy file: %2</source>
        <translation>%1 ist keine Policy-Datei: %2</translation>
    </message>
    <message>
        <source>Albumentations 1.x policy, 0.5.2 to 1.4 (*.json)</source>
        <translation>Albumentations-1.x-Policy, 0.5.2 bis 1.4 (*.json)</translation>
    </message>
    <message>
        <source>%1 does not say the size of the images it was searched on, and its fixed shifts (%2) move whole pixels in one Albumentations version and a fraction of the side in the other: they were converted as the same fractions and may move a pixel more or less than in the search. A search of this version records the size: search again, or convert with augstudio-cli convert --image-size.</source>
        <translation>%1 nennt die Größe der Bilder nicht, auf denen gesucht wurde, und ihre festen Verschiebungen (%2) bewegen in der einen Albumentations-Version ganze Pixel und in der anderen einen Bruchteil der Seite: Sie wurden als dieselben Bruchteile umgerechnet und können ein Pixel mehr oder weniger verschieben als in der Suche. Eine Suche dieser Version hält die Größe fest: Suchen Sie erneut, oder rechnen Sie mit augstudio-cli convert --image-size um.</translation>
    </message>
    <message>
        <source>Without that size, the fixed shifts of %1 (%2) were converted as the same fractions and may move a pixel more or less than in the search: convert with augstudio-cli convert --image-size.</source>
        <translation>Ohne diese Größe wurden die festen Verschiebungen von %1 (%2) als dieselben Bruchteile umgerechnet und können ein Pixel mehr oder weniger verschieben als in der Suche: Rechnen Sie mit augstudio-cli convert --image-size um.</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weitere</numerusform>
            <numerusform>%1 und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>augstudio::ui::AboutDialog</name>
    <message>
        <source>About AugStudio</source>
        <translation>Über AugStudio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AugStudio %1&lt;/h3&gt;&lt;p&gt;Learns image augmentation policies from your own dataset with Faster AutoAugment, and saves them as Albumentations JSON files.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AugStudio %1&lt;/h3&gt;&lt;p&gt;Lernt mit Faster AutoAugment Bildaugmentierungs-Policies aus Ihrem eigenen Datensatz und speichert sie als Albumentations-JSON-Dateien.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Copy the versions to the clipboard, for a bug report</source>
        <translation>Die Versionen für einen Fehlerbericht in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Qt:</source>
        <translation>Qt:</translation>
    </message>
    <message>
        <source>LibTorch:</source>
        <translation>LibTorch:</translation>
    </message>
    <message>
        <source>OpenCV:</source>
        <translation>OpenCV:</translation>
    </message>
    <message>
        <source>CUDA:</source>
        <translation>CUDA:</translation>
    </message>
    <message>
        <source>available</source>
        <translation>verfügbar</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>Copy &amp;Versions</source>
        <translation>&amp;Versionen kopieren</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::AppActions</name>
    <message>
        <source>Open &amp;Dataset…</source>
        <translation>&amp;Datensatz öffnen…</translation>
    </message>
    <message>
        <source>Choose a dataset folder</source>
        <translation>Einen Datensatzordner wählen</translation>
    </message>
    <message>
        <source>Try the &amp;Sample</source>
        <translation>Beisp&amp;iel ausprobieren</translation>
    </message>
    <message>
        <source>Load Fashion-MNIST (2000 images) with a CPU-friendly config</source>
        <translation>Fashion-MNIST (2000 Bilder) mit einer CPU-freundlichen Konfiguration laden</translation>
    </message>
    <message>
        <source>Open &amp;Config…</source>
        <translation>&amp;Konfiguration öffnen…</translation>
    </message>
    <message>
        <source>Load an AutoAlbument search.yaml</source>
        <translation>Eine search.yaml von AutoAlbument laden</translation>
    </message>
    <message>
        <source>Save Config &amp;As…</source>
        <translation>Konfiguration speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Open Search &amp;Folder…</source>
        <translation>Such&amp;ordner öffnen…</translation>
    </message>
    <message>
        <source>Show the metrics and policies of an earlier search, and continue it</source>
        <translation>Metriken und Policies einer früheren Suche anzeigen und die Suche fortführen</translation>
    </message>
    <message>
        <source>Export Plot as &amp;PNG…</source>
        <translation>Diagramm als &amp;PNG exportieren…</translation>
    </message>
    <message>
        <source>Save the metrics plot as an image</source>
        <translation>Das Metrikdiagramm als Bild speichern</translation>
    </message>
    <message>
        <source>Export &amp;Metrics as CSV…</source>
        <translation>&amp;Metriken als CSV exportieren…</translation>
    </message>
    <message>
        <source>Save the search&apos;s metrics as CSV</source>
        <translation>Die Metriken der Suche als CSV speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit AugStudio</source>
        <translation>AugStudio beenden</translation>
    </message>
    <message>
        <source>&amp;Start Search</source>
        <translation>Suche &amp;starten</translation>
    </message>
    <message>
        <source>Start a search with this dataset and config</source>
        <translation>Eine Suche mit diesem Datensatz und dieser Konfiguration starten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Pause after the current step</source>
        <translation>Nach dem aktuellen Schritt pausieren</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Go on with the paused search</source>
        <translation>Die pausierte Suche fortsetzen</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop after the current step; the last finished epoch&apos;s policy stays saved</source>
        <translation>Nach dem aktuellen Schritt stoppen; die Policy der letzten abgeschlossenen Epoche bleibt gespeichert</translation>
    </message>
    <message>
        <source>&amp;Continue Search</source>
        <translation>Suche &amp;weiterführen</translation>
    </message>
    <message>
        <source>Continue the opened search from its last checkpoint</source>
        <translation>Die geöffnete Suche ab ihrem letzten Checkpoint weiterführen</translation>
    </message>
    <message>
        <source>Refresh Pre&amp;view</source>
        <translation>&amp;Vorschau aktualisieren</translation>
    </message>
    <message>
        <source>Render new preview images after the current step</source>
        <translation>Nach dem aktuellen Schritt neue Vorschaubilder erzeugen</translation>
    </message>
    <message>
        <source>Stop Automatically on P&amp;lateau</source>
        <translation>Bei P&amp;lateau automatisch stoppen</translation>
    </message>
    <message>
        <source>Stop by itself once the policy has converged</source>
        <translation>Von selbst stoppen, sobald die Policy konvergiert ist</translation>
    </message>
    <message>
        <source>Save P&amp;olicy…</source>
        <translation>P&amp;olicy speichern…</translation>
    </message>
    <message>
        <source>Save the selected epoch&apos;s policy (Albumentations JSON)</source>
        <translation>Die Policy der gewählten Epoche speichern (Albumentations-JSON)</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Put the panels back where they started</source>
        <translation>Die Bereiche an ihre ursprüngliche Stelle zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;About AugStudio</source>
        <translation>&amp;Über AugStudio</translation>
    </message>
    <message>
        <source>About AugStudio</source>
        <translation>Über AugStudio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Recent Datasets</source>
        <translation>&amp;Zuletzt geöffnete Datensätze</translation>
    </message>
    <message>
        <source>Recent Searc&amp;hes</source>
        <translation>Zuletzt geöffnete &amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suche</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Tool Bar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;Evaluate Policy…</source>
        <translation>Policy &amp;evaluieren…</translation>
    </message>
    <message>
        <source>Sa&amp;ve Config</source>
        <translation>Kon&amp;figuration speichern</translation>
    </message>
    <message>
        <source>Write the config back to its file</source>
        <translation>Die Konfiguration in ihre Datei zurückschreiben</translation>
    </message>
    <message>
        <source>Write the config to a file of your choice</source>
        <translation>Die Konfiguration in eine Datei Ihrer Wahl schreiben</translation>
    </message>
    <message>
        <source>&amp;Quick Guide</source>
        <translation>&amp;Kurzanleitung</translation>
    </message>
    <message>
        <source>The steps from a dataset to a policy, and the keys</source>
        <translation>Die Schritte vom Datensatz zur Policy und die Tastenkürzel</translation>
    </message>
    <message>
        <source>Train a small network or ResNet-18 with the policy and with baselines such as none, flip-shift and trivial-augment, and compare their held-out accuracy</source>
        <translation>Ein kleines Netz oder ResNet-18 mit der Policy und mit Vergleichsbasen wie none, flip-shift und trivial-augment trainieren und ihre Genauigkeit auf zurückgehaltenen Bildern vergleichen</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::ConfigForm</name>
    <message>
        <source>Classification</source>
        <translation>Klassifikation</translation>
    </message>
    <message>
        <source>Semantic segmentation</source>
        <translation>Semantische Segmentierung</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>Automatic (GPU if available)</source>
        <translation>Automatisch (GPU, falls verfügbar)</translation>
    </message>
    <message>
        <source>No CUDA device is available on this computer.</source>
        <translation>Auf diesem Computer ist kein CUDA-Gerät verfügbar.</translation>
    </message>
    <message>
        <source>ResNet-18</source>
        <translation>ResNet-18</translation>
    </message>
    <message>
        <source>WideResNet-40-2</source>
        <translation>WideResNet-40-2</translation>
    </message>
    <message>
        <source>U-Net (ResNet-18 encoder)</source>
        <translation>U-Net (ResNet-18-Encoder)</translation>
    </message>
    <message>
        <source>The dataset is grayscale: colour operations are off.</source>
        <translation>Der Datensatz besteht aus Graustufenbildern: Farboperationen sind ausgeschaltet.</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source> images</source>
        <translation> Bilder</translation>
    </message>
    <message>
        <source>Operations: tick the ones to search; double-click a range (or press F2) to edit it.</source>
        <translation>Operationen: Haken Sie die zu durchsuchenden an; ein Doppelklick auf einen Bereich (oder F2) bearbeitet ihn.</translation>
    </message>
    <message>
        <source>YAML: %1</source>
        <translation>YAML: %1</translation>
    </message>
    <message>
        <source>Search on at most this many of the dataset&apos;s images (All: every one)</source>
        <translation>Höchstens so viele Bilder des Datensatzes durchsuchen (Alle: jedes)</translation>
    </message>
    <message>
        <source>Batches in an epoch (All: the images once over)</source>
        <translation>Batches pro Epoche (Alle: jedes Bild einmal)</translation>
    </message>
    <message>
        <source>How many epochs the search runs at most</source>
        <translation>Wie viele Epochen die Suche höchstens läuft</translation>
    </message>
    <message>
        <source>Images in each step&apos;s batch</source>
        <translation>Bilder im Batch jedes Schritts</translation>
    </message>
    <message>
        <source>How many sub-policies the policy holds; each image gets one</source>
        <translation>Wie viele Teil-Policies die Policy enthält; jedes Bild erhält eine</translation>
    </message>
    <message>
        <source>Operations applied one after another in each sub-policy</source>
        <translation>Operationen, die in jeder Teil-Policy nacheinander angewandt werden</translation>
    </message>
    <message>
        <source>Parts of a batch that each draw their own sub-policies</source>
        <translation>Teile eines Batches, die jeweils eigene Teil-Policies ziehen</translation>
    </message>
    <message>
        <source>What the network learns: a class for each image, or one for each pixel</source>
        <translation>Was das Netz lernt: eine Klasse für jedes Bild oder eine für jedes Pixel</translation>
    </message>
    <message>
        <source>How sharply the search chooses among operations while it learns: lower is closer to one choice</source>
        <translation>Wie scharf die Suche beim Lernen zwischen Operationen wählt: niedriger ist näher an einer einzigen Wahl</translation>
    </message>
    <message>
        <source>The same seed, config and dataset repeat the same search</source>
        <translation>Derselbe Seed, dieselbe Konfiguration und derselbe Datensatz wiederholen dieselbe Suche</translation>
    </message>
    <message>
        <source>The network trained beside the policy, which judges its images</source>
        <translation>Das neben der Policy trainierte Netz, das ihre Bilder beurteilt</translation>
    </message>
    <message>
        <source>Where the search computes: the processor, or a CUDA graphics card</source>
        <translation>Wo die Suche rechnet: auf dem Prozessor oder einer CUDA-Grafikkarte</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>A&amp;ufgabe:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Devi&amp;ce:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>&amp;Image size:</source>
        <translation>B&amp;ildgröße:</translation>
    </message>
    <message>
        <source>&amp;Use at most:</source>
        <translation>Höchste&amp;ns:</translation>
    </message>
    <message>
        <source>Steps &amp;per epoch:</source>
        <translation>Sch&amp;ritte pro Epoche:</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>E&amp;pochen:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchgröße:</translation>
    </message>
    <message>
        <source>Sub-po&amp;licies:</source>
        <translation>Tei&amp;l-Policies:</translation>
    </message>
    <message>
        <source>Sta&amp;ges:</source>
        <translation>Stu&amp;fen:</translation>
    </message>
    <message>
        <source>Chun&amp;ks:</source>
        <translation>Teilstüc&amp;ke:</translation>
    </message>
    <message>
        <source>Tempe&amp;rature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <source>See&amp;d:</source>
        <translation>S&amp;eed:</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::ConfigPanel</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>The YAML text has an error; fix it first: %1</source>
        <translation>Der YAML-Text enthält einen Fehler; beheben Sie ihn zuerst: %1</translation>
    </message>
    <message>
        <source>The YAML config has an error: %1</source>
        <translation>Die YAML-Konfiguration enthält einen Fehler: %1</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Hinweise:</translation>
    </message>
    <message>
        <source>Keys AugStudio reads differently or ignores:</source>
        <translation>Schlüssel, die AugStudio anders liest oder ignoriert:</translation>
    </message>
    <message>
        <source>Line %1: </source>
        <translation>Zeile %1: </translation>
    </message>
    <message>
        <source>The YAML config has an error (the settings keep the last valid config): %1</source>
        <translation>Die YAML-Konfiguration enthält einen Fehler (die Einstellungen behalten die letzte gültige Konfiguration): %1</translation>
    </message>
    <message>
        <source>In sync with the settings.</source>
        <translation>Mit den Einstellungen abgeglichen.</translation>
    </message>
    <message>
        <source>Written anew from the settings: this change could not be made in the text as it was, so its comments and the keys AugStudio does not use are gone.</source>
        <translation>Aus den Einstellungen neu geschrieben: Diese Änderung ließ sich nicht im bisherigen Text vornehmen, daher fehlen seine Kommentare und die Schlüssel, die AugStudio nicht verwendet.</translation>
    </message>
    <message>
        <source>%1 is read-only; save the config under another name (Save Config As…).</source>
        <translation>%1 ist schreibgeschützt; speichern Sie die Konfiguration unter einem anderen Namen (Konfiguration speichern unter…).</translation>
    </message>
    <message>
        <source>YAML config</source>
        <translation>YAML-Konfiguration</translation>
    </message>
    <message>
        <source>Fix it in the YAML tab to edit the settings again.</source>
        <translation>Beheben Sie ihn im YAML-Reiter, um die Einstellungen wieder zu bearbeiten.</translation>
    </message>
    <message>
        <source>A value in the settings cannot be used: %1</source>
        <translation>Ein Wert in den Einstellungen kann nicht verwendet werden: %1</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::DatasetPanel</name>
    <message>
        <source>Drop a dataset folder here</source>
        <translation>Datensatzordner hierher ziehen</translation>
    </message>
    <message>
        <source>Try the sample (Fashion-MNIST)</source>
        <translation>Beispiel ausprobieren (Fashion-MNIST)</translation>
    </message>
    <message>
        <source>Open Dataset Folder…</source>
        <translation>Datensatzordner öffnen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>Layout:</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>Aufgabe:</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>Bilder:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>%1 wird durchsucht…</translation>
    </message>
    <message>
        <source>%1 of %2 images</source>
        <translation>%1 von %2 Bildern</translation>
    </message>
    <message>
        <source>Scan cancelled.</source>
        <translation>Durchsuchen abgebrochen.</translation>
    </message>
    <message>
        <source>Class folders (image_folder)</source>
        <translation>Klassenordner (image_folder)</translation>
    </message>
    <message>
        <source>IDX files, MNIST style (idx)</source>
        <translation>IDX-Dateien im MNIST-Stil (idx)</translation>
    </message>
    <message>
        <source>Images + masks (segmentation_pairs)</source>
        <translation>Bilder + Masken (segmentation_pairs)</translation>
    </message>
    <message>
        <source>Pascal VOC (voc)</source>
        <translation>Pascal VOC (voc)</translation>
    </message>
    <message>
        <source>Cityscapes (cityscapes)</source>
        <translation>Cityscapes (cityscapes)</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Klassifikation</translation>
    </message>
    <message>
        <source>Semantic segmentation</source>
        <translation>Semantische Segmentierung</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 Bild</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 Bilder</translation>
    </message>
    <message>
        <source>, 1 class</source>
        <translation>, 1 Klasse</translation>
    </message>
    <message>
        <source>, %1 classes</source>
        <translation>, %1 Klassen</translation>
    </message>
    <message>
        <source> (a subset of at most %1)</source>
        <translation> (eine Teilmenge von höchstens %1)</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>%1–%2 × %3–%4 px (mean %5 × %6)</source>
        <translation>%1–%2 × %3–%4 px (Mittel %5 × %6)</translation>
    </message>
    <message>
        <source>no readable image</source>
        <translation>kein lesbares Bild</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Keine Probleme gefunden.</translation>
    </message>
    <message>
        <source>Problems (%1):</source>
        <translation>Probleme (%1):</translation>
    </message>
    <message>
        <source>The scan was cancelled: the figures cover only part of the dataset.</source>
        <translation>Das Durchsuchen wurde abgebrochen: Die Zahlen erfassen nur einen Teil des Datensatzes.</translation>
    </message>
    <message>
        <source>, grayscale</source>
        <translation>, Graustufen</translation>
    </message>
    <message>
        <source>Scanning %1… %2 files listed</source>
        <translation>%1 wird durchsucht… %2 Dateien gefunden</translation>
    </message>
    <message>
        <source> (%1 more unreadable)</source>
        <translation> (%1 weitere nicht lesbar)</translation>
    </message>
    <message>
        <source>Images per class</source>
        <translation>Bilder pro Klasse</translation>
    </message>
    <message>
        <source>Dataset problems</source>
        <translation>Probleme des Datensatzes</translation>
    </message>
    <message>
        <source>A folder with one sub-folder per class, IDX files, CIFAR or SVHN as torchvision downloads them, images with a labels .csv, images/ + masks/, Pascal VOC or Cityscapes.</source>
        <translation>Ein Ordner mit einem Unterordner je Klasse, IDX-Dateien, CIFAR oder SVHN, wie torchvision sie herunterlädt, Bilder mit einer Label-.csv, images/ + masks/, Pascal VOC oder Cityscapes.</translation>
    </message>
    <message>
        <source>Images + labels file (csv)</source>
        <translation>Bilder + Label-Datei (csv)</translation>
    </message>
    <message>
        <source>CIFAR as torchvision downloads it (cifar)</source>
        <translation>CIFAR, wie torchvision es herunterlädt (cifar)</translation>
    </message>
    <message>
        <source>SVHN as torchvision downloads it (svhn)</source>
        <translation>SVHN, wie torchvision es herunterlädt (svhn)</translation>
    </message>
    <message>
        <source>Oxford&apos;s 102 flowers as torchvision downloads them (flowers102)</source>
        <translation>Oxfords 102 Blumen, wie torchvision sie herunterlädt (flowers102)</translation>
    </message>
    <message>
        <source>STL-10 as torchvision downloads it (stl10)</source>
        <translation>STL-10, wie torchvision es herunterlädt (stl10)</translation>
    </message>
    <message>
        <source>%1 is still the dataset in use.</source>
        <translation>%1 bleibt der verwendete Datensatz.</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Between the counts of errors and of warnings: &quot;2 errors, 1 warning&quot;.</extracomment>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <source>%n error</source>
        <translation>
            <numerusform>%n Fehler</numerusform>
            <numerusform>%n Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n errors</source>
        <translation>
            <numerusform>%n Fehler</numerusform>
            <numerusform>%n Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning</source>
        <translation>
            <numerusform>%n Warnung</numerusform>
            <numerusform>%n Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warnings</source>
        <translation>
            <numerusform>%n Warnung</numerusform>
            <numerusform>%n Warnungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>augstudio::ui::DatasetScanner</name>
    <message>
        <source>The folder “%1” does not exist (any more). Choose another folder with File ▸ Open Dataset… or drop one here.</source>
        <translation>Der Ordner „%1“ existiert nicht (mehr). Wählen Sie mit Datei ▸ Datensatz öffnen… einen anderen Ordner oder ziehen Sie einen hierher.</translation>
    </message>
    <message>
        <source>“%1” is a file. AugStudio accepts one dataset folder: drop the folder that holds the images.</source>
        <translation>„%1“ ist eine Datei. AugStudio nimmt einen Datensatzordner an: Ziehen Sie den Ordner hierher, der die Bilder enthält.</translation>
    </message>
    <message>
        <source>The folder “%1” disappeared while it was being scanned. Put it back or choose another folder.</source>
        <translation>Der Ordner „%1“ ist während des Durchsuchens verschwunden. Stellen Sie ihn wieder her oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>“%1” holds no images AugStudio can read. %2</source>
        <translation>„%1“ enthält keine Bilder, die AugStudio lesen kann. %2</translation>
    </message>
    <message>
        <source>None of the %1 image files in “%2” can be read, e.g. %3</source>
        <translation>Keine der %1 Bilddateien in „%2“ ist lesbar, z. B. %3</translation>
    </message>
    <message>
        <source>The name of the folder “%1” is not UTF-8 text, which the app cannot open: rename it, or search it with augstudio-cli.</source>
        <translation>Der Name des Ordners „%1“ ist kein UTF-8-Text; solche Ordner kann die App nicht öffnen. Benennen Sie ihn um oder durchsuchen Sie ihn mit augstudio-cli.</translation>
    </message>
    <message>
        <source>“%1” does not look like a dataset. AugStudio reads a folder with one sub-folder per class (cats/, dogs/, …), Fashion-MNIST/MNIST IDX files, CIFAR or SVHN as torchvision downloads them (cifar-10-batches-py/, train_32x32.mat), images with a labels file (labels.csv: image,label), images/ + masks/ folders, Pascal VOC (JPEGImages/ + SegmentationClass/) or Cityscapes (leftImg8bit/ + gtFine/). Drop the folder that holds one of these.</source>
        <translation>„%1“ sieht nicht wie ein Datensatz aus. AugStudio liest einen Ordner mit einem Unterordner je Klasse (cats/, dogs/, …), Fashion-MNIST-/MNIST-IDX-Dateien, CIFAR oder SVHN, wie torchvision sie herunterlädt (cifar-10-batches-py/, train_32x32.mat), Bilder mit einer Label-Datei (labels.csv: image,label), images/- + masks/-Ordner, Pascal VOC (JPEGImages/ + SegmentationClass/) oder Cityscapes (leftImg8bit/ + gtFine/). Ziehen Sie den Ordner hierher, der eines davon enthält.</translation>
    </message>
    <message>
        <source>Cannot read the dataset folder “%1”: %2.</source>
        <translation>Der Datensatzordner „%1“ kann nicht gelesen werden: %2.</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::EvaluateDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Evaluate Policy</source>
        <translation>Policy evaluieren</translation>
    </message>
    <message>
        <source>The folder of the dataset to train and test on</source>
        <translation>Der Ordner des Datensatzes, auf dem trainiert und getestet wird</translation>
    </message>
    <message>
        <source>&amp;Dataset folder:</source>
        <translation>&amp;Datensatzordner:</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>&amp;Epochen:</translation>
    </message>
    <message>
        <source>&amp;Training images:</source>
        <translation>&amp;Trainingsbilder:</translation>
    </message>
    <message>
        <source>&amp;Held-out images:</source>
        <translation>&amp;Zurückgehaltene Bilder:</translation>
    </message>
    <message>
        <source>Repe&amp;ats:</source>
        <translation>&amp;Wiederholungen:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Seed:</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Stop the evaluation after the current batch</source>
        <translation>Die Evaluierung nach dem aktuellen Batch stoppen</translation>
    </message>
    <message>
        <source>The policy file %1 does not exist.</source>
        <translation>Die Policy-Datei %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Choose the folder of the dataset to train and test on.</source>
        <translation>Wählen Sie den Ordner des Datensatzes, auf dem trainiert und getestet wird.</translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist.</source>
        <translation>Der Datensatzordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Loading and preparing the images…</source>
        <translation>Die Bilder werden geladen und vorbereitet…</translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation>Bricht nach dem aktuellen Batch ab…</translation>
    </message>
    <message>
        <source>Albumentations policy (*.json);;All files (*)</source>
        <translation>Albumentations-Policy (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose a Dataset Folder</source>
        <translation>Datensatzordner wählen</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Abgeschlossen.</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>mIoU</source>
        <translation>mIoU</translation>
    </message>
    <message>
        <source>%1 (mean)</source>
        <translation>%1 (Mittel)</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>Std.-Abw.</translation>
    </message>
    <message>
        <source>Seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>Die Evaluierung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Add &amp;Files…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>Ent&amp;fernen</translation>
    </message>
    <message>
        <source>Albumentations JSON policies; the first one&apos;s preprocessing serves every arm. Double-click a path to edit it.</source>
        <translation>Albumentations-JSON-Policies; die Vorverarbeitung der ersten gilt für jeden Arm. Doppelklicken Sie auf einen Pfad, um ihn zu bearbeiten.</translation>
    </message>
    <message>
        <source>the policy&apos;s preprocessing only</source>
        <translation>nur die Vorverarbeitung der Policy</translation>
    </message>
    <message>
        <source>horizontal flip and a shift of up to 6.25 %</source>
        <translation>horizontales Spiegeln und eine Verschiebung um bis zu 6,25 %</translation>
    </message>
    <message>
        <source>one random operation at a random strength (TrivialAugment)</source>
        <translation>eine zufällige Operation mit zufälliger Stärke (TrivialAugment)</translation>
    </message>
    <message>
        <source>two random operations at a fixed strength (RandAugment)</source>
        <translation>zwei zufällige Operationen mit fester Stärke (RandAugment)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Small (fast)</source>
        <translation>Klein (schnell)</translation>
    </message>
    <message>
        <source>ResNet-18 (the search&apos;s network)</source>
        <translation>ResNet-18 (das Netz der Suche)</translation>
    </message>
    <message>
        <source>&amp;Policy files:</source>
        <translation>&amp;Policy-Dateien:</translation>
    </message>
    <message>
        <source>&amp;Baselines:</source>
        <translation>Vergleichs&amp;basen:</translation>
    </message>
    <message>
        <source>&amp;Network:</source>
        <translation>&amp;Netz:</translation>
    </message>
    <message>
        <source>Train with each policy and each baseline, and compare</source>
        <translation>Mit jeder Policy und jeder Vergleichsbasis trainieren und vergleichen</translation>
    </message>
    <message>
        <source>Save Rep&amp;ort…</source>
        <translation>Beri&amp;cht speichern…</translation>
    </message>
    <message>
        <source>Write the scores per arm, seed and epoch and the comparisons as CSV, and the plot as a PNG of the same name beside it</source>
        <translation>Schreibt die Werte je Arm, Seed und Epoche sowie die Vergleiche als CSV und das Diagramm als gleichnamige PNG-Datei daneben</translation>
    </message>
    <message>
        <source>Add a policy file (an Albumentations JSON) to evaluate.</source>
        <translation>Fügen Sie eine zu evaluierende Policy-Datei (ein Albumentations-JSON) hinzu.</translation>
    </message>
    <message>
        <source>Check at least one baseline to compare the policies with.</source>
        <translation>Haken Sie mindestens eine Vergleichsbasis an, mit der die Policies verglichen werden.</translation>
    </message>
    <message>
        <source>Saved the report as %1 and the plot as %2.</source>
        <translation>Bericht als %1 und Diagramm als %2 gespeichert.</translation>
    </message>
    <message>
        <source>Save Evaluation Report</source>
        <translation>Evaluierungsbericht speichern</translation>
    </message>
    <message>
        <source>CSV report, with the plot as PNG beside it (*.csv)</source>
        <translation>CSV-Bericht, mit dem Diagramm als PNG daneben (*.csv)</translation>
    </message>
    <message>
        <source>Choose Policy Files</source>
        <translation>Policy-Dateien wählen</translation>
    </message>
    <message>
        <source>Run %1 of %2, arm %3 of %4 (%5): epoch %6 of %7, batch %8 of %9, loss %10</source>
        <translation>Lauf %1 von %2, Arm %3 von %4 (%5): Epoche %6 von %7, Batch %8 von %9, Verlust %10</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 runs; the table and the plot show the finished ones.</source>
        <translation>Nach %1 von %2 Läufen abgebrochen; Tabelle und Diagramm zeigen die abgeschlossenen.</translation>
    </message>
    <message>
        <source>ResNet-18</source>
        <translation>ResNet-18</translation>
    </message>
    <message>
        <source>small network</source>
        <translation>kleines Netz</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>Arm</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>95 % interval</source>
        <translation>95-%-Intervall</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>policy</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>Vergleichsbasis</translation>
    </message>
    <message>
        <source>%1 − %2</source>
        <translation>%1 − %2</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Policy minus baseline, paired by seed: above zero, the policy helps</source>
        <translation>Policy minus Vergleichsbasis, nach Seed gepaart: über null hilft die Policy</translation>
    </message>
    <message>
        <source>[%1, %2]</source>
        <translation>[%1, %2]</translation>
    </message>
    <message>
        <source>one seed: no interval (set Repeats to 2 or more)</source>
        <translation>ein Seed: kein Intervall (Wiederholungen auf 2 oder mehr setzen)</translation>
    </message>
    <message>
        <source>no measurable difference</source>
        <translation>kein messbarer Unterschied</translation>
    </message>
    <message>
        <source>the policy is better</source>
        <translation>die Policy ist besser</translation>
    </message>
    <message>
        <source>the baseline is better</source>
        <translation>die Vergleichsbasis ist besser</translation>
    </message>
    <message>
        <source>One image was left out: %1</source>
        <translation>Ein Bild wurde ausgelassen: %1</translation>
    </message>
    <message>
        <source>%1 images were left out; the first: %2</source>
        <translation>%1 Bilder wurden ausgelassen; das erste: %2</translation>
    </message>
    <message>
        <source>no verdict: the policy scored higher on these %1 held-out images, too few to call it better</source>
        <translation>kein Urteil: die Policy erzielte auf diesen %1 zurückgehaltenen Bildern den höheren Wert; zu wenige Bilder, um sie besser zu nennen</translation>
    </message>
    <message>
        <source>no verdict: the baseline scored higher on these %1 held-out images, too few to call it better</source>
        <translation>kein Urteil: die Vergleichsbasis erzielte auf diesen %1 zurückgehaltenen Bildern den höheren Wert; zu wenige Bilder, um sie besser zu nennen</translation>
    </message>
    <message>
        <source>no measurable difference (the seeds agree to within one held-out image: run more repeats or more held-out images)</source>
        <translation>kein messbarer Unterschied (die Seeds stimmen bis auf ein zurückgehaltenes Bild überein: verwenden Sie mehr Wiederholungen oder mehr zurückgehaltene Bilder)</translation>
    </message>
    <message>
        <source>Cancelled before the first run finished: there is nothing to compare yet.</source>
        <translation>Vor dem Ende des ersten Laufs abgebrochen: Es gibt noch nichts zu vergleichen.</translation>
    </message>
    <message>
        <source>inconclusive: the interval includes 0 but is too wide to rule out a difference of a few points (set more Repeats)</source>
        <translation>nicht entscheidbar: das Intervall enthält 0, ist aber zu breit, um einen Unterschied von einigen Punkten auszuschließen (mehr Wiederholungen setzen)</translation>
    </message>
    <message>
        <source>Policy files</source>
        <translation>Policy-Dateien</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <source>Baselines</source>
        <translation>Vergleichsbasen</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Cance&amp;l</source>
        <translation>Abb&amp;rechen</translation>
    </message>
    <message>
        <source>no verdict: the arms scored alike on these %1 held-out images, too few to tell them apart</source>
        <translation>kein Urteil: Policy und Vergleichsbasis erzielten auf diesen %1 zurückgehaltenen Bildern den gleichen Wert; zu wenige Bilder, um sie zu unterscheiden</translation>
    </message>
    <message>
        <source>An evaluation is running. Stop it and quit? Nothing of it is saved: the runs finished so far are lost.</source>
        <translation>Eine Evaluierung läuft. Stoppen und beenden? Nichts davon wird gespeichert: Die bisher abgeschlossenen Läufe gehen verloren.</translation>
    </message>
    <message>
        <source>An evaluation is running. Stop it? The run finished so far stays in the table, to be saved as a report; the run in progress is lost.</source>
        <translation>Eine Evaluierung läuft. Stoppen? Der bisher abgeschlossene Lauf bleibt in der Tabelle und kann als Bericht gespeichert werden; der laufende Lauf geht verloren.</translation>
    </message>
    <message numerus="yes">
        <source>An evaluation is running. Stop it? The %n runs finished so far stay in the table, to be saved as a report; the run in progress is lost.</source>
        <translation>
            <numerusform>Eine Evaluierung läuft. Stoppen? Der %n bisher abgeschlossene Lauf bleibt in der Tabelle und kann als Bericht gespeichert werden; der laufende Lauf geht verloren.</numerusform>
            <numerusform>Eine Evaluierung läuft. Stoppen? Die %n bisher abgeschlossenen Läufe bleiben in der Tabelle und können als Bericht gespeichert werden; der laufende Lauf geht verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>An evaluation is running. Stop it? No run has finished yet, so nothing of it is kept.</source>
        <translation>Eine Evaluierung läuft. Stoppen? Noch kein Lauf ist abgeschlossen, daher bleibt nichts davon erhalten.</translation>
    </message>
    <message>
        <source>Stop the evaluation?</source>
        <translation>Evaluierung stoppen?</translation>
    </message>
    <message>
        <source>Replace the plot?</source>
        <translation>Diagramm ersetzen?</translation>
    </message>
    <message>
        <source>The plot is saved beside the report as %1, which exists already. Replace it?</source>
        <translation>Das Diagramm wird neben dem Bericht als %1 gespeichert, das bereits existiert. Ersetzen?</translation>
    </message>
    <message numerus="yes">
        <source>%1 training and %n held-out image</source>
        <translation>
            <numerusform>%1 Trainings- und %n zurückgehaltenes Bild</numerusform>
            <numerusform>%1 Trainings- und %n zurückgehaltene Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 training and %n held-out images</source>
        <translation>
            <numerusform>%1 Trainings- und %n zurückgehaltenes Bild</numerusform>
            <numerusform>%1 Trainings- und %n zurückgehaltene Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n epoch</source>
        <translation>
            <numerusform>%n Epoche</numerusform>
            <numerusform>%n Epochen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n epochs</source>
        <translation>
            <numerusform>%n Epoche</numerusform>
            <numerusform>%n Epochen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 classes · %2 (%3) · %4×%4 pixels · %5 · %6 · %7</source>
        <translation>%1 Klassen · %2 (%3) · %4×%4 Pixel · %5 · %6 · %7</translation>
    </message>
    <message>
        <source>one run finished: no interval</source>
        <translation>ein Lauf abgeschlossen: kein Intervall</translation>
    </message>
    <message>
        <source>Stopped by an error.</source>
        <translation>Durch einen Fehler beendet.</translation>
    </message>
    <message>
        <source>An error stopped the evaluation after %1 of %2 runs; the table and the plot show the finished ones: %3</source>
        <translation>Ein Fehler hat die Bewertung nach %1 von %2 Läufen beendet; Tabelle und Diagramm zeigen die abgeschlossenen: %3</translation>
    </message>
    <message>
        <source>Trains the same network once per arm, with each policy and with each checked baseline, on training images drawn from the dataset for each run, and compares their accuracy on held-out images (mIoU for segmentation).</source>
        <translation>Trainiert dasselbe Netz einmal je Arm, mit jeder Policy und mit jeder angehakten Vergleichsbasis, auf Trainingsbildern, die für jeden Lauf aus dem Datensatz gezogen werden, und vergleicht ihre Genauigkeit auf zurückgehaltenen Bildern (mIoU bei Segmentierung).</translation>
    </message>
    <message>
        <source>Runs with the seeds seed, seed + 1, …, each with training images of its own; two or more give each difference a 95 % interval</source>
        <translation>Läufe mit den Seeds Seed, Seed + 1, …, jeder mit eigenen Trainingsbildern; ab zwei Läufen erhält jede Differenz ein 95-%-Intervall</translation>
    </message>
    <message>
        <source>Fixes the held-out images, and each run&apos;s training images and training (run r uses seed + r − 1)</source>
        <translation>Legt die zurückgehaltenen Bilder fest sowie die Trainingsbilder und das Training jedes Laufs (Lauf r verwendet Seed + r − 1)</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::EvaluatePlot</name>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Held-out score</source>
        <translation>Wert auf zurückgehaltenen Bildern</translation>
    </message>
    <message>
        <source>The held-out score of every arm appears here after each epoch.</source>
        <translation>Der Wert jedes Arms auf den zurückgehaltenen Bildern erscheint hier nach jeder Epoche.</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::EvaluateWorker</name>
    <message>
        <source>The evaluation stopped with an unknown error.</source>
        <translation>Die Evaluierung wurde mit einem unbekannten Fehler beendet.</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::ImageSizeField</name>
    <message>
        <source>As they are</source>
        <translation>Wie sie sind</translation>
    </message>
    <message>
        <source>Resize to a square</source>
        <translation>Auf ein Quadrat skalieren</translation>
    </message>
    <message>
        <source>Longest side, then pad</source>
        <translation>Längste Seite + Rand</translation>
    </message>
    <message>
        <source>Random crop</source>
        <translation>Zufälliger Ausschnitt</translation>
    </message>
    <message>
        <source>Custom (YAML tab)</source>
        <translation>Eigene (YAML-Reiter)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Preprocessing: %1</source>
        <translation>Vorverarbeitung: %1</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>Bildgröße</translation>
    </message>
    <message>
        <source>Image side</source>
        <translation>Bildseite</translation>
    </message>
    <message>
        <source>How the images are brought to the size the search trains on</source>
        <translation>Wie die Bilder auf die Größe gebracht werden, mit der die Suche trainiert</translation>
    </message>
    <message>
        <source>Preprocessing: none</source>
        <translation>Vorverarbeitung: keine</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::InlineMessage</name>
    <message>
        <source>Hide this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;System Language</source>
        <translation>&amp;Systemsprache</translation>
    </message>
    <message>
        <source>Takes effect when AugStudio restarts</source>
        <translation>Wirkt nach einem Neustart von AugStudio</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::MainWindow</name>
    <message>
        <source>AugStudio</source>
        <translation>AugStudio</translation>
    </message>
    <message>
        <source>No recent searches</source>
        <translation>Keine zuletzt geöffneten Suchen</translation>
    </message>
    <message>
        <source>Drop a dataset folder on the window, or try the sample.</source>
        <translation>Ziehen Sie einen Datensatzordner auf das Fenster oder probieren Sie das Beispiel aus.</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>The new language takes effect when you restart AugStudio.</source>
        <translation>Die neue Sprache wirkt, sobald Sie AugStudio neu starten.</translation>
    </message>
    <message>
        <source>You dropped %1 items.</source>
        <translation>Sie haben %1 Elemente abgelegt.</translation>
    </message>
    <message>
        <source>“%1” is not a folder.</source>
        <translation>„%1“ ist kein Ordner.</translation>
    </message>
    <message>
        <source>AugStudio accepts one dataset folder: drop the single folder that holds the images (or the class folders).</source>
        <translation>AugStudio nimmt einen Datensatzordner an: Ziehen Sie den einen Ordner hierher, der die Bilder (oder die Klassenordner) enthält.</translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>%1 wird durchsucht…</translation>
    </message>
    <message>
        <source>The sample needs the Fashion-MNIST files in %1. Install them with the Debian package dataset-fashion-mnist (sudo apt install dataset-fashion-mnist) and try again.</source>
        <translation>Das Beispiel braucht die Fashion-MNIST-Dateien in %1. Installieren Sie sie mit dem Debian-Paket dataset-fashion-mnist (sudo apt install dataset-fashion-mnist) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Loading the Fashion-MNIST sample…</source>
        <translation>Das Fashion-MNIST-Beispiel wird geladen…</translation>
    </message>
    <message>
        <source>Not a usable dataset: %1</source>
        <translation>Kein verwendbarer Datensatz: %1</translation>
    </message>
    <message>
        <source>Dataset ready: %1 images in %2. Press Start to search.</source>
        <translation>Datensatz bereit: %1 Bilder in %2. Klicken Sie auf „Suche starten“.</translation>
    </message>
    <message>
        <source>Open Dataset Folder</source>
        <translation>Datensatzordner öffnen</translation>
    </message>
    <message>
        <source>Config loaded from %1</source>
        <translation>Konfiguration aus %1 geladen</translation>
    </message>
    <message>
        <source>Open Config</source>
        <translation>Konfiguration öffnen</translation>
    </message>
    <message>
        <source>Search configs (*.yaml *.yml);;All files (*)</source>
        <translation>Suchkonfigurationen (*.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save Config As</source>
        <translation>Konfiguration speichern unter</translation>
    </message>
    <message>
        <source>Search configs (*.yaml *.yml)</source>
        <translation>Suchkonfigurationen (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>The config was not saved: %1</source>
        <translation>Die Konfiguration wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Config saved to %1</source>
        <translation>Konfiguration in %1 gespeichert</translation>
    </message>
    <message>
        <source>Stop the search?</source>
        <translation>Suche stoppen?</translation>
    </message>
    <message>
        <source>A search is running. Stop it and quit? It stops after the current step; the policy of the last finished epoch stays saved in %1.</source>
        <translation>Eine Suche läuft. Stoppen und beenden? Sie stoppt nach dem aktuellen Schritt; die Policy der letzten abgeschlossenen Epoche bleibt in %1 gespeichert.</translation>
    </message>
    <message>
        <source>Output Folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>Open a dataset first: drop a folder on the window, use File ▸ Open Dataset…, or try the sample.</source>
        <translation>Öffnen Sie zuerst einen Datensatz: Ziehen Sie einen Ordner auf das Fenster, verwenden Sie Datei ▸ Datensatz öffnen… oder probieren Sie das Beispiel aus.</translation>
    </message>
    <message>
        <source>There is no search to continue: open one with File ▸ Open Search Folder… (a folder with checkpoints/last.pt).</source>
        <translation>Es gibt keine Suche zum Weiterführen: Öffnen Sie eine mit Datei ▸ Suchordner öffnen… (ein Ordner mit checkpoints/last.pt).</translation>
    </message>
    <message>
        <source>%1 already holds a search. Choose another output folder, or open it with File ▸ Open Search Folder… and continue it.</source>
        <translation>%1 enthält bereits eine Suche. Wählen Sie einen anderen Ausgabeordner oder öffnen Sie ihn mit Datei ▸ Suchordner öffnen… und führen Sie die Suche weiter.</translation>
    </message>
    <message>
        <source>Continuing the search…</source>
        <translation>Die Suche wird weitergeführt…</translation>
    </message>
    <message>
        <source>Starting the search…</source>
        <translation>Die Suche wird gestartet…</translation>
    </message>
    <message>
        <source>Searching; results go to %1</source>
        <translation>Suche läuft; die Ergebnisse gehen nach %1</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>Stoppt nach dem aktuellen Schritt…</translation>
    </message>
    <message>
        <source>Search started on %1 with %2 threads; results go to %3</source>
        <translation>Suche auf %1 mit %2 Threads gestartet; die Ergebnisse gehen nach %3</translation>
    </message>
    <message>
        <source>Plateau: the policy has converged; keep epoch %1. %2</source>
        <translation>Plateau: Die Policy ist konvergiert; behalten Sie Epoche %1. %2</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>Die Suche ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Search finished.</source>
        <translation>Suche abgeschlossen.</translation>
    </message>
    <message>
        <source>Search stopped.</source>
        <translation>Suche gestoppt.</translation>
    </message>
    <message>
        <source>Save Policy of Epoch %1</source>
        <translation>Policy von Epoche %1 speichern</translation>
    </message>
    <message>
        <source>The policy was not saved: %1</source>
        <translation>Die Policy wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Export Metrics as CSV</source>
        <translation>Metriken als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>The metrics were not exported: %1</source>
        <translation>Die Metriken wurden nicht exportiert: %1</translation>
    </message>
    <message>
        <source>Export Plot as PNG</source>
        <translation>Diagramm als PNG exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>A search is running; stop it before opening another.</source>
        <translation>Eine Suche läuft; stoppen Sie sie, bevor Sie eine andere öffnen.</translation>
    </message>
    <message>
        <source>%1 is not a search folder: it has neither config.yaml nor metrics.csv.</source>
        <translation>%1 ist kein Suchordner: Er enthält weder config.yaml noch metrics.csv.</translation>
    </message>
    <message>
        <source>Opened the search in %1 (%2 finished epochs).</source>
        <translation>Die Suche in %1 wurde geöffnet (%2 abgeschlossene Epochen).</translation>
    </message>
    <message>
        <source>Open Search Folder</source>
        <translation>Suchordner öffnen</translation>
    </message>
    <message>
        <source>Policy of epoch %1 saved for Albumentations %2 to %3</source>
        <translation>Policy von Epoche %1 für Albumentations %2 in %3 gespeichert</translation>
    </message>
    <message>
        <source>The search could not be timed: %1</source>
        <translation>Die Suche konnte nicht gemessen werden: %1</translation>
    </message>
    <message>
        <source>Timing a few steps on the dataset…</source>
        <translation>Einige Schritte auf dem Datensatz werden gemessen…</translation>
    </message>
    <message>
        <source>It was searched by %1 processes sharing each batch.</source>
        <translation>Sie wurde von %1 Prozessen durchsucht, die sich jeden Batch teilten.</translation>
    </message>
    <message>
        <source>%1 is inside the dataset folder: the search&apos;s files would be read as images of the dataset. Choose an output folder outside it.</source>
        <translation>%1 liegt im Datensatzordner: Die Dateien der Suche würden als Bilder des Datensatzes gelesen. Wählen Sie einen Ausgabeordner außerhalb davon.</translation>
    </message>
    <message>
        <source>Not timed before the start: the progress line shows the time left.</source>
        <translation>Vor dem Start nicht gemessen: Die Fortschrittszeile zeigt die verbleibende Zeit.</translation>
    </message>
    <message>
        <source>This search has finished the epochs its config asks for (%1). Raise Epochs in the config to %2 or more, then continue it.</source>
        <translation>Diese Suche hat die Epochen beendet, die ihre Konfiguration verlangt (%1). Erhöhen Sie „Epochen“ in der Konfiguration auf %2 oder mehr und setzen Sie sie dann fort.</translation>
    </message>
    <message>
        <source>Search continued at epoch %1 on %2 with %3 threads; results go to %4</source>
        <translation>Suche bei Epoche %1 auf %2 mit %3 Threads fortgesetzt; die Ergebnisse gehen nach %4</translation>
    </message>
    <message>
        <source>Config loaded from %1; it names no dataset folder, so the open dataset %2 is used.</source>
        <translation>Konfiguration aus %1 geladen; sie nennt keinen Datensatzordner, daher wird der geöffnete Datensatz %2 verwendet.</translation>
    </message>
    <message>
        <source>Config loaded from %1; its dataset folder %2 does not exist, so the open dataset %3 is used.</source>
        <translation>Konfiguration aus %1 geladen; ihr Datensatzordner %2 existiert nicht, daher wird der geöffnete Datensatz %3 verwendet.</translation>
    </message>
    <message>
        <source>Save the config?</source>
        <translation>Konfiguration speichern?</translation>
    </message>
    <message>
        <source>The config has changes that are not saved in a file.</source>
        <translation>Die Konfiguration hat Änderungen, die in keiner Datei gespeichert sind.</translation>
    </message>
    <message>
        <source>The config has changes that are not saved in %1.</source>
        <translation>Die Konfiguration hat Änderungen, die nicht in %1 gespeichert sind.</translation>
    </message>
    <message>
        <source>Overwrite the config file?</source>
        <translation>Konfigurationsdatei überschreiben?</translation>
    </message>
    <message>
        <source>%1 was changed by another program since AugStudio read it. Replace those changes with the config shown here?</source>
        <translation>%1 wurde von einem anderen Programm geändert, seit AugStudio die Datei gelesen hat. Diese Änderungen durch die hier gezeigte Konfiguration ersetzen?</translation>
    </message>
    <message>
        <source>There is no folder %1 any more; it has been removed from the recent datasets.</source>
        <translation>Den Ordner %1 gibt es nicht mehr; er wurde aus den zuletzt geöffneten Datensätzen entfernt.</translation>
    </message>
    <message>
        <source>There is no folder %1 any more; it has been removed from the recent searches.</source>
        <translation>Den Ordner %1 gibt es nicht mehr; er wurde aus den zuletzt geöffneten Suchen entfernt.</translation>
    </message>
    <message>
        <source>&amp;Dataset</source>
        <translation>&amp;Datensatz</translation>
    </message>
    <message>
        <source>&amp;Config</source>
        <translation>&amp;Konfiguration</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>S&amp;uche</translation>
    </message>
    <message>
        <source>No policy is selected: click an epoch on the plot or choose one under Policy in the Search panel.</source>
        <translation>Keine Policy gewählt: Klicken Sie im Diagramm auf eine Epoche oder wählen Sie eine unter „Policy“ im Bereich „Suche“.</translation>
    </message>
    <message>
        <source>A search is running; stop it before opening another dataset.</source>
        <translation>Eine Suche läuft; stoppen Sie sie, bevor Sie einen anderen Datensatz öffnen.</translation>
    </message>
    <message>
        <source>The plot was not exported: %1</source>
        <translation>Das Diagramm wurde nicht exportiert: %1</translation>
    </message>
    <message>
        <source>Dataset ready: %1 images in %2, %3 (see the Dataset panel). Press Start to search.</source>
        <translation>Datensatz bereit: %1 Bilder in %2, %3 (siehe Bereich „Datensatz“). Klicken Sie auf „Suche starten“.</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weitere</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Continue Search</source>
        <translation>Suche fortsetzen</translation>
    </message>
    <message>
        <source>The config differs from the one this search ran with (%1). Continue with its own config, or with these changes, which the folder&apos;s config.yaml will then record?</source>
        <translation>Die Konfiguration weicht von der ab, mit der diese Suche lief (%1). Mit ihrer eigenen Konfiguration fortsetzen oder mit diesen Änderungen, die dann in der config.yaml des Ordners stehen?</translation>
    </message>
    <message>
        <source>Use Its Own Config</source>
        <translation>Ihre eigene Konfiguration verwenden</translation>
    </message>
    <message>
        <source>Continue with the Changes</source>
        <translation>Mit den Änderungen fortsetzen</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::MetricsPlot</name>
    <message>
        <source>average parameter change (right axis)</source>
        <translation>mittlere Parameteränderung (rechte Achse)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>average parameter change</source>
        <translation>mittlere Parameteränderung</translation>
    </message>
    <message>
        <source> converged: keep epoch %1</source>
        <translation> konvergiert: Epoche %1 behalten</translation>
    </message>
    <message>
        <source>selected: epoch %1 </source>
        <translation>gewählt: Epoche %1 </translation>
    </message>
    <message>
        <source>epoch %1, step %2
loss %3   d_loss %4   a_loss %5</source>
        <translation>Epoche %1, Schritt %2
loss %3   d_loss %4   a_loss %5</translation>
    </message>
    <message>
        <source>
epoch %1 means: loss %2   d_loss %3   a_loss %4
average parameter change %5</source>
        <translation>
Mittelwerte von Epoche %1: loss %2   d_loss %3   a_loss %4
mittlere Parameteränderung %5</translation>
    </message>
    <message>
        <source>d_loss, a_loss</source>
        <translation>d_loss, a_loss</translation>
    </message>
    <message>
        <source>Metrics plot</source>
        <translation>Metrikdiagramm</translation>
    </message>
    <message>
        <source>Metrics appear here while a search runs.
Click an epoch to stop there and keep its policy,
or choose one under Policy in the Search panel.</source>
        <translation>Hier erscheinen die Metriken, während eine Suche läuft.
Klicken Sie auf eine Epoche, um dort zu stoppen und ihre Policy zu behalten,
oder wählen Sie eine unter „Policy“ im Bereich „Suche“.</translation>
    </message>
    <message>
        <source>The first epoch has not finished yet.</source>
        <translation>Die erste Epoche ist noch nicht abgeschlossen.</translation>
    </message>
    <message>
        <source>No search metrics yet.</source>
        <translation>Noch keine Metriken einer Suche.</translation>
    </message>
    <message>
        <source>Epoch %1: loss %2, d_loss %3, a_loss %4, average parameter change %5.</source>
        <translation>Epoche %1: loss %2, d_loss %3, a_loss %4, mittlere Parameteränderung %5.</translation>
    </message>
    <message>
        <source>Selected policy: epoch %1.</source>
        <translation>Gewählte Policy: Epoche %1.</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::OperationsTable</name>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>%1 has no magnitude</source>
        <translation>%1 hat keine Stärke</translation>
    </message>
    <message>
        <source>Operation %1: %2</source>
        <translation>Operation %1: %2</translation>
    </message>
    <message>
        <source>Tick at least one operation.</source>
        <translation>Haken Sie mindestens eine Operation an.</translation>
    </message>
    <message>
        <source>%1 takes values from %2 to %3</source>
        <translation>%1 nimmt Werte von %2 bis %3 an</translation>
    </message>
    <message>
        <source>The dataset is grayscale: %1 changes colour channels, so it is off.</source>
        <translation>Der Datensatz besteht aus Graustufenbildern: %1 verändert Farbkanäle und ist daher ausgeschaltet.</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Operationen</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::PlateauBanner</name>
    <message>
        <source>Hide; the search goes on</source>
        <translation>Ausblenden; die Suche läuft weiter</translation>
    </message>
    <message>
        <source>&lt;b&gt;The policy has converged.&lt;/b&gt; The average parameter change stopped falling at epoch %1 and has oscillated since. Keep the policy of epoch %2.</source>
        <translation>&lt;b&gt;Die Policy ist konvergiert.&lt;/b&gt; Die mittlere Parameteränderung sinkt seit Epoche %1 nicht mehr und schwankt seitdem. Behalten Sie die Policy von Epoche %2.</translation>
    </message>
    <message>
        <source>Stop and keep epoch %1</source>
        <translation>Stoppen und Epoche %1 behalten</translation>
    </message>
    <message>
        <source>Keep epoch %1</source>
        <translation>Epoche %1 behalten</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::PreviewPanel</name>
    <message>
        <source>Original and augmented images appear here while a search runs (Search ▸ Refresh Preview for new ones).</source>
        <translation>Hier erscheinen Original- und augmentierte Bilder, während eine Suche läuft (Suche ▸ Vorschau aktualisieren für neue).</translation>
    </message>
    <message>
        <source>original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>sub-policy %1: %2</source>
        <translation>Teil-Policy %1: %2</translation>
    </message>
    <message>
        <source>Epoch %1: original (left) and augmented (right), with the sub-policy applied</source>
        <translation>Epoche %1: Original (links) und augmentiert (rechts), mit der angewandten Teil-Policy</translation>
    </message>
    <message>
        <source>Preview pictures</source>
        <translation>Vorschaubilder</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::QuickGuideDialog</name>
    <message>
        <source>AugStudio Quick Guide</source>
        <translation>AugStudio-Kurzanleitung</translation>
    </message>
    <message>
        <source>Quick guide</source>
        <translation>Kurzanleitung</translation>
    </message>
    <message>
        <source>Turn the Config panel&apos;s pages</source>
        <translation>Die Seiten des Bereichs „Konfiguration“ umblättern</translation>
    </message>
    <message>
        <source>Edit the selected operation&apos;s range</source>
        <translation>Den Bereich der gewählten Operation bearbeiten</translation>
    </message>
    <message>
        <source>Leave the YAML editor (YAML has no tabs)</source>
        <translation>Den YAML-Editor verlassen (YAML kennt keine Tabulatoren)</translation>
    </message>
    <message>
        <source>Alt + underlined letter</source>
        <translation>Alt + unterstrichener Buchstabe</translation>
    </message>
    <message>
        <source>Open a menu, or press a button</source>
        <translation>Ein Menü öffnen oder eine Schaltfläche drücken</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Keys&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Tasten&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;From a dataset to a policy&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Open a dataset:&lt;/b&gt; drop its folder on the window, or File ▸ Open Dataset. Class folders, MNIST-style IDX files, CIFAR and SVHN as torchvision downloads them, images with a labels CSV, image and mask pairs, Pascal VOC and Cityscapes are recognised; Try the Sample opens Fashion-MNIST.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Check the config&lt;/b&gt; in the Config panel, on its Settings page or as YAML. An AutoAlbument search.yaml opens as it is (File ▸ Open Config).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Start the search&lt;/b&gt; and watch the plot: the losses and the average parameter change. A banner says when the policy has converged; the Preview shows augmented samples.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Keep an epoch:&lt;/b&gt; click it on the plot (a running search stops there), or choose it under Policy in the Search panel.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Save the policy&lt;/b&gt; for Albumentations 2.x or 1.x, and load it in Python with &lt;code&gt;albumentations.load(&quot;policy.json&quot;)&lt;/code&gt;.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Evaluate it&lt;/b&gt; (Search ▸ Evaluate Policy): a small network or ResNet-18 is trained with the policy and with baselines such as none, flip-shift and trivial-augment, and their held-out accuracies are compared.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;The same search runs without a window: &lt;code&gt;augstudio-cli help&lt;/code&gt;, &lt;code&gt;man augstudio-cli&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Vom Datensatz zur Policy&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Datensatz öffnen:&lt;/b&gt; Ziehen Sie seinen Ordner auf das Fenster, oder Datei ▸ Datensatz öffnen. Klassenordner, IDX-Dateien im MNIST-Stil, CIFAR und SVHN, wie torchvision sie herunterlädt, Bilder mit einer Label-CSV, Bild-Masken-Paare, Pascal VOC und Cityscapes werden erkannt; „Beispiel ausprobieren“ öffnet Fashion-MNIST.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Konfiguration prüfen&lt;/b&gt; im Bereich „Konfiguration“, auf der Seite „Einstellungen“ oder als YAML. Eine search.yaml von AutoAlbument wird geöffnet, wie sie ist (Datei ▸ Konfiguration öffnen).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Suche starten&lt;/b&gt; und das Diagramm verfolgen: die Verluste und die mittlere Parameteränderung. Ein Banner meldet, wenn die Policy konvergiert ist; die Vorschau zeigt augmentierte Beispiele.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Eine Epoche behalten:&lt;/b&gt; Klicken Sie im Diagramm darauf (eine laufende Suche stoppt dort), oder wählen Sie sie unter „Policy“ im Bereich „Suche“.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Policy speichern&lt;/b&gt; für Albumentations 2.x oder 1.x und in Python mit &lt;code&gt;albumentations.load(&quot;policy.json&quot;)&lt;/code&gt; laden.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Evaluieren&lt;/b&gt; (Suche ▸ Policy evaluieren): Ein kleines Netz oder ResNet-18 wird mit der Policy und mit Vergleichsbasen wie none, flip-shift und trivial-augment trainiert, und die Genauigkeiten auf zurückgehaltenen Bildern werden verglichen.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Dieselbe Suche läuft auch ohne Fenster: &lt;code&gt;augstudio-cli help&lt;/code&gt;, &lt;code&gt;man augstudio-cli&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::RecentFiles</name>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No recent datasets</source>
        <translation>Keine zuletzt geöffneten Datensätze</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>Menü &amp;leeren</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::SearchPanel</name>
    <message>
        <source>Change…</source>
        <translation>Ändern…</translation>
    </message>
    <message>
        <source>Stop automatically on plateau</source>
        <translation>Bei Plateau automatisch stoppen</translation>
    </message>
    <message>
        <source>Save Policy…</source>
        <translation>Policy speichern…</translation>
    </message>
    <message>
        <source>When the average parameter change stops falling, stop the search and keep the suggested epoch. Otherwise AugStudio only tells you.</source>
        <translation>Wenn die mittlere Parameteränderung nicht mehr sinkt, die Suche stoppen und die vorgeschlagene Epoche behalten. Sonst weist AugStudio nur darauf hin.</translation>
    </message>
    <message>
        <source>choose an epoch</source>
        <translation>Epoche wählen</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Ausgabeordner:</translation>
    </message>
    <message>
        <source>Progress:</source>
        <translation>Fortschritt:</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>Policy:</translation>
    </message>
    <message>
        <source>Messages from the search appear here.</source>
        <translation>Hier erscheinen die Meldungen der Suche.</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Bereit.</translation>
    </message>
    <message>
        <source>Epoch %1/%2 starting on %3 (%4 steps an epoch, batch %5, %6 threads)</source>
        <translation>Epoche %1/%2 beginnt auf %3 (%4 Schritte je Epoche, Batch %5, %6 Threads)</translation>
    </message>
    <message>
        <source>Paused. %1</source>
        <translation>Pausiert. %1</translation>
    </message>
    <message>
        <source>Paused (after the current step). %1</source>
        <translation>Pausiert (nach dem aktuellen Schritt). %1</translation>
    </message>
    <message>
        <source>Finished after epoch %1.</source>
        <translation>Nach Epoche %1 abgeschlossen.</translation>
    </message>
    <message>
        <source>Stopped; the policy of epoch %1 is saved.</source>
        <translation>Gestoppt; die Policy von Epoche %1 ist gespeichert.</translation>
    </message>
    <message>
        <source>Stopped before the first epoch ended; no policy was saved.</source>
        <translation>Vor dem Ende der ersten Epoche gestoppt; es wurde keine Policy gespeichert.</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>Die Suche ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <source>no policy yet</source>
        <translation>noch keine Policy</translation>
    </message>
    <message>
        <source>Selected policy: epoch %1</source>
        <translation>Gewählte Policy: Epoche %1</translation>
    </message>
    <message>
        <source>Selected policy: none</source>
        <translation>Gewählte Policy: keine</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>A new folder when the search starts</source>
        <translation>Ein neuer Ordner, wenn die Suche beginnt</translation>
    </message>
    <message>
        <source>Use a Smaller Search</source>
        <translation>Kleinere Suche verwenden</translation>
    </message>
    <message>
        <source>Fewer steps an epoch (trainer.steps_per_epoch), so that the plateau rule can answer within an hour; each epoch still draws from the whole dataset</source>
        <translation>Weniger Schritte pro Epoche (trainer.steps_per_epoch), damit die Plateau-Regel innerhalb einer Stunde antworten kann; jede Epoche zieht weiterhin aus dem ganzen Datensatz</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Zeit:</translation>
    </message>
    <message>
        <source>About %1 an epoch (1 step); the plateau rule can answer after epoch %2 at the earliest: about %3.</source>
        <translation>Etwa %1 pro Epoche (1 Schritt); die Plateau-Regel kann frühestens nach Epoche %2 antworten: in etwa %3.</translation>
    </message>
    <message>
        <source>About %1 an epoch (%2 steps); the plateau rule can answer after epoch %3 at the earliest: about %4.</source>
        <translation>Etwa %1 pro Epoche (%2 Schritte); die Plateau-Regel kann frühestens nach Epoche %3 antworten: in etwa %4.</translation>
    </message>
    <message>
        <source>%1 of %2 epochs searched.</source>
        <translation>%1 von %2 Epochen durchsucht.</translation>
    </message>
    <message>
        <source>Stopped after epoch %1; the policy of epoch %2 is selected.</source>
        <translation>Nach Epoche %1 gestoppt; die Policy von Epoche %2 ist ausgewählt.</translation>
    </message>
    <message>
        <source>The policy files of the finished epochs; choose one here or click the plot</source>
        <translation>Die Policy-Dateien der abgeschlossenen Epochen; wählen Sie hier eine oder klicken Sie ins Diagramm</translation>
    </message>
    <message>
        <source>Policy epoch</source>
        <translation>Policy-Epoche</translation>
    </message>
    <message>
        <source>Search log</source>
        <translation>Suchprotokoll</translation>
    </message>
    <message>
        <source>Epoch %1/%2 · step %3/%4 · %5 images/s</source>
        <translation>Epoche %1/%2 · Schritt %3/%4 · %5 Bilder/s</translation>
    </message>
    <message>
        <source>%1 · ETA %2</source>
        <translation>%1 · noch %2</translation>
    </message>
    <message>
        <source>About %1 an epoch (1 step); the whole search, to epoch %2: about %3. The plateau rule cannot answer by epoch %2: it can after epoch %4 at the earliest.</source>
        <translation>Etwa %1 pro Epoche (1 Schritt); die ganze Suche, bis Epoche %2: in etwa %3. Die Plateau-Regel kann bis Epoche %2 nicht antworten: frühestens nach Epoche %4.</translation>
    </message>
    <message>
        <source>About %1 an epoch (%2 steps); the whole search, to epoch %3: about %4. The plateau rule cannot answer by epoch %3: it can after epoch %5 at the earliest.</source>
        <translation>Etwa %1 pro Epoche (%2 Schritte); die ganze Suche, bis Epoche %3: in etwa %4. Die Plateau-Regel kann bis Epoche %3 nicht antworten: frühestens nach Epoche %5.</translation>
    </message>
    <message>
        <source>The search writes policy/epoch_&lt;N&gt;.json, metrics.csv, config.yaml and checkpoints here. Drop a folder here to choose it; a relative folder is taken in your home folder.</source>
        <translation>Die Suche schreibt policy/epoch_&lt;N&gt;.json, metrics.csv, config.yaml und Checkpoints hierher. Ziehen Sie einen Ordner hierher, um ihn zu wählen; ein relativer Ordner wird in Ihrem Home-Ordner angelegt.</translation>
    </message>
    <message>
        <source>The output folder “%1” is relative: it is taken in your home folder, as %2.</source>
        <translation>Der Ausgabeordner „%1“ ist relativ: Er wird in Ihrem Home-Ordner angelegt, als %2.</translation>
    </message>
</context>
<context>
    <name>augstudio::ui::SearchTimer</name>
    <message>
        <source>The search could not be timed.</source>
        <translation>Die Suche konnte nicht gemessen werden.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Learns image augmentation policies from your own dataset.</source>
        <translation>Lernt Bildaugmentierungs-Policies aus Ihrem eigenen Datensatz.</translation>
    </message>
    <message>
        <source>Dataset folder to open.</source>
        <translation>Zu öffnender Datensatzordner.</translation>
    </message>
    <message>
        <source>Search config (search.yaml) to load.</source>
        <translation>Zu ladende Suchkonfiguration (search.yaml).</translation>
    </message>
    <message>
        <source>Load the built-in Fashion-MNIST sample.</source>
        <translation>Das eingebaute Fashion-MNIST-Beispiel laden.</translation>
    </message>
    <message>
        <source>Start the search right away.</source>
        <translation>Die Suche sofort starten.</translation>
    </message>
    <message>
        <source>Folder the search writes to.</source>
        <translation>Ordner, in den die Suche schreibt.</translation>
    </message>
    <message>
        <source>Cap the steps of every epoch (demos).</source>
        <translation>Die Schritte jeder Epoche begrenzen (Vorführungen).</translation>
    </message>
</context>
</TS>
