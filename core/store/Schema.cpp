#include "store/Schema.h"

namespace prefstudio::core::schema {

namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE settings(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE imports(
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    format TEXT NOT NULL,
    at TEXT NOT NULL,
    records INTEGER NOT NULL,
    skipped INTEGER NOT NULL
);

CREATE TABLE images(
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    origin TEXT NOT NULL CHECK(origin IN ('imported', 'generated')),
    gen_prompt TEXT,
    generator TEXT,
    image_score REAL,
    truth TEXT
);

CREATE TABLE samples(
    id INTEGER PRIMARY KEY,
    image_id INTEGER REFERENCES images(id),
    prompt TEXT NOT NULL,
    split TEXT NOT NULL DEFAULT 'train',
    source_dataset TEXT,
    source_id TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    import_id INTEGER REFERENCES imports(id)
);
CREATE INDEX samples_image ON samples(image_id);

CREATE TABLE candidates(
    id INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    params TEXT NOT NULL DEFAULT '{}',
    origin TEXT NOT NULL CHECK(origin IN ('imported', 'generated', 'human-edit')),
    parent_id INTEGER REFERENCES candidates(id),
    words INTEGER NOT NULL DEFAULT 0,
    flags INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX candidates_sample ON candidates(sample_id);

CREATE TABLE scores(
    candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    scorer TEXT NOT NULL,
    value REAL NOT NULL,
    detail TEXT,
    PRIMARY KEY(candidate_id, scorer)
) WITHOUT ROWID;
CREATE INDEX scores_scorer_value ON scores(scorer, value);

CREATE TABLE pairs(
    id INTEGER PRIMARY KEY,
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
    chosen_id INTEGER NOT NULL REFERENCES candidates(id),
    rejected_id INTEGER NOT NULL REFERENCES candidates(id),
    origin TEXT NOT NULL,
    margin REAL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending', 'accepted', 'rejected')),
    flags INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    chosen_words INTEGER,
    rejected_words INTEGER,
    CHECK(chosen_id <> rejected_id)
);
CREATE INDEX pairs_sample ON pairs(sample_id);
-- Covers the status filter and every count `stats` makes, so that it reads one index
-- instead of the table (and never joins candidates for lengths).
CREATE INDEX pairs_status ON pairs(status, origin, flags, chosen_words, rejected_words);
-- (status, rowid): the review list filtered or sorted by status, in pair order.
CREATE INDEX pairs_status_order ON pairs(status);
-- Word counts are copied from the candidates (length bias is the paper's failure mode and
-- is plotted per pair); writers that know them pass them, the triggers fill in the rest.
CREATE TRIGGER pairs_words_insert AFTER INSERT ON pairs
    WHEN NEW.chosen_words IS NULL OR NEW.rejected_words IS NULL
    BEGIN
        UPDATE pairs SET chosen_words = (SELECT words FROM candidates WHERE id = NEW.chosen_id),
                         rejected_words = (SELECT words FROM candidates WHERE id = NEW.rejected_id)
        WHERE id = NEW.id;
    END;
CREATE TRIGGER pairs_words_update AFTER UPDATE OF chosen_id, rejected_id ON pairs
    BEGIN
        UPDATE pairs SET chosen_words = (SELECT words FROM candidates WHERE id = NEW.chosen_id),
                         rejected_words = (SELECT words FROM candidates WHERE id = NEW.rejected_id)
        WHERE id = NEW.id;
    END;
CREATE TRIGGER candidates_words_update AFTER UPDATE OF words ON candidates
    BEGIN
        UPDATE pairs SET chosen_words = NEW.words WHERE chosen_id = NEW.id;
        UPDATE pairs SET rejected_words = NEW.words WHERE rejected_id = NEW.id;
    END;
CREATE INDEX pairs_margin ON pairs(margin);

CREATE TABLE audit(
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_who ON audit(who, id);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

CREATE TABLE runs(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    config TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'created',
    created_at TEXT NOT NULL,
    finished_at TEXT,
    dataset_snapshot TEXT
);

CREATE TABLE run_metrics(
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    step INTEGER NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY(run_id, name, step)
) WITHOUT ROWID;

CREATE TABLE eval_items(
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    benchmark TEXT NOT NULL,
    item_key TEXT NOT NULL,
    input TEXT,
    output TEXT,
    truth TEXT,
    correct INTEGER,
    detail TEXT,
    PRIMARY KEY(run_id, benchmark, item_key)
) WITHOUT ROWID;

-- External-content FTS: rows are added in bulk by the writers, not by triggers, so a
-- 100K-record import indexes once at the end instead of once per row. No column sizes are
-- stored (columnsize=0): we filter and highlight, and bm25 can read sizes from the content.
CREATE VIRTUAL TABLE samples_fts USING fts5(prompt, content='samples', content_rowid='id',
                                            columnsize=0);
CREATE VIRTUAL TABLE candidates_fts USING fts5(text, content='candidates', content_rowid='id',
                                               columnsize=0);

-- Flags are bit sets (filtered with `flags & ?`, which no index serves) and models and
-- source datasets are filtered through a sample's candidates, so they have no index: each
-- index costs every bulk import a B-tree insert per row.
)sql";

// Exports and the sample list filter by split.
constexpr std::string_view kV2 = R"sql(
CREATE INDEX samples_split ON samples(split);
)sql";

// Deleting a candidate (undoing a text edit) makes SQLite look for rows that still point at
// it: without these, each such check scanned every pair and every candidate. Almost no
// candidate has a parent, so that index holds only the ones that do.
constexpr std::string_view kV3 = R"sql(
CREATE INDEX pairs_chosen ON pairs(chosen_id);
CREATE INDEX pairs_rejected ON pairs(rejected_id);
CREATE INDEX candidates_parent ON candidates(parent_id) WHERE parent_id IS NOT NULL;
)sql";

// DPO: reference log-probs computed once per base model (sha256 of its weights), prompt
// template and pair, and reused by later runs; they are only valid for the chosen and
// rejected candidates they were computed on, which are stored with them. And each training
// run's implicit reward margin on every pair it saw, so that the pairs it still ranks wrong
// can be reviewed.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE reference_logps(
    model TEXT NOT NULL,
    template TEXT NOT NULL,
    pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
    chosen_id INTEGER NOT NULL,
    rejected_id INTEGER NOT NULL,
    chosen REAL NOT NULL,
    rejected REAL NOT NULL,
    PRIMARY KEY(model, template, pair_id)
) WITHOUT ROWID;
CREATE TABLE pair_margins(
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
    margin REAL NOT NULL,
    held_out INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(run_id, pair_id)
) WITHOUT ROWID;
CREATE INDEX pair_margins_pair ON pair_margins(pair_id);
)sql";

