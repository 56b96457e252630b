"""The triggers that keep page write tokens (cluster.models.PageWriteToken), per database.

Triggers rather than signals: a signal misses `QuerySet.update()`, treebeard's
raw SQL for moves, and any other process writing the page table, and a missed
write would hand the publication gate a stale picture of the cluster.
SQLite and PostgreSQL are the databases the project supports; on any other
the table stays empty and `installed()` is False, so the tokens are never read.

Used by migration 0007 and, after every `migrate`, by
`signal_handlers.reinstall_write_token_triggers`: rebuilding the page table
(as Django does on SQLite for some schema changes) drops its triggers.
"""

from __future__ import annotations

STEPLEN = 4  # wagtail.models.Page.steplen: a page's parent path is its path less the last step
TOKEN = 1 << 40  # each token is below 2**40, so a sum of millions of them fits a 64-bit integer
TABLE = "cluster_pagewritetoken"

_SQLITE_TOKEN = f"random() & {TOKEN - 1}"
_SQLITE_ROW = f"NEW.id, substr(NEW.path, 1, length(NEW.path) - {STEPLEN}), {_SQLITE_TOKEN}, {_SQLITE_TOKEN}"
_PG_TOKEN = f"floor(random() * {TOKEN})::bigint"
_COLUMNS = f"{TABLE} (page_id, parent_path, token_a, token_b)"

_SQLITE_TRIGGERS = ("cluster_page_write_insert", "cluster_page_write_update", "cluster_page_write_delete")
_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS cluster_page_write_insert AFTER INSERT ON wagtailcore_page BEGIN
        INSERT OR REPLACE INTO {_COLUMNS} VALUES ({_SQLITE_ROW});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS cluster_page_write_update AFTER UPDATE ON wagtailcore_page BEGIN
        DELETE FROM {TABLE} WHERE page_id = OLD.id AND OLD.id <> NEW.id;
        INSERT OR REPLACE INTO {_COLUMNS} VALUES ({_SQLITE_ROW});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS cluster_page_write_delete AFTER DELETE ON wagtailcore_page BEGIN
        DELETE FROM {TABLE} WHERE page_id = OLD.id;
    END""",
    # Every page's tokens new: whatever was written while the triggers were missing.
    f"""INSERT OR REPLACE INTO {_COLUMNS}
        SELECT id, substr(path, 1, length(path) - {STEPLEN}), {_SQLITE_TOKEN}, {_SQLITE_TOKEN}
        FROM wagtailcore_page""",
    f"DELETE FROM {TABLE} WHERE page_id NOT IN (SELECT id FROM wagtailcore_page)",
]

_POSTGRES = [
    # `SET search_path FROM CURRENT`: the function finds the token table in the
    # schema it was made in, whatever the writing session's search_path.
    f"""CREATE OR REPLACE FUNCTION cluster_page_write() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id <> NEW.id) THEN
            DELETE FROM {TABLE} WHERE page_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO {_COLUMNS}
            VALUES (NEW.id, substr(NEW.path, 1, length(NEW.path) - {STEPLEN}), {_PG_TOKEN}, {_PG_TOKEN})
            ON CONFLICT (page_id) DO UPDATE SET parent_path = excluded.parent_path,
                token_a = excluded.token_a, token_b = excluded.token_b;
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS cluster_page_write ON wagtailcore_page",
    """CREATE TRIGGER cluster_page_write AFTER INSERT OR UPDATE OR DELETE ON wagtailcore_page
        FOR EACH ROW EXECUTE FUNCTION cluster_page_write()""",
    # TRUNCATE fires no row trigger: the tokens go with the pages.
    f"""CREATE OR REPLACE FUNCTION cluster_page_truncate() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        DELETE FROM {TABLE};
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS cluster_page_truncate ON wagtailcore_page",
    """CREATE TRIGGER cluster_page_truncate AFTER TRUNCATE ON wagtailcore_page
        FOR EACH STATEMENT EXECUTE FUNCTION cluster_page_truncate()""",
    f"""INSERT INTO {_COLUMNS}
        SELECT id, substr(path, 1, length(path) - {STEPLEN}), {_PG_TOKEN}, {_PG_TOKEN} FROM wagtailcore_page
        ON CONFLICT (page_id) DO UPDATE SET parent_path = excluded.parent_path,
            token_a = excluded.token_a, token_b = excluded.token_b""",
    f"DELETE FROM {TABLE} WHERE page_id NOT IN (SELECT id FROM wagtailcore_page)",
]

CREATE = {"sqlite": _SQLITE, "postgresql": _POSTGRES}
DROP = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS],
    "postgresql": [
        "DROP TRIGGER IF EXISTS cluster_page_write ON wagtailcore_page",
        "DROP TRIGGER IF EXISTS cluster_page_truncate ON wagtailcore_page",
        "DROP FUNCTION IF EXISTS cluster_page_write()",
        "DROP FUNCTION IF EXISTS cluster_page_truncate()",
    ],
}
# A scalar subquery that is True while every trigger is there and fires. On
# PostgreSQL 'O' and 'A' are the states in which a trigger fires in an
# ordinary session ('D' is disabled, 'R' fires only in replica sessions).
PRESENT = {
    "sqlite": (
        "(SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'wagtailcore_page'"
        f" AND name IN ({', '.join(repr(name) for name in _SQLITE_TRIGGERS)})) = {len(_SQLITE_TRIGGERS)}"
    ),
    "postgresql": (
        "(SELECT count(*) FROM pg_trigger WHERE tgrelid = 'wagtailcore_page'::regclass"
        " AND tgname IN ('cluster_page_write', 'cluster_page_truncate') AND tgenabled IN ('O', 'A')) = 2"
    ),
}


# One page's row made again from its page row, as the triggers make it, for a
# row written by something else (see signal_handlers.renew_loaded_write_token):
# new tokens, the page's current parent path, and no row for a page that is gone.
_RENEW = {
    "sqlite": [
        f"""INSERT OR REPLACE INTO {_COLUMNS}
            SELECT id, substr(path, 1, length(path) - {STEPLEN}), {_SQLITE_TOKEN}, {_SQLITE_TOKEN}
            FROM wagtailcore_page WHERE id = %s""",
        f"DELETE FROM {TABLE} WHERE page_id = %s AND page_id NOT IN (SELECT id FROM wagtailcore_page)",
    ],
    "postgresql": [
        f"""INSERT INTO {_COLUMNS}
            SELECT id, substr(path, 1, length(path) - {STEPLEN}), {_PG_TOKEN}, {_PG_TOKEN}
            FROM wagtailcore_page WHERE id = %s
            ON CONFLICT (page_id) DO UPDATE SET parent_path = excluded.parent_path,
                token_a = excluded.token_a, token_b = excluded.token_b""",
        f"DELETE FROM {TABLE} WHERE page_id = %s AND page_id NOT IN (SELECT id FROM wagtailcore_page)",
    ],
}


def renew(connection, page_id: int) -> None:
    with connection.cursor() as cursor:
        for statement in _RENEW.get(connection.vendor, ()):
            cursor.execute(statement, [page_id])


def install(connection) -> None:
    """Create the triggers (where missing) and give every page new tokens."""
    with connection.cursor() as cursor:
        for statement in CREATE.get(connection.vendor, ()):
            cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, ()):
            cursor.execute(statement)


def installed(connection) -> bool:
    """Whether the triggers are there and fire (False on any other database)."""
    if connection.vendor not in PRESENT:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {PRESENT[connection.vendor]}")
        return bool(cursor.fetchone()[0])
