-- The procedure database: written by the back office, only read by the
-- publisher (SQLITE_OPEN_READONLY).  `trackdb init DB` creates it.
--
-- Conventions
--   * Dates are 'YYYY-MM-DD'; instants are 'YYYY-MM-DD HH:MM' in Vietnam's
--     local time (UTC+7, no daylight saving), so text order is time order.
--   * Codes are the natural keys the official documents use (agency
--     identifier code, national procedure code, dossier code); rows refer to
--     each other by them so CSV files can be written and read by people.
--   * Working time: allowances are in working hours, limits in working days
--     of 8 working hours (half days are common, so both are REAL and must be
--     multiples of a minute).

PRAGMA foreign_keys = ON;

-- Format version of this schema, checked by the programs that open the file.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,  -- 'schema_version', 'province', ...
  value TEXT NOT NULL      -- its value
);
INSERT INTO meta (key, value) VALUES ('schema_version', '1');

-- Office hours: the sessions of an ordinary working day. The default is the
-- civil servants' day: 07:30-11:30 and 13:00-17:00, 8 working hours.
CREATE TABLE office_hours (
  session INTEGER PRIMARY KEY,           -- 1 = morning, 2 = afternoon, ...
  opens   TEXT NOT NULL CHECK (opens GLOB '[0-2][0-9]:[0-5][0-9]'),   -- 'HH:MM', session start
  closes  TEXT NOT NULL CHECK (closes GLOB '[0-2][0-9]:[0-5][0-9]'),  -- 'HH:MM', session end, after opens
  CHECK (closes > opens)
);
INSERT INTO office_hours (session, opens, closes) VALUES (1, '07:30', '11:30'), (2, '13:00', '17:00');

-- The calendar's exceptions to "Monday to Friday": each year's holidays and
-- day swaps are fixed by government decision, so they are data.
CREATE TABLE calendar (
  day         TEXT PRIMARY KEY CHECK (day GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'), -- the date
  kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'compensatory', 'swap_off', 'working')),
              -- holiday: public holiday (Labour Code 2019, art. 112);
              -- compensatory: day off because a holiday fell on a weekend;
              -- swap_off: working day given off in exchange for a Saturday worked;
              -- working: a Saturday (or Sunday) made a working day ("làm bù")
  name        TEXT NOT NULL,               -- e.g. 'Tết Nguyên đán', Vietnamese
  name_en     TEXT,                        -- English name for the kiosk
  provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
              -- 1 while the year's decision is not issued (derived from the law)
  source      TEXT                         -- the decision or notice that fixes it
);

-- Fields of administrative procedures ("lĩnh vực").
CREATE TABLE fields (
  code    TEXT PRIMARY KEY,  -- short stable code, e.g. 'HOTICH'
  name    TEXT NOT NULL,     -- Vietnamese name, e.g. 'Hộ tịch'
  name_en TEXT               -- English name
);

