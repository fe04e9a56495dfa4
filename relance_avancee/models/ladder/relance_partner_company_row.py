# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, models
from odoo.tools import SQL

from ...tools import bulk_sql


class RelancePartnerCompanyRow(models.AbstractModel):
    """What the daily run stores per (customer, company) in a table of its own (the
    credit exposure, the reliability score): the figures differ per company, the
    customer list filters on them for thousands of customers, and rewriting them
    touches these rows only, never the partners (whose write runs checks and
    tracking). The model declares ``partner_id``, ``company_id`` and a unique
    constraint on the pair."""

    _name = "relance.partner.company.row"
    _description = "Stored per customer and company"

    @api.model
    def _fill(self, company):
        """Compute and store the rows of every customer of ``company``."""
        raise NotImplementedError

    @api.model
    def _fill_every_company(self):
        """Fill every company's rows at once: when the addon (or a bridge adding to
        them) is installed on a book already running, or upgraded from a version that
        did not store them, the customer list is right before the first daily run."""
        # Archived companies too: their customers may be looked at again.
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        for company in companies.search([("active", "in", (True, False))]):
            self._fill(company)

    @api.model
    def _stored_partner_ids(self, company):
        """Customers with a row in ``company``."""
        self.flush_model(["company_id", "partner_id"])
        self.env.cr.execute(
            SQL(
                "SELECT partner_id FROM %s WHERE company_id = %s",
                SQL.identifier(self._table),
                company.id,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _upsert(self, columns, rows):
        """Insert ``rows`` (tuples in ``columns``' order, partner and company first), or
        overwrite the row each (partner, company) already has: one statement."""
        if not rows:
            return
        self.flush_model()
        updates = SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
            for name in columns[2:]
        )
        bulk_sql.insert_rows(
            self.sudo(),
            columns,
            rows,
            conflict=SQL("ON CONFLICT (partner_id, company_id) DO UPDATE SET %s", updates),
        )
        self.invalidate_model()
