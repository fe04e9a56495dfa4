# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.3.0: the instalment reminder of a payment plan links to the plan on the
portal (and, with relance_avancee_payment, to paying the instalment online) through
the template ``relance_email_plan_instalment_links``. The email template is a
``noupdate`` record, which an upgrade leaves as it was: the call is added here to
its body, in every language, before its last paragraph (the closing line).

The stored exposures and scores are read again, as at every upgrade (see
18.0.2.2.0): never older than the code that reads them."""

from odoo import SUPERUSER_ID, api

LINKS = '<t t-call="relance_avancee.relance_email_plan_instalment_links"></t>\n    '


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["relance.credit.exposure"]._fill_every_company()
    env["relance.partner.score"]._fill_every_company()
    template = env.ref("relance_avancee.mail_template_relance_plan_instalment", False)
    if not template:
        return
    cr.execute(
        r"""
        UPDATE mail_template
           SET body_html = (
               -- Greedy: up to the last <p> (in PostgreSQL's regular expressions,
               -- "." matches new lines too).
               SELECT jsonb_object_agg(
                   lang, regexp_replace(body, '^(.*)(<p>)', '\1' || %(links)s || '\2')
               )
                 FROM jsonb_each_text(body_html) AS bodies(lang, body)
           )
         WHERE id = %(id)s
           AND body_html::text NOT LIKE '%%relance_email_plan_instalment_links%%'
        """,
        {"links": LINKS, "id": template.id},
    )
    template.invalidate_recordset(["body_html"])
