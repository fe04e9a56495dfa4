# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advanced Collections – Sales (Relance avancée – Ventes)",
    "summary": "Credit limits and credit holds checked when a quotation is confirmed; "
    "confirmed orders counted in the customer's exposure",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/relance-avancee/relance_avancee",
    "author": "relance_avancee developers",
    "maintainers": ["relance-avancee"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["relance_avancee", "sale"],
    "auto_install": True,
    "post_init_hook": "post_init_hook",
    "data": [
        "views/sale_order_views.xml",
        "views/relance_credit_authorisation_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "relance_avancee_sale/static/tests/tours/*.js",
        ],
    },
}
