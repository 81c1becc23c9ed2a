<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>PairEditCommand</name>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="65"/>
        <source>Accept pair %1</source>
        <translation>Paar %1 annehmen</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="67"/>
        <source>Reject pair %1</source>
        <translation>Paar %1 ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="69"/>
        <source>Mark pair %1 pending</source>
        <translation>Paar %1 als offen markieren</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="71"/>
        <source>Swap chosen and rejected of pair %1</source>
        <translation>Gewählte und abgelehnte Antwort von Paar %1 tauschen</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="73"/>
        <source>Choose another answer for pair %1</source>
        <translation>Andere Antwort für Paar %1 wählen</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="75"/>
        <source>Reject another answer for pair %1</source>
        <translation>Andere Antwort für Paar %1 ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="77"/>
        <source>Re-pick the answers of pair %1</source>
        <translation>Antworten von Paar %1 neu wählen</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="79"/>
        <source>Note on pair %1</source>
        <translation>Notiz zu Paar %1</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="81"/>
        <source>Edit an answer of pair %1</source>
        <translation>Eine Antwort von Paar %1 bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="83"/>
        <source>Redo on pair %1</source>
        <translation>Wiederholen bei Paar %1</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="85"/>
        <source>Edit pair %1</source>
        <translation>Paar %1 bearbeiten</translation>
    </message>
</context>
<context>
    <name>TrainingDiagnostics</name>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="155"/>
        <source>Loss stuck at ln 2</source>
        <translation>Verlust bleibt bei ln 2</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="156"/>
        <source>From step %1 to %2 the loss stayed within %3 of ln 2 (0.693), the loss of a model that cannot tell chosen from rejected answers: it is not learning from these pairs. Try a higher learning rate or beta, LoRA on more modules, or check that chosen and rejected answers really differ.</source>
        <translation>Von Schritt %1 bis %2 blieb der Verlust bis auf %3 bei ln 2 (0,693), dem Verlust eines Modells, das gewählte und abgelehnte Antworten nicht unterscheiden kann: Es lernt aus diesen Paaren nichts. Versuchen Sie eine höhere Lernrate oder ein höheres Beta, LoRA auf mehr Modulen, oder prüfen Sie, ob sich gewählte und abgelehnte Antworten wirklich unterscheiden.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="182"/>
        <source>Chosen answers losing probability</source>
        <translation>Gewählte Antworten verlieren Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="183"/>
        <source>Over steps %1 to %2 the log-probability of the chosen answers fell (%3 per step) while the margin grew: the margin comes from pushing both answers down, the rejected ones faster, which can make the model worse at the answers you prefer. Try a lower learning rate, an RPO alpha above 0 (a supervised term on the chosen answer), or fewer steps.</source>
        <translation>In den Schritten %1 bis %2 fiel die Log-Wahrscheinlichkeit der gewählten Antworten (%3 pro Schritt), während der Abstand wuchs: Der Abstand entsteht, weil beide Antworten sinken, die abgelehnten schneller. Das kann das Modell bei den bevorzugten Antworten verschlechtern. Versuchen Sie eine niedrigere Lernrate, ein RPO-Alpha über 0 (ein überwachter Term auf der gewählten Antwort) oder weniger Schritte.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="206"/>
        <source>Accuracy pinned at 1.0 from the start</source>
        <translation>Genauigkeit von Anfang an bei 1,0</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="207"/>
        <source>Every pair was ranked right in the first %1 steps after the warm-up (%2 to %3): the rejected answers are too easy to tell apart (easy negatives), so the pairs teach the model little. Try harder pairs: rejected answers from the same policy with a small reward margin, or review the pairs with the biggest margins.</source>
        <translation>In den ersten %1 Schritten nach dem Aufwärmen (%2 bis %3) wurde jedes Paar richtig eingeordnet: Die abgelehnten Antworten sind zu leicht zu unterscheiden (leichte Negative), daher lernt das Modell aus den Paaren wenig. Versuchen Sie schwierigere Paare: abgelehnte Antworten derselben Policy mit kleinem Belohnungsabstand, oder prüfen Sie die Paare mit den größten Abständen.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="235"/>
        <source>Gradient norm spikes</source>
        <translation>Spitzen der Gradientennorm</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="236"/>
        <source>The gradient norm rose above %1 times the median of the steps before it (spikes: %2; the worst at step %3, %4 times the median). A batch of unusual pairs or a learning rate too high for them; see whether the loss jumps at the same steps. Keep gradient clipping on, lower the learning rate, or look at the pairs of those batches.</source>
        <translation>Die Gradientennorm stieg über das %1-Fache des Medians der vorherigen Schritte (Spitzen: %2; die stärkste in Schritt %3, das %4-Fache des Medians). Ein Batch ungewöhnlicher Paare oder eine für sie zu hohe Lernrate; prüfen Sie, ob der Verlust in denselben Schritten springt. Lassen Sie das Gradient-Clipping an, senken Sie die Lernrate oder sehen Sie sich die Paare dieser Batches an.</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::AuditTableModel</name>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="114"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="116"/>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="118"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="120"/>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="122"/>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="124"/>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::CandidateListView</name>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="283"/>
        <source>Chosen</source>
        <translation>Gewählt</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="286"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="287"/>
        <source>unknown model</source>
        <translation>unbekanntes Modell</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="290"/>
        <source>edited by a person</source>
        <translation>von einer Person bearbeitet</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="320"/>
        <source>%1: %2 (this sample: %3 to %4)</source>
        <translation>%1: %2 (diese Probe: %3 bis %4)</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="339"/>
        <source>no %1 score</source>
        <translation>kein %1-Wert</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="350"/>
        <source>%1: no score (%2)</source>
        <translation>%1: kein Wert (%2)</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="365"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no scores</source>
        <translation type="vanished">keine Bewertungen</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="301"/>
        <source>1 word</source>
        <translation>1 Wort</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="301"/>
        <source>%1 words</source>
        <translation>%1 Wörter</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="220"/>
        <source>(empty response)</source>
        <translation>(leere Antwort)</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::CandidateTextDialog</name>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="20"/>
        <source>Edit an answer</source>
        <translation>Antwort bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="30"/>
        <source> (chosen)</source>
        <translation> (gewählt)</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="32"/>
        <source> (rejected)</source>
        <translation> (abgelehnt)</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="37"/>
        <source>Answer:</source>
        <translation>Antwort:</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="44"/>
        <source>Saved as a new answer edited by you; the original stays in the project.</source>
        <translation>Wird als neue, von Ihnen bearbeitete Antwort gespeichert; das Original bleibt im Projekt.</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="48"/>
        <source>Save (Ctrl+Return)</source>
        <translation>Speichern (Strg+Eingabe)</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::DashboardView</name>
    <message>
        <location filename="../ui/DashboardView.cpp" line="131"/>
        <source>Scorer:</source>
        <translation>Bewerter:</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="169"/>
        <location filename="../ui/DashboardView.cpp" line="216"/>
        <source>Computing the dashboard…</source>
        <translation>Übersicht wird berechnet …</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="232"/>
        <source>The dashboard could not be computed: %1</source>
        <translation>Die Übersicht konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="262"/>
        <source>Reward model agreement could not be computed: %1</source>
        <translation>Die Übereinstimmung der Belohnungsmodelle konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="293"/>
        <source>%1 pairs · %2 flagged (%3) · %4 reviewed (%5) · chosen response longer in %6 of pairs</source>
        <translation>%1 Paare · %2 markiert (%3) · %4 geprüft (%5) · gewählte Antwort länger in %6 der Paare</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="304"/>
        <source>Pairs by status</source>
        <translation>Paare nach Status</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="310"/>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="311"/>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="312"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="326"/>
        <source>%1: %2</source>
        <comment>status: number of pairs</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="342"/>
        <source>%1: %2 pairs — click to list them</source>
        <translation>%1: %2 Paare — Klick zeigt sie in der Liste</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="366"/>
        <source>Given pick vs reviewer</source>
        <translation>Vorgegebene Wahl und Prüfung</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="376"/>
        <source>Not reviewed</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="377"/>
        <source>Re-picked by a person</source>
        <translation>Neu gewählt</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="378"/>
        <source>Rejected as given</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="379"/>
        <source>Accepted as given</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="415"/>
        <source>No pair has been reviewed yet.</source>
        <translation>Noch kein Paar wurde geprüft.</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="416"/>
        <source>The given pick was accepted in %1 of %2 reviewed pairs (%3).</source>
        <translation>Die vorgegebene Wahl wurde in %1 von %2 geprüften Paaren angenommen (%3).</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="421"/>
        <source>Decisions in the audit log: %1.</source>
        <translation>Entscheidungen im Protokoll: %1.</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="429"/>
        <source>Pairs by quality flag</source>
        <translation>Paare nach Qualitätsmarkierung</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="432"/>
        <source>Pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="535"/>
        <source>Reward margins (no pair has a margin)</source>
        <translation>Belohnungsabstände (kein Paar hat einen Abstand)</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="539"/>
        <source>Reward margin of pairs</source>
        <translation>Belohnungsabstand der Paare</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="540"/>
        <source>margin</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="555"/>
        <source>margin %1: %2 pairs</source>
        <translation>Abstand %1: %2 Paare</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="569"/>
        <source>Rewards (no scores yet)</source>
        <translation>Belohnungen (noch keine Bewertungen)</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="574"/>
        <source>Rewards of all candidates</source>
        <translation>Belohnungen aller Kandidaten</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="581"/>
        <source>reward %1: %2 candidates</source>
        <translation>Belohnung %1: %2 Kandidaten</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="593"/>
        <source>Response length: chosen vs rejected</source>
        <translation>Antwortlänge: gewählt und abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="604"/>
        <source>chosen longer</source>
        <translation>gewählte länger</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="605"/>
        <source>rejected longer</source>
        <translation>abgelehnte länger</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="606"/>
        <source>same length</source>
        <translation>gleich lang</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="632"/>
        <source>chosen (words)</source>
        <translation>gewählt, Wörter</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="637"/>
        <source>rejected (words)</source>
        <translation>abgelehnt, Wörter</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="677"/>
        <source>No pair has word counts yet.</source>
        <translation>Noch kein Paar hat Wortzahlen.</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="678"/>
        <source>Chosen longer in %1 of pairs, rejected longer in %2, same length in %3. Many points right of the diagonal suggest the reward prefers longer answers (length bias), not better ones.</source>
        <translation>Gewählte Antwort länger in %1 der Paare, abgelehnte länger in %2, gleich lang in %3. Viele Punkte rechts der Diagonale deuten darauf hin, dass die Belohnung längere statt bessere Antworten bevorzugt (Längenverzerrung).</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvalComparisonModel</name>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="206"/>
        <source>Lower is better</source>
        <translation>Niedriger ist besser</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="208"/>
        <source>Higher is better</source>
        <translation>Höher ist besser</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="210"/>
        <source>Neither higher nor lower is better (a count or a ratio)</source>
        <translation>Weder höher noch niedriger ist besser (eine Anzahl oder ein Verhältnis)</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="255"/>
        <source>Difference to the baseline run #%1</source>
        <translation>Differenz zum Vergleichslauf #%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="257"/>
        <source>Same as the baseline run #%1</source>
        <translation>Gleich wie der Vergleichslauf #%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="258"/>
        <source>Better than the baseline run #%1</source>
        <translation>Besser als der Vergleichslauf #%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="259"/>
        <source>Worse than the baseline run #%1</source>
        <translation>Schlechter als der Vergleichslauf #%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="261"/>
        <source>Click to list the items behind this number</source>
        <translation>Klicken, um die Einträge hinter dieser Zahl aufzulisten</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="272"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="274"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="284"/>
        <source>Δ #%1</source>
        <translation>Δ #%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="288"/>
        <source>%1 (partial)</source>
        <translation>%1 (unvollständig)</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="289"/>
        <source>%1 (baseline)</source>
        <translation>%1 (Vergleichsbasis)</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="295"/>
        <source>Run #%1 (%2) minus the baseline run #%3; green is better, red worse</source>
        <translation>Lauf #%1 (%2) minus Vergleichslauf #%3; grün ist besser, rot schlechter</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="300"/>
        <source>Run #%1: %2</source>
        <translation>Lauf #%1: %2</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvalItemInspector</name>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="144"/>
        <source>Training pairs</source>
        <translation>Trainingspaare</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="179"/>
        <source>Click a metric, then an item, to see it here.</source>
        <translation>Klicken Sie auf eine Metrik, dann auf einen Eintrag, um ihn hier zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="231"/>
        <source>Item %1</source>
        <translation>Eintrag %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="235"/>
        <source>group %1</source>
        <translation>Gruppe %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="243"/>
        <source>right</source>
        <translation>richtig</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="243"/>
        <source>wrong</source>
        <translation>falsch</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="245"/>
        <source>not scored per item</source>
        <translation>nicht je Eintrag bewertet</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="250"/>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="255"/>
        <source>read as %1</source>
        <translation>gelesen als %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="259"/>
        <source>judge&apos;s rating %1 of 6</source>
        <translation>Bewertung des Gutachters: %1 von 6</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="263"/>
        <source>(not answered)</source>
        <translation>(nicht beantwortet)</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="265"/>
        <source>(empty response)</source>
        <translation>(leere Antwort)</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="271"/>
        <source>Truth:</source>
        <translation>Wahrheit:</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="278"/>
        <location filename="../ui/EvalItemInspector.cpp" line="283"/>
        <source>Hallucinated:</source>
        <translation>Halluziniert:</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="281"/>
        <source>Covered:</source>
        <translation>Abgedeckt:</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="283"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="287"/>
        <source>Mentioned:</source>
        <translation>Erwähnt:</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="310"/>
        <source>Judge&apos;s rationale:
