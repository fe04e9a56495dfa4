# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import fields, models

from ...tools import bulk_sql


class RelanceCommunicationLine(models.Model):
    _name = "relance.communication.line"
    _check_company_auto = True
    _description = "Item of a collections communication"
    _order = "communication_id, date_maturity, id"
    # A logged fact of its communication, which carries who and when: the run inserts
    # thousands a day, and the four columns would cost two foreign-key checks each.
    _log_access = False

    # Not indexed on its own: the unique (communication, line) index below serves it.
    communication_id = fields.Many2one("relance.communication", required=True, ondelete="cascade")
    # Not stored: the record rule reaches it through the communication, and the run
    # saves a column and a foreign-key check on each of the thousands of rows a day.
    company_id = fields.Many2one(related="communication_id.company_id")
    move_line_id = fields.Many2one(
        "account.move.line", "Journal Item", required=True, index=True, ondelete="restrict"
    )
    # Not stored, as company_id: the journal item leads to it, and a stored copy
    # would cost each inserted row a foreign-key check and an index entry.
    move_id = fields.Many2one(related="move_line_id.move_id", string="Document")
    level_id = fields.Many2one("relance.level", readonly=True, check_company=True)
    date_maturity = fields.Date("Due Date", readonly=True)
    currency_id = fields.Many2one(related="communication_id.currency_id")
    amount_residual = fields.Monetary("Amount Due", readonly=True)
    is_credit = fields.Boolean("Credit", readonly=True)
    moved_up = fields.Boolean(
        readonly=True,
        help="The item reached this level with this communication: it is what the "
        "communication is about. The others are listed as what else is outstanding.",
    )
    paid_before_sending = fields.Boolean(readonly=True)

    _sql_constraints = [
        (
            "line_once",
            "UNIQUE(communication_id, move_line_id)",
            "A journal item is listed once per communication.",
        ),
    ]

    def _insert_items(self, communications_decisions, lines, company=None):
        """Insert the items of freshly created communications in one statement.

        ``communications_decisions``: (communication id, engine decision) pairs;
        ``lines``: the batch's open lines ({line id: OpenLine}); ``company``: the
        company of the communications, when the caller created them
        (``bulk_sql.insert_rows``).
        A run records thousands of items: through the ORM each costs a create with
        its related fields; here the whole batch is one INSERT of plain values
        (nothing is computed on these rows).
        """
        rows = []
        for communication_id, decision in communications_decisions:
            escalated = set(decision.escalated)
            items = [(line_id, level_id, False) for line_id, level_id in decision.items]
            items += [(line_id, None, True) for line_id in decision.credits]
            for line_id, level_id, is_credit in items:
                line = lines[line_id]
                rows.append(
                    (
                        communication_id,
                        line_id,
                        level_id,
                        line.date_maturity,
                        line.residual,
                        is_credit,
                        line_id in escalated,
                    )
                )
        if not rows:
            return
        self.flush_model()
        bulk_sql.insert_rows(
            self,
            (
                "communication_id",
                "move_line_id",
                "level_id",
                "date_maturity",
                "amount_residual",
                "is_credit",
                "moved_up",
            ),
            rows,
            company=company,
        )
        self.invalidate_model()
        self.env["relance.communication"].invalidate_model(["line_ids"])
        self.env["account.move.line"].invalidate_model(["relance_communication_line_ids"])
        self.env["account.move"].invalidate_model(["relance_communication_line_ids"])
