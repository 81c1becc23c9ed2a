#pragma once

#include <QStringList>
#include <QWidget>

#include "eval/EvalResults.h"

class QFrame;
class QLabel;
class QMenu;
class QToolButton;

namespace prefstudio::ui {

class ImageView;

/// One benchmark item as the review inspector shows a pair: the image, the question, the
/// model's answer on a card tinted right or wrong, the truth, and what the scorer read (the
/// parsed yes/no, hallucinated and covered objects, a judge's rating and rationale). For an
/// item of a training run's model it offers the training pairs that mention the object the
/// item is about.
class EvalItemInspector : public QWidget
{
    Q_OBJECT
public:
    explicit EvalItemInspector(QWidget* parent = nullptr);

    /// `number` is the item's place in its run, from 1 (as the item list numbers it).
    void showItem(const core::eval::EvalItem& item, const core::eval::ItemResult* result,
                  int number);
    void clear(const QString& message = {});
    /// The DPO run whose model answered (lineage); -1 when the model is no training run.
    void setTrainingRun(qint64 runId);

    ImageView* imageView() const { return m_image; }
    /// The objects the lineage button searches the training pairs for.
    const QStringList& lineageObjects() const { return m_objects; }

    /// What an item is about, for tracing it to training pairs: the objects a caption
    /// hallucinated, else the object a yes/no question asks about (its truth's "object").
    static QStringList lineageObjectsOf(const core::eval::EvalItem& item,
                                        const core::eval::ItemResult* result);
    /// The truth in words: "label: yes · object: red circle".
    static QString truthText(const nlohmann::json& truth);

Q_SIGNALS:
    /// The training pairs of the run that mention `object` were asked for.
    void trainingPairsRequested(qint64 trainingRunId, const QString& object);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateLineage();
    void styleAnswerCard();

    ImageView* m_image = nullptr;
    QLabel* m_question = nullptr;
    QLabel* m_facts = nullptr;
    QFrame* m_answerCard = nullptr;
    QLabel* m_answerHeader = nullptr;
    QLabel* m_answer = nullptr;
    QLabel* m_truth = nullptr;
    QLabel* m_detail = nullptr;
    QLabel* m_rationale = nullptr;
    QToolButton* m_lineage = nullptr;
    QMenu* m_lineageMenu = nullptr;
    QStringList m_objects;
    qint64 m_trainingRun = -1;
    /// "right", "wrong" or empty: the answer card's tint.
    QString m_verdict;
};

} // namespace prefstudio::ui
