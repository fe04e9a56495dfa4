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
        "security/ir.model.access.csv",
        "security/relance_policy_security.xml",
        "security/relance_level_security.xml",
        "security/relance_communication_security.xml",
        "security/relance_communication_line_security.xml",
        "security/relance_run_security.xml",
        "security/relance_dispute_security.xml",
        "security/relance_promise_security.xml",
        "data/relance_email_templates.xml",
        "data/relance_mail_template_data.xml",
        "data/relance_policy_data.xml",
        "data/relance_cron_data.xml",
        "reports/relance_letter_reports.xml",
        "reports/relance_letter_templates.xml",
        "views/account_move_line_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/relance_policy_views.xml",
        "views/relance_communication_views.xml",
        "views/relance_run_views.xml",
        "wizard/relance_run_preview_views.xml",
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
