# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.2.0: the reliability score, stored per customer and company. A database
upgraded from a version without it gets every score computed here rather than at the
next daily run, so that the badge, the filters and the worst payers are there at once.

The stored exposures are read again too: they are figures derived from the book, a
full refresh costs a fraction of a second (see the README's benchmarks), and an
upgrade then never leaves them older than the code that reads them."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["relance.credit.exposure"]._fill_every_company()
    env["relance.partner.score"]._fill_every_company()
