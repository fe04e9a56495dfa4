# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Advanced Collections (Relance avancée)",
    "summary": "The whole collection ladder for unpaid customer invoices: "
    "reminders, calls, formal notice, hand-over",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/relance-avancee/relance_avancee",
    "author": "relance_avancee developers",
    "maintainers": ["relance-avancee"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["account", "mail"],
    "external_dependencies": {"python": ["xlsxwriter", "qrcode"]},
    "data": [
        "security/relance_avancee_groups.xml",
        "views/account_move_line_views.xml",
        "views/relance_avancee_menus.xml",
    ],
    "demo": [
        "demo/relance_demo_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "relance_avancee/static/tests/tours/*.js",
        ],
    },
}
