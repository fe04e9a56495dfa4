# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""New customers checked against the public registers in the background, when their
company asks for it: creating a customer never waits for a register."""

from odoo import api, models
from odoo.exceptions import UserError


# One file per concern of res.partner in this addon: the split is the point.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if self.env.company.relance_register_check_on_create:
            due = partners.filtered(
                lambda partner: partner.is_company
                and not partner.parent_id
                and (partner.company_registry or ("siret" in partner._fields and partner.siret))
            )
            if due:
                due.sudo().relance_register_check_due = True
                # In the background: a slow register must not hold up the creation.
                self.env.ref("relance_avancee.ir_cron_relance_register_checks")._trigger()
        return partners

    @api.model
    def _cron_relance_check_registers(self, batch_size=20):
        """Check the customers created while their company asks the registers about
        new customers. A register that fails is said in the customer's chatter (the
        check can be done again with the button); the customer is not retried."""
        due = self.search([("relance_register_check_due", "=", True)], limit=batch_size + 1)
        batch, remaining = due[:batch_size], len(due) - min(len(due), batch_size)
        for partner in batch:
            partner.relance_register_check_due = False
            try:
                with self.env.cr.savepoint():
                    partner._relance_check_registers()
            except UserError as error:
                partner.message_post(
                    body=self.env._(
                        "The public registers could not be checked: %(reason)s",
                        reason=error.args[0],
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
