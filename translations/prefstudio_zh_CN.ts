<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PairEditCommand</name>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="65"/>
        <source>Accept pair %1</source>
        <translation>接受偏好对 %1</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="67"/>
        <source>Reject pair %1</source>
        <translation>拒绝偏好对 %1</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="69"/>
        <source>Mark pair %1 pending</source>
        <translation>将偏好对 %1 标为待定</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="71"/>
        <source>Swap chosen and rejected of pair %1</source>
        <translation>交换偏好对 %1 的选中与被拒回答</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="73"/>
        <source>Choose another answer for pair %1</source>
        <translation>为偏好对 %1 选择另一个回答</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="75"/>
        <source>Reject another answer for pair %1</source>
        <translation>为偏好对 %1 拒绝另一个回答</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="77"/>
        <source>Re-pick the answers of pair %1</source>
        <translation>重新选择偏好对 %1 的回答</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="79"/>
        <source>Note on pair %1</source>
        <translation>偏好对 %1 的备注</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="81"/>
        <source>Edit an answer of pair %1</source>
        <translation>编辑偏好对 %1 的一个回答</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="83"/>
        <source>Redo on pair %1</source>
        <translation>在偏好对 %1 上重做</translation>
    </message>
    <message>
        <location filename="../ui/ReviewCommands.cpp" line="85"/>
        <source>Edit pair %1</source>
        <translation>编辑偏好对 %1</translation>
    </message>
</context>
<context>
    <name>TrainingDiagnostics</name>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="155"/>
        <source>Loss stuck at ln 2</source>
        <translation>损失停在 ln 2</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="156"/>
        <source>From step %1 to %2 the loss stayed within %3 of ln 2 (0.693), the loss of a model that cannot tell chosen from rejected answers: it is not learning from these pairs. Try a higher learning rate or beta, LoRA on more modules, or check that chosen and rejected answers really differ.</source>
        <translation>从第 %1 步到第 %2 步，损失一直在 ln 2（0.693）的 %3 以内，这正是无法区分选中与被拒回答的模型的损失：它没有从这些偏好对中学到东西。可尝试更高的学习率或 beta、在更多模块上使用 LoRA，或检查选中与被拒回答是否真的不同。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="182"/>
        <source>Chosen answers losing probability</source>
        <translation>选中回答的概率在下降</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="183"/>
        <source>Over steps %1 to %2 the log-probability of the chosen answers fell (%3 per step) while the margin grew: the margin comes from pushing both answers down, the rejected ones faster, which can make the model worse at the answers you prefer. Try a lower learning rate, an RPO alpha above 0 (a supervised term on the chosen answer), or fewer steps.</source>
        <translation>在第 %1 至 %2 步，选中回答的对数概率在下降（每步 %3），而差值在增大：差值来自两个回答都被压低，被拒回答下降得更快，这可能让模型在您偏好的回答上变差。可尝试更低的学习率、大于 0 的 RPO alpha（对选中回答的监督项），或更少的步数。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="206"/>
        <source>Accuracy pinned at 1.0 from the start</source>
        <translation>准确率从一开始就是 1.0</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="207"/>
        <source>Every pair was ranked right in the first %1 steps after the warm-up (%2 to %3): the rejected answers are too easy to tell apart (easy negatives), so the pairs teach the model little. Try harder pairs: rejected answers from the same policy with a small reward margin, or review the pairs with the biggest margins.</source>
        <translation>预热后的前 %1 步（第 %2 至 %3 步）中每个偏好对都排对了：被拒回答太容易区分（简单负例），这些偏好对对模型帮助不大。可尝试更难的偏好对：来自同一策略、奖励差值较小的被拒回答，或审阅差值最大的偏好对。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="235"/>
        <source>Gradient norm spikes</source>
        <translation>梯度范数尖峰</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDiagnostics.cpp" line="236"/>
        <source>The gradient norm rose above %1 times the median of the steps before it (spikes: %2; the worst at step %3, %4 times the median). A batch of unusual pairs or a learning rate too high for them; see whether the loss jumps at the same steps. Keep gradient clipping on, lower the learning rate, or look at the pairs of those batches.</source>
        <translation>梯度范数超过了此前各步中位数的 %1 倍（尖峰：%2 次；最严重在第 %3 步，为中位数的 %4 倍）。可能是一批异常的偏好对，或学习率对它们过高；请查看损失是否在相同步骤跳变。保持梯度裁剪开启、降低学习率，或检查这些批次的偏好对。</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::AuditTableModel</name>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="114"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="116"/>
        <source>Annotator</source>
        <translation>标注者</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="118"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="120"/>
        <source>Changed</source>
        <translation>更改对象</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="122"/>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location filename="../ui/AuditTableModel.cpp" line="124"/>
        <source>After</source>
        <translation>之后</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::CandidateListView</name>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="283"/>
        <source>Chosen</source>
        <translation>选中</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="286"/>
        <source>Rejected</source>
        <translation>被拒</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="287"/>
        <source>unknown model</source>
        <translation>未知模型</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="290"/>
        <source>edited by a person</source>
        <translation>由人工编辑</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="320"/>
        <source>%1: %2 (this sample: %3 to %4)</source>
        <translation>%1：%2（本样本：%3 至 %4）</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="339"/>
        <source>no %1 score</source>
        <translation>无 %1 分数</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="350"/>
        <source>%1: no score (%2)</source>
        <translation>%1：无分数（%2）</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="365"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>no scores</source>
        <translation type="vanished">无评分</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="301"/>
        <source>1 word</source>
        <translation>1 个词</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="301"/>
        <source>%1 words</source>
        <translation>%1 个词</translation>
    </message>
    <message>
        <location filename="../ui/CandidateListView.cpp" line="220"/>
        <source>(empty response)</source>
        <translation>（空回答）</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::CandidateTextDialog</name>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="20"/>
        <source>Edit an answer</source>
        <translation>编辑回答</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="30"/>
        <source> (chosen)</source>
        <translation>（选中）</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="32"/>
        <source> (rejected)</source>
        <translation>（被拒）</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="37"/>
        <source>Answer:</source>
        <translation>回答：</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="44"/>
        <source>Saved as a new answer edited by you; the original stays in the project.</source>
        <translation>将另存为由您编辑的新回答；原回答仍保留在项目中。</translation>
    </message>
    <message>
        <location filename="../ui/CandidateTextDialog.cpp" line="48"/>
        <source>Save (Ctrl+Return)</source>
        <translation>保存（Ctrl+回车）</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::DashboardView</name>
    <message>
        <location filename="../ui/DashboardView.cpp" line="131"/>
        <source>Scorer:</source>
        <translation>评分器：</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="169"/>
        <location filename="../ui/DashboardView.cpp" line="216"/>
        <source>Computing the dashboard…</source>
        <translation>正在计算仪表盘……</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="232"/>
        <source>The dashboard could not be computed: %1</source>
        <translation>无法计算仪表盘：%1</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="262"/>
        <source>Reward model agreement could not be computed: %1</source>
        <translation>无法计算奖励模型一致性：%1</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="293"/>
        <source>%1 pairs · %2 flagged (%3) · %4 reviewed (%5) · chosen response longer in %6 of pairs</source>
        <translation>%1 个偏好对 · %2 个有标记（%3）· 已审阅 %4 个（%5）· %6 的偏好对中选中回答更长</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="304"/>
        <source>Pairs by status</source>
        <translation>各状态的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="310"/>
        <source>Pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="311"/>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="312"/>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="326"/>
        <source>%1: %2</source>
        <comment>status: number of pairs</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="342"/>
        <source>%1: %2 pairs — click to list them</source>
        <translation>%1：%2 个偏好对 — 点击以列出</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="366"/>
        <source>Given pick vs reviewer</source>
        <translation>给定选择与审阅结果</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="376"/>
        <source>Not reviewed</source>
        <translation>未审阅</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="377"/>
        <source>Re-picked by a person</source>
        <translation>由人工重新选择</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="378"/>
        <source>Rejected as given</source>
        <translation>按给定选择被拒绝</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="379"/>
        <source>Accepted as given</source>
        <translation>按给定选择被接受</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="415"/>
        <source>No pair has been reviewed yet.</source>
        <translation>尚未审阅任何偏好对。</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="416"/>
        <source>The given pick was accepted in %1 of %2 reviewed pairs (%3).</source>
        <translation>在 %2 个已审阅的偏好对中，有 %1 个接受了给定选择（%3）。</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="421"/>
        <source>Decisions in the audit log: %1.</source>
        <translation>审计日志中的决定：%1。</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="429"/>
        <source>Pairs by quality flag</source>
        <translation>各质量标记的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="432"/>
        <source>Pairs</source>
        <translation>偏好对</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="535"/>
        <source>Reward margins (no pair has a margin)</source>
        <translation>奖励差值（没有偏好对带差值）</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="539"/>
        <source>Reward margin of pairs</source>
        <translation>偏好对的奖励差值</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="540"/>
        <source>margin</source>
        <translation>差值</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="555"/>
        <source>margin %1: %2 pairs</source>
        <translation>差值 %1：%2 个偏好对</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="569"/>
        <source>Rewards (no scores yet)</source>
        <translation>奖励（尚无评分）</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="574"/>
        <source>Rewards of all candidates</source>
        <translation>全部候选的奖励</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="581"/>
        <source>reward %1: %2 candidates</source>
        <translation>奖励 %1：%2 个候选</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="593"/>
        <source>Response length: chosen vs rejected</source>
        <translation>回答长度：选中与被拒</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="604"/>
        <source>chosen longer</source>
        <translation>选中更长</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="605"/>
        <source>rejected longer</source>
        <translation>被拒更长</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="606"/>
        <source>same length</source>
        <translation>长度相同</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="632"/>
        <source>chosen (words)</source>
        <translation>选中（词数）</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="637"/>
        <source>rejected (words)</source>
        <translation>被拒（词数）</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="677"/>
        <source>No pair has word counts yet.</source>
        <translation>尚无偏好对带词数。</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="678"/>
        <source>Chosen longer in %1 of pairs, rejected longer in %2, same length in %3. Many points right of the diagonal suggest the reward prefers longer answers (length bias), not better ones.</source>
        <translation>%1 的偏好对中选中回答更长，%2 中被拒回答更长，%3 中长度相同。对角线右侧的点越多，说明奖励越偏好更长而非更好的回答（长度偏差）。</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvalComparisonModel</name>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="206"/>
        <source>Lower is better</source>
        <translation>越低越好</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="208"/>
        <source>Higher is better</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="210"/>
        <source>Neither higher nor lower is better (a count or a ratio)</source>
        <translation>无所谓高低（计数或比例）</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="255"/>
        <source>Difference to the baseline run #%1</source>
        <translation>与基准运行 #%1 的差值</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="257"/>
        <source>Same as the baseline run #%1</source>
        <translation>与基准运行 #%1 相同</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="258"/>
        <source>Better than the baseline run #%1</source>
        <translation>优于基准运行 #%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="259"/>
        <source>Worse than the baseline run #%1</source>
        <translation>差于基准运行 #%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="261"/>
        <source>Click to list the items behind this number</source>
        <translation>点击以列出此数值背后的条目</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="272"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="274"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="284"/>
        <source>Δ #%1</source>
        <translation>Δ #%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="288"/>
        <source>%1 (partial)</source>
        <translation>%1（不完整）</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="289"/>
        <source>%1 (baseline)</source>
        <translation>%1（基准）</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="295"/>
        <source>Run #%1 (%2) minus the baseline run #%3; green is better, red worse</source>
        <translation>运行 #%1（%2）减去基准运行 #%3；绿色表示更好，红色表示更差</translation>
    </message>
    <message>
        <location filename="../ui/EvalComparisonModel.cpp" line="300"/>
        <source>Run #%1: %2</source>
        <translation>运行 #%1：%2</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvalItemInspector</name>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="144"/>
        <source>Training pairs</source>
        <translation>训练偏好对</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="179"/>
        <source>Click a metric, then an item, to see it here.</source>
        <translation>点击一个指标，再点击一个条目，即可在此查看。</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="231"/>
        <source>Item %1</source>
        <translation>条目 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="235"/>
        <source>group %1</source>
        <translation>分组 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="243"/>
        <source>right</source>
        <translation>正确</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="243"/>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="245"/>
        <source>not scored per item</source>
        <translation>未逐条评分</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="250"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="255"/>
        <source>read as %1</source>
        <translation>解析为 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="259"/>
        <source>judge&apos;s rating %1 of 6</source>
        <translation>评审模型评分：%1 / 6</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="263"/>
        <source>(not answered)</source>
        <translation>（未回答）</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="265"/>
        <source>(empty response)</source>
        <translation>（空回答）</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="271"/>
        <source>Truth:</source>
        <translation>真实答案：</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="278"/>
        <location filename="../ui/EvalItemInspector.cpp" line="283"/>
        <source>Hallucinated:</source>
        <translation>幻觉：</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="281"/>
        <source>Covered:</source>
        <translation>已覆盖：</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="283"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="287"/>
        <source>Mentioned:</source>
        <translation>提及：</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="310"/>
        <source>Judge&apos;s rationale:
