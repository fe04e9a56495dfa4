# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, models


class RelanceCheckedMixin(models.AbstractModel):
    """Every constraint of the record runs when it is created.

    Odoo runs an ``@api.constrains`` method only for the fields present in the values
    written: a ``create`` over the external API or a CSV import that leaves every
    field of a constraint out (a level with no channel ticked) would pass it. A new
    record is checked whole instead; what ``write`` changes is checked as usual.
    """

    _name = "relance.checked.mixin"
    _description = "Collections record checked whole on creation"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._validate_fields(records._fields)
        return records
