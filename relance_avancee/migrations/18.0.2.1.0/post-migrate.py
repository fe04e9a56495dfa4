# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.1.0: credit control. Each customer's exposure is stored per company; a
database upgraded from a version that did not store it gets it filled here, so that
the customer list's "over limit" filter and the credit holds are right at once."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["relance.credit.exposure"]._fill_every_company()
