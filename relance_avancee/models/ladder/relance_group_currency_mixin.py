# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

# The suffix of the integer field that gives a group's currency: for the currency
# field ``currency_id``, ``currency_id_in_group``.
IN_GROUP = "_in_group"


class RelanceGroupCurrencyMixin(models.AbstractModel):
    """Grouped lists show their totals with the currency sign.

    Odoo's list formats a group's total without a currency, which the group's rows
    need not share, and keeps only numbers of what it reads for a group. So, for a
    currency field ``X``, a model declares an integer field ``X_in_group`` with the
    aggregator ``"single"`` (see :meth:`_currency_in_group`): grouped, it is the
    currency's id when all the group's rows have that currency, nothing otherwise.
    The list patch of ``static/src/js/list_group_currency.js`` puts that currency's
    sign on the group's monetary totals; the list view declares ``X_in_group`` as an
    invisible column, so that the web client asks for it.
    """

    _name = "relance.group.currency.mixin"
    _description = "Collections: currency of grouped totals"

    def _compute_currency_in_group(self):
        """The ``X_in_group`` fields of a record: its currencies' ids."""
        names = [name for name in self._fields if name.endswith(IN_GROUP)]
        for record in self:
            for name in names:
                record[name] = record[name.removesuffix(IN_GROUP)].id

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec != "__count":
            fname, property_name, func = parse_read_group_spec(aggregate_spec)
            if func == "single" and fname.endswith(IN_GROUP) and not property_name:
                currency = fname.removesuffix(IN_GROUP)
                # Through min and max: the currency field's access is checked as for them.
                lowest = super()._read_group_select(f"{currency}:min", query)
                highest = super()._read_group_select(f"{currency}:max", query)
                return SQL("CASE WHEN %s = %s THEN %s END", lowest, highest, lowest)
        return super()._read_group_select(aggregate_spec, query)
