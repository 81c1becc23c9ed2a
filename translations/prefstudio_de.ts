<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>prefstudio::ui::CandidateListView</name>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="87"/>
        <source>Chosen</source>
        <translation>Gewählt</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="89"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="90"/>
        <source>unknown model</source>
        <translation>unbekanntes Modell</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="103"/>
        <source>no scores</source>
        <translation>keine Bewertungen</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="104"/>
        <source>1 word</source>
        <translation>1 Wort</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="104"/>
        <source>%1 words</source>
        <translation>%1 Wörter</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="122"/>
        <source>(empty response)</source>
        <translation>(leere Antwort)</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ImageView</name>
    <message>
        <location filename="../ui/ImageView.cpp" line="19"/>
        <source>No pair selected</source>
        <translation>Kein Paar ausgewählt</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="29"/>
        <source>This sample has no image</source>
        <translation>Dieses Beispiel hat kein Bild</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="31"/>
        <source>Image not found: %1</source>
        <translation>Bild nicht gefunden: %1</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="37"/>
        <source>Cannot read image %1: %2</source>
        <translation>Bild %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="41"/>
        <source>%1 (%2 × %3)</source>
        <translation>%1 (%2 × %3)</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="62"/>
        <location filename="../ui/MainWindow.cpp" line="135"/>
        <source>Review</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="67"/>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="75"/>
        <source>%1 — PrefStudio</source>
        <translation>%1 — PrefStudio</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="102"/>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="104"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="106"/>
        <source>Mark pending</source>
        <translation>Als offen markieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="108"/>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="110"/>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="112"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="125"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="128"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="130"/>
        <source>&amp;Review</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="155"/>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="156"/>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="157"/>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="158"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="162"/>
        <source>Any flags</source>
        <translation>Alle Markierungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="163"/>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="172"/>
        <source>Search prompts and answers</source>
        <translation>Prompts und Antworten durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="314"/>
        <source>1 pair</source>
        <translation>1 Paar</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="314"/>
        <source>%1 pairs</source>
        <translation>%1 Paare</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="337"/>
        <source>No pairs match the filter.</source>
        <translation>Kein Paar passt zum Filter.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="369"/>
        <source>Pair %1</source>
        <translation>Paar %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="372"/>
        <source>margin %1</source>
        <translation>Abstand %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="372"/>
        <source>no margin</source>
        <translation>kein Abstand</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="373"/>
        <source>origin %1</source>
        <translation>Herkunft %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="376"/>
        <source>flags: %1</source>
        <translation>Markierungen: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="387"/>
        <source>Pair %1 of sample %2</source>
        <translation>Paar %1 von Beispiel %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="409"/>
        <source>Pair %1 is now %2</source>
        <translation>Paar %1 ist jetzt %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="435"/>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::PairTableModel</name>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="160"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="162"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="164"/>
        <source>Margin</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="166"/>
        <source>Flags</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="168"/>
        <source>Best</source>
        <translation>Max.</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="170"/>
        <source>Worst</source>
        <translation>Min.</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="172"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
</context>
</TS>
