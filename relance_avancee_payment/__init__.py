# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import controllers, models


def post_init_hook(env):
    """Installed with demo data: Odoo's demo payment provider, when installed
    (payment_demo), published for the French demo company, so that its customers
    pay their reminders and instalments online (in test mode: no money moves)."""
    module = env["ir.module.module"].search([("name", "=", "relance_avancee_payment")])
    french = env.ref("relance_avancee.demo_company_fr", raise_if_not_found=False)
    demo = env.ref("payment.payment_provider_demo", raise_if_not_found=False)
    if not (module.demo and french and demo and demo.code == "demo"):
        return
    providers = env["payment.provider"].sudo()
    if providers.search([("code", "=", "demo"), ("company_id", "=", french.id)]):
        return
    demo.sudo().copy(
        {
            "company_id": french.id,
            "state": "test",
            "is_published": True,
            "payment_method_ids": [(6, 0, demo.payment_method_ids.ids)],
        }
    )