// Evaluation items keep the order their benchmark asks them in (MMHal-Bench's question types
// are index mod 8) and the split or subtask they are reported under, so a metric's items can
// be listed without parsing every input.
constexpr std::string_view kV5 = R"sql(
ALTER TABLE eval_items ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE eval_items ADD COLUMN item_group TEXT NOT NULL DEFAULT '';
CREATE INDEX eval_items_order ON eval_items(run_id, position);
)sql";

// Issue 5's pipeline. A scorer that gives no value for a candidate (a judge reply without a
// rating) is recorded as a failure with its reason, never as a score. And the image stage: a
// text-to-image prompt's rendered images, each with its image score; the best one becomes the
// sample's image and the others stay listed.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE score_failures(
    candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    scorer TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    detail TEXT,
    PRIMARY KEY(candidate_id, scorer)
) WITHOUT ROWID;
CREATE TABLE image_prompts(
    id INTEGER PRIMARY KEY,
    prompt TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    chosen_image_id INTEGER REFERENCES images(id),
    UNIQUE(prompt, category)
);
CREATE TABLE image_candidates(
    prompt_id INTEGER NOT NULL REFERENCES image_prompts(id) ON DELETE CASCADE,
    image_id INTEGER NOT NULL REFERENCES images(id),
    params TEXT NOT NULL DEFAULT '{}',
    score REAL,
    scorer TEXT,
    PRIMARY KEY(prompt_id, image_id)
) WITHOUT ROWID;
CREATE INDEX image_candidates_image ON image_candidates(image_id);
)sql";

