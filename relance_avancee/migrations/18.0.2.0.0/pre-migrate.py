# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.0.0: the channels of levels and communications are named as channels
(``channel_email``…), no longer ``action_*``, the prefix of button methods.

Renamed before the new code loads: the columns keep their values, and Odoo's own
records of the fields (``ir_model_fields`` and their external ids) follow, so that
their translations and any view or filter a user built on them are kept.
"""

from odoo.tools import SQL

CHANNELS = ("email", "letter", "registered_letter", "call", "hand_over", "note")
MODELS = ("relance.level", "relance.communication")


def migrate(cr, version):
    if not version:
        return
    for model in MODELS:
        table = model.replace(".", "_")
        for channel in CHANNELS:
            old, new = f"action_{channel}", f"channel_{channel}"
            cr.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = %s",
                (table, old),
            )
            if not cr.fetchone():
                continue
            cr.execute(
                SQL(
                    "ALTER TABLE %s RENAME COLUMN %s TO %s",
                    SQL.identifier(table),
                    SQL.identifier(old),
                    SQL.identifier(new),
                )
            )
            cr.execute(
                "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
                (new, model, old),
            )
            cr.execute(
                "UPDATE ir_model_data SET name = %s WHERE module = 'relance_avancee' "
                "AND model = 'ir.model.fields' AND name = %s",
                (f"field_{table}__{new}", f"field_{table}__{old}"),
            )