%1</source>
        <translation>评审模型的理由：
%1</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="349"/>
        <source>Pairs mentioning “%1”</source>
        <translation>提及“%1”的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="359"/>
        <source>This item names no object to look for in the training pairs</source>
        <translation>此条目未提及可在训练偏好对中查找的对象</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemInspector.cpp" line="360"/>
        <source>List the pairs run %1 was given whose prompt or answers mention “%2”, in the Review tab</source>
        <translation>在“审阅”标签页中列出运行 %1 所用的、提示词或回答提及“%2”的偏好对</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvalItemListModel</name>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="187"/>
        <source>not answered</source>
        <translation>未回答</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvalItemListModel.cpp" line="189"/>
        <source>✗ %n hallucinated</source>
        <translation>
            <numerusform>✗ %n 个幻觉</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="191"/>
        <source>✓ right</source>
        <translation>✓ 正确</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="191"/>
        <source>✗ wrong</source>
        <translation>✗ 错误</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="224"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="226"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="228"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="230"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../ui/EvalItemListModel.cpp" line="232"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvalRunTableModel</name>
    <message numerus="yes">
        <location filename="../ui/EvalRunTableModel.cpp" line="116"/>
        <source>Partial: %n question(s) without an image</source>
        <translation>
            <numerusform>不完整：%n 个问题没有图像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvalRunTableModel.cpp" line="118"/>
        <source>First %n question(s) only</source>
        <translation>
            <numerusform>仅前 %n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="67"/>
        <source>checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="69"/>
        <source>training run</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="71"/>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="73"/>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="161"/>
        <source>%1 (%2)</source>
        <comment>a model&apos;s name (its kind)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="165"/>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="172"/>
        <source>partial (%1 missing)</source>
        <translation>不完整（缺少 %1 个）</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="174"/>
        <source>first %1</source>
        <translation>前 %1 个</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="197"/>
        <source>The DPO run whose model this evaluated; see it in the Training tab</source>
        <translation>被评测模型所属的 DPO 运行；可在“训练”标签页查看</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="214"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="216"/>
        <source>Benchmark</source>
        <translation>基准测试</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="218"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="220"/>
        <source>Training run</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="222"/>
        <source>Items</source>
        <translation>条目</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="224"/>
        <source>Partial</source>
        <translation>不完整</translation>
    </message>
    <message>
        <location filename="../ui/EvalRunTableModel.cpp" line="226"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvaluationDialog</name>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="73"/>
        <source>Custom (JSON Lines)</source>
        <translation>自定义（JSON Lines）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="83"/>
        <source>Folder with coco_pope_&lt;split&gt;.json (or one split&apos;s file)</source>
        <translation>包含 coco_pope_&lt;split&gt;.json 的文件夹（或单个划分的文件）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="85"/>
        <source>COCO annotations folder (instances_val2014.json, captions_val2014.json)</source>
        <translation>COCO 标注文件夹（instances_val2014.json、captions_val2014.json）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="88"/>
        <source>AMBER folder (holding data/annotations.json)</source>
        <translation>AMBER 文件夹（包含 data/annotations.json）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="90"/>
        <source>MME folder (one folder per subtask)</source>
        <translation>MME 文件夹（每个子任务一个文件夹）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="92"/>
        <source>MMHal-Bench question file (response_template.json)</source>
        <translation>MMHal-Bench 问题文件（response_template.json）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="94"/>
        <source>Question file (.jsonl)</source>
        <translation>问题文件（.jsonl）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="106"/>
        <source>all subtasks, e.g. existence,count</source>
        <translation>所有子任务，例如 existence,count</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="113"/>
        <source>COCO val2014 images (default: beside the data)</source>
        <translation>COCO val2014 图像（默认：与数据同目录）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="114"/>
        <source>Images folder (default: beside the data)</source>
        <translation>图像文件夹（默认：与数据同目录）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="141"/>
        <source>Run benchmarks</source>
        <translation>运行基准测试</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="143"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="162"/>
        <source>Benchmarks</source>
        <translation>基准测试</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="164"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="165"/>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="166"/>
        <source>Parts</source>
        <translation>部分</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="180"/>
        <source>Generated from the shapes world: no files needed; exact ground truth</source>
        <translation>由形状世界生成：无需文件；真实答案精确</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="192"/>
        <location filename="../ui/EvaluationDialog.cpp" line="215"/>
        <location filename="../ui/EvaluationDialog.cpp" line="263"/>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="201"/>
        <source>%1 data folder</source>
        <translation>%1 数据文件夹</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="203"/>
        <source>%1 question file</source>
        <translation>%1 问题文件</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="222"/>
        <source>%1 images folder</source>
        <translation>%1 图像文件夹</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="232"/>
        <source>Comma-separated; empty asks them all (%1)</source>
        <translation>以逗号分隔；留空则全部提问（%1）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="245"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="249"/>
        <source>The shipped demo policy</source>
        <translation>随附的演示策略模型</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="257"/>
        <source>A checkpoint folder</source>
        <translation>一个检查点文件夹</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="262"/>
        <source>LLaVA checkpoint folder (config.json, *.safetensors, tokenizer.json)</source>
        <translation>LLaVA 检查点文件夹（config.json、*.safetensors、tokenizer.json）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="265"/>
        <source>Checkpoint folder</source>
        <translation>检查点文件夹</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="276"/>
        <source>Training runs of this project (one job each)</source>
        <translation>本项目的训练运行（每个一个任务）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="282"/>
        <source>An OpenAI-compatible server</source>
        <translation>一个兼容 OpenAI 的服务器</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="289"/>
        <source>model name, e.g. llava-hf/llava-1.5-7b-hf</source>
        <translation>模型名称，例如 llava-hf/llava-1.5-7b-hf</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="325"/>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="333"/>
        <source>judge model name</source>
        <translation>评审模型名称</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="334"/>
        <source>MMHal-Bench (and judged custom items) are scored by a judge: any OpenAI-compatible server, such as a local LLM.</source>
        <translation>MMHal-Bench（以及需评审的自定义条目）由评审模型打分：任何兼容 OpenAI 的服务器均可，例如本地 LLM。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="339"/>
        <source>Judge URL:</source>
        <translation>评审服务器 URL：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="340"/>
        <source>Judge model:</source>
        <translation>评审模型：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="345"/>
        <source>LLaVA&apos;s rule (first sentence; a no-word means no)</source>
        <translation>LLaVA 的规则（第一句；出现否定词即为否）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="347"/>
        <source>Strict (a leading yes or no, else invalid)</source>
        <translation>严格（以是或否开头，否则无效）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="348"/>
        <source>Yes/no answers:</source>
        <translation>是/否回答：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="351"/>
        <source>Automatic (a GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="352"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="353"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="354"/>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="360"/>
        <source>Greedy, as the published numbers are</source>
        <translation>贪心解码，与公开结果一致</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="361"/>
        <source>temperature </source>
        <translation>温度 </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="362"/>
        <source>0 decodes greedily, as benchmarks are published; above 0 the answers are sampled at that temperature</source>
        <translation>0 表示贪心解码，与基准测试公开结果一致；大于 0 时按该温度采样回答</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="370"/>
        <source>top-p </source>
        <translation>top-p </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="375"/>
        <source>Each question draws from its own stream of this seed, so a sampled run can be repeated</source>
        <translation>每个问题从该种子的独立随机流中抽样，因此采样运行可以重复</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="381"/>
        <source>Decoding:</source>
        <translation>解码：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="392"/>
        <source>each benchmark&apos;s own</source>
        <translation>各基准自身的限制</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="393"/>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="394"/>
        <source>The longest answer; 0 keeps each benchmark&apos;s limit (short for yes/no questions, long for captions)</source>
        <translation>最长回答；0 表示保留各基准的限制（是/否问题较短，描述较长）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="396"/>
        <source>Answer length:</source>
        <translation>回答长度：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="402"/>
        <source>Questions answered together; the questions about one image share its computation. Lower it when the device runs out of memory.</source>
        <translation>一起回答的问题数；同一图像的问题共享其计算。设备内存不足时请调低。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="404"/>
        <source>Batch:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="409"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="401"/>
        <location filename="../ui/EvaluationDialog.cpp" line="410"/>
        <source> questions</source>
        <translation> 个问题</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="411"/>
        <source>Only the first N questions of each benchmark: a quick look, recorded as such; 0 asks them all</source>
        <translation>每个基准测试只问前 N 个问题：快速查看，并如此记录；0 表示全部提问</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="413"/>
        <source>Ask:</source>
        <translation>提问：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="419"/>
        <source> scenes</source>
        <translation> 个场景</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="374"/>
        <location filename="../ui/EvaluationDialog.cpp" line="423"/>
        <source>seed </source>
        <translation>种子 </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="427"/>
        <source>Shapes world:</source>
        <translation>形状世界：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="429"/>
        <source>Score the rest when images are missing (partial)</source>
        <translation>图像缺失时对其余部分评分（不完整）</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="431"/>
        <source>Questions whose image file does not exist are left out; the result is labelled partial and lists them</source>
        <translation>图像文件不存在的问题将被跳过；结果标记为不完整并列出这些问题</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="459"/>
        <source>Run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="517"/>
        <source>%1 needs its data: %2.</source>
        <translation>%1 需要其数据：%2。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="520"/>
        <source>%1: %2 does not exist.</source>
        <translation>%1：%2 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="522"/>
        <source>%1: %2 is a folder; choose the question file.</source>
        <translation>%1：%2 是文件夹；请选择问题文件。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="524"/>
        <source>%1: %2 is a file; choose the benchmark&apos;s folder.</source>
        <translation>%1：%2 是文件；请选择该基准测试的文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="528"/>
        <source>%1: the images folder %2 does not exist.</source>
        <translation>%1：图像文件夹 %2 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="532"/>
        <source>Choose at least one benchmark.</source>
        <translation>请至少选择一个基准测试。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="541"/>
        <source>MMHal-Bench is scored by a judge model: give the judge server&apos;s URL and model name.</source>
        <translation>MMHal-Bench 由评审模型打分：请填写评审服务器的 URL 和模型名称。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="544"/>
        <source>The judge URL %1 is not an http:// or https:// address.</source>
        <translation>评审服务器 URL %1 不是 http:// 或 https:// 地址。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="546"/>
        <source>Name the judge server&apos;s model.</source>
        <translation>请填写评审服务器的模型名称。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="554"/>
        <source>The shipped demo policy was not found; choose a checkpoint folder.</source>
        <translation>未找到随附的演示策略模型；请选择一个检查点文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="560"/>
        <source>Choose the model: a LLaVA checkpoint folder.</source>
        <translation>请选择模型：一个 LLaVA 检查点文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="562"/>
        <source>The model folder %1 does not exist.</source>
        <translation>模型文件夹 %1 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="564"/>
        <source>%1 is not a checkpoint folder: it has no config.json.</source>
        <translation>%1 不是检查点文件夹：其中没有 config.json。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="569"/>
        <source>The training runs could not be listed: %1</source>
        <translation>无法列出训练运行：%1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="571"/>
        <source>Listing the training runs…</source>
        <translation>正在列出训练运行……</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="573"/>
        <source>This project has no finished training run yet: train one (Training → Train (DPO)…) or evaluate another model.</source>
        <translation>本项目还没有已完成的训练运行：请先训练一个（训练 → 训练（DPO）……），或评测其他模型。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="578"/>
        <source>Tick the training runs to evaluate.</source>
        <translation>请勾选要评测的训练运行。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="582"/>
        <source>Give the server&apos;s address, such as http://localhost:8000.</source>
        <translation>请填写服务器地址，例如 http://localhost:8000。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="584"/>
        <source>The server URL %1 is not an http:// or https:// address.</source>
        <translation>服务器 URL %1 不是 http:// 或 https:// 地址。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="586"/>
        <source>Give the name the server knows the model by.</source>
        <translation>请填写服务器所用的模型名称。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="648"/>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationDialog.cpp" line="693"/>
        <source>Evaluate %1 on %2</source>
        <translation>在 %2 上评测 %1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::EvaluationView</name>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="80"/>
        <source>… and %1 more</source>
        <translation>……以及另外 %1 个</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="103"/>
        <source>No benchmark run yet. Evaluation → Run benchmarks… evaluates the demo policy on shapes-POPE and shapes-CHAIR in about a minute on a CPU; evaluate a training run&apos;s model to compare it with the base model.</source>
        <translation>还没有基准测试运行。评测 → 运行基准测试……可在 CPU 上用大约一分钟在 shapes-POPE 和 shapes-CHAIR 上评测演示策略模型；评测某个训练运行的模型，即可与基础模型比较。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="123"/>
        <source>Ctrl+click or Shift+click several runs to compare them</source>
        <translation>按住 Ctrl 或 Shift 点击多个运行以进行比较</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="141"/>
        <source>The run the others are compared with: green is better than it, red worse</source>
        <translation>其他运行与之比较的运行：绿色表示更好，红色表示更差</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="145"/>
        <source>Compared with:</source>
        <translation>比较基准：</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="216"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="218"/>
        <source>Read the eval runs again</source>
        <translation>重新读取评测运行</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="220"/>
        <location filename="../ui/EvaluationView.cpp" line="651"/>
        <source>Show training run</source>
        <translation>显示训练运行</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="223"/>
        <source>Show the DPO run whose model the selected eval run evaluated, in the Training tab</source>
        <translation>在“训练”标签页中显示所选评测运行所评测模型对应的 DPO 运行</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="248"/>
        <source>All items</source>
        <translation>全部条目</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="249"/>
        <source>Wrong only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="313"/>
        <source>The runs could not be read: %1</source>
        <translation>无法读取运行：%1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="462"/>
        <source>no baseline</source>
        <translation>无基准</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="515"/>
        <source>Select runs to compare</source>
        <translation>选择要比较的运行</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="521"/>
        <source>lower is better</source>
        <translation>越低越好</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="522"/>
        <source>higher is better</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="586"/>
        <source>Select a run to see how it ran and the notes of its scorer.</source>
        <translation>选择一个运行，查看其运行方式及评分说明。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="595"/>
        <source>Run #%1: %2 on %3</source>
        <translation>运行 #%1：%3 在 %2 上</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="605"/>
        <source>model of training run %1</source>
        <translation>训练运行 %1 的模型</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="607"/>
        <source>model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="609"/>
        <source>device %1</source>
        <translation>设备 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="609"/>
        <source>parser %1</source>
        <translation>解析器 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="614"/>
        <source>greedy decoding</source>
        <translation>贪心解码</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="615"/>
        <source>sampled decoding</source>
        <translation>采样解码</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="616"/>
        <source>%1 decoding</source>
        <translation>%1 解码</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="610"/>
        <source>judge %1</source>
        <translation>评审模型 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="618"/>
        <source>%1 scenes, seed %2</source>
        <translation>%1 个场景，种子 %2</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="620"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="633"/>
        <source>The run&apos;s notes are damaged in its config.</source>
        <translation>该运行配置中的说明已损坏。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="636"/>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="640"/>
        <source>Missing images (%1), left out of the scores</source>
        <translation>缺失的图像（%1 个），未计入分数</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="650"/>
        <source>Show training run %1</source>
        <translation>显示训练运行 %1</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="683"/>
        <source>Reading the items of run %1…</source>
        <translation>正在读取运行 %1 的条目……</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="706"/>
        <source>The items of run %1 could not be read: %2</source>
        <translation>无法读取运行 %1 的条目：%2</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="726"/>
        <source>Click a number in the comparison to list the items behind it.</source>
        <translation>点击比较表中的数值，即可列出其背后的条目。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="731"/>
        <source>all items</source>
        <translation>全部条目</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvaluationView.cpp" line="732"/>
        <source>Run #%1 (%2) · %3: %n item(s)</source>
        <translation>
            <numerusform>运行 #%1（%2）· %3：%n 个条目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvaluationView.cpp" line="735"/>
        <source>%n wrong</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="739"/>
        <source>Every item of the run counts in this metric</source>
        <translation>该运行的所有条目都计入此指标</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="740"/>
        <source>The items of group %1 count in this metric</source>
        <translation>分组 %1 的条目计入此指标</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="758"/>
        <source>No item to show: none is in this list.</source>
        <translation>没有可显示的条目：此列表为空。</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="794"/>
        <source>Run benchmarks</source>
        <translation>运行基准测试</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="807"/>
        <source>Import results</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="811"/>
        <source>Import benchmark results</source>
        <translation>导入基准结果</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="811"/>
        <source>Results (*.json);;All files (*)</source>
        <translation>结果 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="821"/>
        <source>Import results %1</source>
        <translation>导入结果 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/EvaluationView.cpp" line="831"/>
        <source>Imported %1 as eval run %2 (%n item(s))</source>
        <translation>
            <numerusform>已将 %1 导入为评测运行 %2（%n 项）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/EvaluationView.cpp" line="860"/>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ExportDialog</name>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="44"/>
        <source>Export pairs</source>
        <translation>导出偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="50"/>
        <source>TRL DPOTrainer (JSON Lines)</source>
        <translation>TRL DPOTrainer（JSON Lines）</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="51"/>
        <source>LLaVA-style conversations (JSON)</source>
        <translation>LLaVA 风格对话（JSON）</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="53"/>
        <source>LLaMA-Factory sharegpt ranking (JSON + dataset_info)</source>
        <translation>LLaMA-Factory sharegpt 排序（JSON + dataset_info）</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="54"/>
        <source>RLAIF-V (JSON Lines)</source>
        <translation>RLAIF-V（JSON Lines）</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="63"/>
        <source>Accepted pairs</source>
        <translation>已接受的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="64"/>
        <source>Accepted and pending pairs</source>
        <translation>已接受和待定的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="66"/>
        <source>Pending pairs</source>
        <translation>待定的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="67"/>
        <source>Rejected pairs</source>
        <translation>已拒绝的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="68"/>
        <source>All pairs</source>
        <translation>全部偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="72"/>
        <source>Leave out pairs with quality flags</source>
        <translation>排除带质量标记的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="75"/>
        <source>Only pairs with a reward margin of at least</source>
        <translation>仅限奖励差值不小于</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="90"/>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="95"/>
        <source>Replace the folder if it exists</source>
        <translation>如果文件夹已存在则替换</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="105"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="106"/>
        <source>Pairs:</source>
        <translation>偏好对：</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="109"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="113"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="116"/>
        <source>The folder is written in full or not at all: images, data file and a manifest.</source>
        <translation>文件夹要么完整写入，要么完全不写：图像、数据文件和清单。</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="186"/>
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="194"/>
        <location filename="../ui/ExportDialog.cpp" line="203"/>
        <source>Counting…</source>
        <translation>正在计数……</translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="216"/>
        <source>No pair matches: nothing to export.</source>
        <translation>没有匹配的偏好对：无可导出内容。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ExportDialog.cpp" line="217"/>
        <source>%Ln pair(s) will be written.</source>
        <translation>
            <numerusform>将写入 %Ln 个偏好对。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ExportDialog.cpp" line="225"/>
        <source>Cannot count: %1</source>
        <translation>无法计数：%1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::GenerateDialog</name>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="45"/>
        <source>Generate candidates</source>
        <translation>生成候选</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="51"/>
        <source>Checkpoint folder (config.json, *.safetensors, tokenizer.json)</source>
        <translation>检查点文件夹（config.json、*.safetensors、tokenizer.json）</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="52"/>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="55"/>
        <source>Checkpoint folder</source>
        <translation>检查点文件夹</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="62"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="68"/>
        <source>Candidates per sample:</source>
        <translation>每个样本的候选数：</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="70"/>
        <source>Greedy (one answer, the same each time)</source>
        <translation>贪心解码（每次得到同一个回答）</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="76"/>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="81"/>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="89"/>
        <source>Longest answer (tokens):</source>
        <translation>最长回答（词元数）：</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="92"/>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="94"/>
        <source>The selected sample</source>
        <translation>所选样本</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="97"/>
        <source>Every sample (resumable: done ones are skipped)</source>
        <translation>所有样本（可续跑：已完成的会跳过）</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="104"/>
        <source>For:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <location filename="../ui/GenerateDialog.cpp" line="107"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::GeneratedImageStrip</name>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="149"/>
        <source>Generated images (%1)</source>
        <translation>生成的图像（%1）</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="153"/>
        <source>Made for the text-to-image prompt “%1”; the best by image score is the sample&apos;s image. Click a thumbnail to look at it.</source>
        <translation>为文生图提示词“%1”生成；图像分数最高的一张即为该样本的图像。点击缩略图可查看。</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="165"/>
        <source>no score</source>
        <translation>无分数</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="167"/>
        <source>✓ %1</source>
        <translation>✓ %1</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="174"/>
        <source>image score %1 (%2)</source>
        <translation>图像分数 %1（%2）</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="176"/>
        <source>not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="177"/>
        <source>parameters: %1</source>
        <translation>参数：%1</translation>
    </message>
    <message>
        <location filename="../ui/GeneratedImageStrip.cpp" line="179"/>
        <source>kept: this is the sample&apos;s image</source>
        <translation>已保留：这是该样本的图像</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::HandoffDialog</name>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="35"/>
        <source>Hand Off to TRL or LLaMA-Factory</source>
        <translation>交给 TRL 或 LLaMA-Factory</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="55"/>
        <source>TRL (trl dpo)</source>
        <translation>TRL（trl dpo）</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="56"/>
        <source>LLaMA-Factory (llamafactory-cli train)</source>
        <translation>LLaMA-Factory（llamafactory-cli train）</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="57"/>
        <source>Engine:</source>
        <translation>引擎：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="61"/>
        <source>As the engine will find it: a Hugging Face Hub id, or a folder on the machine that runs the engine</source>
        <translation>按引擎能找到的方式填写：Hugging Face Hub 标识，或运行引擎的机器上的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="63"/>
        <source>Base model:</source>
        <translation>基础模型：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="66"/>
        <source>LLaMA-Factory&apos;s chat template; it must fit the model</source>
        <translation>LLaMA-Factory 的对话模板；必须与模型匹配</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="67"/>
        <source>Chat template:</source>
        <translation>对话模板：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="71"/>
        <source>Accepted pairs</source>
        <translation>已接受的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="72"/>
        <source>Accepted and pending pairs</source>
        <translation>已接受和待定的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="73"/>
        <source>Counting pairs…</source>
        <translation>正在统计偏好对…</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="78"/>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="82"/>
        <source>Beta:</source>
        <translation>Beta：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="85"/>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="88"/>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="95"/>
        <source>accumulated over</source>
        <translation>累积</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="97"/>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="99"/>
        <source>Pairs per device:</source>
        <translation>每设备偏好对数：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="106"/>
        <source>alpha</source>
        <translation>alpha</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="109"/>
        <source>LoRA rank:</source>
        <translation>LoRA 秩：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="112"/>
        <source>only at the end</source>
        <translation>仅在结束时</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="113"/>
        <source>TRL writes its metrics only into checkpoints: this is also how often they can be read back</source>
        <translation>TRL 只把指标写入检查点：这也决定了多久能读回一次</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="115"/>
        <source>Checkpoint every:</source>
        <translation>检查点间隔：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="119"/>
        <source>The engine&apos;s command</source>
        <translation>引擎自己的命令</translation>
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
        <translation>命令前缀（sbatch、ssh 等）</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="128"/>
        <source>Launch with:</source>
        <translation>启动方式：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="132"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="135"/>
        <source>Hand-off folder</source>
        <translation>交接文件夹</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="143"/>
        <source>Write to:</source>
        <translation>写入到：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="145"/>
        <source>Run the command here and chart its metrics as it logs them</source>
        <translation>在此运行命令，并在其记录指标时绘制图表</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="147"/>
        <source>Otherwise the folder and the command are written, and the run waits in the Training tab until its log is read back</source>
        <translation>否则只写入文件夹和命令，该运行在“训练”标签页中等待读回日志</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="149"/>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="151"/>
        <source>Write Hand-off</source>
        <translation>写入交接</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="193"/>
        <source>accelerate config file, or a TRL profile such as multi_gpu (optional)</source>
        <translation>accelerate 配置文件，或 TRL 配置档如 multi_gpu（可选）</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="196"/>
        <source>DeepSpeed JSON config, or for TRL zero1, zero2 or zero3 (optional)</source>
        <translation>DeepSpeed JSON 配置，TRL 也可用 zero1、zero2 或 zero3（可选）</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="198"/>
        <source>e.g. sbatch --wait --wrap</source>
        <translation>例如 sbatch --wait --wrap</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="212"/>
        <source>The pairs could not be counted: %1</source>
        <translation>无法统计偏好对：%1</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="216"/>
        <source>No accepted pairs to hand off: accept pairs in the Review tab, or export accepted and pending pairs.</source>
        <translation>没有可交接的已接受偏好对：请在“审阅”标签页中接受偏好对，或导出已接受和待定的偏好对。</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="218"/>
        <source>No accepted or pending pairs to hand off.</source>
        <translation>没有可交接的已接受或待定偏好对。</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="220"/>
        <source>Name the base model as the engine will load it, such as %1.</source>
        <translation>请按引擎加载的方式填写基础模型，例如 %1。</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="222"/>
        <source>Name LLaMA-Factory&apos;s chat template for the model, such as llava.</source>
        <translation>请填写该模型的 LLaMA-Factory 对话模板，例如 llava。</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="224"/>
        <source>The learning rate must be a positive number, such as 1e-5.</source>
        <translation>学习率必须是正数，例如 1e-5。</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="227"/>
        <source>Type the command prefix the engine&apos;s command is given to, such as sbatch --wait --wrap.</source>
        <translation>请输入接收引擎命令的命令前缀，例如 sbatch --wait --wrap。</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="231"/>
        <source>Choose the folder to write the hand-off to.</source>
        <translation>请选择写入交接内容的文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="234"/>
        <source>%1 already exists; choose a new folder.</source>
        <translation>%1 已存在；请选择新的文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/HandoffDialog.cpp" line="241"/>
        <source>%1 pairs</source>
        <translation>%1 个偏好对</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::HistoryView</name>
    <message>
        <location filename="../ui/HistoryView.cpp" line="35"/>
        <source>Annotator:</source>
        <translation>标注者：</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="37"/>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="87"/>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="88"/>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="108"/>
        <source>1 entry</source>
        <translation>1 条记录</translation>
    </message>
    <message>
        <location filename="../ui/HistoryView.cpp" line="108"/>
        <source>%1 entries</source>
        <translation>%1 条记录</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ImageView</name>
    <message>
        <location filename="../ui/ImageView.cpp" line="40"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="41"/>
        <source>Fit the image to the view (double-click toggles)</source>
        <translation>使图像适应视图（双击切换）</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="47"/>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="48"/>
        <source>One image pixel per screen pixel; wheel zooms, drag pans</source>
        <translation>一个图像像素对应一个屏幕像素；滚轮缩放，拖动平移</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="72"/>
        <source>No pair selected</source>
        <translation>未选择偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="87"/>
        <source>This sample has no image</source>
        <translation>此样本没有图像</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="94"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="112"/>
        <source>Image file not found:
%1

Was the images folder moved?</source>
        <translation>找不到图像文件：
%1

图像文件夹是否已被移动？</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="116"/>
        <source>Cannot read image:
%1

%2</source>
        <translation>无法读取图像：
%1

%2</translation>
    </message>
    <message>
        <location filename="../ui/ImageView.cpp" line="122"/>
        <source>%1 (%2 × %3)</source>
        <translation>%1（%2 × %3）</translation>
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
        <translation>导入数据</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="65"/>
        <source>A JSON or JSON Lines file</source>
        <translation>JSON 或 JSON Lines 文件</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="66"/>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="74"/>
        <source>Detect from the first record</source>
        <translation>根据第一条记录识别</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="79"/>
        <source>Import the good records and write the bad ones to a report</source>
        <translation>导入正确的记录，并将错误记录写入报告</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="83"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="84"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="91"/>
        <location filename="../ui/ImportDialog.cpp" line="199"/>
        <source>Choose a file to see its first records.</source>
        <translation>选择一个文件以查看其前几条记录。</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Chosen</source>
        <translation>选中回答</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Rejected</source>
        <translation>被拒回答</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="96"/>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="112"/>
        <source>Problems found in the previewed records appear here.</source>
        <translation>预览记录中发现的问题会显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="117"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="124"/>
        <source>Problems:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="175"/>
        <source>JSON data (*.json *.jsonl);;All files (*)</source>
        <translation>JSON 数据 (*.json *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="204"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1……</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="229"/>
        <source>This file cannot be imported: %1</source>
        <translation>无法导入此文件：%1</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="237"/>
        <source>format %1 (detected)</source>
        <translation>格式 %1（自动识别）</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="238"/>
        <source>format %1</source>
        <translation>格式 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ImportDialog.cpp" line="239"/>
        <source>the first %n record(s)</source>
        <translation>
            <numerusform>前 %n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ImportDialog.cpp" line="240"/>
        <source>all %n record(s)</source>
        <translation>
            <numerusform>全部 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="241"/>
        <source>%1 · %2: %3 good, %4 with problems</source>
        <translation>%1 · %2：%3 条正确，%4 条有问题</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ImportDialog.cpp" line="250"/>
        <source>(%n candidate(s), no pair)</source>
        <translation>
            <numerusform>（%n 个候选，无偏好对）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="262"/>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../ui/ImportDialog.cpp" line="279"/>
        <source>Records with problems stop the import; tick the option above to import the good ones.</source>
        <translation>有问题的记录会中止导入；勾选上方选项可仅导入正确的记录。</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::Job</name>
    <message>
        <location filename="../ui/Job.cpp" line="66"/>
        <source>Cancelled before it started</source>
        <translation>在开始前已取消</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="68"/>
        <source>Cancelling…</source>
        <translation>正在取消……</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="80"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="82"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="83"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="90"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="92"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="94"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="96"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../ui/Job.cpp" line="98"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::JobListModel</name>
    <message>
        <location filename="../ui/JobListModel.cpp" line="113"/>
        <source>estimating…</source>
        <translation>正在估算……</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="113"/>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="116"/>
        <source>took %1</source>
        <translation>用时 %1</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="130"/>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="132"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="134"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../ui/JobListModel.cpp" line="136"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::JobRunner</name>
    <message>
        <location filename="../ui/JobRunner.cpp" line="97"/>
        <source>Queued: %1</source>
        <translation>已排队：%1</translation>
    </message>
    <message>
        <location filename="../ui/JobRunner.cpp" line="147"/>
        <source>Cancelled; nothing was changed</source>
        <translation>已取消；未做任何更改</translation>
    </message>
    <message>
        <location filename="../ui/JobRunner.cpp" line="151"/>
        <location filename="../ui/JobRunner.cpp" line="178"/>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <location filename="../ui/JobRunner.cpp" line="153"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::JobsDock</name>
    <message>
        <location filename="../ui/JobsDock.cpp" line="58"/>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../ui/JobsDock.cpp" line="90"/>
        <source>The log of the selected job appears here.</source>
        <translation>所选任务的日志会显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/JobsDock.cpp" line="97"/>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <location filename="../ui/JobsDock.cpp" line="99"/>
        <source>Clear finished</source>
        <translation>清除已完成</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="172"/>
        <location filename="../ui/MainWindow.cpp" line="274"/>
        <source>Review</source>
        <translation>审阅</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="177"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="180"/>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="184"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="202"/>
        <source>%1 — PrefStudio</source>
        <translation>%1 — PrefStudio</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="233"/>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="235"/>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="237"/>
        <source>Mark pending</source>
        <translation>标为待定</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="239"/>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="241"/>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="243"/>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="256"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="266"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="268"/>
        <source>&amp;Review</source>
        <translation>审阅(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="295"/>
        <source>Review queue: the order pairs are listed and visited in</source>
        <translation>审阅队列：列出和访问偏好对的顺序</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="296"/>
        <source>Dataset order</source>
        <translation>数据集顺序</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="297"/>
        <source>Smallest margin first</source>
        <translation>差值最小优先</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="298"/>
        <source>Flagged first</source>
        <translation>有标记的优先</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="299"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="304"/>
        <source>seed </source>
        <translation>种子 </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="305"/>
        <source>The same seed gives the same random order</source>
        <translation>相同的种子产生相同的随机顺序</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="314"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="315"/>
        <source>Pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="316"/>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="317"/>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="321"/>
        <source>Any flags</source>
        <translation>任意标记</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="322"/>
        <source>Flagged</source>
        <translation>有标记</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="331"/>
        <source>Search prompts and answers</source>
        <translation>搜索提示词和回答</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="345"/>
        <source>Show every pair again</source>
        <translation>重新显示所有偏好对</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="525"/>
        <source>1 pair</source>
        <translation>1 个偏好对</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="525"/>
        <source>%1 pairs</source>
        <translation>%1 个偏好对</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="549"/>
        <source>No pairs match the filter.</source>
        <translation>没有符合筛选条件的偏好对。</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="587"/>
        <source>Pair %1</source>
        <translation>偏好对 %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="590"/>
        <source>margin %1</source>
        <translation>差值 %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="590"/>
        <source>no margin</source>
        <translation>无差值</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="591"/>
        <source>origin %1</source>
        <translation>来源 %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="594"/>
        <source>flags: %1</source>
        <translation>标记：%1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="611"/>
        <source>Pair %1 of sample %2</source>
        <translation>样本 %2 的偏好对 %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="671"/>
        <source>Pair %1 is now %2</source>
        <translation>偏好对 %1 现在为 %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="697"/>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="723"/>
        <source>Read-only: this project is open in another PrefStudio window (process %1 on %2). Close it there to review here.</source>
        <translation>只读：此项目已在另一个 PrefStudio 窗口中打开（%2 上的进程 %1）。请先在那里关闭，才能在此审阅。</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="728"/>
        <source>Read-only: cannot create the lock file %1 (is the project folder read-only?).</source>
        <translation>只读：无法创建锁文件 %1（项目文件夹是否为只读？）。</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="743"/>
        <source>Swap chosen/rejected</source>
        <translation>交换选中/被拒</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="748"/>
        <source>Swap</source>
        <translation>交换</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="749"/>
        <source>Edit answer…</source>
        <translation>编辑回答……</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="751"/>
        <source>Note…</source>
        <translation>备注……</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="753"/>
        <source>Next pending</source>
        <translation>下一个待定</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="755"/>
        <source>Relink images folder…</source>
        <translation>重新关联图像文件夹……</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="757"/>
        <source>Show word diff</source>
        <translation>显示词级差异</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="759"/>
        <source>Diff</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="760"/>
        <source>Mark the words only the chosen or only the rejected answer has (D)</source>
        <translation>标出仅在选中回答或仅在被拒回答中出现的词（D）</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="762"/>
        <source>Generate candidates…</source>
        <translation>生成候选……</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="764"/>
        <source>Generate candidate answers with a local model (the demo policy by default), as a job</source>
        <translation>用本地模型（默认为演示策略）生成候选回答，作为任务运行</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="766"/>
        <source>Score candidates…</source>
        <translation>为候选打分……</translation>
    </message>
    <message>
        <source>Score every candidate with a local reward model (the demo reward model by default), as a job</source>
        <translation type="vanished">用本地奖励模型（默认为演示奖励模型）为每个候选打分，作为任务运行</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="776"/>
        <source>Find missing image files under a folder you choose</source>
        <translation>在您选择的文件夹中查找缺失的图像文件</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="778"/>
        <location filename="../ui/MainWindow.cpp" line="789"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="780"/>
        <location filename="../ui/MainWindow.cpp" line="792"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="789"/>
        <source>Undo %1</source>
        <translation>撤销：%1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="792"/>
        <source>Redo %1</source>
        <translation>重做：%1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="819"/>
        <source>Make answer chosen</source>
        <translation>设为选中回答</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="821"/>
        <source>Make answer rejected</source>
        <translation>设为被拒回答</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="828"/>
        <source>Answer %1 chosen</source>
        <translation>选中回答 %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="831"/>
        <source>Answer %1 rejected</source>
        <translation>拒绝回答 %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="846"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="874"/>
        <source>Chosen 1–9</source>
        <translation>选中 1–9</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="874"/>
        <source>Rejected ⇧1–9</source>
        <translation>被拒 ⇧1–9</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="903"/>
        <source>Any origin</source>
        <translation>任意来源</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="906"/>
        <source>Any model</source>
        <translation>任意模型</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="928"/>
        <source>Reward</source>
        <translation>奖励</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="955"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="957"/>
        <source>Train (DPO)…</source>
        <translation>训练（DPO）……</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="959"/>
        <source>Train the base model on the reviewed pairs with DPO, as a job</source>
        <translation>用 DPO 在已审阅的偏好对上训练基础模型（作为任务运行）</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="963"/>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="967"/>
        <source>Hand Off to TRL or LLaMA-Factory…</source>
        <translation>交给 TRL 或 LLaMA-Factory…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="969"/>
        <source>Export the pairs with a TRL or LLaMA-Factory DPO config of the same hyper-parameters, for a cluster; run it here or elsewhere and chart its metrics</source>
        <translation>导出偏好对及相同超参数的 TRL 或 LLaMA-Factory DPO 配置，供集群使用；可在此或别处运行并绘制其指标</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="975"/>
        <source>Show Training Runs</source>
        <translation>显示训练运行</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="995"/>
        <source>Evaluation</source>
        <translation>评测</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="998"/>
        <source>Run benchmarks…</source>
        <translation>运行基准测试……</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1000"/>
        <source>Run hallucination benchmarks on the demo policy, a checkpoint, training runs or a server, as jobs</source>
        <translation>以任务形式在演示策略模型、检查点、训练运行或服务器上运行幻觉基准测试</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1005"/>
        <source>E&amp;valuation</source>
        <translation>评测(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1009"/>
        <source>Import Results…</source>
        <translation>导入结果…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1011"/>
        <source>Store benchmark results made elsewhere (PrefStudio&apos;s results.json or lmms-eval&apos;s) as an eval run</source>
        <translation>将在别处生成的基准结果（PrefStudio 或 lmms-eval 的 results.json）保存为评测运行</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1015"/>
        <source>Show Evaluation Results</source>
        <translation>显示评测结果</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1043"/>
        <source>Trained by run %1</source>
        <translation>运行 %1 训练所用</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1047"/>
        <source>%n pair(s) mention “%1”; run %2 trained on %3 of them and held out %4.</source>
        <translation>
            <numerusform>%n 个偏好对提及“%1”；运行 %2 用其中 %3 个训练，留出 %4 个。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1076"/>
        <source>Still wrong after run %1</source>
        <translation>运行 %1 后仍排错</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1079"/>
        <source>Pairs %1 still ranks wrong (%2), worst first</source>
        <translation>%1 仍排错的偏好对（%2 个），最差的在前</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1097"/>
        <source>Run %1 has measured no pair it still ranks wrong.</source>
        <translation>运行 %1 未测得仍排错的偏好对。</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1464"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="908"/>
        <source>Pairs whose chosen or rejected answer came from this model</source>
        <translation>选中或被拒回答来自此模型的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="768"/>
        <source>Score the candidates with a local reward model, a scorer program or a judge server, as a job</source>
        <translation>以作业方式为候选回答评分：使用本地奖励模型、评分程序或评审服务器</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="909"/>
        <source>Pairs made by this policy, import or person</source>
        <translation>由此策略、导入或人员生成的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="923"/>
        <location filename="../ui/MainWindow.cpp" line="925"/>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="924"/>
        <location filename="../ui/MainWindow.cpp" line="926"/>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="927"/>
        <source>Margin</source>
        <translation>差值</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="929"/>
        <source>The chosen answer&apos;s score by the ranking scorer</source>
        <translation>排序评分器给选中回答的分数</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1241"/>
        <source>Pair %1 changed; it is not in the list as filtered now</source>
        <translation>偏好对 %1 已更改；它不在当前筛选的列表中</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1245"/>
        <source>Undone on pair %1</source>
        <translation>已撤销偏好对 %1 上的操作</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1245"/>
        <source>Saved pair %1</source>
        <translation>已保存偏好对 %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1251"/>
        <source> [read-only]</source>
        <translation> [只读]</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="1270"/>
        <source>%n edit(s) of your last session can be undone with Ctrl+Z.</source>
        <translation>
            <numerusform>上次会话中的 %n 项编辑可用 Ctrl+Z 撤销。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1336"/>
        <source>Note on pair %1</source>
        <translation>偏好对 %1 的备注</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1337"/>
        <source>Note (leave empty to remove it):</source>
        <translation>备注（留空则删除）：</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1371"/>
        <source>Continued from the top of the list</source>
        <translation>已从列表顶部继续</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1375"/>
        <source>No other pending pair in the loaded part of this list</source>
        <translation>列表已加载部分中没有其他待定偏好对</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1384"/>
        <source>Folder that holds the project&apos;s images</source>
        <translation>存放项目图像的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1406"/>
        <source>No image file is missing.</source>
        <translation>没有缺失的图像文件。</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1407"/>
        <source>Relinked %1 of %2 missing images.</source>
        <translation>已重新关联 %2 个缺失图像中的 %1 个。</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="1411"/>
        <source>%1 files had the right name but other content; left alone.</source>
        <translation>%1 个文件名称正确但内容不同；未作改动。</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::PairTableModel</name>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="224"/>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="256"/>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="258"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="260"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="262"/>
        <source>Margin</source>
        <translation>差值</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="264"/>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="266"/>
        <source>Best</source>
        <translation>最高</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="268"/>
        <source>Worst</source>
        <translation>最低</translation>
    </message>
    <message>
        <location filename="../ui/PairTableModel.cpp" line="270"/>
        <source>Candidates</source>
        <translation>候选</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::PipelineWizard</name>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="98"/>
        <location filename="../ui/PipelineWizard.cpp" line="650"/>
        <source>greedy</source>
        <translation>贪心</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="190"/>
        <source>Run a Pipeline Recipe</source>
        <translation>运行流水线配方</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="193"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="225"/>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="226"/>
        <source>Start from the shipped demo recipe or a recipe file of your own. The next page changes its main settings.</source>
        <translation>从随附的演示配方或您自己的配方文件开始。下一页可修改其主要设置。</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="230"/>
        <source>The shipped &amp;demo recipe (shapes world)</source>
        <translation>随附的演示配方（形状世界）(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="232"/>
        <source>A recipe &amp;file:</source>
        <translation>配方文件(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="236"/>
        <source>a .json recipe</source>
        <translation>一个 .json 配方</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="237"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)……</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="256"/>
        <location filename="../ui/PipelineWizard.cpp" line="868"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="256"/>
        <location filename="../ui/PipelineWizard.cpp" line="868"/>
        <source>What it will do</source>
        <translation>将执行的操作</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="281"/>
        <source>Recipe file</source>
        <translation>配方文件</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="284"/>
        <source>Recipes (*.json);;All files (*)</source>
        <translation>配方 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="314"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="320"/>
        <source>%1 is not a recipe: a recipe is a JSON object of stages (see the README&apos;s &quot;Pipeline recipes&quot;).</source>
        <translation>%1 不是配方：配方是由各阶段组成的 JSON 对象（参见 README 中的 &quot;Pipeline recipes&quot;）。</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="357"/>
        <source>import the images in %1</source>
        <translation>导入 %1 中的图像</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="361"/>
        <source>%1 shapes prompts</source>
        <translation>%1 个形状世界提示词</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="364"/>
        <source>%1 prompts</source>
        <translation>%1 个提示词</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="366"/>
        <source>the prompts in %1</source>
        <translation>%1 中的提示词</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="367"/>
        <source>%1 × %2 images by %3</source>
        <translation>%1 × %2 张图像，由 %3 生成</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="371"/>
        <source>, best by %1</source>
        <translation>，按 %1 保留最佳的一张</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="372"/>
        <source>, the first kept (no image scorer)</source>
        <translation>，保留第一张（无图像评分器）</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="377"/>
        <source>%1 shapes question(s) per image</source>
        <translation>每张图像 %1 个形状世界问题</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="380"/>
        <source>one of %1 question templates per image</source>
        <translation>每张图像从 %1 个问题模板中选一个</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="383"/>
        <source>the questions in %1</source>
        <translation>%1 中的问题</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="386"/>
        <source>, %1 % of samples held out for test</source>
        <translation>，留出 %1 % 的样本用于测试</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="417"/>
        <source>the first scorer</source>
        <translation>第一个评分器</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="418"/>
        <source>%1 pairs by %2</source>
        <translation>按 %2 生成 %1 偏好对</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="420"/>
        <source>, margin at least %1</source>
        <translation>，差值至少为 %1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="429"/>
        <source>quality flags: %1</source>
        <translation>质量标记：%1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="444"/>
        <source>(not run) %1</source>
        <translation>（不运行）%1</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="450"/>
        <source>This recipe has no stages.</source>
        <translation>此配方没有任何阶段。</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="460"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="461"/>
        <source>Change what you need; everything else stays as the recipe has it. Double-click a cell to edit it.</source>
        <translation>按需修改；其余内容保持配方原样。双击单元格即可编辑。</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="473"/>
        <source>Stages to run</source>
        <translation>要运行的阶段</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="484"/>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="489"/>
        <source>How many shapes-world text-to-image prompts to draw</source>
        <translation>要抽取多少个形状世界文生图提示词</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="493"/>
        <source>Images generated per prompt; the image scorer keeps the best</source>
        <translation>每个提示词生成的图像数；图像评分器保留最佳的一张</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="494"/>
        <source>Text-to-image &amp;prompts:</source>
        <translation>文生图提示词(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="495"/>
        <source>&amp;Images per prompt:</source>
        <translation>每个提示词的图像数(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="499"/>
        <source>Pairs</source>
        <translation>偏好对</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="503"/>
        <source>max-min: best vs worst answer</source>
        <translation>max-min：最佳回答对最差回答</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="504"/>
        <source>best-vs-rest: best vs each other answer</source>
        <translation>best-vs-rest：最佳回答对其余每个回答</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="506"/>
        <source>adjacent: each answer vs the next best</source>
        <translation>adjacent：每个回答对排在其后的下一个回答</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="509"/>
        <source>Pair po&amp;licy:</source>
        <translation>配对策略(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="510"/>
        <source>Ranked &amp;by:</source>
        <translation>排序依据(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="514"/>
        <source>Generators (candidate answers)</source>
        <translation>生成器（候选回答）</translation>
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
        <translation>模型文件夹或服务器</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="517"/>
        <source>Candidates</source>
        <translation>候选</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="517"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="523"/>
        <source>Add &amp;model…</source>
        <translation>添加模型(&amp;M)……</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="524"/>
        <source>Add &amp;server…</source>
        <translation>添加服务器(&amp;S)……</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="525"/>
        <source>Choose &amp;folder…</source>
        <translation>选择文件夹(&amp;F)……</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="526"/>
        <location filename="../ui/PipelineWizard.cpp" line="556"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="545"/>
        <source>Scorers</source>
        <translation>评分器</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="547"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="547"/>
        <source>Model folder, command or server</source>
        <translation>模型文件夹、命令或服务器</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="553"/>
        <source>Add m&amp;odel…</source>
        <translation>添加模型(&amp;O)……</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="554"/>
        <source>Add &amp;command…</source>
        <translation>添加命令(&amp;C)……</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="555"/>
        <source>Add &amp;judge…</source>
        <translation>添加评审模型(&amp;J)……</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="588"/>
        <source>This recipe has no such stage.</source>
        <translation>此配方没有该阶段。</translation>
    </message>
    <message>
        <source>A server generator: edit its URL and model in the recipe file</source>
        <translation type="vanished">服务器生成器：请在配方文件中编辑其 URL 和模型</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="638"/>
        <source>Model folder; relative paths start at the recipe&apos;s folder</source>
        <translation>模型文件夹；相对路径以配方所在的文件夹为起点</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="686"/>
        <source>the recipe&apos;s weighted sum</source>
        <translation>配方中的加权和</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="770"/>
        <location filename="../ui/PipelineWizard.cpp" line="782"/>
        <source>Generator model folder (a LLaVA checkpoint)</source>
        <translation>生成器模型文件夹（LLaVA 检查点）</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="791"/>
        <source>Reward model folder (a checkpoint with a score head)</source>
        <translation>奖励模型文件夹（带打分头的检查点）</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="800"/>
        <source>Command scorer</source>
        <translation>命令评分器</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="801"/>
        <source>Command line of a scorer speaking the JSON-lines protocol (for example
python3 examples/scorers/armorm.py); it runs in the recipe&apos;s folder:</source>
        <translation>使用 JSON-lines 协议的评分器的命令行（例如
python3 examples/scorers/armorm.py）；它在配方所在的文件夹中运行：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="834"/>
        <source>Judge scorer</source>
        <translation>评审模型评分器</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="816"/>
        <source>the model name the server knows</source>
        <translation>服务器所用的模型名称</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="636"/>
        <source>A generator on an OpenAI-compatible server, as &quot;model @ URL&quot;</source>
        <translation>OpenAI 兼容服务器上的生成器，格式为“模型 @ URL”</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="817"/>
        <source>Server &amp;URL (OpenAI-compatible):</source>
        <translation>服务器 URL（兼容 OpenAI）(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="818"/>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="841"/>
        <source>Server generator</source>
        <translation>服务器生成器</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="852"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="853"/>
        <source>Run checks the recipe first, then runs it on this project as a job. Work already stored is skipped, so a stopped run can be started again.</source>
        <translation>“运行”会先检查配方，然后以任务形式在本项目上运行。已保存的工作会被跳过，因此停止的运行可以重新开始。</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="861"/>
        <source>auto (a GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="862"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="863"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="864"/>
        <source>&amp;Device for local models:</source>
        <translation>本地模型所用设备(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="901"/>
        <source>The edited recipe is written to %1 and checked before the run starts.</source>
        <translation>编辑后的配方将写入 %1，并在运行开始前进行检查。</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="912"/>
        <source>Choose a recipe file.</source>
        <translation>请选择一个配方文件。</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="1063"/>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="1067"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/PipelineWizard.cpp" line="1088"/>
        <source>The recipe was not run: %1</source>
        <translation>配方未运行：%1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ProjectActions</name>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="82"/>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="98"/>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)……</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="100"/>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)……</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="102"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="107"/>
        <source>Open the &amp;Demo Project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="110"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)……</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="113"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)……</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="116"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)……</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="120"/>
        <source>&amp;Jobs Panel</source>
        <translation>任务面板(&amp;J)</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="138"/>
        <source>&amp;Pipeline</source>
        <translation>流水线(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="140"/>
        <source>&amp;Run Recipe…</source>
        <translation>运行配方(&amp;R)……</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="142"/>
        <source>Build review data from a recipe: images, questions, candidate answers, scores, pairs and flags, as a job</source>
        <translation>根据配方构建审阅数据：图像、问题、候选回答、分数、偏好对和标记，作为任务运行</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="163"/>
        <source>New project folder</source>
        <translation>新项目文件夹</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="171"/>
        <source>Cannot create the project</source>
        <translation>无法创建项目</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="180"/>
        <source>Open project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="199"/>
        <source>Demo project</source>
        <translation>演示项目</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="207"/>
        <source>%1 is already open.</source>
        <translation>%1 已经打开。</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="218"/>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="225"/>
        <source>Imported %1 records from %2 (%3): %4 candidates, %5 pairs, %6 new images</source>
        <translation>已从 %2（%3）导入 %1 条记录：%4 个候选、%5 个偏好对、%6 张新图像</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="233"/>
        <source>skipped %1 bad records, listed in %2</source>
        <translation>跳过了 %1 条错误记录，详见 %2</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="250"/>
        <source>Export %1 as %2</source>
        <translation>将 %1 导出为 %2</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="254"/>
        <source>Exported %1 pairs and %2 images to %3</source>
        <translation>已将 %1 个偏好对和 %2 张图像导出到 %3</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="267"/>
        <source>Recompute quality flags</source>
        <translation>重新计算质量标记</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="272"/>
        <source>New flag thresholds saved; the flags of %1 pairs changed</source>
        <translation>新阈值已保存；%1 个偏好对的标记发生了变化</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="312"/>
        <source>Generate %1 candidates for sample %2</source>
        <translation>为样本 %2 生成 %1 个候选</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="315"/>
        <source>Generate %1 candidates per sample</source>
        <translation>为每个样本生成 %1 个候选</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="321"/>
        <source>Score candidates with %1</source>
        <translation>用 %1 为候选打分</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="346"/>
        <source>Run recipe %1</source>
        <translation>运行配方 %1</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="357"/>
        <source>Train %1 with DPO</source>
        <translation>用 DPO 训练 %1</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="366"/>
        <source>Resume DPO run %1</source>
        <translation>继续 DPO 运行 %1</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="376"/>
        <source>Finish DPO run %1</source>
        <translation>结束 DPO 运行 %1</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="387"/>
        <source>Train with DPO</source>
        <translation>用 DPO 训练</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="405"/>
        <source>Train with %1</source>
        <translation>用 %1 训练</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="406"/>
        <source>Hand off to %1</source>
        <translation>交给 %1</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="420"/>
        <source>Hand off</source>
        <translation>交接</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="434"/>
        <source>Run recipe</source>
        <translation>运行配方</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="447"/>
        <source>Score candidates</source>
        <translation>为候选打分</translation>
    </message>
    <message>
        <source>Reward model folder (a LLaVA checkpoint with a score head)</source>
        <translation type="vanished">奖励模型文件夹（带打分头的 LLaVA 检查点）</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="498"/>
        <source>The new language applies when PrefStudio starts next.</source>
        <translation>新语言将在下次启动 PrefStudio 时生效。</translation>
    </message>
    <message>
        <location filename="../ui/ProjectActions.cpp" line="504"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ProjectLauncher</name>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="35"/>
        <source>%1 is not a PrefStudio project (it has no %2).</source>
        <translation>%1 不是 PrefStudio 项目（缺少 %2）。</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="59"/>
        <source>Building the demo project in %1…</source>
        <translation>正在 %1 中构建演示项目……</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="60"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="62"/>
        <source>PrefStudio</source>
        <translation>PrefStudio</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="70"/>
        <source>Build the demo project</source>
        <translation>构建演示项目</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="73"/>
        <source>Built the demo: %1 samples, %2 pairs</source>
        <translation>演示项目已构建：%1 个样本，%2 个偏好对</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="81"/>
        <source>Building the demo project… about %1 left</source>
        <translation>正在构建演示项目……约剩 %1</translation>
    </message>
    <message>
        <location filename="../ui/ProjectLauncher.cpp" line="92"/>
        <source>The demo project was not built: %1</source>
        <translation>演示项目未能构建：%1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::RewardAgreementPanel</name>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="93"/>
        <source>Computing how the reward models agree…</source>
        <translation>正在计算奖励模型的一致性…</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="104"/>
        <source>Reward model agreement</source>
        <translation>奖励模型一致性</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="150"/>
        <source>Reward model vs ground truth</source>
        <translation>奖励模型与真实情况</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <source>Scorer</source>
        <translation>评分器</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <source>Pairs</source>
        <translation>偏好对</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="169"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="201"/>
        <source>Agree</source>
        <translation>一致</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="169"/>
        <source>Same truth</source>
        <translation>真实相同</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="165"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="169"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="201"/>
        <source>Reversed</source>
        <translation>相反</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="166"/>
        <source>Tied (no pair)</source>
        <translation>平分（未成对）</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="166"/>
        <source>Chosen correct</source>
        <translation>选中回答正确</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="166"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="199"/>
        <source>Easy pairs</source>
        <translation>简单偏好对</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="169"/>
        <source>Max-min pairs against the truth</source>
        <translation>最高-最低偏好对与真实情况对比</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="172"/>
        <source>No candidate has a score yet: score the candidates to see how each reward model&apos;s pairs compare with the truth.</source>
        <translation>尚无候选回答有分数：请先为候选回答评分，再查看各奖励模型的偏好对与真实情况的对比。</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="177"/>
        <source>Each scorer&apos;s max-min pairs (chosen = highest score, rejected = lowest), checked against the scene each image was drawn from. Agree: the chosen answer names fewer hallucinated objects than the rejected one. Chosen correct: the chosen answer is right in every respect that can be checked. Easy pairs: the rejected answer is trivially bad (%1), which any scorer gets right and DPO learns little from.</source>
        <translation>各评分器的最高-最低偏好对（选中 = 最高分，拒绝 = 最低分），按绘制每张图像的场景核对。一致：选中回答提到的幻觉物体少于被拒绝回答。选中回答正确：选中回答在所有可核对方面都正确。简单偏好对：被拒绝回答明显很差（%1），任何评分器都能判对，DPO 从中学到的很少。</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="187"/>
        <source>Reward model vs reviewers</source>
        <translation>奖励模型与审阅者</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <source>Pairs scored</source>
        <translation>已评分偏好对</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="198"/>
        <location filename="../ui/RewardAgreementPanel.cpp" line="201"/>
        <source>Tied</source>
        <translation>平分</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="199"/>
        <source>Unscored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="201"/>
        <source>Pairs a person decided</source>
        <translation>人工决定的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="207"/>
        <source>No candidate has a score yet: score the candidates to compare each reward model with the people reviewing the pairs.</source>
        <translation>尚无候选回答有分数：请先为候选回答评分，再将各奖励模型与审阅者对比。</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="210"/>
        <source>No pair has been decided by a person yet: accept pairs, or swap chosen and rejected, to compare each reward model with the reviewers.</source>
        <translation>尚无人工决定的偏好对：请接受偏好对，或交换选中与拒绝的回答，以将各奖励模型与审阅者对比。</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="215"/>
        <source>Over the %1 pairs a person decided (accepted, or re-picked by a person): how often each scorer scores the chosen response above the rejected one. Easy pairs: the rejected answer is trivially bad (%2).</source>
        <translation>在 %1 个人工决定的偏好对（已接受或由人重新选择）中：各评分器给选中回答的分数高于被拒绝回答的频率。简单偏好对：被拒绝回答明显很差（%2）。</translation>
    </message>
    <message>
        <location filename="../ui/RewardAgreementPanel.cpp" line="251"/>
        <source>%1 — %2: %3 of %4 pairs (%5)</source>
        <translation>%1 — %2：%4 个偏好对中的 %3 个（%5）</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::RunTableModel</name>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="42"/>
        <source>beta %1</source>
        <translation>beta %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="43"/>
        <source>lr %1</source>
        <translation>学习率 %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="44"/>
        <source>LoRA r %1</source>
        <translation>LoRA r %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="45"/>
        <source>batch %1</source>
        <translation>批次 %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="49"/>
        <source>projector lr %1</source>
        <translation>投影器学习率 %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="52"/>
        <source>RPO %1</source>
        <translation>RPO %1</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="84"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="86"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="88"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="90"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="142"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="160"/>
        <source>Stopped before the end; Resume continues from its last checkpoint.</source>
        <translation>在结束前停止；“继续”会从最近的检查点接着训练。</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="161"/>
        <source>Started %1</source>
        <translation>开始于 %1</translation>
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
        <translation>偏好对（快照的 sha256）%1
选择：%2；训练 %3 个偏好对，留出 %4 个</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="181"/>
        <source>Pairs the trained model still ranks wrong (margin &lt;= 0) of those it measured</source>
        <translation>训练后的模型仍排错（差值 &lt;= 0）的偏好对 / 已测量的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="199"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="201"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="203"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="205"/>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="207"/>
        <source>Pairs snapshot</source>
        <translation>偏好对快照</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="209"/>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="211"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="213"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="215"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="217"/>
        <source>Still wrong</source>
        <translation>仍排错</translation>
    </message>
    <message>
        <location filename="../ui/RunTableModel.cpp" line="219"/>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::ScoreDialog</name>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="58"/>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="69"/>
        <source>Cannot write the rubric to %1: %2</source>
        <translation>无法将评分标准写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="110"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="183"/>
        <source>Score candidates</source>
        <translation>为候选打分</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="188"/>
        <source>Local model</source>
        <translation>本地模型</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="189"/>
        <source>Subprocess</source>
        <translation>子进程</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="190"/>
        <source>Judge server</source>
        <translation>评审服务器</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="192"/>
        <source>Score</source>
        <translation>打分</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="285"/>
        <source>A LLaVA reward model with a score head, run on this computer.</source>
        <translation>带打分头的 LLaVA 奖励模型，在本机上运行。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="290"/>
        <source>Reward model folder (config.json, *.safetensors)</source>
        <translation>奖励模型文件夹（config.json、*.safetensors）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="291"/>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="295"/>
        <source>Reward model folder (a LLaVA checkpoint with a score head)</source>
        <translation>奖励模型文件夹（带打分头的 LLaVA 检查点）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="303"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="307"/>
        <source>Batched (several samples at once)</source>
        <translation>批量（一次多个样本）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="308"/>
        <source>Per sample (a sample&apos;s candidates together)</source>
        <translation>逐样本（同一样本的候选一起）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="310"/>
        <source>One by one (each candidate alone; slowest)</source>
        <translation>逐个（每个候选单独打分；最慢）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="311"/>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="315"/>
        <source>Automatic (a GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="316"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="317"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="318"/>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="322"/>
        <source>Automatic (bf16 on a GPU, fp32 on the CPU)</source>
        <translation>自动（GPU 上用 bf16，CPU 上用 fp32）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="323"/>
        <source>fp32 (a small model&apos;s near ties stay in order on a GPU)</source>
        <translation>fp32（在 GPU 上小模型的接近分数保持原有顺序）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="325"/>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="326"/>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="338"/>
        <source>/usr/bin/python3 /path/to/my_scorer.py --revision main</source>
        <translation>/usr/bin/python3 /path/to/my_scorer.py --revision main</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="339"/>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="343"/>
        <source>How long one batch may take, the first one including loading the model</source>
        <translation>一个批次最多可用的时间，第一个批次包括加载模型的时间</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="344"/>
        <source>Timeout per batch:</source>
        <translation>每批次超时：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="346"/>
        <source>Text only: send no image to the scorer</source>
        <translation>仅文本：不向评分器发送图像</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="351"/>
        <source>The program reads one JSON request per line on its standard input and answers each on its standard output, as packaging/scorers/PROTOCOL.md describes; armorm_scorer.py and imagereward_scorer.py beside it are examples. The command runs without a shell: double quotes group words, while $VARIABLES, * and ; reach the program as they are. Give files with their full paths.</source>
        <translation>程序从标准输入逐行读取 JSON 请求，并在标准输出上逐一回复，详见 packaging/scorers/PROTOCOL.md；同目录下的 armorm_scorer.py 和 imagereward_scorer.py 是示例。命令不经 shell 运行：双引号可将多个词合为一个参数，而 $变量、* 和 ; 会原样传给程序。请使用文件的完整路径。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="361"/>
        <source>Open the folder with the protocol and the examples</source>
        <translation>打开包含协议和示例的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="380"/>
        <source>The base URL of an OpenAI-compatible server (vLLM, SGLang, llama.cpp server, Ollama)</source>
        <translation>兼容 OpenAI 的服务器的基础 URL（vLLM、SGLang、llama.cpp server、Ollama）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="382"/>
        <source>Server URL:</source>
        <translation>服务器 URL：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="386"/>
        <source>model name, e.g. Qwen/Qwen2-VL-7B-Instruct</source>
        <translation>模型名称，例如 Qwen/Qwen2-VL-7B-Instruct</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="387"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="391"/>
        <source>optional, e.g. OPENAI_API_KEY</source>
        <translation>可选，例如 OPENAI_API_KEY</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="392"/>
        <source>The name of the environment variable that holds the server&apos;s API key, never the key itself</source>
        <translation>保存服务器 API 密钥的环境变量的名称，切勿填写密钥本身</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="394"/>
        <source>API key variable:</source>
        <translation>API 密钥变量：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="397"/>
        <source>How long one request may take</source>
        <translation>一个请求最多可用的时间</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="398"/>
        <source>Timeout per request:</source>
        <translation>每请求超时：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="400"/>
        <source>Attach the sample&apos;s image to each request</source>
        <translation>在每个请求中附上样本的图像</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="406"/>
        <source>Rubric:</source>
        <translation>评分标准：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="408"/>
        <source>Restore the default</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="423"/>
        <source>{answer} marks where the answer to grade goes; {question}, {min} and {max} (1 and 10) may be used too. The judge must end its reply with a line &quot;Score: N&quot;. An edited rubric is saved under the project&apos;s runs/rubrics/ and kept with the scores.</source>
        <translation>{answer} 标出待评回答的位置；也可使用 {question}、{min} 和 {max}（1 和 10）。评审模型的回复必须以一行 &quot;Score: N&quot; 结尾。修改过的评分标准会保存在项目的 runs/rubrics/ 下，并与分数一同保留。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="434"/>
        <source>Scores</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="440"/>
        <source>The name the scores are stored and shown under</source>
        <translation>保存和显示分数时使用的名称</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="441"/>
        <source>Scorer name:</source>
        <translation>评分器名称：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="445"/>
        <source>every split (or one, such as train or test)</source>
        <translation>所有划分（或其中一个，如 train 或 test）</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="446"/>
        <source>Split:</source>
        <translation>划分：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="451"/>
        <source>the scorer&apos;s default</source>
        <translation>评分器的默认值</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="452"/>
        <source>Samples per call:</source>
        <translation>每次调用的样本数：</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="454"/>
        <source>Retry answers the scorer could not rate last time</source>
        <translation>重试评分器上次未能打分的回答</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="505"/>
        <source>Choose the reward model folder.</source>
        <translation>请选择奖励模型文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="507"/>
        <source>The reward model folder %1 does not exist.</source>
        <translation>奖励模型文件夹 %1 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="512"/>
        <source>Give the scorer&apos;s command: the program and its arguments.</source>
        <translation>请填写评分器的命令：程序及其参数。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="514"/>
        <source>Name the scorer: its scores are stored under that name.</source>
        <translation>请为评分器命名：其分数将以该名称保存。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="519"/>
        <source>Give the judge server&apos;s address, such as http://localhost:8000.</source>
        <translation>请填写评审服务器的地址，例如 http://localhost:8000。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="521"/>
        <source>The judge URL %1 is not an http:// or https:// address.</source>
        <translation>评审服务器 URL %1 不是 http:// 或 https:// 地址。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="523"/>
        <source>Give the name the judge server knows the model by.</source>
        <translation>请填写评审服务器所用的模型名称。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="527"/>
        <source>The API key variable must be the name of an environment variable (letters, digits and _, such as OPENAI_API_KEY), never the key itself.</source>
        <translation>API 密钥变量必须是环境变量的名称（字母、数字和 _，例如 OPENAI_API_KEY），切勿填写密钥本身。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="530"/>
        <source>The environment variable %1 is not set for PrefStudio: start PrefStudio with it set, or leave the field empty for a server without a key.</source>
        <translation>PrefStudio 的环境中未设置环境变量 %1：请在设置该变量后启动 PrefStudio；若服务器无需密钥，请将此栏留空。</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="538"/>
        <source>The rubric cannot be used: %1</source>
        <translation>无法使用该评分标准：%1</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="551"/>
        <source>optional; default: the folder&apos;s name</source>
        <translation>可选；默认：文件夹名称</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="552"/>
        <location filename="../ui/ScoreDialog.cpp" line="563"/>
        <source>optional; default: %1</source>
        <translation>可选；默认：%1</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="556"/>
        <source>required, such as armorm or imagereward</source>
        <translation>必填，例如 armorm 或 imagereward</translation>
    </message>
    <message>
        <location filename="../ui/ScoreDialog.cpp" line="562"/>
        <source>optional; default: judge- and the model name</source>
        <translation>可选；默认：judge- 加模型名称</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="48"/>
        <source>Welcome to PrefStudio</source>
        <translation>欢迎使用 PrefStudio</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="49"/>
        <source>Your name, recorded with every review decision (you can change it in Settings):</source>
        <translation>您的名字，将随每个审阅决定一同记录（可在设置中修改）：</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="59"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="62"/>
        <source>You</source>
        <translation>您</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="66"/>
        <source>Name recorded with every decision</source>
        <translation>随每个决定记录的名字</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="67"/>
        <source>Annotator name:</source>
        <translation>标注者名字：</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="69"/>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="74"/>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="78"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="82"/>
        <source>Thumbnail size:</source>
        <translation>缩略图大小：</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="83"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="84"/>
        <source>A new language applies when PrefStudio starts next.</source>
        <translation>新语言将在下次启动 PrefStudio 时生效。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="88"/>
        <source>Quality flags of this project</source>
        <translation>本项目的质量标记</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="100"/>
        <source>Short: fewer words than</source>
        <translation>过短：词数少于</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="101"/>
        <source>Length ratio above</source>
        <translation>长度比超过</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="102"/>
        <source>Repeated 3-gram share above</source>
        <translation>重复三元组占比超过</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="103"/>
        <source>Near-duplicate similarity above</source>
        <translation>近似重复相似度超过</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="104"/>
        <source>Echoed prompt share above</source>
        <translation>复述提示词占比超过</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="105"/>
        <source>Reward tie within</source>
        <translation>奖励持平的容差</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="107"/>
        <source>Changing a threshold recomputes the flags of every pair as a job.</source>
        <translation>更改阈值会以任务形式重新计算所有偏好对的标记。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsDialog.cpp" line="187"/>
        <source>Cannot use these thresholds: %1</source>
        <translation>无法使用这些阈值：%1</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::TrainingDialog</name>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="99"/>
        <source>Train with DPO</source>
        <translation>用 DPO 训练</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="116"/>
        <source>Accepted pairs</source>
        <translation>已接受的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="117"/>
        <source>Accepted and pending pairs</source>
        <translation>已接受和待定的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="118"/>
        <source>Counting pairs…</source>
        <translation>正在统计偏好对……</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="123"/>
        <source>Train on:</source>
        <translation>训练数据：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="128"/>
        <source>Checkpoint folder (config.json, *.safetensors, tokenizer.json)</source>
        <translation>检查点文件夹（config.json、*.safetensors、tokenizer.json）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="129"/>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="132"/>
        <source>Base model folder</source>
        <translation>基础模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="139"/>
        <source>Base model:</source>
        <translation>基础模型：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="143"/>
        <source>Demo (small LoRA, fast on a CPU)</source>
        <translation>演示（小型 LoRA，在 CPU 上也很快）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="144"/>
        <source>Paper (LoRA r 128, projector trained)</source>
        <translation>论文（LoRA r 128，训练投影器）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="145"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="146"/>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="152"/>
        <source>Loss:</source>
        <translation>损失：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="154"/>
        <source>Beta:</source>
        <translation>Beta：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="157"/>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="159"/>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="161"/>
        <source>as the epochs take</source>
        <translation>按轮数决定</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="162"/>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="164"/>
        <source>Pairs per batch:</source>
        <translation>每批偏好对数：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="169"/>
        <source>alpha</source>
        <translation>alpha</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="172"/>
        <source>LoRA rank:</source>
        <translation>LoRA 秩：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="173"/>
        <source>Train the projector too, learning rate</source>
        <translation>同时训练投影器，学习率</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="180"/>
        <source>Projector:</source>
        <translation>投影器：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="182"/>
        <source>Weight of a supervised term on the chosen answer (RPO); 0: off</source>
        <translation>对选中回答的监督项权重（RPO）；0：关闭</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="183"/>
        <source>RPO alpha:</source>
        <translation>RPO alpha：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="185"/>
        <source>Recompute activations in the backward pass (less memory, slower)</source>
        <translation>在反向传播中重新计算激活（内存更少，速度更慢）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="188"/>
        <source>Activation checkpointing: each decoder layer keeps only its input and runs again when gradients are computed. Try it when a run runs out of memory.</source>
        <translation>激活检查点：每个解码器层只保留其输入，并在计算梯度时重新运行。训练内存不足时可尝试。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="190"/>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="192"/>
        <source>only at the end</source>
        <translation>仅在结束时</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="193"/>
        <source>Checkpoint every N steps; a pause always checkpoints</source>
        <translation>每 N 步保存检查点；暂停时总会保存</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="194"/>
        <source>Checkpoint every:</source>
        <translation>检查点间隔：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="197"/>
        <source>Automatic (a GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="198"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="199"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="200"/>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="202"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="304"/>
        <source>Choose the base model: a LLaVA checkpoint folder.</source>
        <translation>请选择基础模型：一个 LLaVA 检查点文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="306"/>
        <source>The base model folder %1 does not exist.</source>
        <translation>基础模型文件夹 %1 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="308"/>
        <source>%1 is not a checkpoint folder: it has no config.json.</source>
        <translation>%1 不是检查点文件夹：其中没有 config.json。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="315"/>
        <source>The pairs could not be counted: %1</source>
        <translation>无法统计偏好对：%1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="319"/>
        <source>No accepted pairs to train on: accept pairs in the Review tab, or train on accepted and pending pairs.</source>
        <translation>没有可训练的已接受偏好对：请在“审阅”标签页中接受偏好对，或在已接受和待定的偏好对上训练。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="321"/>
        <source>Every pair is rejected: there is nothing to train on.</source>
        <translation>所有偏好对都已被拒：没有可训练的数据。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="325"/>
        <source>The learning rate must be a positive number, such as 5e-4.</source>
        <translation>学习率必须是正数，例如 5e-4。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="327"/>
        <source>The projector&apos;s learning rate must be a positive number, such as 2e-5.</source>
        <translation>投影器的学习率必须是正数，例如 2e-5。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingDialog.cpp" line="335"/>
        <source>%1 pairs; about a tenth of the samples is held out to measure accuracy</source>
        <translation>%1 个偏好对；约十分之一的样本会被留出用于测量准确率</translation>
    </message>
</context>
<context>
    <name>prefstudio::ui::TrainingView</name>
    <message>
        <location filename="../ui/TrainingView.cpp" line="126"/>
        <source>No DPO run yet. Train (DPO)… in the Training menu starts one; its metrics appear here while it trains.</source>
        <translation>还没有 DPO 运行。使用“训练”菜单中的“训练（DPO）……”开始一次；训练时其指标会显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="143"/>
        <source>Ctrl+click or Shift+click several runs to compare them</source>
        <translation>按住 Ctrl 或 Shift 点击多个运行以进行比较</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="201"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="202"/>
        <source>Stop the selected run after its current step; it keeps a checkpoint and Resume continues from there</source>
        <translation>在当前步骤后停止所选运行；它会保存检查点，“继续”将从那里接着训练</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="204"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="205"/>
        <source>Continue the selected paused or failed run from its newest checkpoint, with the options it was started with</source>
        <translation>以启动时的选项，从最新检查点继续所选的已暂停或失败的运行</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="207"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End the selected run now; its finished steps are kept in a checkpoint, so it can still be resumed later</source>
        <translation type="vanished">立即结束所选运行；已完成的步骤保存在检查点中，之后仍可继续</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="208"/>
        <source>End the selected run for good: it stops after its current step and its newest checkpoint becomes the result (adapter, margins)</source>
        <translation>彻底结束所选运行：它在当前步骤后停止，其最新检查点即为结果（适配器、间隔）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="212"/>
        <location filename="../ui/TrainingView.cpp" line="753"/>
        <source>Review pairs still wrong</source>
        <translation>审阅仍排错的偏好对</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="213"/>
        <source>List the pairs the selected run still ranks wrong in the Review tab, worst first</source>
        <translation>在“审阅”标签页中列出所选运行仍排错的偏好对，最差的在前</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="215"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="216"/>
        <source>Read the runs again</source>
        <translation>重新读取运行</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="256"/>
        <source>Loss (dashed: ln 2, chance)</source>
        <translation>损失（虚线：ln 2，随机水平）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="257"/>
        <source>Accuracy: chosen ranked above rejected</source>
        <translation>准确率：选中回答排在被拒回答之前</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="259"/>
        <source>Reward margin</source>
        <translation>奖励差值</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="260"/>
        <source>Rewards: chosen (solid) and rejected (dashed)</source>
        <translation>奖励：选中（实线）与被拒（虚线）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="263"/>
        <source>Log-probabilities: chosen (solid) and rejected (dashed)</source>
        <translation>对数概率：选中（实线）与被拒（虚线）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="265"/>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="266"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="267"/>
        <source>Throughput (tokens per second)</source>
        <translation>吞吐量（每秒词元数）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="269"/>
        <source>Peak memory (MiB)</source>
        <translation>峰值内存（MiB）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="304"/>
        <source>The runs could not be read: %1</source>
        <translation>无法读取运行：%1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="451"/>
        <source>The metrics could not be read: %1</source>
        <translation>无法读取指标：%1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="528"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="653"/>
        <source>%1: no warning signs so far.</source>
        <translation>%1：目前没有警示信号。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="656"/>
        <location filename="../ui/TrainingView.cpp" line="695"/>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="657"/>
        <source>steps %1 to %2</source>
        <translation>第 %1 至 %2 步</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="667"/>
        <source>Select a run to see the warning signs in its metrics.</source>
        <translation>选择一个运行以查看其指标中的警示信号。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="668"/>
        <source>No metrics yet.</source>
        <translation>还没有指标。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="686"/>
        <source>Select a run; Ctrl+click several to compare them.</source>
        <translation>选择一个运行；按住 Ctrl 点击多个以进行比较。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="694"/>
        <source>step %1 of %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="704"/>
        <source>ETA: measuring the step time…</source>
        <translation>剩余时间：正在测量每步用时……</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="705"/>
        <source>ETA %1 (%2 s per step)</source>
        <translation>剩余时间 %1（每步 %2 秒）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="711"/>
        <source>peak memory %1 MiB on %2</source>
        <translation>峰值内存 %1 MiB（%2）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="716"/>
        <source>%1 of %2 pairs still ranked wrong</source>
        <translation>%2 个偏好对中仍有 %1 个排错</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="722"/>
        <source>Command: %1</source>
        <translation>命令：%1</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="744"/>
        <source>This run was started outside this window (for instance by prefstudio-cli): stop it there; Ctrl+C pauses it.</source>
        <translation>此运行是在本窗口之外启动的（例如通过 prefstudio-cli）：请在那里停止它；Ctrl+C 会暂停它。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="752"/>
        <source>Review pairs still wrong (%1)</source>
        <translation>审阅仍排错的偏好对（%1）</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="824"/>
        <source>Pausing %1: it writes a checkpoint of its finished steps, then stops. Resume continues from there.</source>
        <translation>正在暂停 %1：它会为已完成的步骤写入检查点，然后停止。“继续”将从那里接着训练。</translation>
    </message>
    <message>
        <location filename="../ui/TrainingView.cpp" line="837"/>
        <source>Stopping %1: its newest checkpoint becomes its result.</source>
        <translation>正在停止 %1：其最新检查点将成为结果。</translation>
    </message>
    <message>
        <source>Stopping %1. Its finished steps stay in a checkpoint.</source>
        <translation type="vanished">正在停止 %1。已完成的步骤保存在检查点中。</translation>
    </message>
</context>
</TS>
