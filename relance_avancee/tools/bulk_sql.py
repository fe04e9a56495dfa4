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

import math

from odoo.tools import SQL

LOG_ACCESS_COLUMNS = ("create_uid", "write_uid", "create_date", "write_date")


def unfilled_fields(model, columns):
    """The stored fields of ``model`` an INSERT of ``columns`` would leave wrong:
    required ones, ones with a default, and stored computed ones (the ORM's create
    would fill or compute them; this does not)."""
    given = set(columns) | set(LOG_ACCESS_COLUMNS) | {"id"}
    return sorted(
        name
        for name, field in model._fields.items()
        if field.store
        and field.column_type
        and name not in given
        and (field.required or field.default is not None or field.compute)
    )


def insert_rows(model, columns, rows, conflict=None, returning=(), company=None):
    """Insert ``rows`` (tuples in ``columns``' order) into ``model``'s table.

    Checked first: the user may create ``model``'s records (and, with
    ``conflict``, write them), and ``columns`` leave no required, defaulted or
    stored computed field unfilled (another module adding a required field to the
    model gets an error here, not rows the ORM would have refused); the inserted
    rows must then pass the record rules. Column types come from the model's fields.
    ``create_uid``/``create_date`` and ``write_uid``/``write_date`` are filled in
    when the model logs access. ``conflict``: an ``SQL`` clause appended as is
    (``ON CONFLICT ...``). ``company``: the company every row belongs to, when the
    caller built the rows from that company's records (the daily run, from the lines
    it read from its company): its linked records are checked against it without
    reading each row's company back.

    Returns the inserted rows' ``returning`` columns, in no particular order
    (PostgreSQL does not promise to keep ``rows``' order): ask for the columns that
    tell the rows apart, and match them back with :func:`index_by_key`.

    The caller flushes what the statement depends on and invalidates the cache of
    what it changes; this tells the ORM which fields of which records changed, so
    that stored computed fields depending on them (on any model) are recomputed.
    """
    if not rows:
        return []
    operations = ("create", "write") if conflict else ("create",)
    check_insert(model, columns, operations)
    model.env.cr.execute(_insert_query(model, columns, rows, conflict, ("id", *returning)))
    inserted = model.env.cr.fetchall()
    records = model.browse(row[0] for row in inserted)
    for operation in operations:
        records.check_access(operation)
    # Linked records of one company, as the ORM's create checks them.
    check_company(records, columns, rows, company)
    records.modified(columns, create=not conflict)
    # A stored computed field given as a column holds the value the caller computed:
    # recomputing it would read back every row for the same value.
    for name in columns:
        field = model._fields.get(name)
        if field is not None and field.compute and field.store:
            model.env.remove_to_compute(field, records)
    return [row[1:] for row in inserted]


def check_company(records, columns, rows, company=None):
    """``records._check_company(columns)`` for the rows just inserted, in a query per
    checked field and company rather than a walk of every record.

    The ORM's check reads each record's company and each linked record's, one record
    at a time (``filtered_domain``): on the run's thousands of rows it cost more than
    the insert itself. Here the values come from ``rows``; the rows' company from
    their ``company_id`` column, or from the record their related ``company_id``
    follows (``communication_id.company_id``), or ``company`` when the caller knows
    it (see :func:`insert_rows`); each linked model is asked once per
    company which of the linked ids its ``_check_company_domain`` accepts. Any row
    refused is handed to the ORM's own check, which raises its usual error. A model
    whose company cannot be read so is checked by the ORM.
    """
    model = records
    names = [name for name in columns if name in model._fields]
    checked = [
        name
        for name in (model._fields if {"company_id", "company_ids"} & set(names) else names)
        if name in names
        and model._fields[name].relational
        and model._fields[name].check_company
        and not model._fields[name].company_dependent
    ]
    if not checked:
        return
    if company is not None and "company_id" not in columns:
        companies = [company.id] * len(rows)
    else:
        companies = _row_companies(model, columns, rows)
    if companies is None:
        records._check_company(names)
        return
    linked = {}
    for company_id, row in zip(companies, rows, strict=True):
        for name in checked:
            value = row[columns.index(name)]
            if value:
                linked.setdefault((name, company_id), set()).add(value)
    for (name, company_id), ids in linked.items():
        comodel = model.env[model._fields[name].comodel_name].sudo().with_context(active_test=False)
        company = model.env["res.company"].browse(company_id or ())
        domain = comodel._check_company_domain(company)
        if not domain:
            continue
        accepted = set(comodel.search([("id", "in", list(ids)), *domain]).ids)
        if accepted != ids:
            refused = ids - accepted
            records.filtered(
                lambda record, name=name, refused=refused: record[name].id in refused
            )._check_company(names)