// The review list sorts by each sample's best and worst value of the ranking scorer. Read
// through every candidate's scores, that sort took 205 ms on 100K pairs; kept here per
// (sample, scorer) by triggers, it is one lookup per pair. Writers change a score in place
// (an upsert), which fires the update trigger; a deleted candidate recomputes its sample.
constexpr std::string_view kV7 = R"sql(
CREATE TABLE score_ranges(
    sample_id INTEGER NOT NULL,
    scorer TEXT NOT NULL,
    best REAL NOT NULL,
    worst REAL NOT NULL,
    PRIMARY KEY(sample_id, scorer)
) WITHOUT ROWID;
INSERT INTO score_ranges(sample_id, scorer, best, worst)
    SELECT c.sample_id, sc.scorer, max(sc.value), min(sc.value)
    FROM scores sc JOIN candidates c ON c.id = sc.candidate_id GROUP BY c.sample_id, sc.scorer;
CREATE INDEX score_ranges_best ON score_ranges(scorer, best);
CREATE INDEX score_ranges_worst ON score_ranges(scorer, worst);
CREATE TRIGGER scores_range_insert AFTER INSERT ON scores
    BEGIN
        INSERT INTO score_ranges(sample_id, scorer, best, worst)
            SELECT c.sample_id, NEW.scorer, NEW.value, NEW.value FROM candidates c
            WHERE c.id = NEW.candidate_id
            ON CONFLICT(sample_id, scorer) DO UPDATE
                SET best = max(best, excluded.best), worst = min(worst, excluded.worst);
    END;
CREATE TRIGGER scores_range_update AFTER UPDATE OF value, scorer, candidate_id ON scores
    BEGIN
        DELETE FROM score_ranges WHERE scorer IN (OLD.scorer, NEW.scorer) AND sample_id IN (
            SELECT sample_id FROM candidates WHERE id IN (OLD.candidate_id, NEW.candidate_id));
        INSERT INTO score_ranges(sample_id, scorer, best, worst)
            SELECT c.sample_id, sc.scorer, max(sc.value), min(sc.value)
            FROM candidates c JOIN scores sc ON sc.candidate_id = c.id
            WHERE sc.scorer IN (OLD.scorer, NEW.scorer) AND c.sample_id IN (
                SELECT sample_id FROM candidates WHERE id IN (OLD.candidate_id, NEW.candidate_id))
            GROUP BY c.sample_id, sc.scorer;
    END;
CREATE TRIGGER scores_range_delete AFTER DELETE ON scores
    BEGIN
        DELETE FROM score_ranges WHERE scorer = OLD.scorer
            AND sample_id = (SELECT sample_id FROM candidates WHERE id = OLD.candidate_id);
        INSERT INTO score_ranges(sample_id, scorer, best, worst)
            SELECT c.sample_id, OLD.scorer, max(sc.value), min(sc.value)
            FROM candidates c JOIN scores sc ON sc.candidate_id = c.id AND sc.scorer = OLD.scorer
            WHERE c.sample_id = (SELECT sample_id FROM candidates WHERE id = OLD.candidate_id)
            GROUP BY c.sample_id;
    END;
-- A candidate's scores go with it (ON DELETE CASCADE) after the candidate row is gone, when
-- the trigger above can no longer find its sample: recompute the sample from what is left.
CREATE TRIGGER candidates_range_delete AFTER DELETE ON candidates
    BEGIN
        DELETE FROM score_ranges WHERE sample_id = OLD.sample_id;
        INSERT INTO score_ranges(sample_id, scorer, best, worst)
            SELECT c.sample_id, sc.scorer, max(sc.value), min(sc.value)
            FROM candidates c JOIN scores sc ON sc.candidate_id = c.id
            WHERE c.sample_id = OLD.sample_id AND c.id <> OLD.id
            GROUP BY sc.scorer;
    END;
CREATE TRIGGER samples_range_delete AFTER DELETE ON samples
    BEGIN
        DELETE FROM score_ranges WHERE sample_id = OLD.id;
    END;
)sql";

} // namespace

const std::vector<Migration>& migrations()
{
    static const std::vector<Migration> all = {{1, kV1}, {2, kV2}, {3, kV3}, {4, kV4},
                                               {5, kV5}, {6, kV6}, {7, kV7}};
    return all;
}

int latestVersion()
{
    return migrations().back().version;
}

} // namespace prefstudio::core::schema
