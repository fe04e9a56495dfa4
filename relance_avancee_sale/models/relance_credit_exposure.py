# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import SQL


class RelanceCreditExposure(models.Model):
    _inherit = "relance.credit.exposure"

    @api.model
    def _read_order_sums(self, company, partner_ids, exclude_order_ids):
        """What confirmed orders still commit the customer to, tax included: each
        line's total for the quantity ordered and not yet invoiced.

        The ordered quantity, not the delivered one: a confirmed order is exposure
        before anything ships (Odoo's own ``credit_to_invoice`` counts what is
        delivered for products invoiced on delivery). ``qty_invoiced`` counts the
        draft invoices too, which the exposure counts as drafts: nothing twice.
        """
        rows = super()._read_order_sums(company, partner_ids, exclude_order_ids)
        self.env["sale.order.line"].flush_model(
            ["order_id", "price_total", "product_uom_qty", "qty_invoiced", "display_type"]
        )
        self.env["sale.order"].flush_model(["state", "company_id", "partner_id", "currency_id"])
        excluded = (
            SQL("AND so.id NOT IN %s", tuple(exclude_order_ids)) if exclude_order_ids else SQL()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, 'orders', so.currency_id,
                       SUM(line.price_total
                           * GREATEST(line.product_uom_qty - line.qty_invoiced, 0)
                           / line.product_uom_qty),
                       NULL
                  FROM sale_order_line line
                  JOIN sale_order so ON so.id = line.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s
                   AND so.state = 'sale'
                   AND line.display_type IS NULL
                   AND line.product_uom_qty > 0
                   %(partners)s
                   %(excluded)s
                 GROUP BY 1, 3
                """,
                company=company.id,
                partners=self._partner_clause(SQL("p.commercial_partner_id"), partner_ids),
                excluded=excluded,
            )
        )
        return rows + self.env.cr.fetchall()