def _row_companies(model, columns, rows):
    """The company id of each of ``rows``, or None when it cannot be read from the
    rows and one query (a company that is neither a column nor a related field of a
    many2one column)."""
    if "company_id" in columns:
        index = columns.index("company_id")
        return [row[index] for row in rows]
    field = model._fields.get("company_id")
    path = field.related.split(".") if field and field.related else []
    if len(path) != 2 or path[0] not in columns or path[1] != "company_id":
        return None
    index = columns.index(path[0])
    parent = model.env[model._fields[path[0]].comodel_name].sudo().with_context(active_test=False)
    if not parent._fields["company_id"].store:
        return None
    ids = {row[index] for row in rows if row[index]}
    # Plain rows: thousands of records read through the ORM would cost more.
    parent.flush_model(["company_id"])
    query = parent._search([("id", "in", list(ids))])
    company_of = dict(
        model.env.execute_query(
            query.select(
                SQL.identifier(query.table, "id"), SQL.identifier(query.table, "company_id")
            )
        )
    )
    return [company_of.get(row[index]) for row in rows]


def check_insert(model, columns, operations):
    """Refuse an insert of ``columns`` into ``model`` the ORM would refuse: an
    ``operation`` the user may not do, or a field left unfilled (unfilled_fields)."""
    for operation in operations:
        model.check_access(operation)
    unfilled = unfilled_fields(model, columns)
    if unfilled:
        raise ValueError(
            f"bulk insert into {model._name} leaves {', '.join(unfilled)} unfilled: "
            "add them to the columns, or create these records through the ORM"
        )


def _insert_query(model, columns, rows, conflict, returning):
    """The INSERT ... SELECT FROM unnest(arrays) statement of ``rows``."""
    arrays = SQL(", ").join(
        _array(values, model._fields[column].column_type)
        for column, values in zip(columns, zip(*rows, strict=True), strict=True)
    )
    names = [SQL.identifier(column) for column in columns]
    selected = [SQL("*")]
    if model._log_access:
        names += [SQL.identifier(name) for name in LOG_ACCESS_COLUMNS]
        uid = model.env.uid
        now = SQL("NOW() AT TIME ZONE 'UTC'")
        selected += [SQL("%s", uid), SQL("%s", uid), now, now]
    return SQL(
        "INSERT INTO %s (%s) SELECT %s FROM unnest(%s) %s RETURNING %s",
        SQL.identifier(model._table),
        SQL(", ").join(names),
        SQL(", ").join(selected),
        arrays,
        conflict or SQL(),
        SQL(", ").join(map(SQL.identifier, returning)),
    )


def _array(values, column_type):
    """``values`` as one array parameter of the column's type.

    Numbers, dates, booleans and text go as one string in PostgreSQL's array syntax
    (``'{1,2,NULL}'::int4[]``, ``'{"queued","it\\"s"}'::varchar[]``): the server
    reads it in one pass, where psycopg2's ``ARRAY[1, 2, NULL]`` is an expression of
    thousands of elements to parse and plan. Other types (JSON) keep psycopg2's
    quoting. ``None`` and, as the ORM writes it, ``False`` for a non-boolean column
    are NULL.
    """
    name, cast = column_type
    write = _LITERALS.get(name)
    if write is None:
        return SQL("%s::%s[]", list(values), SQL(cast))
    if name == "bool":
        text = ",".join(["NULL" if value is None else write(value) for value in values])
    else:
        text = ",".join(
            ["NULL" if value is None or value is False else write(value) for value in values]
        )
    return SQL("%s::%s[]", f"{{{text}}}", SQL(cast))


def _number(value):
    # repr(float) is exact and PostgreSQL reads it back (1e-05, 0.1); infinities
    # and NaN have no place in accounting rows.
    if value.__class__ is float:
        if not math.isfinite(value):
            raise ValueError(f"bulk insert: {value!r} is not a number a row can hold")
        return repr(value)
    return str(value)


def _text(value):
    # Quoted, so that a comma, a brace or the word NULL stays text; a backslash and a
    # double quote escaped with a backslash (PostgreSQL's array input syntax).
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


# How each type's values are written in an array literal: str() of an int, a date
# (ISO 8601) or a datetime (ISO 8601 with a space) is what PostgreSQL reads.
_LITERALS = {
    "varchar": _text,
    "text": _text,
    "int4": str,
    "int8": str,
    "numeric": _number,
    "float8": _number,
    "bool": lambda value: "t" if value else "f",
    "date": str,
    "timestamp": str,
}


def index_by_key(rows):
    """{key: id} from returned rows ``(id, *key)``; refuses two rows with one key,
    which would match a value back to the wrong row."""
    index = {}
    for id_, *key in rows:
        key = tuple(key)
        if key in index:
            raise ValueError(f"bulk insert: two rows share the key {key}, cannot match them back")
        index[key] = id_
    return index
