# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

# The actions that ask before using an unverified rate, and only those: the wizard
# calls back what its record names.
CONFIRMABLE = {
    "relance.penalty.invoice": "action_create_invoices",
    "relance.communication": "action_print_letter",
}


class RelanceUnverifiedRateConfirm(models.TransientModel):
    """Before penalty invoices are created or formal notices printed with rates
    nobody could read in a source document: say which, and go on only if asked."""

    _name = "relance.unverified.rate.confirm"
    _description = "Confirm the use of unverified reference rates"

    message = fields.Text(readonly=True)
    res_model = fields.Char("Model", required=True)
    res_ids = fields.Json("Records", required=True)

    @api.model
    def _ask(self, records, message):
        """The action that asks the user about ``message`` before ``records`` go on."""
        wizard = self.create(
            {"message": message, "res_model": records._name, "res_ids": records.ids}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Unverified Reference Rates"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_confirm(self):
        self.ensure_one()
        method = CONFIRMABLE.get(self.res_model)
        if not method:
            raise UserError(self.env._("Nothing to confirm here."))
        records = self.env[self.res_model].browse(self.res_ids).exists()
        return getattr(records.with_context(relance_unverified_rates_confirmed=True), method)()
