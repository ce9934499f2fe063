-- The kiosk snapshot: what may stand in a public hall.  Written by the
-- publisher (a new file, then rename), read by kioskd.  No applicant name,
-- ID number, phone, address, official's name or internal note is in it: a
-- stolen kiosk gives away nothing private.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,  -- 'snapshot_version', 'generated_at', 'base_url', 'dossiers'
  value TEXT NOT NULL
);

CREATE TABLE office_hours (
  session INTEGER PRIMARY KEY,
  opens   TEXT NOT NULL,   -- 'HH:MM'
  closes  TEXT NOT NULL    -- 'HH:MM'
);

CREATE TABLE calendar (
  day         TEXT PRIMARY KEY,   -- 'YYYY-MM-DD'
  kind        TEXT NOT NULL,      -- holiday | compensatory | swap_off | working
  name        TEXT NOT NULL,
  name_en     TEXT,
  provisional INTEGER NOT NULL
);

CREATE TABLE fields (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT
);

-- Agencies with their ISO milestones (public: the roadmap page shows them).
CREATE TABLE agencies (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, level TEXT NOT NULL,
  parent_code TEXT, valid_from TEXT, valid_to TEXT, successor_code TEXT,
  iso_standard TEXT, iso_mode TEXT, iso_plan TEXT, iso_target TEXT, iso_announced TEXT,
  eiso_target TEXT, eiso_date TEXT, last_audit TEXT, last_review TEXT,
  -- The one-stop office's contact, for citizens.
  phone TEXT, address TEXT, hours TEXT,
  pickup_place TEXT  -- where results are collected (the wallboard says it)
);

CREATE TABLE procedures (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, field_code TEXT NOT NULL,
  level TEXT NOT NULL, limit_days REAL NOT NULL, fee_vnd INTEGER, fee_note TEXT,
  legal_basis TEXT, legal_changed TEXT
);

-- What a citizen brings for each procedure ("thành phần hồ sơ").
CREATE TABLE procedure_documents (
  procedure_code TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, name_en TEXT,
  originals INTEGER NOT NULL, copies INTEGER NOT NULL, note TEXT, note_en TEXT,
  PRIMARY KEY (procedure_code, seq)
) WITHOUT ROWID;

CREATE TABLE processes (
  id INTEGER PRIMARY KEY, doc_code TEXT NOT NULL, version INTEGER NOT NULL,
  agency_code TEXT NOT NULL, procedure_code TEXT NOT NULL,
  effective_from TEXT NOT NULL, effective_to TEXT
);
CREATE INDEX processes_agency ON processes(agency_code, procedure_code);

CREATE TABLE steps (
  process_id INTEGER NOT NULL, step_no INTEGER NOT NULL, name TEXT NOT NULL,
  name_en TEXT, unit TEXT NOT NULL, allowance_hours REAL NOT NULL,
  PRIMARY KEY (process_id, step_no)
) WITHOUT ROWID;

-- The satisfaction templates (data/schema.sql): what a kiosk asks after a
-- lookup of a finished dossier.  Ratings are never written here: kioskd
-- keeps them in a store of its own.
CREATE TABLE rating_questions (
  template TEXT NOT NULL, question TEXT NOT NULL, seq INTEGER NOT NULL,
  text TEXT NOT NULL, text_en TEXT,
  PRIMARY KEY (template, question)
) WITHOUT ROWID;
CREATE TABLE rating_choices (
  template TEXT NOT NULL, question TEXT NOT NULL, choice TEXT NOT NULL, seq INTEGER NOT NULL,
  text TEXT NOT NULL, text_en TEXT, satisfied INTEGER NOT NULL,
  PRIMARY KEY (template, question, choice)
) WITHOUT ROWID;
CREATE TABLE rating_reasons (
  template TEXT NOT NULL, question TEXT NOT NULL, reason TEXT NOT NULL, seq INTEGER NOT NULL,
  text TEXT NOT NULL, text_en TEXT,
  PRIMARY KEY (template, question, reason)
) WITHOUT ROWID;

