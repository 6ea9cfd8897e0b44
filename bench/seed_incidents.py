#!/usr/bin/env python3
"""Writes a SQLite incident record of N incidents for the `incident due` benchmark (README,
"The incident record on PostgreSQL"): each incident is an `opened` event copied from a template
record made by `tocsin incident open` (so replay accepts it), with its own id, title and time,
chained with the same SHA-256 encoding as src/incident/chain.cpp. `tocsin store copy` then moves
it to PostgreSQL.

Usage: seed_incidents.py TEMPLATE.db OUT.db N
"""
import hashlib
import json
import os
import sqlite3
import sys


def event_hash(prev, incident, actor, time, type_, payload):
    data = b"tocsin-incident-event-v1\n"
    for field in (prev, incident, actor, time, type_, payload):
        raw = field.encode()
        data += str(len(raw)).encode() + b":" + raw + b"\n"
    return hashlib.sha256(data).hexdigest()


def main():
    template, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    src = sqlite3.connect(template)
    _, _, actor, time, type_, payload, _, _ = src.execute(
        "SELECT * FROM events WHERE type = 'opened' ORDER BY seq LIMIT 1").fetchone()
    base = json.loads(payload)
    if os.path.exists(out):
        sys.exit(out + " exists")
    fd = os.open(out, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    db = sqlite3.connect(out)
    db.executescript(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, incident TEXT NOT NULL, actor TEXT NOT NULL, "
        "time TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
        "CREATE INDEX events_by_incident ON events(incident, seq);"
        "CREATE TABLE head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('schema', 'tocsin-incidents-1');")
    prev = "0" * 64
    rows = []
    for i in range(1, count + 1):
        incident = "INC-%04d" % i
        body = dict(base)
        body["title"] = "Seeded incident %d" % i
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        h = event_hash(prev, incident, actor, time, type_, text)
        rows.append((i, incident, actor, time, type_, text, prev, h))
        prev = h
    db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("INSERT INTO head VALUES (1, ?, ?)", (count, prev))
    db.commit()


if __name__ == "__main__":
    main()
