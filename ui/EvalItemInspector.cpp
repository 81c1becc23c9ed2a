#include "ui/EvalItemInspector.h"

#include "ui/ImageView.h"
#include "ui/ReviewPalette.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

/// `colour` laid over `base` at `share` opacity.
QColor tint(const QColor& base, const QColor& colour, double share)
{
    return QColor::fromRgbF(
        static_cast<float>(base.redF() * (1 - share) + colour.redF() * share),
        static_cast<float>(base.greenF() * (1 - share) + colour.greenF() * share),
        static_cast<float>(base.blueF() * (1 - share) + colour.blueF() * share));
}

QString jsonText(const nlohmann::json& value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_array()) {
        QStringList parts;
        for (const nlohmann::json& element : value)
            parts << jsonText(element);
        return parts.isEmpty() ? QStringLiteral("–") : parts.join(QStringLiteral(", "));
    }
    if (value.is_null())
        return QStringLiteral("–");
    return QString::fromStdString(
        value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

QStringList stringList(const nlohmann::json& object, const char* key)
{
    QStringList out;
    if (!object.is_object())
        return out;
    const auto found = object.find(key);
    if (found == object.end() || !found->is_array())
        return out;
    for (const nlohmann::json& element : *found)
        if (element.is_string())
            out << QString::fromStdString(element.get<std::string>());
    return out;
}

/// Objects as small coloured labels, so that hallucinated and covered ones read at a glance.
QString chips(const QStringList& objects, const QColor& colour, const QColor& base)
{
    QStringList html;
    for (const QString& object : objects)
        html << QStringLiteral("<span style='background-color:%1'>&nbsp;%2&nbsp;</span>")
                    .arg(tint(base, colour, 0.3).name(), object.toHtmlEscaped());
    return html.join(QStringLiteral(" "));
}

} // namespace

EvalItemInspector::EvalItemInspector(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("evalInspector"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // Beside each other: the tab gives the inspector a wide, low band.
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("evalInspectorSplitter"));
    split->setChildrenCollapsible(false);
    m_image = new ImageView(split);
    m_image->setObjectName(QStringLiteral("evalImageView"));

    auto* scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* details = new QWidget(scroll);
    details->setObjectName(QStringLiteral("evalItemDetails"));
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(6, 0, 4, 0);
    detailsLayout->setSpacing(6);

    m_question = new QLabel(details);
    m_question->setObjectName(QStringLiteral("evalQuestionLabel"));
    m_question->setTextFormat(Qt::PlainText);
    m_question->setWordWrap(true);
    m_question->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont questionFont = m_question->font();
    questionFont.setPointSizeF(questionFont.pointSizeF() * 1.1);
    questionFont.setWeight(QFont::DemiBold);
    m_question->setFont(questionFont);
    m_facts = new QLabel(details);
    m_facts->setObjectName(QStringLiteral("evalFactsLabel"));
    m_facts->setTextFormat(Qt::RichText);
    m_facts->setWordWrap(true);

    m_answerCard = new QFrame(details);
    m_answerCard->setObjectName(QStringLiteral("evalAnswerCard"));
    auto* cardLayout = new QVBoxLayout(m_answerCard);
    cardLayout->setContentsMargins(8, 6, 8, 6);
    cardLayout->setSpacing(3);
    m_answerHeader = new QLabel(m_answerCard);
    m_answerHeader->setObjectName(QStringLiteral("evalAnswerHeader"));
    m_answerHeader->setTextFormat(Qt::RichText);
    m_answer = new QLabel(m_answerCard);
    m_answer->setObjectName(QStringLiteral("evalAnswerText"));
    m_answer->setTextFormat(Qt::PlainText);
    m_answer->setWordWrap(true);
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    cardLayout->addWidget(m_answerHeader);
    cardLayout->addWidget(m_answer);

    m_truth = new QLabel(details);
    m_truth->setObjectName(QStringLiteral("evalTruthLabel"));
    m_truth->setTextFormat(Qt::RichText);
    m_truth->setWordWrap(true);
    m_truth->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail = new QLabel(details);
    m_detail->setObjectName(QStringLiteral("evalDetailLabel"));
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rationale = new QLabel(details);
    m_rationale->setObjectName(QStringLiteral("evalRationaleLabel"));
    m_rationale->setTextFormat(Qt::PlainText);
    m_rationale->setWordWrap(true);
    m_rationale->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rationale->setFrameShape(QFrame::StyledPanel);
    m_rationale->setMargin(6);

    m_lineage = new QToolButton(details);
    m_lineage->setObjectName(QStringLiteral("trainingPairsButton"));
    m_lineage->setText(tr("Training pairs"));
    m_lineage->setIcon(style()->standardIcon(QStyle::SP_FileDialogListView));
    m_lineage->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_lineageMenu = new QMenu(m_lineage);
    m_lineageMenu->setObjectName(QStringLiteral("trainingPairsMenu"));
    connect(m_lineage, &QToolButton::clicked, this, [this] {
        if (m_trainingRun > 0 && !m_objects.isEmpty())
            Q_EMIT trainingPairsRequested(m_trainingRun, m_objects.front());
    });
    auto* lineageRow = new QHBoxLayout;
    lineageRow->addWidget(m_lineage);
    lineageRow->addStretch(1);

    detailsLayout->addWidget(m_question);
    detailsLayout->addWidget(m_facts);
    detailsLayout->addWidget(m_answerCard);
    detailsLayout->addWidget(m_truth);
    detailsLayout->addWidget(m_detail);
    detailsLayout->addWidget(m_rationale);
    detailsLayout->addLayout(lineageRow);
    detailsLayout->addStretch(1);
    scroll->setWidget(details);

    split->addWidget(m_image);
    split->addWidget(scroll);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({240, 360});
    layout->addWidget(split);
    clear();
}