-- State agencies that receive dossiers (Decision 20/2020/QĐ-TTg codes).
CREATE TABLE agencies (
  code            TEXT PRIMARY KEY CHECK (code GLOB '[0-9A-Z][0-9A-Z][0-9A-Z].[0-9A-Z][0-9A-Z].[0-9A-Z][0-9A-Z].[A-Z][0-9][0-9]'),
                  -- electronic identifier code, e.g. '000.00.01.H34'
  name            TEXT NOT NULL,   -- official Vietnamese name
  name_en         TEXT,            -- English name
  level           TEXT NOT NULL CHECK (level IN ('province', 'department', 'district', 'commune', 'branch')),
                  -- department: provincial specialised body (Sở, Ban, Văn phòng, Thanh tra);
                  -- branch: sub-department (Chi cục) or vertical branch
  parent_code     TEXT REFERENCES agencies(code),  -- the body above it (NULL for the province)
  valid_from      TEXT,            -- date it came into existence, NULL = long before our data
  valid_to        TEXT,            -- last day it existed (after a merger), NULL = still exists
  successor_code  TEXT REFERENCES agencies(code),  -- who took over its work after valid_to
  iso_standard    TEXT,            -- QMS standard in force, e.g. 'TCVN ISO 9001:2015'
  iso_mode        TEXT CHECK (iso_mode IN ('first', 'conversion')),
                  -- first adoption, or conversion from TCVN ISO 9001:2008 (Plan 35/KH-UBND)
  iso_plan        TEXT,            -- plan that set the target, e.g. '35/KH-UBND 14/12/2018'
  iso_target      TEXT,            -- date by which the plan wanted the QMS announced
  iso_announced   TEXT,            -- date the agency announced conformity, NULL = not yet
  eiso_target     TEXT,            -- electronic-ISO target date (2025/2027/2030 by level)
  eiso_date       TEXT,            -- date electronic ISO went live, NULL = not yet
  last_audit      TEXT,            -- last internal audit (required at least yearly)
  last_review     TEXT,            -- last management review (required at least yearly)
  -- Whom a citizen calls and where they go (public: dossier pages, the
  -- kiosk and the receipt show them).  Free text, as the office writes it.
  phone           TEXT,            -- the one-stop office's phone, e.g. '0260 3862 888'
  address         TEXT,            -- the one-stop office's address: where to bring a supplement
  hours           TEXT,            -- its opening hours, e.g. 'Thứ 2 - Thứ 6: 7:30-11:30, 13:30-17:00'
  -- Where citizens collect results (the wallboard names it), e.g.
  -- 'Quầy số 3, Bộ phận Một cửa'; NULL = not said.
  pickup_place    TEXT,
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX agencies_parent ON agencies(parent_code);
CREATE INDEX agencies_successor ON agencies(successor_code);

-- Administrative procedures (national database codes).
CREATE TABLE procedures (
  code        TEXT PRIMARY KEY,     -- national code, e.g. '1.001193'
  name        TEXT NOT NULL,        -- Vietnamese name
  name_en     TEXT,                 -- English name
  field_code  TEXT NOT NULL REFERENCES fields(code),
  level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
              -- level of government that performs it
  limit_days  REAL NOT NULL CHECK (limit_days > 0),
              -- statutory time limit in working days (0.5 = half a day)
  fee_vnd     INTEGER CHECK (fee_vnd IS NULL OR fee_vnd >= 0),
              -- fee or charge in đồng for the usual case; NULL = see fee_note
  fee_note    TEXT,                 -- fee as the law words it, when one number does not say it
  legal_basis TEXT,                 -- the legal document that sets the limit
  legal_changed TEXT                -- date the latest change of that document took effect
                                    -- (processes must be re-issued within 3 months)
);
CREATE INDEX procedures_field ON procedures(field_code);

-- The documents a citizen hands in for a procedure ("thành phần hồ sơ"),
-- in the order the procedure lists them: how many originals ("bản chính")
-- and copies ("bản sao"), and a note (when it is needed, what may replace
-- it; 0 originals and 0 copies: shown, not handed in).
CREATE TABLE procedure_documents (
  procedure_code TEXT NOT NULL REFERENCES procedures(code),
  seq            INTEGER NOT NULL CHECK (seq >= 1),
  name           TEXT NOT NULL,    -- Vietnamese, as the procedure words it
  name_en        TEXT,
  originals      INTEGER NOT NULL DEFAULT 0 CHECK (originals BETWEEN 0 AND 99),
  copies         INTEGER NOT NULL DEFAULT 0 CHECK (copies BETWEEN 0 AND 99),
  note           TEXT,
  note_en        TEXT,
  PRIMARY KEY (procedure_code, seq)
) WITHOUT ROWID;

-- ISO processes ("quy trình nội bộ"): one agency's published process for one
-- procedure, one row per version.
CREATE TABLE processes (
  id             INTEGER PRIMARY KEY,  -- surrogate key, referenced by dossiers
  doc_code       TEXT NOT NULL,        -- document code, e.g. 'QT-HT-01'
  version        INTEGER NOT NULL CHECK (version >= 1),  -- issue number
  agency_code    TEXT NOT NULL REFERENCES agencies(code),
  procedure_code TEXT NOT NULL REFERENCES procedures(code),
  effective_from TEXT NOT NULL,        -- first day in force
  effective_to   TEXT,                 -- last day in force, NULL = still in force
  UNIQUE (agency_code, doc_code, version),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE INDEX processes_procedure ON processes(procedure_code, agency_code);

-- Ordered steps of a process. Allowances add up to the procedure's limit.
CREATE TABLE steps (
  process_id      INTEGER NOT NULL REFERENCES processes(id),
  step_no         INTEGER NOT NULL CHECK (step_no >= 1),   -- 1, 2, ... in order
  name            TEXT NOT NULL,      -- what is done, Vietnamese
  name_en         TEXT,               -- English
  unit            TEXT NOT NULL,      -- responsible unit or post
  allowance_hours REAL NOT NULL CHECK (allowance_hours > 0),  -- working hours allowed
  PRIMARY KEY (process_id, step_no)
) WITHOUT ROWID;

-- Dossiers ("hồ sơ").  The applicant_* columns are private: they go on the
-- printed receipt and nowhere public.
CREATE TABLE dossiers (
  code           TEXT PRIMARY KEY,   -- 'AGENCY-YYMMDD-NNNN', e.g. '000.00.01.H34-250312-0042'
  procedure_code TEXT NOT NULL REFERENCES procedures(code),
  process_id     INTEGER NOT NULL REFERENCES processes(id),  -- version in force when received
  agency_code    TEXT NOT NULL REFERENCES agencies(code),    -- receiving agency
  channel        TEXT NOT NULL CHECK (channel IN ('counter', 'online', 'post')),
  received_at    TEXT NOT NULL,      -- instant the dossier was accepted
  due_at         TEXT NOT NULL,      -- appointment on the receipt (clock stops not included)
  new_due_at     TEXT,               -- new appointment given with an apology slip
  status         TEXT NOT NULL CHECK (status IN ('processing', 'supplement', 'paused', 'ready', 'returned', 'rejected', 'withdrawn')),
                 -- processing: in the steps; supplement: waiting for the citizen;
                 -- paused: clock stopped by rule; ready: result awaiting pickup;
                 -- returned: result handed over; rejected / withdrawn: ended without a result
  resolved_at    TEXT,               -- result ready (or rejection), NULL while pending
  returned_at    TEXT,               -- result handed to the applicant
  documents      TEXT,               -- documents received, as listed on the receipt
  applicant_name    TEXT NOT NULL,   -- PRIVATE: full name
  applicant_id      TEXT,            -- PRIVATE: citizen ID (CCCD) number
  applicant_phone   TEXT,            -- PRIVATE
  applicant_address TEXT,            -- PRIVATE
  updated_at     TEXT NOT NULL,      -- last change to this row or its events (back office sets it)
  applicant_email TEXT,              -- PRIVATE (trackdb sync: Email)
  applicant_fax   TEXT,              -- PRIVATE (trackdb sync: Fax)
  applicant_ident TEXT,              -- PRIVATE: personal identification number (DinhDanhCHS)
  CHECK (due_at >= received_at),
  CHECK (resolved_at IS NULL OR resolved_at >= received_at),
  CHECK (returned_at IS NULL OR (resolved_at IS NOT NULL AND returned_at >= resolved_at))
);
CREATE INDEX dossiers_agency_received ON dossiers(agency_code, received_at);
CREATE INDEX dossiers_procedure_received ON dossiers(procedure_code, received_at);
CREATE INDEX dossiers_updated ON dossiers(updated_at);
CREATE INDEX dossiers_status ON dossiers(status);

-- The dossier event log, in the order things happened.
CREATE TABLE events (
  id           INTEGER PRIMARY KEY,  -- increasing; order of entry
  dossier_code TEXT NOT NULL REFERENCES dossiers(code),
  at           TEXT NOT NULL,        -- instant
  kind         TEXT NOT NULL CHECK (kind IN (
                 'step_start', 'step_done', 'supplement_request', 'supplement_received',
                 'pause', 'resume', 'apology', 'result_ready', 'returned', 'rejected', 'withdrawn')),
  step_no      INTEGER,              -- the step, for step_start/step_done (else NULL)
  new_due_at   TEXT,                 -- the new appointment, for 'apology'
  actor        TEXT,                 -- PRIVATE-ish: the official who acted; not published
  note         TEXT,                 -- internal note; not published
  -- What the office asks of the citizen (supplement_request, pause): PUBLIC,
  -- shown on the dossier page and the kiosk while the dossier waits, so it
  -- is kept apart from the note.  trackdb sync: NoiDungBoSung.
  request      TEXT,                 -- what to bring or do, e.g. 'Bản sao giấy khai sinh'
  request_due  TEXT,                 -- bring it by this instant; NULL = no deadline given
  CHECK ((request IS NULL AND request_due IS NULL) OR kind IN ('supplement_request', 'pause')),
  CHECK ((kind IN ('step_start', 'step_done')) = (step_no IS NOT NULL)),
  CHECK ((kind = 'apology') = (new_due_at IS NOT NULL))
);
CREATE INDEX events_dossier ON events(dossier_code, at, id);

-- What `trackdb sync` received from a province's one-stop system in the
-- national portal's shape (data/CSV.md, "Sync"), once each: a record sent
-- again is recognised here and changes nothing.

-- Progress records (CapNhatTienDoHoSoMC): one action on a dossier.
CREATE TABLE sync_progress (
  dossier_code TEXT NOT NULL REFERENCES dossiers(code),  -- MaHoSo
  at           TEXT NOT NULL,            -- ThoiDiemXuLy, the instant of the action
  unit         TEXT NOT NULL DEFAULT '', -- PhongBanXuLy, the unit that acted
  action       TEXT NOT NULL DEFAULT '', -- NoiDungXuLy: internal, may name people; not published
  state        INTEGER CHECK (state BETWEEN 1 AND 10), -- TrangThai, the portal's status code
  official     TEXT,                     -- NguoiXuLy: PRIVATE, the official; not published
  title        TEXT,                     -- ChucDanh, the official's post
  started_at   TEXT,                     -- NgayBatDau, the step's start
  planned_end  TEXT,                     -- NgayKetThucTheoQuyDinh, the step's deadline
  step_no      INTEGER,                  -- the ISO step it was mapped to; NULL: unmapped
  PRIMARY KEY (dossier_code, at, unit, action)
) WITHOUT ROWID;

-- Supplement requests (a dossier record's DanhSachHoSoBoSung).
CREATE TABLE sync_supplements (
  dossier_code TEXT NOT NULL REFERENCES dossiers(code),
  requested_at TEXT NOT NULL,            -- NgayBoSung
  received_at  TEXT,                     -- NgayTiepNhanBoSung, NULL while awaited
  due_before   TEXT,                     -- NgayHenTraTruoc, the appointment before it
  content      TEXT,                     -- NoiDungBoSung: what was asked (public: events.request)
  PRIMARY KEY (dossier_code, requested_at)
) WITHOUT ROWID;

-- The operator's mapping from what a one-stop system calls a unit or an
-- action to the ISO process's step.  A progress record takes the first
-- match of: its procedure's rows, then '*' rows, by PhongBanXuLy then by
-- NoiDungXuLy; then a step of the dossier's process whose unit or name is
-- the same text.  Compared without regard to case (Vietnamese letters
-- included) or spaces at either end.  Load with `trackdb import DB step_map FILE.csv`.
CREATE TABLE sync_step_map (
  procedure_code TEXT NOT NULL DEFAULT '*', -- a procedure's code, or '*' for any
  match          TEXT NOT NULL,             -- a PhongBanXuLy or NoiDungXuLy value
  step_no        INTEGER NOT NULL CHECK (step_no >= 1),
  PRIMARY KEY (procedure_code, match)
);

-- The change journal: one row per change to a dossier or its events, in
-- the order they were made, so that a publisher reads only what changed
-- since its last run instead of fingerprinting every dossier.  The
-- triggers below fill it for every writer, trackdb or any other.
-- AUTOINCREMENT: a sequence number is never reused, also after
-- `trackdb prune` deleted the rows every publisher had read.
CREATE TABLE journal (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT, -- grows with every change
  dossier_code TEXT NOT NULL                      -- the dossier that changed (no foreign
                                                  -- key: a deleted dossier is a change too)
);
-- Names this file's journal: a publisher whose mark names another one
-- (the database was replaced or restored) verifies everything.
INSERT INTO meta (key, value) VALUES ('journal_id', lower(hex(randomblob(8))));
-- Rows up to this sequence number were pruned: a publisher that read less
-- than that missed some and verifies everything.
INSERT INTO meta (key, value) VALUES ('journal_pruned_through', '0');

CREATE TRIGGER journal_dossier_insert AFTER INSERT ON dossiers BEGIN
  INSERT INTO journal (dossier_code) VALUES (NEW.code);
END;
CREATE TRIGGER journal_dossier_update AFTER UPDATE ON dossiers BEGIN
  INSERT INTO journal (dossier_code) VALUES (NEW.code);
  INSERT INTO journal (dossier_code) SELECT OLD.code WHERE OLD.code <> NEW.code;
END;
CREATE TRIGGER journal_dossier_delete AFTER DELETE ON dossiers BEGIN
  INSERT INTO journal (dossier_code) VALUES (OLD.code);
END;
CREATE TRIGGER journal_event_insert AFTER INSERT ON events BEGIN
  INSERT INTO journal (dossier_code) VALUES (NEW.dossier_code);
END;
CREATE TRIGGER journal_event_update AFTER UPDATE ON events BEGIN
  INSERT INTO journal (dossier_code) VALUES (NEW.dossier_code);
  INSERT INTO journal (dossier_code) SELECT OLD.dossier_code WHERE OLD.dossier_code <> NEW.dossier_code;
END;
CREATE TRIGGER journal_event_delete AFTER DELETE ON events BEGIN
  INSERT INTO journal (dossier_code) VALUES (OLD.dossier_code);
END;

-- Citizens' satisfaction (ISO 9001:2015 clause 9.1.2; the service index of
-- Decision 766/QĐ-TTg).  The questions are data: a template per province or
-- agency, 'default' when neither has one.  A kiosk rates a dossier only
-- once the citizen opened it (token or code + check code); no personal data
-- is asked or stored.
CREATE TABLE rating_questions (
  template TEXT NOT NULL DEFAULT 'default', -- 'default', 'province' or an agency code
  question TEXT NOT NULL,                   -- short code, e.g. 'overall'
  seq      INTEGER NOT NULL,                -- display order
  text     TEXT NOT NULL,                   -- Vietnamese wording
  text_en  TEXT,                            -- English wording
  PRIMARY KEY (template, question)
);
CREATE TABLE rating_choices (
  template  TEXT NOT NULL,
  question  TEXT NOT NULL,
  choice    TEXT NOT NULL,                  -- code, e.g. 'very_satisfied', 'satisfied', 'unsatisfied'
  seq       INTEGER NOT NULL,               -- display order
  text      TEXT NOT NULL,
  text_en   TEXT,
  satisfied INTEGER NOT NULL CHECK (satisfied IN (0, 1)), -- counts in the satisfied share
  PRIMARY KEY (template, question, choice),
  FOREIGN KEY (template, question) REFERENCES rating_questions(template, question)
);
-- Reasons offered after a choice with satisfied = 0 (optional to give).
CREATE TABLE rating_reasons (
  template TEXT NOT NULL,
  question TEXT NOT NULL,
  reason   TEXT NOT NULL,                   -- code, e.g. 'wait'
  seq      INTEGER NOT NULL,
  text     TEXT NOT NULL,
  text_en  TEXT,
  PRIMARY KEY (template, question, reason),
  FOREIGN KEY (template, question) REFERENCES rating_questions(template, question)
);
INSERT INTO rating_questions (template, question, seq, text, text_en) VALUES
  ('default', 'overall', 1, 'Mức độ hài lòng của Ông/Bà với việc giải quyết hồ sơ này',
   'How satisfied are you with how this dossier was handled?');
INSERT INTO rating_choices (template, question, choice, seq, text, text_en, satisfied) VALUES
  ('default', 'overall', 'very_satisfied', 1, 'Rất hài lòng', 'Very satisfied', 1),
  ('default', 'overall', 'satisfied', 2, 'Hài lòng', 'Satisfied', 1),
  ('default', 'overall', 'unsatisfied', 3, 'Không hài lòng', 'Not satisfied', 0);
INSERT INTO rating_reasons (template, question, reason, seq, text, text_en) VALUES
  ('default', 'overall', 'wait', 1, 'Phải chờ đợi quá lâu', 'I waited too long'),
  ('default', 'overall', 'extra_docs', 2, 'Bị yêu cầu thêm giấy tờ ngoài quy định',
   'I was asked for documents the rules do not require'),
  ('default', 'overall', 'guidance', 3, 'Hướng dẫn không rõ ràng', 'The guidance was unclear'),
  ('default', 'overall', 'attitude', 4, 'Thái độ của cán bộ chưa tốt', 'The staff''s attitude'),
  ('default', 'overall', 'late', 5, 'Trả kết quả trễ hẹn', 'The result came later than promised');

-- Ratings as the kiosks recorded them (`trackdb import DB ratings FILE`).
-- A dossier may be rated again (a later rating replaces it in the figures);
-- every row is kept.
CREATE TABLE ratings (
  id           TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
               -- 32 hex digits made by the kiosk; the import is idempotent on it
  dossier_code TEXT NOT NULL REFERENCES dossiers(code),
  question     TEXT NOT NULL,              -- rating_questions.question
  choice       TEXT NOT NULL,              -- rating_choices.choice
  reason       TEXT,                       -- rating_reasons.reason, for a low rating
  rated_at     TEXT NOT NULL,              -- local instant 'YYYY-MM-DD HH:MM:SS'
  source       TEXT NOT NULL CHECK (source IN ('kiosk', 'counter')),
               -- kiosk: after a lookup in the hall; counter: kioskd's rating mode
  device       TEXT                        -- the kiosk's office code / device name
) WITHOUT ROWID;
CREATE INDEX ratings_dossier ON ratings(dossier_code, question, rated_at, id);
-- A dossier's current rating per question: the latest by (rated_at, id).
CREATE VIEW ratings_current AS
  SELECT r.* FROM ratings r
  WHERE NOT EXISTS (SELECT 1 FROM ratings s
                    WHERE s.dossier_code = r.dossier_code AND s.question = r.question
                      AND (s.rated_at > r.rated_at OR (s.rated_at = r.rated_at AND s.id > r.id)));

-- A rating changes what the publisher shows (its statistics), so it is a
-- change for the journal: a publisher run is not skipped as idle.
CREATE TRIGGER journal_rating_insert AFTER INSERT ON ratings BEGIN
  INSERT INTO journal (dossier_code) VALUES (NEW.dossier_code);
END;
CREATE TRIGGER journal_rating_update AFTER UPDATE ON ratings BEGIN
  INSERT INTO journal (dossier_code) VALUES (NEW.dossier_code);
END;
CREATE TRIGGER journal_rating_delete AFTER DELETE ON ratings BEGIN
  INSERT INTO journal (dossier_code) VALUES (OLD.dossier_code);
END;
