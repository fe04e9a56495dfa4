# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advanced Collections – Online Payment (Relance avancée – Paiement en ligne)",
    "summary": "Pay-now links in every reminder and payment plan, the customer's open "
    "items and statement of account on the portal, paid through Odoo's payment providers",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/relance-avancee/relance_avancee",
    "author": "relance_avancee developers",
    "maintainers": ["relance-avancee"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["relance_avancee", "account_payment"],
    "auto_install": True,
    "post_init_hook": "post_init_hook",
    "data": [
        "views/relance_email_templates.xml",
        "views/relance_pay_portal_templates.xml",
        "views/relance_open_items_portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "relance_avancee_payment/static/tests/tours/*.js",
        ],
    },
}