void EvalItemInspector::clear(const QString& message)
{
    m_image->clear();
    m_question->setText(message.isEmpty() ? tr("Click a metric, then an item, to see it here.")
                                          : message);
    m_facts->clear();
    m_answerCard->setVisible(false);
    m_truth->clear();
    m_detail->clear();
    m_rationale->setVisible(false);
    m_objects.clear();
    m_verdict.clear();
    updateLineage();
}

void EvalItemInspector::setTrainingRun(qint64 runId)
{
    m_trainingRun = runId;
    updateLineage();
}

QString EvalItemInspector::truthText(const nlohmann::json& truth)
{
    if (!truth.is_object())
        return jsonText(truth);
    QStringList parts;
    for (const auto& [key, value] : truth.items())
        parts << QStringLiteral("%1: %2").arg(QString::fromStdString(key), jsonText(value));
    return parts.join(QStringLiteral(" · "));
}

QStringList EvalItemInspector::lineageObjectsOf(const core::eval::EvalItem& item,
                                                const core::eval::ItemResult* result)
{
    if (result) {
        const QStringList hallucinated = stringList(result->detail, "hallucinated");
        if (!hallucinated.isEmpty())
            return hallucinated;
    }
    if (item.truth.is_object()) {
        const auto object = item.truth.find("object");
        if (object != item.truth.end() && object->is_string())
            return {QString::fromStdString(object->get<std::string>())};
    }
    return {};
}

