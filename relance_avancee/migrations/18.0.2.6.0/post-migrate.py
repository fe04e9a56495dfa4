# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.6.0: the addon grouped by capability. Nothing a user sees changes, but the
month-end aged balance's scheduled action is now a company method
(``res.company._cron_relance_aged_balance_month_end``) rather than one of the aged
balance's transient model: its record, not updated from the data file (``noupdate``),
is pointed at it here, with what a manager set on it (active, next call, interval)
kept.

The stored exposures and scores are read again, as at every upgrade (see
18.0.2.2.0)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("relance_avancee.ir_cron_relance_aged_balance_month_end", False)
    if cron:
        cron.write(
            {
                "model_id": env.ref("base.model_res_company").id,
                "code": "model._cron_relance_aged_balance_month_end()",
            }
        )
    env["relance.credit.exposure"]._fill_every_company()
    env["relance.partner.score"]._fill_every_company()
