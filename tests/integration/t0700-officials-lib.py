#!/usr/bin/env python3
"""The officials' test's own side: make pending dossiers for two agencies
in a procedure database, and work out their early warnings independently
of the C code (own working-time arithmetic over the database's calendar).

  t0700-officials-lib.py make DB NOW AGENCY...   add dossiers, print nothing
  t0700-officials-lib.py expect DB NOW WAIT_DAYS AGENCY
        print 'code<TAB>kinds<TAB>due' for every dossier that warns, sorted
"""
import datetime as dt
import random
import sqlite3
import sys

EPOCH = dt.datetime(1970, 1, 1)


def tmin(s):
    return int((dt.datetime.strptime(s[:16], "%Y-%m-%d %H:%M") - EPOCH).total_seconds() // 60)


def fmt(t):
    return (EPOCH + dt.timedelta(minutes=t)).strftime("%Y-%m-%d %H:%M")


class Cal:
    def __init__(self, db):
        self.sessions = [(int(o[:2]) * 60 + int(o[3:]), int(c[:2]) * 60 + int(c[3:]))
                         for o, c in db.execute("SELECT opens, closes FROM office_hours ORDER BY opens")]
        self.kind = dict(db.execute("SELECT day, kind FROM calendar"))

    def working_day(self, day):
        d = (EPOCH + dt.timedelta(days=day)).date()
        k = self.kind.get(d.isoformat())
        if k == "working":
            return True
        if k in ("holiday", "compensatory", "swap_off"):
            return False
        return d.weekday() < 5

    def working_minutes(self, a, b):
        """Working minutes in [a, b)."""
        n = 0
        for day in range(a // 1440, (b - 1) // 1440 + 1 if b > a else a // 1440):
            if not self.working_day(day):
                continue
            for o, c in self.sessions:
                lo, hi = max(a, day * 1440 + o), min(b, day * 1440 + c)
                n += max(0, hi - lo)
        return n

    def add(self, t, minutes, stops=()):
        """The instant when MINUTES of working time outside STOPS have
        passed since T: walk working minute by minute, day by day."""
        if minutes == 0:
            return t
        day = t // 1440
        left = minutes
        while True:
            if self.working_day(day):
                for o, c in self.sessions:
                    m = max(t, day * 1440 + o)
                    while m < day * 1440 + c:
                        if not any(f <= m < e for f, e in stops):
                            left -= 1
                            if left == 0:
                                return m + 1
                        m += 1
            day += 1

    def next_open(self, t):
        day = t // 1440
        while True:
            if self.working_day(day):
                for o, c in self.sessions:
                    if t < day * 1440 + c:
                        return max(t, day * 1440 + o)
            day += 1

    def horizon(self, now):
        day = now // 1440 + 1
        while not self.working_day(day):
            day += 1
        return day * 1440 + self.sessions[-1][1]


def processes(db, agency):
    out = []
    for pid, proc in db.execute(
            "SELECT id, procedure_code FROM processes WHERE agency_code = ? AND effective_to IS NULL "
            "ORDER BY id", (agency,)):
        steps = [int(round(h * 60)) for (h,) in db.execute(
            "SELECT allowance_hours FROM steps WHERE process_id = ? ORDER BY step_no", (pid,))]
        out.append((pid, proc, steps))
    return out


def make(db, now, agencies):
    cal = Cal(db)
    rnd = random.Random(15)
    seq = 9000
    for agency in agencies:
        procs = processes(db, agency)
        for i in range(60):
            pid, proc, steps = procs[i % len(procs)]
            total = sum(steps)
            # Received between 1 hour and about 1.6 times the allowance ago, in
            # working time, at any minute (some outside office hours).
            back = rnd.randint(60, int(total * 1.6) + 480)
            received = now - 1
            while cal.working_minutes(received, now) < back:
                received -= 60
            received -= rnd.randint(0, 59)
            seq += 1
            code = "%s-%s-%04d" % (agency, fmt(received)[2:10].replace("-", ""), seq)
            start = cal.next_open(received)
            ev, t, status, resolved = [], start, "processing", None
            stop_open = False
            for k, allow in enumerate(steps, 1):
                ev.append((t, "step_start", k))
                used = int(allow * rnd.uniform(0.3, 1.6))
                end = cal.add(t, used)
                if rnd.random() < 0.12 and t < now - 2:
                    # A supplement asked while the step is in hand; brought
                    # back only sometimes.  Nothing happens after it.
                    asked = rnd.randint(t + 1, min(end, now - 1))
                    ev.append((asked, "supplement_request", None))
                    if rnd.random() < 0.3 and asked < now - 2:
                        ev.append((rnd.randint(asked + 1, now - 1), "supplement_received", None))
                    else:
                        stop_open = True
                    break
                if end >= now:
                    break
                ev.append((end, "step_done", k))
                t = end
            else:
                resolved = t  # every step handed over: finished, must not warn
            if resolved is not None:
                ev.append((resolved, "result_ready", None))
                status = "ready"
            elif stop_open:
                status = "supplement"
            ev.sort(key=lambda e: e[0])
            due = cal.add(start, total)
            db.execute(
                "INSERT INTO dossiers (code, procedure_code, process_id, agency_code, channel, "
                "received_at, due_at, status, resolved_at, documents, applicant_name, applicant_id, "
                "applicant_phone, applicant_address, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (code, proc, pid, agency, "counter", fmt(received), fmt(max(due, received)), status,
                 fmt(resolved) if resolved is not None else None, "Đơn",
                 "Hoàng Thị Bíchngọc %d" % seq, "0791%08d" % seq, "0987%06d" % seq,
                 "%d Đường Riêngtư, Kon Tum" % seq, fmt(now)))
            for at, kind, step in ev:
                db.execute("INSERT INTO events (dossier_code, at, kind, step_no) VALUES (?,?,?,?)",
                           (code, fmt(at), kind, step))
    db.commit()


def expect(db, now, wait_days, agency):
    cal = Cal(db)
    day_min = sum(c - o for o, c in cal.sessions)
    horizon = cal.horizon(now)
    rows = []
    for code, received, pid, resolved, status in db.execute(
            "SELECT code, received_at, process_id, resolved_at, status FROM dossiers "
            "WHERE agency_code = ? ORDER BY code", (agency,)).fetchall():
        if resolved or status in ("withdrawn", "rejected"):
            continue
        total = sum(int(round(h * 60)) for (h,) in db.execute(
            "SELECT allowance_hours FROM steps WHERE process_id = ?", (pid,)))
        stops, open_from = [], None
        for at, kind in db.execute("SELECT at, kind FROM events WHERE dossier_code = ? "
                                   "ORDER BY at, id", (code,)):
            if kind in ("supplement_request", "pause"):
                open_from = (tmin(at), kind)
            elif kind in ("supplement_received", "resume"):
                stops.append((open_from[0], tmin(at)))
                open_from = None
        eff = stops + ([(open_from[0], max(now, open_from[0]))] if open_from else [])
        due = cal.add(cal.next_open(tmin(received)), total, eff)
        kinds = []
        if now > due:
            kinds.append("overdue")
        elif not open_from and due <= horizon:
            kinds.append("due_soon")
        if open_from and open_from[1] == "supplement_request" and \
                cal.working_minutes(open_from[0], now) > wait_days * day_min:
            kinds.append("waiting")
        if kinds:
            rows.append("%s\t%s\t%s" % (code, ",".join(kinds), fmt(due)))
    print("\n".join(sorted(rows)))


def main():
    db = sqlite3.connect(sys.argv[2])
    now = tmin(sys.argv[3])
    if sys.argv[1] == "make":
        make(db, now, sys.argv[4:])
    else:
        expect(db, now, int(sys.argv[4]), sys.argv[5])


main()
