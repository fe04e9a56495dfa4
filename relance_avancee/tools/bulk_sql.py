# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Insert thousands of plain rows in one statement, for the daily run's history.

The run records thousands of facts a day (communications, their items, the lines'
levels) that need no default, computation or message: the ORM's create would cost a
query and Python work per row. Rows go to PostgreSQL as one array per column and
``unnest`` turns them back into rows: the statement's text stays a few lines long
whatever the number of rows, so neither Python nor the server spends time on a
``VALUES`` list of thousands of tuples.
"""

from odoo.tools import SQL

LOG_ACCESS_COLUMNS = ("create_uid", "write_uid", "create_date", "write_date")


def insert_rows(model, columns, rows, conflict=None, returning=()):
    """Insert ``rows`` (tuples in ``columns``' order) into ``model``'s table.

    Column types come from the model's fields. ``create_uid``/``create_date`` and
    ``write_uid``/``write_date`` are filled in when the model logs access.
    ``conflict``: an ``SQL`` clause appended as is (``ON CONFLICT ...``).
    Returns the inserted rows' ``returning`` columns, in no particular order
    (PostgreSQL does not promise to keep ``rows``' order): ask for the columns that
    tell the rows apart.

    The caller flushes what the statement depends on and invalidates the cache of
    what it changes: this writes below the ORM.
    """
    if not rows:
        return []
    arrays = SQL(", ").join(
        SQL("%s::%s[]", list(values), SQL(model._fields[column].column_type[1]))
        for column, values in zip(columns, zip(*rows, strict=True), strict=True)
    )
    names = [SQL.identifier(column) for column in columns]
    selected = [SQL("*")]
    if model._log_access:
        names += [SQL.identifier(name) for name in LOG_ACCESS_COLUMNS]
        uid = model.env.uid
        now = SQL("NOW() AT TIME ZONE 'UTC'")
        selected += [SQL("%s", uid), SQL("%s", uid), now, now]
    query = SQL(
        "INSERT INTO %s (%s) SELECT %s FROM unnest(%s) %s %s",
        SQL.identifier(model._table),
        SQL(", ").join(names),
        SQL(", ").join(selected),
        arrays,
        conflict or SQL(),
        SQL("RETURNING %s", SQL(", ").join(map(SQL.identifier, returning))) if returning else SQL(),
    )
    model.env.cr.execute(query)
    return model.env.cr.fetchall() if returning else []