void EvalItemInspector::showItem(const core::eval::EvalItem& item,
                                 const core::eval::ItemResult* result, int number)
{
    const QColor base = palette().color(QPalette::Base);
    m_image->setImagePath(QString::fromStdString(item.image.string()));
    m_question->setText(QString::fromStdString(item.question));

    QStringList facts;
    facts << tr("Item %1").arg(number);
    // The benchmark's own id of the item ("adversarial/17/1", an image file name).
    m_facts->setToolTip(QString::fromStdString(item.key));
    if (!item.group.empty())
        facts << tr("group %1").arg(QString::fromStdString(item.group).toHtmlEscaped());
    const bool hallucinated = result && !stringList(result->detail, "hallucinated").isEmpty();
    m_verdict.clear();
    if (result && (result->correct || hallucinated)) {
        const bool right = result->correct.value_or(true) && !hallucinated;
        m_verdict = right ? QStringLiteral("right") : QStringLiteral("wrong");
        facts << QStringLiteral("<b style='color:%1'>%2</b>")
                     .arg((right ? ReviewPalette::chosen() : ReviewPalette::rejected()).name(),
                          right ? tr("right") : tr("wrong"));
    } else if (result) {
        facts << tr("not scored per item");
    }
    m_facts->setText(facts.join(QStringLiteral(" · ")));

    m_answerCard->setVisible(true);
    QStringList header{QStringLiteral("<b>%1</b>").arg(tr("Answer"))};
    const nlohmann::json detail = result ? result->detail : nlohmann::json::object();
    if (detail.is_object()) {
        const auto parsed = detail.find("parsed");
        if (parsed != detail.end() && parsed->is_string())
            header << tr("read as %1")
                          .arg(QString::fromStdString(parsed->get<std::string>()).toHtmlEscaped());
        const auto rating = detail.find("rating");
        if (rating != detail.end() && rating->is_number())
            header << tr("judge's rating %1 of 6").arg(rating->get<int>());
    }
    m_answerHeader->setText(header.join(QStringLiteral(" · ")));
    if (!result)
        m_answer->setText(tr("(not answered)"));
    else if (QString::fromStdString(result->answer).trimmed().isEmpty())
        m_answer->setText(tr("(empty response)"));
    else
        m_answer->setText(QString::fromStdString(result->answer));
    styleAnswerCard();

    m_truth->setText(
        QStringLiteral("<b>%1</b> %2").arg(tr("Truth:"), truthText(item.truth).toHtmlEscaped()));

    QStringList lines;
    const QStringList bad = stringList(detail, "hallucinated");
    const QStringList covered = stringList(detail, "covered");
    if (!bad.isEmpty())
        lines << QStringLiteral("<b>%1</b> %2")
                     .arg(tr("Hallucinated:"), chips(bad, ReviewPalette::rejected(), base));
    if (!covered.isEmpty())
        lines << QStringLiteral("<b>%1</b> %2")
                     .arg(tr("Covered:"), chips(covered, ReviewPalette::chosen(), base));
    if (detail.is_object() && detail.contains("hallucinated") && bad.isEmpty())
        lines << QStringLiteral("<b>%1</b> %2").arg(tr("Hallucinated:"), tr("none"));
    const QStringList mentioned = stringList(detail, "mentioned");
    if (!mentioned.isEmpty())
        lines << QStringLiteral("<b>%1</b> %2")
                     .arg(tr("Mentioned:"), mentioned.join(QStringLiteral(", ")).toHtmlEscaped());
    if (detail.is_object()) {
        // What the scorer recorded beyond the above, in its own words.
        static const QStringList shown = {
            QStringLiteral("parsed"),    QStringLiteral("rating"),  QStringLiteral("rationale"),
            QStringLiteral("mentioned"), QStringLiteral("covered"), QStringLiteral("hallucinated"),
            QStringLiteral("words"),     QStringLiteral("object")};
        for (const auto& [key, value] : detail.items()) {
            const QString name = QString::fromStdString(key);
            if (!shown.contains(name))
                lines << QStringLiteral("<b>%1:</b> %2")
                             .arg(name.toHtmlEscaped(), jsonText(value).toHtmlEscaped());
        }
    }
    m_detail->setText(lines.join(QStringLiteral("<br>")));
    m_detail->setVisible(!lines.isEmpty());

    QString rationale;
    if (detail.is_object()) {
        const auto found = detail.find("rationale");
        if (found != detail.end() && found->is_string())
            rationale = QString::fromStdString(found->get<std::string>()).trimmed();
    }
    m_rationale->setText(tr("Judge's rationale:\n%1").arg(rationale));
    m_rationale->setVisible(!rationale.isEmpty());

    m_objects = lineageObjectsOf(item, result);
    updateLineage();
}

void EvalItemInspector::styleAnswerCard()
{
    const QColor base = palette().color(QPalette::Base);
    if (m_verdict.isEmpty()) {
        m_answerCard->setStyleSheet(
            QStringLiteral("QFrame#evalAnswerCard { background: palette(base); "
                           "border: 1px solid palette(mid); border-radius: 3px; }"));
        return;
    }
    const QColor accent =
        m_verdict == QLatin1String("right") ? ReviewPalette::chosen() : ReviewPalette::rejected();
    m_answerCard->setStyleSheet(
        QStringLiteral("QFrame#evalAnswerCard { background: %1; border: 1px solid %2; "
                       "border-left: 4px solid %3; border-radius: 3px; }")
            .arg(tint(base, accent, 0.12).name(), tint(base, accent, 0.5).name(), accent.name()));
}

void EvalItemInspector::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        styleAnswerCard();
}

void EvalItemInspector::updateLineage()
{
    const bool available = m_trainingRun > 0 && !m_objects.isEmpty();
    m_lineage->setVisible(m_trainingRun > 0);
    m_lineage->setEnabled(available);
    m_lineageMenu->clear();
    if (m_objects.size() > 1) {
        for (const QString& object : std::as_const(m_objects))
            m_lineageMenu->addAction(tr("Pairs mentioning “%1”").arg(object), this, [this, object] {
                Q_EMIT trainingPairsRequested(m_trainingRun, object);
            });
        m_lineage->setMenu(m_lineageMenu);
        m_lineage->setPopupMode(QToolButton::MenuButtonPopup);
    } else {
        m_lineage->setMenu(nullptr);
        m_lineage->setPopupMode(QToolButton::DelayedPopup);
    }
    m_lineage->setToolTip(
        !available ? tr("This item names no object to look for in the training pairs")
                   : tr("List the pairs run %1 was given whose prompt or answers mention “%2”, "
                        "in the Review tab")
                         .arg(m_trainingRun)
                         .arg(m_objects.front()));
}

} // namespace prefstudio::ui