-- Public part of each dossier.  token: the unguessable page name (the QR
-- code's path); check_hash: keyed hash of the short check code, so the code
-- itself is not on the kiosk either.
CREATE TABLE dossiers (
  code           TEXT PRIMARY KEY,
  token          TEXT NOT NULL UNIQUE,
  check_hash     TEXT NOT NULL,
  initials       TEXT,            -- applicant as initials only, e.g. 'N.V.A.'
  procedure_code TEXT NOT NULL,
  process_id     INTEGER NOT NULL,
  agency_code    TEXT NOT NULL,
  channel        TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  due_at         TEXT NOT NULL,
  new_due_at     TEXT,
  status         TEXT NOT NULL,
  resolved_at    TEXT,
  returned_at    TEXT,
  -- While it waits for the citizen (supplement, paused): what was asked
  -- and by when (events.request, request_due of the stop that is open).
  request        TEXT,
  request_due    TEXT
);
CREATE INDEX dossiers_status ON dossiers(status, resolved_at);
-- Per office (publisher --kiosk-dir): one agency's dossiers in code order.
CREATE INDEX dossiers_agency ON dossiers(agency_code, code);

-- Public events: what happened and when, without who or internal notes.
CREATE TABLE events (
  dossier_code TEXT NOT NULL,
  seq          INTEGER NOT NULL,   -- order within the dossier
  at           TEXT NOT NULL,
  kind         TEXT NOT NULL,
  step_no      INTEGER,
  new_due_at   TEXT,
  PRIMARY KEY (dossier_code, seq)
) WITHOUT ROWID;

-- Citizens' ratings for the statistics pages, in the publisher's own
-- snapshot only (office snapshots copy named tables and leave it empty; a
-- kiosk keeps the ratings it takes in a store of its own): each dossier's
-- current rating per question (the back office's ratings_current), to the
-- minute, with the choice's satisfied flag in the template that applies
-- to the dossier's agency (its own, else 'province', else 'default').
CREATE TABLE ratings_current (
  dossier_code TEXT NOT NULL,
  question     TEXT NOT NULL,
  choice       TEXT NOT NULL,
  rated_at     TEXT NOT NULL,   -- 'YYYY-MM-DD HH:MM'
  satisfied    INTEGER NOT NULL,
  PRIMARY KEY (dossier_code, question)
) WITHOUT ROWID;

-- Sealed kiosk snapshots (publisher --kiosk-dir: one per office) have
-- meta.sealed = '1', the reference tables above, nothing in dossiers and
-- events, and instead the four tables below.  A stolen kiosk gives away
-- what the wallboard shows and the counts, and no other dossier code,
-- initials or timeline (core/domain/seal.h).  In the publisher's own
-- snapshot (--snapshot) these four are empty.

-- Each dossier's record (its dossiers row and events), sealed under a key
-- that only its token produces; id: a hash of the token.
CREATE TABLE sealed (
  id  BLOB PRIMARY KEY,
  box BLOB NOT NULL
) WITHOUT ROWID;

-- The code + check index: id and key from the Argon2id derivation of the
-- check code salted by the dossier code; box: the sealed token.
CREATE TABLE checks (
  id  BLOB PRIMARY KEY,
  box BLOB NOT NULL
) WITHOUT ROWID;

-- The wallboard: codes of results ready for pickup (public: the hall
-- screen shows them), newest first by rank; no instants.
CREATE TABLE board (
  code        TEXT PRIMARY KEY,
  agency_code TEXT NOT NULL,
  rank        INTEGER NOT NULL
);
CREATE INDEX board_rank ON board(rank);

-- The counts of each day: dossiers received, resolved and results returned.
CREATE TABLE day_counts (
  agency_code TEXT NOT NULL,
  day         TEXT NOT NULL,   -- 'YYYY-MM-DD'
  received    INTEGER NOT NULL,
  resolved    INTEGER NOT NULL,
  returned    INTEGER NOT NULL,
  PRIMARY KEY (agency_code, day)
) WITHOUT ROWID;