%1</source>
        <translation>Begründung des Gutachters:
%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="349"/>
        <source>Pairs mentioning “%1”</source>
        <translation>Paare, die „%1“ erwähnen</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="359"/>
        <source>This item names no object to look for in the training pairs</source>
        <translation>Dieser Eintrag nennt kein Objekt, nach dem in den Trainingspaaren gesucht werden könnte</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="360"/>
        <source>List the pairs run %1 was given whose prompt or answers mention “%2”, in the Review tab</source>
        <translation>Die Paare von Lauf %1 auflisten, deren Prompt oder Antworten „%2“ erwähnen, im Tab „Prüfen“</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvalItemListModel</name>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="187"/>
        <source>not answered</source>
        <translation>nicht beantwortet</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvalItemListModel.cpp" line="189"/>
        <source>✗ %n hallucinated</source>
        <translation>
            <numerusform>✗ %n halluziniert</numerusform>
            <numerusform>✗ %n halluziniert</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="191"/>
        <source>✓ right</source>
        <translation>✓ richtig</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="191"/>
        <source>✗ wrong</source>
        <translation>✗ falsch</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="224"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="226"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="228"/>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="230"/>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="232"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvalRunTableModel</name>
    <message numerus="yes">
        <location filename="../ui/EvalRunTableModel.cpp" line="116"/>
        <source>Partial: %n question(s) without an image</source>
        <translation>
            <numerusform>Unvollständig: %n Frage ohne Bild</numerusform>
            <numerusform>Unvollständig: %n Fragen ohne Bild</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvalRunTableModel.cpp" line="118"/>
        <source>First %n question(s) only</source>
        <translation>
            <numerusform>Nur die erste Frage (%n)</numerusform>
            <numerusform>Nur die ersten %n Fragen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="67"/>
        <source>checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="69"/>
        <source>training run</source>
        <translation>Trainingslauf</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="71"/>
        <source>server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="73"/>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="161"/>
        <source>%1 (%2)</source>
        <comment>a model&apos;s name (its kind)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="165"/>
        <source>run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="172"/>
        <source>partial (%1 missing)</source>
        <translation>unvollständig (%1 fehlen)</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="174"/>
        <source>first %1</source>
        <translation>erste %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="197"/>
        <source>The DPO run whose model this evaluated; see it in the Training tab</source>
        <translation>Der DPO-Lauf, dessen Modell hier bewertet wurde; siehe Tab „Training“</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="214"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="216"/>
        <source>Benchmark</source>
        <translation>Benchmark</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="218"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="220"/>
        <source>Training run</source>
        <translation>Trainingslauf</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="222"/>
        <source>Items</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="224"/>
        <source>Partial</source>
        <translation>Unvollständig</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="226"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvaluationDialog</name>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="73"/>
        <source>Custom (JSON Lines)</source>
        <translation>Eigene (JSON Lines)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="83"/>
        <source>Folder with coco_pope_&lt;split&gt;.json (or one split&apos;s file)</source>
        <translation>Ordner mit coco_pope_&lt;split&gt;.json (oder die Datei eines Splits)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="85"/>
        <source>COCO annotations folder (instances_val2014.json, captions_val2014.json)</source>
        <translation>COCO-Annotationsordner (instances_val2014.json, captions_val2014.json)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="88"/>
        <source>AMBER folder (holding data/annotations.json)</source>
        <translation>AMBER-Ordner (mit data/annotations.json)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="90"/>
        <source>MME folder (one folder per subtask)</source>
        <translation>MME-Ordner (ein Ordner je Teilaufgabe)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="92"/>
        <source>MMHal-Bench question file (response_template.json)</source>
        <translation>MMHal-Bench-Fragendatei (response_template.json)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="94"/>
        <source>Question file (.jsonl)</source>
        <translation>Fragendatei (.jsonl)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="106"/>
        <source>all subtasks, e.g. existence,count</source>
        <translation>alle Teilaufgaben, z. B. existence,count</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="113"/>
        <source>COCO val2014 images (default: beside the data)</source>
        <translation>COCO-val2014-Bilder (Standard: neben den Daten)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="114"/>
        <source>Images folder (default: beside the data)</source>
        <translation>Bildordner (Standard: neben den Daten)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="141"/>
        <source>Run benchmarks</source>
        <translation>Benchmarks ausführen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="143"/>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="162"/>
        <source>Benchmarks</source>
        <translation>Benchmarks</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="164"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="165"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="166"/>
        <source>Parts</source>
        <translation>Teile</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="180"/>
        <source>Generated from the shapes world: no files needed; exact ground truth</source>
        <translation>Aus der Formenwelt erzeugt: keine Dateien nötig; exakte Wahrheit</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="192"/>
        <location filename="../ui/EvaluationDialog.cpp" line="215"/>
        <location filename="../ui/EvaluationDialog.cpp" line="263"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="201"/>
        <source>%1 data folder</source>
        <translation>Datenordner von %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="203"/>
        <source>%1 question file</source>
        <translation>Fragendatei von %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="222"/>
        <source>%1 images folder</source>
        <translation>Bildordner von %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="232"/>
        <source>Comma-separated; empty asks them all (%1)</source>
        <translation>Durch Kommas getrennt; leer fragt alle ab (%1)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="245"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="249"/>
        <source>The shipped demo policy</source>
        <translation>Die mitgelieferte Demo-Policy</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="257"/>
        <source>A checkpoint folder</source>
        <translation>Ein Checkpoint-Ordner</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="262"/>
        <source>LLaVA checkpoint folder (config.json, *.safetensors, tokenizer.json)</source>
        <translation>LLaVA-Checkpoint-Ordner (config.json, *.safetensors, tokenizer.json)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="265"/>
        <source>Checkpoint folder</source>
        <translation>Checkpoint-Ordner</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="276"/>
        <source>Training runs of this project (one job each)</source>
        <translation>Trainingsläufe dieses Projekts (je ein Auftrag)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="282"/>
        <source>An OpenAI-compatible server</source>
        <translation>Ein OpenAI-kompatibler Server</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="289"/>
        <source>model name, e.g. llava-hf/llava-1.5-7b-hf</source>
        <translation>Modellname, z. B. llava-hf/llava-1.5-7b-hf</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="325"/>
        <source>How</source>
        <translation>Wie</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="333"/>
        <source>judge model name</source>
        <translation>Name des Gutachtermodells</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="334"/>
        <source>MMHal-Bench (and judged custom items) are scored by a judge: any OpenAI-compatible server, such as a local LLM.</source>
        <translation>MMHal-Bench (und bewertete eigene Einträge) werden von einem Gutachter bewertet: einem beliebigen OpenAI-kompatiblen Server, etwa einem lokalen LLM.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="339"/>
        <source>Judge URL:</source>
        <translation>Gutachter-URL:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="340"/>
        <source>Judge model:</source>
        <translation>Gutachtermodell:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="345"/>
        <source>LLaVA&apos;s rule (first sentence; a no-word means no)</source>
        <translation>LLaVAs Regel (erster Satz; ein Nein-Wort heißt nein)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="347"/>
        <source>Strict (a leading yes or no, else invalid)</source>
        <translation>Streng (ein führendes Ja oder Nein, sonst ungültig)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="348"/>
        <source>Yes/no answers:</source>
        <translation>Ja/Nein-Antworten:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="351"/>
        <source>Automatic (a GPU when there is one)</source>
        <translation>Automatisch (eine GPU, falls vorhanden)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="352"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="353"/>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="354"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="360"/>
        <source>Greedy, as the published numbers are</source>
        <translation>Greedy, wie bei den veröffentlichten Zahlen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="361"/>
        <source>temperature </source>
        <translation>Temperatur </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="362"/>
        <source>0 decodes greedily, as benchmarks are published; above 0 the answers are sampled at that temperature</source>
        <translation>0 dekodiert greedy, wie Benchmarks veröffentlicht werden; über 0 werden die Antworten mit dieser Temperatur gesampelt</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="370"/>
        <source>top-p </source>
        <translation>Top-p </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="375"/>
        <source>Each question draws from its own stream of this seed, so a sampled run can be repeated</source>
        <translation>Jede Frage zieht aus ihrem eigenen Strom dieses Seeds, sodass ein gesampelter Lauf wiederholbar ist</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="381"/>
        <source>Decoding:</source>
        <translation>Dekodierung:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="392"/>
        <source>each benchmark&apos;s own</source>
        <translation>je Benchmark eigene</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="393"/>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="394"/>
        <source>The longest answer; 0 keeps each benchmark&apos;s limit (short for yes/no questions, long for captions)</source>
        <translation>Die längste Antwort; 0 behält die Grenze jedes Benchmarks (kurz für Ja/Nein-Fragen, lang für Bildbeschreibungen)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="396"/>
        <source>Answer length:</source>
        <translation>Antwortlänge:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="402"/>
        <source>Questions answered together; the questions about one image share its computation. Lower it when the device runs out of memory.</source>
        <translation>Gemeinsam beantwortete Fragen; Fragen zu einem Bild teilen sich dessen Berechnung. Verringern, wenn dem Gerät der Speicher ausgeht.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="404"/>
        <source>Batch:</source>
        <translation>Stapel:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="409"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="401"/>
        <location filename="../ui/EvaluationDialog.cpp" line="410"/>
        <source> questions</source>
        <translation> Fragen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="411"/>
        <source>Only the first N questions of each benchmark: a quick look, recorded as such; 0 asks them all</source>
        <translation>Nur die ersten N Fragen jedes Benchmarks: ein schneller Blick, als solcher vermerkt; 0 stellt alle</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="413"/>
        <source>Ask:</source>
        <translation>Fragen:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="419"/>
        <source> scenes</source>
        <translation> Szenen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="374"/>
        <location filename="../ui/EvaluationDialog.cpp" line="423"/>
        <source>seed </source>
        <translation>Startwert </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="427"/>
        <source>Shapes world:</source>
        <translation>Formenwelt:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="429"/>
        <source>Score the rest when images are missing (partial)</source>
        <translation>Den Rest bewerten, wenn Bilder fehlen (unvollständig)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="431"/>
        <source>Questions whose image file does not exist are left out; the result is labelled partial and lists them</source>
        <translation>Fragen, deren Bilddatei nicht existiert, werden ausgelassen; das Ergebnis wird als unvollständig gekennzeichnet und nennt sie</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="459"/>
        <source>Run %1: %2</source>
        <translation>Lauf %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="517"/>
        <source>%1 needs its data: %2.</source>
        <translation>%1 braucht seine Daten: %2.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="520"/>
        <source>%1: %2 does not exist.</source>
        <translation>%1: %2 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="522"/>
        <source>%1: %2 is a folder; choose the question file.</source>
        <translation>%1: %2 ist ein Ordner; wählen Sie die Fragendatei.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="524"/>
        <source>%1: %2 is a file; choose the benchmark&apos;s folder.</source>
        <translation>%1: %2 ist eine Datei; wählen Sie den Ordner des Benchmarks.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="528"/>
        <source>%1: the images folder %2 does not exist.</source>
        <translation>%1: Der Bildordner %2 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="532"/>
        <source>Choose at least one benchmark.</source>
        <translation>Wählen Sie mindestens einen Benchmark.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="541"/>
        <source>MMHal-Bench is scored by a judge model: give the judge server&apos;s URL and model name.</source>
        <translation>MMHal-Bench wird von einem Gutachtermodell bewertet: Geben Sie URL und Modellnamen des Gutachterservers an.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="544"/>
        <source>The judge URL %1 is not an http:// or https:// address.</source>
        <translation>Die Gutachter-URL %1 ist keine http://- oder https://-Adresse.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="546"/>
        <source>Name the judge server&apos;s model.</source>
        <translation>Nennen Sie das Modell des Gutachterservers.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="554"/>
        <source>The shipped demo policy was not found; choose a checkpoint folder.</source>
        <translation>Die mitgelieferte Demo-Policy wurde nicht gefunden; wählen Sie einen Checkpoint-Ordner.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="560"/>
        <source>Choose the model: a LLaVA checkpoint folder.</source>
        <translation>Wählen Sie das Modell: einen LLaVA-Checkpoint-Ordner.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="562"/>
        <source>The model folder %1 does not exist.</source>
        <translation>Der Modellordner %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="564"/>
        <source>%1 is not a checkpoint folder: it has no config.json.</source>
        <translation>%1 ist kein Checkpoint-Ordner: Es gibt keine config.json.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="569"/>
        <source>The training runs could not be listed: %1</source>
        <translation>Die Trainingsläufe konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="571"/>
        <source>Listing the training runs…</source>
        <translation>Trainingsläufe werden aufgelistet …</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="573"/>
        <source>This project has no finished training run yet: train one (Training → Train (DPO)…) or evaluate another model.</source>
        <translation>Dieses Projekt hat noch keinen abgeschlossenen Trainingslauf: Trainieren Sie einen (Training → Trainieren (DPO) …) oder bewerten Sie ein anderes Modell.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="578"/>
        <source>Tick the training runs to evaluate.</source>
        <translation>Haken Sie die Trainingsläufe an, die bewertet werden sollen.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="582"/>
        <source>Give the server&apos;s address, such as http://localhost:8000.</source>
        <translation>Geben Sie die Adresse des Servers an, etwa http://localhost:8000.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="584"/>
        <source>The server URL %1 is not an http:// or https:// address.</source>
        <translation>Die Server-URL %1 ist keine http://- oder https://-Adresse.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="586"/>
        <source>Give the name the server knows the model by.</source>
        <translation>Geben Sie den Namen an, unter dem der Server das Modell kennt.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="648"/>
        <source>run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="693"/>
        <source>Evaluate %1 on %2</source>
        <translation>%1 auf %2 bewerten</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvaluationView</name>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="80"/>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="103"/>
        <source>No benchmark run yet. Evaluation → Run benchmarks… evaluates the demo policy on shapes-POPE and shapes-CHAIR in about a minute on a CPU; evaluate a training run&apos;s model to compare it with the base model.</source>
        <translation>Noch kein Benchmark-Lauf. Evaluation → Benchmarks ausführen … bewertet die Demo-Policy auf shapes-POPE und shapes-CHAIR in etwa einer Minute auf einer CPU; bewerten Sie das Modell eines Trainingslaufs, um es mit dem Basismodell zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="123"/>
        <source>Ctrl+click or Shift+click several runs to compare them</source>
        <translation>Mit Strg+Klick oder Umschalt+Klick mehrere Läufe wählen, um sie zu vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="141"/>
        <source>The run the others are compared with: green is better than it, red worse</source>
        <translation>Der Lauf, mit dem die anderen verglichen werden: grün ist besser als er, rot schlechter</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="145"/>
        <source>Compared with:</source>
        <translation>Verglichen mit:</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="216"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="218"/>
        <source>Read the eval runs again</source>
        <translation>Die Bewertungsläufe neu lesen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="220"/>
        <location filename="../ui/EvaluationView.cpp" line="651"/>
        <source>Show training run</source>
        <translation>Trainingslauf zeigen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="223"/>
        <source>Show the DPO run whose model the selected eval run evaluated, in the Training tab</source>
        <translation>Den DPO-Lauf, dessen Modell der gewählte Bewertungslauf bewertet hat, im Tab „Training“ zeigen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="248"/>
        <source>All items</source>
        <translation>Alle Einträge</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="249"/>
        <source>Wrong only</source>
        <translation>Nur falsche</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="313"/>
        <source>The runs could not be read: %1</source>
        <translation>Die Läufe konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="462"/>
        <source>no baseline</source>
        <translation>keine Vergleichsbasis</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="515"/>
        <source>Select runs to compare</source>
        <translation>Wählen Sie Läufe zum Vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="521"/>
        <source>lower is better</source>
        <translation>niedriger ist besser</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="522"/>
        <source>higher is better</source>
        <translation>höher ist besser</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="586"/>
        <source>Select a run to see how it ran and the notes of its scorer.</source>
        <translation>Wählen Sie einen Lauf, um zu sehen, wie er lief, und die Hinweise seiner Bewertung.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="595"/>
        <source>Run #%1: %2 on %3</source>
        <translation>Lauf #%1: %2 auf %3</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="605"/>
        <source>model of training run %1</source>
        <translation>Modell von Trainingslauf %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="607"/>
        <source>model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="609"/>
        <source>device %1</source>
        <translation>Gerät %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="609"/>
        <source>parser %1</source>
        <translation>Parser %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="614"/>
        <source>greedy decoding</source>
        <translation>Greedy-Dekodierung</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="615"/>
        <source>sampled decoding</source>
        <translation>Dekodierung mit Sampling</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="616"/>
        <source>%1 decoding</source>
        <translation>Dekodierung %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="610"/>
        <source>judge %1</source>
        <translation>Gutachter %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="618"/>
        <source>%1 scenes, seed %2</source>
        <translation>%1 Szenen, Startwert %2</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="620"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="633"/>
        <source>The run&apos;s notes are damaged in its config.</source>
        <translation>Die Hinweise des Laufs sind in seiner Konfiguration beschädigt.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="636"/>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="640"/>
        <source>Missing images (%1), left out of the scores</source>
        <translation>Fehlende Bilder (%1), nicht in den Werten enthalten</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="650"/>
        <source>Show training run %1</source>
        <translation>Trainingslauf %1 zeigen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="683"/>
        <source>Reading the items of run %1…</source>
        <translation>Die Einträge von Lauf %1 werden gelesen …</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="706"/>
        <source>The items of run %1 could not be read: %2</source>
        <translation>Die Einträge von Lauf %1 konnten nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="726"/>
        <source>Click a number in the comparison to list the items behind it.</source>
        <translation>Klicken Sie auf eine Zahl im Vergleich, um die Einträge dahinter aufzulisten.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="731"/>
        <source>all items</source>
        <translation>alle Einträge</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvaluationView.cpp" line="732"/>
        <source>Run #%1 (%2) · %3: %n item(s)</source>
        <translation>
            <numerusform>Lauf #%1 (%2) · %3: %n Eintrag</numerusform>
            <numerusform>Lauf #%1 (%2) · %3: %n Einträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvaluationView.cpp" line="735"/>
        <source>%n wrong</source>
        <translation>
            <numerusform>%n falsch</numerusform>
            <numerusform>%n falsch</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="739"/>
        <source>Every item of the run counts in this metric</source>
        <translation>Jeder Eintrag des Laufs zählt in dieser Metrik</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="740"/>
        <source>The items of group %1 count in this metric</source>
        <translation>Die Einträge der Gruppe %1 zählen in dieser Metrik</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="758"/>
        <source>No item to show: none is in this list.</source>
        <translation>Kein Eintrag zu zeigen: Diese Liste ist leer.</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="794"/>
        <source>Run benchmarks</source>
        <translation>Benchmarks ausführen</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="807"/>
        <source>Import results</source>
        <translation>Ergebnisse importieren</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="811"/>
        <source>Import benchmark results</source>
        <translation>Benchmark-Ergebnisse importieren</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="811"/>
        <source>Results (*.json);;All files (*)</source>
        <translation>Ergebnisse (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="821"/>
        <source>Import results %1</source>
        <translation>Ergebnisse %1 importieren</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvaluationView.cpp" line="831"/>
        <source>Imported %1 as eval run %2 (%n item(s))</source>
        <translation>
            <numerusform>%1 als Evaluationslauf %2 importiert (%n Eintrag)</numerusform>
            <numerusform>%1 als Evaluationslauf %2 importiert (%n Einträge)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="860"/>
        <source>Done: %1</source>
        <translation>Fertig: %1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ExportDialog</name>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="44"/>
        <source>Export pairs</source>
        <translation>Paare exportieren</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="50"/>
        <source>TRL DPOTrainer (JSON Lines)</source>
        <translation>TRL DPOTrainer (JSON Lines)</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="51"/>
        <source>LLaVA-style conversations (JSON)</source>
        <translation>Gespräche im LLaVA-Stil (JSON)</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="53"/>
        <source>LLaMA-Factory sharegpt ranking (JSON + dataset_info)</source>
        <translation>LLaMA-Factory sharegpt-Ranking (JSON + dataset_info)</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="54"/>
        <source>RLAIF-V (JSON Lines)</source>
        <translation>RLAIF-V (JSON Lines)</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="63"/>
        <source>Accepted pairs</source>
        <translation>Angenommene Paare</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="64"/>
        <source>Accepted and pending pairs</source>
        <translation>Angenommene und offene Paare</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="66"/>
        <source>Pending pairs</source>
        <translation>Offene Paare</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="67"/>
        <source>Rejected pairs</source>
        <translation>Abgelehnte Paare</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="68"/>
        <source>All pairs</source>
        <translation>Alle Paare</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="72"/>
        <source>Leave out pairs with quality flags</source>
        <translation>Paare mit Qualitätsmarkierungen auslassen</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="75"/>
        <source>Only pairs with a reward margin of at least</source>
        <translation>Nur Paare mit einem Belohnungsabstand von mindestens</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="90"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="95"/>
        <source>Replace the folder if it exists</source>
        <translation>Ordner ersetzen, falls vorhanden</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="105"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="106"/>
        <source>Pairs:</source>
        <translation>Paare:</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="109"/>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="113"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="116"/>
        <source>The folder is written in full or not at all: images, data file and a manifest.</source>
        <translation>Der Ordner wird ganz oder gar nicht geschrieben: Bilder, Datendatei und ein Manifest.</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="186"/>
        <source>Export folder</source>
        <translation>Exportordner</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="194"/>
        <location filename="../ui/ExportDialog.cpp" line="203"/>
        <source>Counting…</source>
        <translation>Wird gezählt …</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="216"/>
        <source>No pair matches: nothing to export.</source>
        <translation>Kein Paar passt: nichts zu exportieren.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ExportDialog.cpp" line="217"/>
        <source>%Ln pair(s) will be written.</source>
        <translation>
            <numerusform>%Ln Paar wird geschrieben.</numerusform>
            <numerusform>%Ln Paare werden geschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="225"/>
        <source>Cannot count: %1</source>
        <translation>Zählen nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::GenerateDialog</name>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="45"/>
        <source>Generate candidates</source>
        <translation>Kandidaten erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="51"/>
        <source>Checkpoint folder (config.json, *.safetensors, tokenizer.json)</source>
        <translation>Checkpoint-Ordner (config.json, *.safetensors, tokenizer.json)</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="52"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="55"/>
        <source>Checkpoint folder</source>
        <translation>Checkpoint-Ordner</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="62"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="68"/>
        <source>Candidates per sample:</source>
        <translation>Kandidaten je Probe:</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="70"/>
        <source>Greedy (one answer, the same each time)</source>
        <translation>Greedy (eine Antwort, jedes Mal dieselbe)</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="76"/>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="81"/>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="89"/>
        <source>Longest answer (tokens):</source>
        <translation>Längste Antwort (Tokens):</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="92"/>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="94"/>
        <source>The selected sample</source>
        <translation>Die ausgewählte Probe</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="97"/>
        <source>Every sample (resumable: done ones are skipped)</source>
        <translation>Jede Probe (fortsetzbar: erledigte werden übersprungen)</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="104"/>
        <source>For:</source>
        <translation>Für:</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="107"/>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::GeneratedImageStrip</name>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="149"/>
        <source>Generated images (%1)</source>
        <translation>Erzeugte Bilder (%1)</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="153"/>
        <source>Made for the text-to-image prompt “%1”; the best by image score is the sample&apos;s image. Click a thumbnail to look at it.</source>
        <translation>Erzeugt für den Text-zu-Bild-Prompt „%1“; das Bild mit dem besten Bildwert ist das Bild der Probe. Klicken Sie auf eine Vorschau, um sie anzusehen.</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="165"/>
        <source>no score</source>
        <translation>kein Wert</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="167"/>
        <source>✓ %1</source>
        <translation>✓ %1</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="174"/>
        <source>image score %1 (%2)</source>
        <translation>Bildwert %1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="176"/>
        <source>not scored</source>
        <translation>nicht bewertet</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="177"/>
        <source>parameters: %1</source>
        <translation>Parameter: %1</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="179"/>
        <source>kept: this is the sample&apos;s image</source>
        <translation>behalten: Dies ist das Bild der Probe</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::HandoffDialog</name>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="35"/>
        <source>Hand Off to TRL or LLaMA-Factory</source>
        <translation>An TRL oder LLaMA-Factory übergeben</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="55"/>
        <source>TRL (trl dpo)</source>
        <translation>TRL (trl dpo)</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="56"/>
        <source>LLaMA-Factory (llamafactory-cli train)</source>
        <translation>LLaMA-Factory (llamafactory-cli train)</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="57"/>
        <source>Engine:</source>
        <translation>Engine:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="61"/>
        <source>As the engine will find it: a Hugging Face Hub id, or a folder on the machine that runs the engine</source>
        <translation>So, wie die Engine es findet: eine Hugging-Face-Hub-ID oder ein Ordner auf dem Rechner, auf dem die Engine läuft</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="63"/>
        <source>Base model:</source>
        <translation>Basismodell:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="66"/>
        <source>LLaMA-Factory&apos;s chat template; it must fit the model</source>
        <translation>Chat-Vorlage von LLaMA-Factory; sie muss zum Modell passen</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="67"/>
        <source>Chat template:</source>
        <translation>Chat-Vorlage:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="71"/>
        <source>Accepted pairs</source>
        <translation>Angenommene Paare</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="72"/>
        <source>Accepted and pending pairs</source>
        <translation>Angenommene und offene Paare</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="73"/>
        <source>Counting pairs…</source>
        <translation>Paare werden gezählt …</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="78"/>
        <source>Export:</source>
        <translation>Exportieren:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="82"/>
        <source>Beta:</source>
        <translation>Beta:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="85"/>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="88"/>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="95"/>
        <source>accumulated over</source>
        <translation>akkumuliert über</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="97"/>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="99"/>
        <source>Pairs per device:</source>
        <translation>Paare je Gerät:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="106"/>
        <source>alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="109"/>
        <source>LoRA rank:</source>
        <translation>LoRA-Rang:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="112"/>
        <source>only at the end</source>
        <translation>nur am Ende</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="113"/>
        <source>TRL writes its metrics only into checkpoints: this is also how often they can be read back</source>
        <translation>TRL schreibt seine Metriken nur in Checkpoints: So oft können sie auch zurückgelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="115"/>
        <source>Checkpoint every:</source>
        <translation>Checkpoint alle:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="119"/>
        <source>The engine&apos;s command</source>
        <translation>Der Befehl der Engine</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="120"/>
        <source>accelerate launch</source>
        <translation>accelerate launch</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="121"/>
        <source>deepspeed</source>
        <translation>deepspeed</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="122"/>
        <source>A command prefix (sbatch, ssh, …)</source>
        <translation>Ein Befehlspräfix (sbatch, ssh, …)</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="128"/>
        <source>Launch with:</source>
        <translation>Starten mit:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="132"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="135"/>
        <source>Hand-off folder</source>
        <translation>Übergabeordner</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="143"/>
        <source>Write to:</source>
        <translation>Schreiben nach:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="145"/>
        <source>Run the command here and chart its metrics as it logs them</source>
        <translation>Den Befehl hier ausführen und seine Metriken zeichnen, sobald er sie protokolliert</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="147"/>
        <source>Otherwise the folder and the command are written, and the run waits in the Training tab until its log is read back</source>
        <translation>Sonst werden Ordner und Befehl geschrieben, und der Lauf wartet im Tab „Training“, bis sein Protokoll zurückgelesen wird</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="149"/>
        <source>Run:</source>
        <translation>Ausführen:</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="151"/>
        <source>Write Hand-off</source>
        <translation>Übergabe schreiben</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="193"/>
        <source>accelerate config file, or a TRL profile such as multi_gpu (optional)</source>
        <translation>accelerate-Konfigurationsdatei oder ein TRL-Profil wie multi_gpu (optional)</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="196"/>
        <source>DeepSpeed JSON config, or for TRL zero1, zero2 or zero3 (optional)</source>
        <translation>DeepSpeed-JSON-Konfiguration oder für TRL zero1, zero2 oder zero3 (optional)</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="198"/>
        <source>e.g. sbatch --wait --wrap</source>
        <translation>z. B. sbatch --wait --wrap</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="212"/>
        <source>The pairs could not be counted: %1</source>
        <translation>Die Paare konnten nicht gezählt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="216"/>
        <source>No accepted pairs to hand off: accept pairs in the Review tab, or export accepted and pending pairs.</source>
        <translation>Keine angenommenen Paare zum Übergeben: Nehmen Sie im Tab „Prüfen“ Paare an, oder exportieren Sie angenommene und offene Paare.</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="218"/>
        <source>No accepted or pending pairs to hand off.</source>
        <translation>Keine angenommenen oder offenen Paare zum Übergeben.</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="220"/>
        <source>Name the base model as the engine will load it, such as %1.</source>
        <translation>Nennen Sie das Basismodell so, wie die Engine es lädt, etwa %1.</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="222"/>
        <source>Name LLaMA-Factory&apos;s chat template for the model, such as llava.</source>
        <translation>Nennen Sie die Chat-Vorlage von LLaMA-Factory für das Modell, etwa llava.</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="224"/>
        <source>The learning rate must be a positive number, such as 1e-5.</source>
        <translation>Die Lernrate muss eine positive Zahl sein, etwa 1e-5.</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="227"/>
        <source>Type the command prefix the engine&apos;s command is given to, such as sbatch --wait --wrap.</source>
        <translation>Geben Sie das Befehlspräfix ein, dem der Befehl der Engine übergeben wird, etwa sbatch --wait --wrap.</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="231"/>
        <source>Choose the folder to write the hand-off to.</source>
        <translation>Wählen Sie den Ordner, in den die Übergabe geschrieben wird.</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="234"/>
        <source>%1 already exists; choose a new folder.</source>
        <translation>%1 existiert bereits; wählen Sie einen neuen Ordner.</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="241"/>
        <source>%1 pairs</source>
        <translation>%1 Paare</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::HistoryView</name>
    <message>
        <location filename="../ui/HistoryView.cpp" line="35"/>
        <source>Annotator:</source>
        <translation>Annotator:</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="37"/>
        <source>Action:</source>
        <translation>Aktion:</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="87"/>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="88"/>
        <source>All actions</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="108"/>
        <source>1 entry</source>
        <translation>1 Eintrag</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="108"/>
        <source>%1 entries</source>
        <translation>%1 Einträge</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ImageView</name>
    <message>
        <location filename="../ui/ImageView.cpp" line="40"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="41"/>
        <source>Fit the image to the view (double-click toggles)</source>
        <translation>Bild in die Ansicht einpassen (Doppelklick wechselt)</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="47"/>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="48"/>
        <source>One image pixel per screen pixel; wheel zooms, drag pans</source>
        <translation>Ein Bildpixel je Bildschirmpixel; Mausrad zoomt, Ziehen verschiebt</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="72"/>
        <source>No pair selected</source>
        <translation>Kein Paar ausgewählt</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="87"/>
        <source>This sample has no image</source>
        <translation>Dieses Beispiel hat kein Bild</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="94"/>
        <source>Loading %1…</source>
        <translation>Lade %1 …</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="112"/>
        <source>Image file not found:
%1

Was the images folder moved?</source>
        <translation>Bilddatei nicht gefunden:
%1

Wurde der Bilderordner verschoben?</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="116"/>
        <source>Cannot read image:
%1

%2</source>
        <translation>Bild kann nicht gelesen werden:
%1

%2</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="122"/>
        <source>%1 (%2 × %3)</source>
        <translation>%1 (%2 × %3)</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="323"/>
        <source>%1 · %2 × %3 · %4 %</source>
        <translation>%1 · %2 × %3 · %4 %</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ImportDialog</name>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="60"/>
        <location filename="../ui/ImportDialog.cpp" line="175"/>
        <source>Import data</source>
        <translation>Daten importieren</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="65"/>
        <source>A JSON or JSON Lines file</source>
        <translation>Eine JSON- oder JSON-Lines-Datei</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="66"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="74"/>
        <source>Detect from the first record</source>
        <translation>Am ersten Datensatz erkennen</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="79"/>
        <source>Import the good records and write the bad ones to a report</source>
        <translation>Gute Datensätze importieren, fehlerhafte in einen Bericht schreiben</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="83"/>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="84"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="91"/>
        <location filename="../ui/ImportDialog.cpp" line="199"/>
        <source>Choose a file to see its first records.</source>
        <translation>Wählen Sie eine Datei, um ihre ersten Datensätze zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Chosen</source>
        <translation>Gewählt</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="112"/>
        <source>Problems found in the previewed records appear here.</source>
        <translation>Probleme in den Datensätzen der Vorschau erscheinen hier.</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="117"/>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="124"/>
        <source>Problems:</source>
        <translation>Probleme:</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="175"/>
        <source>JSON data (*.json *.jsonl);;All files (*)</source>
        <translation>JSON-Daten (*.json *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="204"/>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen …</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="229"/>
        <source>This file cannot be imported: %1</source>
        <translation>Diese Datei kann nicht importiert werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="237"/>
        <source>format %1 (detected)</source>
        <translation>Format %1 (erkannt)</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="238"/>
        <source>format %1</source>
        <translation>Format %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ImportDialog.cpp" line="239"/>
        <source>the first %n record(s)</source>
        <translation>
            <numerusform>der erste Datensatz</numerusform>
            <numerusform>die ersten %n Datensätze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ImportDialog.cpp" line="240"/>
        <source>all %n record(s)</source>
        <translation>
            <numerusform>der einzige Datensatz</numerusform>
            <numerusform>alle %n Datensätze</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="241"/>
        <source>%1 · %2: %3 good, %4 with problems</source>
        <translation>%1 · %2: %3 in Ordnung, %4 mit Problemen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ImportDialog.cpp" line="250"/>
        <source>(%n candidate(s), no pair)</source>
        <translation>
            <numerusform>(%n Kandidat, kein Paar)</numerusform>
            <numerusform>(%n Kandidaten, kein Paar)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="262"/>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="279"/>
        <source>Records with problems stop the import; tick the option above to import the good ones.</source>
        <translation>Datensätze mit Problemen brechen den Import ab; setzen Sie oben das Häkchen, um die guten zu importieren.</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::Job</name>
    <message>
        <location filename="../ui/Job.cpp" line="66"/>
        <source>Cancelled before it started</source>
        <translation>Vor dem Start abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="68"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="80"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="82"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="83"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="90"/>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="92"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="94"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="96"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="98"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::JobListModel</name>
    <message>
        <location filename="../ui/JobListModel.cpp" line="113"/>
        <source>estimating…</source>
        <translation>wird geschätzt …</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="113"/>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="116"/>
        <source>took %1</source>
        <translation>dauerte %1</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="130"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="132"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="134"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="136"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::JobRunner</name>
    <message>
        <location filename="../ui/JobRunner.cpp" line="97"/>
        <source>Queued: %1</source>
        <translation>Eingereiht: %1</translation>
    </message>
    <message>
        <location filename="../ui/JobRunner.cpp" line="147"/>
        <source>Cancelled; nothing was changed</source>
        <translation>Abgebrochen; nichts wurde geändert</translation>
    </message>
    <message>
        <location filename="../ui/JobRunner.cpp" line="151"/>
        <location filename="../ui/JobRunner.cpp" line="178"/>
        <source>Unexpected error: %1</source>
        <translation>Unerwarteter Fehler: %1</translation>
    </message>
    <message>
        <location filename="../ui/JobRunner.cpp" line="153"/>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::JobsDock</name>
    <message>
        <location filename="../ui/JobsDock.cpp" line="58"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/JobsDock.cpp" line="90"/>
        <source>The log of the selected job appears here.</source>
        <translation>Das Protokoll des gewählten Auftrags erscheint hier.</translation>
    </message>
    <message>
        <location filename="../ui/JobsDock.cpp" line="97"/>
        <source>Cancel job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/JobsDock.cpp" line="99"/>
        <source>Clear finished</source>
        <translation>Beendete entfernen</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="172"/>
        <location filename="../ui/MainWindow.cpp" line="274"/>
        <source>Review</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="177"/>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="180"/>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="184"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="202"/>
        <source>%1 — PrefStudio</source>
        <translation>%1 — PrefStudio</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="233"/>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="235"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="237"/>
        <source>Mark pending</source>
        <translation>Als offen markieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="239"/>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="241"/>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="243"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="256"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="266"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="268"/>
        <source>&amp;Review</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="295"/>
        <source>Review queue: the order pairs are listed and visited in</source>
        <translation>Prüfreihenfolge: in welcher Reihenfolge Paare gelistet und besucht werden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="296"/>
        <source>Dataset order</source>
        <translation>Reihenfolge im Datensatz</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="297"/>
        <source>Smallest margin first</source>
        <translation>Kleinster Abstand zuerst</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="298"/>
        <source>Flagged first</source>
        <translation>Markierte zuerst</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="299"/>
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="304"/>
        <source>seed </source>
        <translation>Startwert </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="305"/>
        <source>The same seed gives the same random order</source>
        <translation>Derselbe Startwert ergibt dieselbe zufällige Reihenfolge</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="314"/>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="315"/>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="316"/>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="317"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="321"/>
        <source>Any flags</source>
        <translation>Alle Markierungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="322"/>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="331"/>
        <source>Search prompts and answers</source>
        <translation>Prompts und Antworten durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="345"/>
        <source>Show every pair again</source>
        <translation>Wieder alle Paare zeigen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="525"/>
        <source>1 pair</source>
        <translation>1 Paar</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="525"/>
        <source>%1 pairs</source>
        <translation>%1 Paare</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="549"/>
        <source>No pairs match the filter.</source>
        <translation>Kein Paar passt zum Filter.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="587"/>
        <source>Pair %1</source>
        <translation>Paar %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="590"/>
        <source>margin %1</source>
        <translation>Abstand %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="590"/>
        <source>no margin</source>
        <translation>kein Abstand</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="591"/>
        <source>origin %1</source>
        <translation>Herkunft %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="594"/>
        <source>flags: %1</source>
        <translation>Markierungen: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="611"/>
        <source>Pair %1 of sample %2</source>
        <translation>Paar %1 von Beispiel %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="671"/>
        <source>Pair %1 is now %2</source>
        <translation>Paar %1 ist jetzt %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="697"/>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="723"/>
        <source>Read-only: this project is open in another PrefStudio window (process %1 on %2). Close it there to review here.</source>
        <translation>Nur lesen: Dieses Projekt ist in einem anderen PrefStudio-Fenster geöffnet (Prozess %1 auf %2). Schließen Sie es dort, um hier zu prüfen.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="728"/>
        <source>Read-only: cannot create the lock file %1 (is the project folder read-only?).</source>
        <translation>Nur lesen: Die Sperrdatei %1 kann nicht angelegt werden (ist der Projektordner schreibgeschützt?).</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="743"/>
        <source>Swap chosen/rejected</source>
        <translation>Gewählt/abgelehnt tauschen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="748"/>
        <source>Swap</source>
        <translation>Tauschen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="749"/>
        <source>Edit answer…</source>
        <translation>Antwort bearbeiten …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="751"/>
        <source>Note…</source>
        <translation>Notiz …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="753"/>
        <source>Next pending</source>
        <translation>Nächstes offenes</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="755"/>
        <source>Relink images folder…</source>
        <translation>Bilderordner neu verknüpfen …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="757"/>
        <source>Show word diff</source>
        <translation>Wortunterschiede zeigen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="759"/>
        <source>Diff</source>
        <translation>Unterschiede</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="760"/>
        <source>Mark the words only the chosen or only the rejected answer has (D)</source>
        <translation>Die Wörter markieren, die nur die gewählte oder nur die abgelehnte Antwort enthält (D)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="762"/>
        <source>Generate candidates…</source>
        <translation>Kandidaten erzeugen …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="764"/>
        <source>Generate candidate answers with a local model (the demo policy by default), as a job</source>
        <translation>Kandidatenantworten mit einem lokalen Modell erzeugen (standardmäßig die Demo-Policy), als Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="766"/>
        <source>Score candidates…</source>
        <translation>Kandidaten bewerten …</translation>
    </message>
    <message>
        <source>Score every candidate with a local reward model (the demo reward model by default), as a job</source>
        <translation type="vanished">Jeden Kandidaten mit einem lokalen Belohnungsmodell bewerten (standardmäßig das Demo-Belohnungsmodell), als Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="776"/>
        <source>Find missing image files under a folder you choose</source>
        <translation>Fehlende Bilddateien in einem gewählten Ordner suchen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="778"/>
        <location filename="../ui/MainWindow.cpp" line="789"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="780"/>
        <location filename="../ui/MainWindow.cpp" line="792"/>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="789"/>
        <source>Undo %1</source>
        <translation>Rückgängig: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="792"/>
        <source>Redo %1</source>
        <translation>Wiederholen: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="819"/>
        <source>Make answer chosen</source>
        <translation>Antwort wählen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="821"/>
        <source>Make answer rejected</source>
        <translation>Antwort ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="828"/>
        <source>Answer %1 chosen</source>
        <translation>Antwort %1 wählen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="831"/>
        <source>Answer %1 rejected</source>
        <translation>Antwort %1 ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="846"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="874"/>
        <source>Chosen 1–9</source>
        <translation>Gewählt 1–9</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="874"/>
        <source>Rejected ⇧1–9</source>
        <translation>Abgelehnt ⇧1–9</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="903"/>
        <source>Any origin</source>
        <translation>Jede Herkunft</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="906"/>
        <source>Any model</source>
        <translation>Jedes Modell</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="928"/>
        <source>Reward</source>
        <translation>Belohnung</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="955"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="957"/>
        <source>Train (DPO)…</source>
        <translation>Trainieren (DPO) …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="959"/>
        <source>Train the base model on the reviewed pairs with DPO, as a job</source>
        <translation>Das Basismodell mit DPO auf den geprüften Paaren trainieren, als Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="963"/>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="967"/>
        <source>Hand Off to TRL or LLaMA-Factory…</source>
        <translation>An TRL oder LLaMA-Factory übergeben …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="969"/>
        <source>Export the pairs with a TRL or LLaMA-Factory DPO config of the same hyper-parameters, for a cluster; run it here or elsewhere and chart its metrics</source>
        <translation>Die Paare mit einer DPO-Konfiguration für TRL oder LLaMA-Factory mit denselben Hyperparametern exportieren, für einen Cluster; hier oder anderswo ausführen und die Metriken zeichnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="975"/>
        <source>Show Training Runs</source>
        <translation>Trainingsläufe anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="995"/>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="998"/>
        <source>Run benchmarks…</source>
        <translation>Benchmarks ausführen …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1000"/>
        <source>Run hallucination benchmarks on the demo policy, a checkpoint, training runs or a server, as jobs</source>
        <translation>Halluzinations-Benchmarks auf der Demo-Policy, einem Checkpoint, Trainingsläufen oder einem Server ausführen, als Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1005"/>
        <source>E&amp;valuation</source>
        <translation>E&amp;valuation</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1009"/>
        <source>Import Results…</source>
        <translation>Ergebnisse importieren…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1011"/>
        <source>Store benchmark results made elsewhere (PrefStudio&apos;s results.json or lmms-eval&apos;s) as an eval run</source>
        <translation>Anderswo erstellte Benchmark-Ergebnisse (results.json von PrefStudio oder von lmms-eval) als Evaluationslauf speichern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1015"/>
        <source>Show Evaluation Results</source>
        <translation>Evaluationsergebnisse zeigen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1043"/>
        <source>Trained by run %1</source>
        <translation>Von Lauf %1 trainiert</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1047"/>
        <source>%n pair(s) mention “%1”; run %2 trained on %3 of them and held out %4.</source>
        <translation>
            <numerusform>%n Paar erwähnt „%1“; Lauf %2 hat mit %3 davon trainiert und %4 zurückgehalten.</numerusform>
            <numerusform>%n Paare erwähnen „%1“; Lauf %2 hat mit %3 davon trainiert und %4 zurückgehalten.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1076"/>
        <source>Still wrong after run %1</source>
        <translation>Nach Lauf %1 noch falsch</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1079"/>
        <source>Pairs %1 still ranks wrong (%2), worst first</source>
        <translation>Paare, die %1 noch falsch einordnet (%2), die schlechtesten zuerst</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1097"/>
        <source>Run %1 has measured no pair it still ranks wrong.</source>
        <translation>Lauf %1 hat kein Paar gemessen, das er noch falsch einordnet.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1464"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="908"/>
        <source>Pairs whose chosen or rejected answer came from this model</source>
        <translation>Paare, deren gewählte oder abgelehnte Antwort von diesem Modell stammt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="768"/>
        <source>Score the candidates with a local reward model, a scorer program or a judge server, as a job</source>
        <translation>Die Antworten als Auftrag bewerten: mit einem lokalen Belohnungsmodell, einem Bewerterprogramm oder einem Gutachterserver</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="909"/>
        <source>Pairs made by this policy, import or person</source>
        <translation>Paare aus dieser Strategie, diesem Import oder von dieser Person</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="923"/>
        <location filename="../ui/MainWindow.cpp" line="925"/>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="924"/>
        <location filename="../ui/MainWindow.cpp" line="926"/>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="927"/>
        <source>Margin</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="929"/>
        <source>The chosen answer&apos;s score by the ranking scorer</source>
        <translation>Bewertung der gewählten Antwort durch den Rangfolge-Bewerter</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1241"/>
        <source>Pair %1 changed; it is not in the list as filtered now</source>
        <translation>Paar %1 wurde geändert; es steht nicht in der jetzt gefilterten Liste</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1245"/>
        <source>Undone on pair %1</source>
        <translation>Rückgängig gemacht bei Paar %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1245"/>
        <source>Saved pair %1</source>
        <translation>Paar %1 gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1251"/>
        <source> [read-only]</source>
        <translation> [nur lesen]</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1270"/>
        <source>%n edit(s) of your last session can be undone with Ctrl+Z.</source>
        <translation>
            <numerusform>%n Änderung Ihrer letzten Sitzung kann mit Strg+Z rückgängig gemacht werden.</numerusform>
            <numerusform>%n Änderungen Ihrer letzten Sitzung können mit Strg+Z rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1336"/>
        <source>Note on pair %1</source>
        <translation>Notiz zu Paar %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1337"/>
        <source>Note (leave empty to remove it):</source>
        <translation>Notiz (leer lassen, um sie zu entfernen):</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1371"/>
        <source>Continued from the top of the list</source>
        <translation>Vom Anfang der Liste fortgesetzt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1375"/>
        <source>No other pending pair in the loaded part of this list</source>
        <translation>Kein weiteres offenes Paar im geladenen Teil dieser Liste</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1384"/>
        <source>Folder that holds the project&apos;s images</source>
        <translation>Ordner mit den Bildern des Projekts</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1406"/>
        <source>No image file is missing.</source>
        <translation>Keine Bilddatei fehlt.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1407"/>
        <source>Relinked %1 of %2 missing images.</source>
        <translation>%1 von %2 fehlenden Bildern neu verknüpft.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1411"/>
        <source>%1 files had the right name but other content; left alone.</source>
        <translation>%1 Dateien hatten den richtigen Namen, aber anderen Inhalt; unverändert gelassen.</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::PairTableModel</name>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="224"/>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="256"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="258"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="260"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="262"/>
        <source>Margin</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="264"/>
        <source>Flags</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="266"/>
        <source>Best</source>
        <translation>Max.</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="268"/>
        <source>Worst</source>
        <translation>Min.</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="270"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::PipelineWizard</name>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="98"/>
        <location filename="../ui/PipelineWizard.cpp" line="650"/>
        <source>greedy</source>
        <translation>Greedy</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="190"/>
        <source>Run a Pipeline Recipe</source>
        <translation>Pipeline-Rezept ausführen</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="193"/>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="225"/>
        <source>Recipe</source>
        <translation>Rezept</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="226"/>
        <source>Start from the shipped demo recipe or a recipe file of your own. The next page changes its main settings.</source>
        <translation>Beginnen Sie mit dem mitgelieferten Demo-Rezept oder einer eigenen Rezeptdatei. Auf der nächsten Seite ändern Sie seine wichtigsten Einstellungen.</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="230"/>
        <source>The shipped &amp;demo recipe (shapes world)</source>
        <translation>Das mitgelieferte &amp;Demo-Rezept (Formenwelt)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="232"/>
        <source>A recipe &amp;file:</source>
        <translation>Eine &amp;Rezeptdatei:</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="236"/>
        <source>a .json recipe</source>
        <translation>ein .json-Rezept</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="237"/>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen …</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="256"/>
        <location filename="../ui/PipelineWizard.cpp" line="868"/>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="256"/>
        <location filename="../ui/PipelineWizard.cpp" line="868"/>
        <source>What it will do</source>
        <translation>Was sie tun wird</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="281"/>
        <source>Recipe file</source>
        <translation>Rezeptdatei</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="284"/>
        <source>Recipes (*.json);;All files (*)</source>
        <translation>Rezepte (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="314"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="320"/>
        <source>%1 is not a recipe: a recipe is a JSON object of stages (see the README&apos;s &quot;Pipeline recipes&quot;).</source>
        <translation>%1 ist kein Rezept: Ein Rezept ist ein JSON-Objekt aus Stufen (siehe &quot;Pipeline recipes&quot; in der README).</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="357"/>
        <source>import the images in %1</source>
        <translation>die Bilder in %1 importieren</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="361"/>
        <source>%1 shapes prompts</source>
        <translation>%1 Formenwelt-Prompts</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="364"/>
        <source>%1 prompts</source>
        <translation>%1 Prompts</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="366"/>
        <source>the prompts in %1</source>
        <translation>die Prompts in %1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="367"/>
        <source>%1 × %2 images by %3</source>
        <translation>%1 × %2 Bilder von %3</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="371"/>
        <source>, best by %1</source>
        <translation>, jeweils das beste nach %1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="372"/>
        <source>, the first kept (no image scorer)</source>
        <translation>, jeweils das erste behalten (kein Bildbewerter)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="377"/>
        <source>%1 shapes question(s) per image</source>
        <translation>%1 Formenwelt-Frage(n) je Bild</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="380"/>
        <source>one of %1 question templates per image</source>
        <translation>je Bild eine von %1 Fragevorlagen</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="383"/>
        <source>the questions in %1</source>
        <translation>die Fragen in %1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="386"/>
        <source>, %1 % of samples held out for test</source>
        <translation>, %1 % der Proben für den Test zurückgehalten</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="417"/>
        <source>the first scorer</source>
        <translation>dem ersten Bewerter</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="418"/>
        <source>%1 pairs by %2</source>
        <translation>%1-Paare nach %2</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="420"/>
        <source>, margin at least %1</source>
        <translation>, Abstand mindestens %1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="429"/>
        <source>quality flags: %1</source>
        <translation>Qualitätsmarkierungen: %1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="444"/>
        <source>(not run) %1</source>
        <translation>(nicht ausgeführt) %1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="450"/>
        <source>This recipe has no stages.</source>
        <translation>Dieses Rezept hat keine Stufen.</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="460"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="461"/>
        <source>Change what you need; everything else stays as the recipe has it. Double-click a cell to edit it.</source>
        <translation>Ändern Sie, was Sie brauchen; alles andere bleibt, wie es im Rezept steht. Doppelklicken Sie auf eine Zelle, um sie zu bearbeiten.</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="473"/>
        <source>Stages to run</source>
        <translation>Auszuführende Stufen</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="484"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="489"/>
        <source>How many shapes-world text-to-image prompts to draw</source>
        <translation>Wie viele Text-zu-Bild-Prompts aus der Formenwelt gezogen werden</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="493"/>
        <source>Images generated per prompt; the image scorer keeps the best</source>
        <translation>Je Prompt erzeugte Bilder; der Bildbewerter behält das beste</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="494"/>
        <source>Text-to-image &amp;prompts:</source>
        <translation>Text-zu-Bild-&amp;Prompts:</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="495"/>
        <source>&amp;Images per prompt:</source>
        <translation>&amp;Bilder je Prompt:</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="499"/>
        <source>Pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="503"/>
        <source>max-min: best vs worst answer</source>
        <translation>max-min: beste gegen schlechteste Antwort</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="504"/>
        <source>best-vs-rest: best vs each other answer</source>
        <translation>best-vs-rest: beste gegen jede andere Antwort</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="506"/>
        <source>adjacent: each answer vs the next best</source>
        <translation>adjacent: jede Antwort gegen die nächstbeste</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="509"/>
        <source>Pair po&amp;licy:</source>
        <translation>Paar&amp;strategie:</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="510"/>
        <source>Ranked &amp;by:</source>
        <translation>&amp;Rangfolge nach:</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="514"/>
        <source>Generators (candidate answers)</source>
        <translation>Generatoren (Kandidatenantworten)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="517"/>
        <location filename="../ui/PipelineWizard.cpp" line="547"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="517"/>
        <source>Model folder or server</source>
        <translation>Modellordner oder Server</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="517"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="517"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="523"/>
        <source>Add &amp;model…</source>
        <translation>&amp;Modell hinzufügen …</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="524"/>
        <source>Add &amp;server…</source>
        <translation>&amp;Server hinzufügen …</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="525"/>
        <source>Choose &amp;folder…</source>
        <translation>&amp;Ordner wählen …</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="526"/>
        <location filename="../ui/PipelineWizard.cpp" line="556"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="545"/>
        <source>Scorers</source>
        <translation>Bewerter</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="547"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="547"/>
        <source>Model folder, command or server</source>
        <translation>Modellordner, Befehl oder Server</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="553"/>
        <source>Add m&amp;odel…</source>
        <translation>Mod&amp;ell hinzufügen …</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="554"/>
        <source>Add &amp;command…</source>
        <translation>Be&amp;fehl hinzufügen …</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="555"/>
        <source>Add &amp;judge…</source>
        <translation>&amp;Gutachter hinzufügen …</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="588"/>
        <source>This recipe has no such stage.</source>
        <translation>Dieses Rezept hat keine solche Stufe.</translation>
    </message>
    <message>
        <source>A server generator: edit its URL and model in the recipe file</source>
        <translation type="vanished">Ein Server-Generator: URL und Modell in der Rezeptdatei bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="638"/>
        <source>Model folder; relative paths start at the recipe&apos;s folder</source>
        <translation>Modellordner; relative Pfade beginnen im Ordner des Rezepts</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="686"/>
        <source>the recipe&apos;s weighted sum</source>
        <translation>die gewichtete Summe des Rezepts</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="770"/>
        <location filename="../ui/PipelineWizard.cpp" line="782"/>
        <source>Generator model folder (a LLaVA checkpoint)</source>
        <translation>Modellordner des Generators (ein LLaVA-Checkpoint)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="791"/>
        <source>Reward model folder (a checkpoint with a score head)</source>
        <translation>Ordner des Belohnungsmodells (ein Checkpoint mit Bewertungskopf)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="800"/>
        <source>Command scorer</source>
        <translation>Befehls-Bewerter</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="801"/>
        <source>Command line of a scorer speaking the JSON-lines protocol (for example
python3 examples/scorers/armorm.py); it runs in the recipe&apos;s folder:</source>
        <translation>Befehlszeile eines Bewerters, der das JSON-Lines-Protokoll spricht (zum Beispiel
python3 examples/scorers/armorm.py); er läuft im Ordner des Rezepts:</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="834"/>
        <source>Judge scorer</source>
        <translation>Gutachter-Bewerter</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="816"/>
        <source>the model name the server knows</source>
        <translation>der Modellname, den der Server kennt</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="636"/>
        <source>A generator on an OpenAI-compatible server, as &quot;model @ URL&quot;</source>
        <translation>Ein Generator auf einem OpenAI-kompatiblen Server, als „Modell @ URL“</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="817"/>
        <source>Server &amp;URL (OpenAI-compatible):</source>
        <translation>Server-&amp;URL (OpenAI-kompatibel):</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="818"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="841"/>
        <source>Server generator</source>
        <translation>Server-Generator</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="852"/>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="853"/>
        <source>Run checks the recipe first, then runs it on this project as a job. Work already stored is skipped, so a stopped run can be started again.</source>
        <translation>„Ausführen“ prüft zuerst das Rezept und führt es dann als Auftrag auf diesem Projekt aus. Bereits gespeicherte Arbeit wird übersprungen, ein abgebrochener Lauf kann also erneut gestartet werden.</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="861"/>
        <source>auto (a GPU when there is one)</source>
        <translation>automatisch (eine GPU, falls vorhanden)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="862"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="863"/>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="864"/>
        <source>&amp;Device for local models:</source>
        <translation>&amp;Gerät für lokale Modelle:</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="901"/>
        <source>The edited recipe is written to %1 and checked before the run starts.</source>
        <translation>Das bearbeitete Rezept wird nach %1 geschrieben und vor dem Start des Laufs geprüft.</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="912"/>
        <source>Choose a recipe file.</source>
        <translation>Wählen Sie eine Rezeptdatei.</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="1063"/>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="1067"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="1088"/>
        <source>The recipe was not run: %1</source>
        <translation>Das Rezept wurde nicht ausgeführt: %1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ProjectActions</name>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="82"/>
        <source>Cannot open the project</source>
        <translation>Das Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="98"/>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt …</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="100"/>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen …</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="102"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="107"/>
        <source>Open the &amp;Demo Project</source>
        <translation>&amp;Demoprojekt öffnen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="110"/>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren …</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="113"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren …</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="116"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="120"/>
        <source>&amp;Jobs Panel</source>
        <translation>&amp;Aufträge</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="138"/>
        <source>&amp;Pipeline</source>
        <translation>P&amp;ipeline</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="140"/>
        <source>&amp;Run Recipe…</source>
        <translation>Rezept &amp;ausführen …</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="142"/>
        <source>Build review data from a recipe: images, questions, candidate answers, scores, pairs and flags, as a job</source>
        <translation>Prüfdaten aus einem Rezept erstellen: Bilder, Fragen, Kandidatenantworten, Bewertungen, Paare und Markierungen, als Auftrag</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="163"/>
        <source>New project folder</source>
        <translation>Neuer Projektordner</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="171"/>
        <source>Cannot create the project</source>
        <translation>Das Projekt kann nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="180"/>
        <source>Open project folder</source>
        <translation>Projektordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="199"/>
        <source>Demo project</source>
        <translation>Demoprojekt</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="207"/>
        <source>%1 is already open.</source>
        <translation>%1 ist bereits geöffnet.</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="218"/>
        <source>Import %1</source>
        <translation>%1 importieren</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="225"/>
        <source>Imported %1 records from %2 (%3): %4 candidates, %5 pairs, %6 new images</source>
        <translation>%1 Datensätze aus %2 (%3) importiert: %4 Kandidaten, %5 Paare, %6 neue Bilder</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="233"/>
        <source>skipped %1 bad records, listed in %2</source>
        <translation>%1 fehlerhafte Datensätze übersprungen, aufgeführt in %2</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="250"/>
        <source>Export %1 as %2</source>
        <translation>%1 als %2 exportieren</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="254"/>
        <source>Exported %1 pairs and %2 images to %3</source>
        <translation>%1 Paare und %2 Bilder nach %3 exportiert</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="267"/>
        <source>Recompute quality flags</source>
        <translation>Qualitätsmarkierungen neu berechnen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="272"/>
        <source>New flag thresholds saved; the flags of %1 pairs changed</source>
        <translation>Neue Schwellwerte gespeichert; die Markierungen von %1 Paaren haben sich geändert</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="312"/>
        <source>Generate %1 candidates for sample %2</source>
        <translation>%1 Kandidaten für Probe %2 erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="315"/>
        <source>Generate %1 candidates per sample</source>
        <translation>%1 Kandidaten je Probe erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="321"/>
        <source>Score candidates with %1</source>
        <translation>Kandidaten mit %1 bewerten</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="346"/>
        <source>Run recipe %1</source>
        <translation>Rezept %1 ausführen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="357"/>
        <source>Train %1 with DPO</source>
        <translation>%1 mit DPO trainieren</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="366"/>
        <source>Resume DPO run %1</source>
        <translation>DPO-Lauf %1 fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="376"/>
        <source>Finish DPO run %1</source>
        <translation>DPO-Lauf %1 abschließen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="387"/>
        <source>Train with DPO</source>
        <translation>Mit DPO trainieren</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="405"/>
        <source>Train with %1</source>
        <translation>Mit %1 trainieren</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="406"/>
        <source>Hand off to %1</source>
        <translation>An %1 übergeben</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="420"/>
        <source>Hand off</source>
        <translation>Übergeben</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="434"/>
        <source>Run recipe</source>
        <translation>Rezept ausführen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="447"/>
        <source>Score candidates</source>
        <translation>Kandidaten bewerten</translation>
    </message>
    <message>
        <source>Reward model folder (a LLaVA checkpoint with a score head)</source>
        <translation type="vanished">Ordner des Belohnungsmodells (ein LLaVA-Checkpoint mit Bewertungskopf)</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="498"/>
        <source>The new language applies when PrefStudio starts next.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von PrefStudio.</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="504"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ProjectLauncher</name>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="35"/>
        <source>%1 is not a PrefStudio project (it has no %2).</source>
        <translation>%1 ist kein PrefStudio-Projekt (es fehlt %2).</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="59"/>
        <source>Building the demo project in %1…</source>
        <translation>Das Demoprojekt wird in %1 angelegt …</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="60"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="62"/>
        <source>PrefStudio</source>
        <translation>PrefStudio</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="70"/>
        <source>Build the demo project</source>
        <translation>Demoprojekt anlegen</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="73"/>
        <source>Built the demo: %1 samples, %2 pairs</source>
        <translation>Demo angelegt: %1 Beispiele, %2 Paare</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="81"/>
        <source>Building the demo project… about %1 left</source>
        <translation>Das Demoprojekt wird angelegt … noch etwa %1</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="92"/>
        <source>The demo project was not built: %1</source>
        <translation>Das Demoprojekt wurde nicht angelegt: %1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::RewardAgreementPanel</name>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="93"/>
        <source>Computing how the reward models agree…</source>
        <translation>Übereinstimmung der Belohnungsmodelle wird berechnet …</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="104"/>
        <source>Reward model agreement</source>
        <translation>Übereinstimmung der Belohnungsmodelle</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="150"/>
        <source>Reward model vs ground truth</source>
        <translation>Belohnungsmodell und Wahrheit</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <source>Scorer</source>
        <translation>Bewerter</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <source>Pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="169"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="201"/>
        <source>Agree</source>
        <translation>Stimmt überein</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="169"/>
        <source>Same truth</source>
        <translation>Gleiche Wahrheit</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="169"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="201"/>
        <source>Reversed</source>
        <translation>Umgekehrt</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="166"/>
        <source>Tied (no pair)</source>
        <translation>Gleichstand (kein Paar)</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="166"/>
        <source>Chosen correct</source>
        <translation>Gewählte richtig</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="166"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="199"/>
        <source>Easy pairs</source>
        <translation>Leichte Paare</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="169"/>
        <source>Max-min pairs against the truth</source>
        <translation>Max-Min-Paare gegen die Wahrheit</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="172"/>
        <source>No candidate has a score yet: score the candidates to see how each reward model&apos;s pairs compare with the truth.</source>
        <translation>Noch kein Kandidat hat einen Wert: Bewerten Sie die Kandidaten, um die Paare jedes Belohnungsmodells mit der Wahrheit zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="177"/>
        <source>Each scorer&apos;s max-min pairs (chosen = highest score, rejected = lowest), checked against the scene each image was drawn from. Agree: the chosen answer names fewer hallucinated objects than the rejected one. Chosen correct: the chosen answer is right in every respect that can be checked. Easy pairs: the rejected answer is trivially bad (%1), which any scorer gets right and DPO learns little from.</source>
        <translation>Die Max-Min-Paare jedes Bewerters (gewählt = höchster Wert, abgelehnt = niedrigster), geprüft gegen die Szene, aus der jedes Bild gezeichnet wurde. Stimmt überein: Die gewählte Antwort nennt weniger halluzinierte Objekte als die abgelehnte. Gewählte richtig: Die gewählte Antwort ist in allem Prüfbaren richtig. Leichte Paare: Die abgelehnte Antwort ist offensichtlich schlecht (%1); das erkennt jeder Bewerter, und DPO lernt daraus wenig.</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="187"/>
        <source>Reward model vs reviewers</source>
        <translation>Belohnungsmodell und Prüfer</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <source>Pairs scored</source>
        <translation>Bewertete Paare</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="201"/>
        <source>Tied</source>
        <translation>Gleichstand</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="199"/>
        <source>Unscored</source>
        <translation>Ohne Wert</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="201"/>
        <source>Pairs a person decided</source>
        <translation>Von Personen entschiedene Paare</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="207"/>
        <source>No candidate has a score yet: score the candidates to compare each reward model with the people reviewing the pairs.</source>
        <translation>Noch kein Kandidat hat einen Wert: Bewerten Sie die Kandidaten, um jedes Belohnungsmodell mit den Prüfenden zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="210"/>
        <source>No pair has been decided by a person yet: accept pairs, or swap chosen and rejected, to compare each reward model with the reviewers.</source>
        <translation>Noch kein Paar wurde von einer Person entschieden: Nehmen Sie Paare an oder tauschen Sie gewählt und abgelehnt, um jedes Belohnungsmodell mit den Prüfenden zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="215"/>
        <source>Over the %1 pairs a person decided (accepted, or re-picked by a person): how often each scorer scores the chosen response above the rejected one. Easy pairs: the rejected answer is trivially bad (%2).</source>
        <translation>Über die %1 von Personen entschiedenen Paare (angenommen oder neu gewählt): wie oft jeder Bewerter die gewählte Antwort über die abgelehnte stellt. Leichte Paare: Die abgelehnte Antwort ist offensichtlich schlecht (%2).</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="251"/>
        <source>%1 — %2: %3 of %4 pairs (%5)</source>
        <translation>%1 — %2: %3 von %4 Paaren (%5)</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::RunTableModel</name>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="42"/>
        <source>beta %1</source>
        <translation>Beta %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="43"/>
        <source>lr %1</source>
        <translation>LR %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="44"/>
        <source>LoRA r %1</source>
        <translation>LoRA r %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="45"/>
        <source>batch %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="49"/>
        <source>projector lr %1</source>
        <translation>Projektor-LR %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="52"/>
        <source>RPO %1</source>
        <translation>RPO %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="84"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="86"/>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="88"/>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="90"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="142"/>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="160"/>
        <source>Stopped before the end; Resume continues from its last checkpoint.</source>
        <translation>Vor dem Ende angehalten; Fortsetzen macht am letzten Checkpoint weiter.</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="161"/>
        <source>Started %1</source>
        <translation>Gestartet %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="163"/>
        <source>%1
sha256 %2</source>
        <translation>%1
sha256 %2</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="170"/>
        <source>Pairs (sha256 of the snapshot) %1
selection: %2; %3 pairs trained on, %4 held out</source>
        <translation>Paare (sha256 des Schnappschusses) %1
Auswahl: %2; %3 Paare trainiert, %4 zurückgehalten</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="181"/>
        <source>Pairs the trained model still ranks wrong (margin &lt;= 0) of those it measured</source>
        <translation>Paare, die das trainierte Modell noch falsch einordnet (Abstand &lt;= 0), von den gemessenen</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="199"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="201"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="203"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="205"/>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="207"/>
        <source>Pairs snapshot</source>
        <translation>Paar-Schnappschuss</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="209"/>
        <source>Config</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="211"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="213"/>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="215"/>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="217"/>
        <source>Still wrong</source>
        <translation>Noch falsch</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="219"/>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ScoreDialog</name>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="58"/>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="69"/>
        <source>Cannot write the rubric to %1: %2</source>
        <translation>Das Bewertungsraster kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="110"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="183"/>
        <source>Score candidates</source>
        <translation>Kandidaten bewerten</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="188"/>
        <source>Local model</source>
        <translation>Lokales Modell</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="189"/>
        <source>Subprocess</source>
        <translation>Unterprozess</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="190"/>
        <source>Judge server</source>
        <translation>Gutachterserver</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="192"/>
        <source>Score</source>
        <translation>Bewerten</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="285"/>
        <source>A LLaVA reward model with a score head, run on this computer.</source>
        <translation>Ein LLaVA-Belohnungsmodell mit Bewertungskopf, ausgeführt auf diesem Computer.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="290"/>
        <source>Reward model folder (config.json, *.safetensors)</source>
        <translation>Ordner des Belohnungsmodells (config.json, *.safetensors)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="291"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="295"/>
        <source>Reward model folder (a LLaVA checkpoint with a score head)</source>
        <translation>Ordner des Belohnungsmodells (ein LLaVA-Checkpoint mit Bewertungskopf)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="303"/>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="307"/>
        <source>Batched (several samples at once)</source>
        <translation>Im Batch (mehrere Beispiele zugleich)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="308"/>
        <source>Per sample (a sample&apos;s candidates together)</source>
        <translation>Je Beispiel (die Kandidaten eines Beispiels zusammen)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="310"/>
        <source>One by one (each candidate alone; slowest)</source>
        <translation>Einzeln (jeder Kandidat für sich; am langsamsten)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="311"/>
        <source>Mode:</source>
        <translation>Modus:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="315"/>
        <source>Automatic (a GPU when there is one)</source>
        <translation>Automatisch (eine GPU, falls vorhanden)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="316"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="317"/>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="318"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="322"/>
        <source>Automatic (bf16 on a GPU, fp32 on the CPU)</source>
        <translation>Automatisch (bf16 auf einer GPU, fp32 auf der CPU)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="323"/>
        <source>fp32 (a small model&apos;s near ties stay in order on a GPU)</source>
        <translation>fp32 (ein kleines Modell behält auf einer GPU die Reihenfolge knapper Werte)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="325"/>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="326"/>
        <source>Precision:</source>
        <translation>Genauigkeit:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="338"/>
        <source>/usr/bin/python3 /path/to/my_scorer.py --revision main</source>
        <translation>/usr/bin/python3 /pfad/zu/mein_bewerter.py --revision main</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="339"/>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="343"/>
        <source>How long one batch may take, the first one including loading the model</source>
        <translation>Wie lange ein Batch dauern darf; beim ersten zählt das Laden des Modells mit</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="344"/>
        <source>Timeout per batch:</source>
        <translation>Zeitlimit je Batch:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="346"/>
        <source>Text only: send no image to the scorer</source>
        <translation>Nur Text: dem Bewerter kein Bild senden</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="351"/>
        <source>The program reads one JSON request per line on its standard input and answers each on its standard output, as packaging/scorers/PROTOCOL.md describes; armorm_scorer.py and imagereward_scorer.py beside it are examples. The command runs without a shell: double quotes group words, while $VARIABLES, * and ; reach the program as they are. Give files with their full paths.</source>
        <translation>Das Programm liest je Zeile eine JSON-Anfrage von seiner Standardeingabe und beantwortet jede auf seiner Standardausgabe, wie packaging/scorers/PROTOCOL.md beschreibt; armorm_scorer.py und imagereward_scorer.py daneben sind Beispiele. Der Befehl läuft ohne Shell: Doppelte Anführungszeichen fassen Wörter zusammen, $VARIABLEN, * und ; erreichen das Programm dagegen unverändert. Geben Sie Dateien mit vollständigem Pfad an.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="361"/>
        <source>Open the folder with the protocol and the examples</source>
        <translation>Ordner mit dem Protokoll und den Beispielen öffnen</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="380"/>
        <source>The base URL of an OpenAI-compatible server (vLLM, SGLang, llama.cpp server, Ollama)</source>
        <translation>Die Basis-URL eines OpenAI-kompatiblen Servers (vLLM, SGLang, llama.cpp-Server, Ollama)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="382"/>
        <source>Server URL:</source>
        <translation>Server-URL:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="386"/>
        <source>model name, e.g. Qwen/Qwen2-VL-7B-Instruct</source>
        <translation>Modellname, z. B. Qwen/Qwen2-VL-7B-Instruct</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="387"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="391"/>
        <source>optional, e.g. OPENAI_API_KEY</source>
        <translation>optional, z. B. OPENAI_API_KEY</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="392"/>
        <source>The name of the environment variable that holds the server&apos;s API key, never the key itself</source>
        <translation>Der Name der Umgebungsvariablen, die den API-Schlüssel des Servers enthält, niemals der Schlüssel selbst</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="394"/>
        <source>API key variable:</source>
        <translation>API-Schlüssel-Variable:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="397"/>
        <source>How long one request may take</source>
        <translation>Wie lange eine Anfrage dauern darf</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="398"/>
        <source>Timeout per request:</source>
        <translation>Zeitlimit je Anfrage:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="400"/>
        <source>Attach the sample&apos;s image to each request</source>
        <translation>Das Bild des Beispiels jeder Anfrage beifügen</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="406"/>
        <source>Rubric:</source>
        <translation>Bewertungsraster:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="408"/>
        <source>Restore the default</source>
        <translation>Standard wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="423"/>
        <source>{answer} marks where the answer to grade goes; {question}, {min} and {max} (1 and 10) may be used too. The judge must end its reply with a line &quot;Score: N&quot;. An edited rubric is saved under the project&apos;s runs/rubrics/ and kept with the scores.</source>
        <translation>{answer} markiert, wo die zu bewertende Antwort steht; {question}, {min} und {max} (1 und 10) sind ebenfalls möglich. Der Gutachter muss seine Antwort mit einer Zeile &quot;Score: N&quot; beenden. Ein bearbeitetes Bewertungsraster wird unter runs/rubrics/ des Projekts gespeichert und mit den Bewertungen aufbewahrt.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="434"/>
        <source>Scores</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="440"/>
        <source>The name the scores are stored and shown under</source>
        <translation>Der Name, unter dem die Bewertungen gespeichert und angezeigt werden</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="441"/>
        <source>Scorer name:</source>
        <translation>Name des Bewerters:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="445"/>
        <source>every split (or one, such as train or test)</source>
        <translation>alle Splits (oder einer, etwa train oder test)</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="446"/>
        <source>Split:</source>
        <translation>Split:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="451"/>
        <source>the scorer&apos;s default</source>
        <translation>Vorgabe des Bewerters</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="452"/>
        <source>Samples per call:</source>
        <translation>Beispiele je Aufruf:</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="454"/>
        <source>Retry answers the scorer could not rate last time</source>
        <translation>Antworten erneut versuchen, die der Bewerter beim letzten Mal nicht bewerten konnte</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="505"/>
        <source>Choose the reward model folder.</source>
        <translation>Wählen Sie den Ordner des Belohnungsmodells.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="507"/>
        <source>The reward model folder %1 does not exist.</source>
        <translation>Der Ordner des Belohnungsmodells %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="512"/>
        <source>Give the scorer&apos;s command: the program and its arguments.</source>
        <translation>Geben Sie den Befehl des Bewerters an: das Programm und seine Argumente.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="514"/>
        <source>Name the scorer: its scores are stored under that name.</source>
        <translation>Benennen Sie den Bewerter: Seine Bewertungen werden unter diesem Namen gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="519"/>
        <source>Give the judge server&apos;s address, such as http://localhost:8000.</source>
        <translation>Geben Sie die Adresse des Gutachterservers an, etwa http://localhost:8000.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="521"/>
        <source>The judge URL %1 is not an http:// or https:// address.</source>
        <translation>Die Gutachter-URL %1 ist keine http://- oder https://-Adresse.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="523"/>
        <source>Give the name the judge server knows the model by.</source>
        <translation>Geben Sie den Namen an, unter dem der Gutachterserver das Modell kennt.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="527"/>
        <source>The API key variable must be the name of an environment variable (letters, digits and _, such as OPENAI_API_KEY), never the key itself.</source>
        <translation>Die API-Schlüssel-Variable muss der Name einer Umgebungsvariablen sein (Buchstaben, Ziffern und _, etwa OPENAI_API_KEY), niemals der Schlüssel selbst.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="530"/>
        <source>The environment variable %1 is not set for PrefStudio: start PrefStudio with it set, or leave the field empty for a server without a key.</source>
        <translation>Die Umgebungsvariable %1 ist für PrefStudio nicht gesetzt: Starten Sie PrefStudio mit gesetzter Variable, oder lassen Sie das Feld für einen Server ohne Schlüssel leer.</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="538"/>
        <source>The rubric cannot be used: %1</source>
        <translation>Das Bewertungsraster ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="551"/>
        <source>optional; default: the folder&apos;s name</source>
        <translation>optional; Vorgabe: der Name des Ordners</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="552"/>
        <location filename="../ui/ScoreDialog.cpp" line="563"/>
        <source>optional; default: %1</source>
        <translation>optional; Vorgabe: %1</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="556"/>
        <source>required, such as armorm or imagereward</source>
        <translation>erforderlich, etwa armorm oder imagereward</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="562"/>
        <source>optional; default: judge- and the model name</source>
        <translation>optional; Vorgabe: judge- und der Modellname</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="48"/>
        <source>Welcome to PrefStudio</source>
        <translation>Willkommen bei PrefStudio</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="49"/>
        <source>Your name, recorded with every review decision (you can change it in Settings):</source>
        <translation>Ihr Name, der mit jeder Prüfentscheidung gespeichert wird (änderbar in den Einstellungen):</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="59"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="62"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="66"/>
        <source>Name recorded with every decision</source>
        <translation>Name, der mit jeder Entscheidung gespeichert wird</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="67"/>
        <source>Annotator name:</source>
        <translation>Name des Annotators:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="69"/>
        <source>Display</source>
        <translation>Anzeige</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="74"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="78"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="82"/>
        <source>Thumbnail size:</source>
        <translation>Vorschaugröße:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="83"/>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="84"/>
        <source>A new language applies when PrefStudio starts next.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von PrefStudio.</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="88"/>
        <source>Quality flags of this project</source>
        <translation>Qualitätsmarkierungen dieses Projekts</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="100"/>
        <source>Short: fewer words than</source>
        <translation>Kurz: weniger Wörter als</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="101"/>
        <source>Length ratio above</source>
        <translation>Längenverhältnis über</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="102"/>
        <source>Repeated 3-gram share above</source>
        <translation>Anteil wiederholter 3-Gramme über</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="103"/>
        <source>Near-duplicate similarity above</source>
        <translation>Ähnlichkeit für Beinahe-Duplikate über</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="104"/>
        <source>Echoed prompt share above</source>
        <translation>Anteil wiederholter Prompt-Wörter über</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="105"/>
        <source>Reward tie within</source>
        <translation>Belohnungsgleichstand innerhalb</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="107"/>
        <source>Changing a threshold recomputes the flags of every pair as a job.</source>
        <translation>Eine Änderung berechnet die Markierungen aller Paare in einem Auftrag neu.</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="187"/>
        <source>Cannot use these thresholds: %1</source>
        <translation>Diese Schwellwerte sind nicht verwendbar: %1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::TrainingDialog</name>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="99"/>
        <source>Train with DPO</source>
        <translation>Mit DPO trainieren</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="116"/>
        <source>Accepted pairs</source>
        <translation>Angenommene Paare</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="117"/>
        <source>Accepted and pending pairs</source>
        <translation>Angenommene und offene Paare</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="118"/>
        <source>Counting pairs…</source>
        <translation>Paare werden gezählt …</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="123"/>
        <source>Train on:</source>
        <translation>Trainieren auf:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="128"/>
        <source>Checkpoint folder (config.json, *.safetensors, tokenizer.json)</source>
        <translation>Checkpoint-Ordner (config.json, *.safetensors, tokenizer.json)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="129"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="132"/>
        <source>Base model folder</source>
        <translation>Ordner des Basismodells</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="139"/>
        <source>Base model:</source>
        <translation>Basismodell:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="143"/>
        <source>Demo (small LoRA, fast on a CPU)</source>
        <translation>Demo (kleines LoRA, schnell auf der CPU)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="144"/>
        <source>Paper (LoRA r 128, projector trained)</source>
        <translation>Paper (LoRA r 128, Projektor wird trainiert)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="145"/>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="146"/>
        <source>Preset:</source>
        <translation>Voreinstellung:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="152"/>
        <source>Loss:</source>
        <translation>Verlust:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="154"/>
        <source>Beta:</source>
        <translation>Beta:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="157"/>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="159"/>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="161"/>
        <source>as the epochs take</source>
        <translation>so viele, wie die Epochen brauchen</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="162"/>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="164"/>
        <source>Pairs per batch:</source>
        <translation>Paare pro Batch:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="169"/>
        <source>alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="172"/>
        <source>LoRA rank:</source>
        <translation>LoRA-Rang:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="173"/>
        <source>Train the projector too, learning rate</source>
        <translation>Auch den Projektor trainieren, Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="180"/>
        <source>Projector:</source>
        <translation>Projektor:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="182"/>
        <source>Weight of a supervised term on the chosen answer (RPO); 0: off</source>
        <translation>Gewicht eines überwachten Terms auf der gewählten Antwort (RPO); 0: aus</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="183"/>
        <source>RPO alpha:</source>
        <translation>RPO-Alpha:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="185"/>
        <source>Recompute activations in the backward pass (less memory, slower)</source>
        <translation>Aktivierungen im Rückwärtsdurchlauf neu berechnen (weniger Speicher, langsamer)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="188"/>
        <source>Activation checkpointing: each decoder layer keeps only its input and runs again when gradients are computed. Try it when a run runs out of memory.</source>
        <translation>Activation Checkpointing: Jede Decoder-Schicht behält nur ihre Eingabe und läuft erneut, wenn die Gradienten berechnet werden. Hilfreich, wenn einem Lauf der Speicher ausgeht.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="190"/>
        <source>Memory:</source>
        <translation>Speicher:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="192"/>
        <source>only at the end</source>
        <translation>nur am Ende</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="193"/>
        <source>Checkpoint every N steps; a pause always checkpoints</source>
        <translation>Alle N Schritte einen Checkpoint schreiben; eine Pause schreibt immer einen</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="194"/>
        <source>Checkpoint every:</source>
        <translation>Checkpoint alle:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="197"/>
        <source>Automatic (a GPU when there is one)</source>
        <translation>Automatisch (eine GPU, falls vorhanden)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="198"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="199"/>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="200"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="202"/>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="304"/>
        <source>Choose the base model: a LLaVA checkpoint folder.</source>
        <translation>Wählen Sie das Basismodell: einen LLaVA-Checkpoint-Ordner.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="306"/>
        <source>The base model folder %1 does not exist.</source>
        <translation>Der Ordner des Basismodells %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="308"/>
        <source>%1 is not a checkpoint folder: it has no config.json.</source>
        <translation>%1 ist kein Checkpoint-Ordner: Es gibt keine config.json.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="315"/>
        <source>The pairs could not be counted: %1</source>
        <translation>Die Paare konnten nicht gezählt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="319"/>
        <source>No accepted pairs to train on: accept pairs in the Review tab, or train on accepted and pending pairs.</source>
        <translation>Keine angenommenen Paare zum Trainieren: Nehmen Sie Paare im Reiter „Prüfen“ an, oder trainieren Sie auf angenommenen und offenen Paaren.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="321"/>
        <source>Every pair is rejected: there is nothing to train on.</source>
        <translation>Alle Paare sind abgelehnt: Es gibt nichts zum Trainieren.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="325"/>
        <source>The learning rate must be a positive number, such as 5e-4.</source>
        <translation>Die Lernrate muss eine positive Zahl sein, etwa 5e-4.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="327"/>
        <source>The projector&apos;s learning rate must be a positive number, such as 2e-5.</source>
        <translation>Die Lernrate des Projektors muss eine positive Zahl sein, etwa 2e-5.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="335"/>
        <source>%1 pairs; about a tenth of the samples is held out to measure accuracy</source>
        <translation>%1 Paare; etwa ein Zehntel der Beispiele wird zum Messen der Genauigkeit zurückgehalten</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::TrainingView</name>
    <message>
        <location filename="../ui/TrainingView.cpp" line="126"/>
        <source>No DPO run yet. Train (DPO)… in the Training menu starts one; its metrics appear here while it trains.</source>
        <translation>Noch kein DPO-Lauf. „Trainieren (DPO) …“ im Menü „Training“ startet einen; seine Messwerte erscheinen hier, während er trainiert.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="143"/>
        <source>Ctrl+click or Shift+click several runs to compare them</source>
        <translation>Mit Strg+Klick oder Umschalt+Klick mehrere Läufe wählen, um sie zu vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="201"/>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="202"/>
        <source>Stop the selected run after its current step; it keeps a checkpoint and Resume continues from there</source>
        <translation>Den gewählten Lauf nach seinem aktuellen Schritt anhalten; er behält einen Checkpoint, und Fortsetzen macht dort weiter</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="204"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="205"/>
        <source>Continue the selected paused or failed run from its newest checkpoint, with the options it was started with</source>
        <translation>Den gewählten pausierten oder fehlgeschlagenen Lauf ab seinem neuesten Checkpoint mit seinen ursprünglichen Optionen fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="207"/>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>End the selected run now; its finished steps are kept in a checkpoint, so it can still be resumed later</source>
        <translation type="vanished">Den gewählten Lauf jetzt beenden; seine fertigen Schritte bleiben in einem Checkpoint, er kann also später noch fortgesetzt werden</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="208"/>
        <source>End the selected run for good: it stops after its current step and its newest checkpoint becomes the result (adapter, margins)</source>
        <translation>Den ausgewählten Lauf endgültig beenden: Er hält nach dem aktuellen Schritt an, und sein neuester Checkpoint wird zum Ergebnis (Adapter, Margen)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="212"/>
        <location filename="../ui/TrainingView.cpp" line="753"/>
        <source>Review pairs still wrong</source>
        <translation>Noch falsche Paare prüfen</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="213"/>
        <source>List the pairs the selected run still ranks wrong in the Review tab, worst first</source>
        <translation>Die Paare, die der gewählte Lauf noch falsch einordnet, im Reiter „Prüfen“ auflisten, die schlechtesten zuerst</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="215"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="216"/>
        <source>Read the runs again</source>
        <translation>Die Läufe neu lesen</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="256"/>
        <source>Loss (dashed: ln 2, chance)</source>
        <translation>Verlust (gestrichelt: ln 2, Zufall)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="257"/>
        <source>Accuracy: chosen ranked above rejected</source>
        <translation>Genauigkeit: gewählte vor abgelehnter Antwort</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="259"/>
        <source>Reward margin</source>
        <translation>Belohnungsabstand</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="260"/>
        <source>Rewards: chosen (solid) and rejected (dashed)</source>
        <translation>Belohnungen: gewählt (durchgezogen) und abgelehnt (gestrichelt)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="263"/>
        <source>Log-probabilities: chosen (solid) and rejected (dashed)</source>
        <translation>Log-Wahrscheinlichkeiten: gewählt (durchgezogen) und abgelehnt (gestrichelt)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="265"/>
        <source>Gradient norm</source>
        <translation>Gradientennorm</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="266"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="267"/>
        <source>Throughput (tokens per second)</source>
        <translation>Durchsatz (Token pro Sekunde)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="269"/>
        <source>Peak memory (MiB)</source>
        <translation>Spitzenspeicher (MiB)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="304"/>
        <source>The runs could not be read: %1</source>
        <translation>Die Läufe konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="451"/>
        <source>The metrics could not be read: %1</source>
        <translation>Die Messwerte konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="528"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="653"/>
        <source>%1: no warning signs so far.</source>
        <translation>%1: bisher keine Warnzeichen.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="656"/>
        <location filename="../ui/TrainingView.cpp" line="695"/>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="657"/>
        <source>steps %1 to %2</source>
        <translation>Schritte %1 bis %2</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="667"/>
        <source>Select a run to see the warning signs in its metrics.</source>
        <translation>Wählen Sie einen Lauf, um die Warnzeichen in seinen Messwerten zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="668"/>
        <source>No metrics yet.</source>
        <translation>Noch keine Messwerte.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="686"/>
        <source>Select a run; Ctrl+click several to compare them.</source>
        <translation>Wählen Sie einen Lauf; mit Strg+Klick mehrere zum Vergleichen.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="694"/>
        <source>step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="704"/>
        <source>ETA: measuring the step time…</source>
        <translation>Restzeit: Schrittdauer wird gemessen …</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="705"/>
        <source>ETA %1 (%2 s per step)</source>
        <translation>Restzeit %1 (%2 s pro Schritt)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="711"/>
        <source>peak memory %1 MiB on %2</source>
        <translation>Spitzenspeicher %1 MiB auf %2</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="716"/>
        <source>%1 of %2 pairs still ranked wrong</source>
        <translation>%1 von %2 Paaren noch falsch eingeordnet</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="722"/>
        <source>Command: %1</source>
        <translation>Befehl: %1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="744"/>
        <source>This run was started outside this window (for instance by prefstudio-cli): stop it there; Ctrl+C pauses it.</source>
        <translation>Dieser Lauf wurde außerhalb dieses Fensters gestartet (etwa mit prefstudio-cli): Halten Sie ihn dort an; Strg+C pausiert ihn.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="752"/>
        <source>Review pairs still wrong (%1)</source>
        <translation>Noch falsche Paare prüfen (%1)</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="824"/>
        <source>Pausing %1: it writes a checkpoint of its finished steps, then stops. Resume continues from there.</source>
        <translation>%1 wird pausiert: Er schreibt einen Checkpoint seiner fertigen Schritte und hält dann an. Fortsetzen macht dort weiter.</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="837"/>
        <source>Stopping %1: its newest checkpoint becomes its result.</source>
        <translation>%1 wird beendet: Sein neuester Checkpoint wird zum Ergebnis.</translation>
    </message>
    <message>
        <source>Stopping %1. Its finished steps stay in a checkpoint.</source>
        <translation type="vanished">%1 wird gestoppt. Seine fertigen Schritte bleiben in einem Checkpoint.</translation>
    </message>
</context>
</TS>
