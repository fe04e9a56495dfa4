# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RelanceCommunicationPostpone(models.TransientModel):
    """Postpone the decision on communications waiting for approval to a date."""

    _name = "relance.communication.postpone"
    _description = "Postpone a collections communication"

    communication_ids = fields.Many2many("relance.communication", required=True)
    date = fields.Date(
        "Until",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
    )
    note = fields.Text()

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        if any(wizard.date <= today for wizard in self):
            raise ValidationError(
                self.env._("Postpone to a day after today: the decision can wait, not go back.")
            )

    def action_postpone(self):
        self.ensure_one()
        self.communication_ids._postpone(self.date, self.note)
        return {"type": "ir.actions.act_window_close"}
