# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from datetime import timedelta
from textwrap import shorten

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_amount, format_date, html2plaintext

CARD_KINDS = [
    ("calls", "Calls to Make"),
    ("to_approve", "To Approve"),
    ("promises", "Promises Due or Broken"),
    ("letters", "Letters to Print or Post"),
    ("receipts", "Awaiting Acknowledgement of Receipt"),
    ("disputes", "Disputes Ending This Week"),
    ("activities", "My Collections Activities"),
    ("nobody", "Nobody Receives the Work"),
]

# How many records a card lists; its button opens them all.
PREVIEW_SIZE = 5


class RelanceDashboardCard(models.Model):
    """The collector's morning view: one card per kind of work waiting today, with
    how many records and the first of them; a card opens the records behind it.

    The cards are fixed (a query of constant rows); what they count is read for the
    user who looks, in the companies they work in, when they look.
    """

    _name = "relance.dashboard.card"
    _description = "Collections: morning view card"
    _auto = False
    _order = "sequence"
    _rec_name = "kind"

    kind = fields.Selection(CARD_KINDS, readonly=True)
    sequence = fields.Integer(readonly=True)
    description = fields.Char(compute="_compute_figures")
    count = fields.Integer(compute="_compute_figures")
    preview = fields.Html(compute="_compute_figures", sanitize=False)

    @property
    def _table_query(self):
        rows = SQL(", ").join(
            SQL("(%s, %s, %s)", index, kind, index * 10)
            for index, (kind, _label) in enumerate(CARD_KINDS, start=1)
        )
        return SQL("SELECT * FROM (VALUES %s) AS cards (id, kind, sequence)", rows)

    def _card_descriptions(self):
        return {
            "calls": self.env._("Phone calls the ladder asks for, each with its script."),
            "to_approve": self.env._(
                "Communications of levels that require validation, and first formal notices "
                "or hand-overs."
            ),
            "promises": self.env._(
                "Promises to pay due today or before, and those broken in the last 30 days."
            ),
            "letters": self.env._("Letters to print, registered letters to print and post."),
            "receipts": self.env._(
                "Registered letters posted whose acknowledgement of receipt is not recorded."
            ),
            "disputes": self.env._("Disputes whose end date comes within 7 days."),
            "activities": self.env._("Your open activities on collections communications."),
            "nobody": self.env._(
                "Companies whose calls, hand-overs and failed emails would reach nobody: "
                "no Collections Responsible and no Collections manager."
            ),
        }

    def _card_domain(self):
        """(model, domain) of the records behind the card."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return {
            "calls": ("relance.communication", [("progress", "=", "call_to_do")]),
            "to_approve": (
                "relance.communication",
                [
                    ("state", "=", "to_approve"),
                    "|",
                    ("postponed_until", "=", False),
                    ("postponed_until", "<=", today),
                ],
            ),
            "promises": (
                "relance.promise",
                [
                    "|",
                    "&",
                    ("state", "=", "open"),
                    ("date", "<=", today),
                    "&",
                    ("state", "=", "broken"),
                    ("date", ">=", today - timedelta(days=30)),
                ],
            ),
            "letters": (
                "relance.communication",
                [("progress", "in", ("letter_to_print", "letter_to_post"))],
            ),
            "receipts": ("relance.communication", [("progress", "=", "awaiting_receipt")]),
            "disputes": (
                "relance.dispute",
                [
                    ("resolved", "=", False),
                    ("date_end", ">=", today),
                    ("date_end", "<=", today + timedelta(days=7)),
                ],
            ),
            "activities": (
                "mail.activity",
                [("res_model", "=", "relance.communication"), ("user_id", "=", self.env.uid)],
            ),
            "nobody": (
                "res.company",
                [
                    (
                        "id",
                        "in",
                        self.env.companies.filtered(
                            lambda company: company._relance_nobody_responsible()
                        ).ids,
                    )
                ],
            ),
        }[self.kind]

    @api.depends_context("uid", "allowed_company_ids", "lang")
    def _compute_figures(self):
        descriptions = self._card_descriptions()
        for card in self:
            model, domain = card._card_domain()
            records = self.env[model].search(domain, order=card._card_order())
            card.description = descriptions[card.kind]
            card.count = len(records)
            card.preview = card._preview(records[:PREVIEW_SIZE])

    def _card_order(self):
        return {
            "promises": "date, id",
            "disputes": "date_end, id",
            "activities": "date_deadline, id",
            "nobody": "id",
        }.get(self.kind, "date, id")

    def _preview(self, records):
        """A short list of the card's first records, as HTML (every value escaped)."""
        if not records:
            return Markup('<p class="text-muted mb-0">%s</p>') % self.env._("Nothing to do.")
        items = Markup("").join(
            Markup("<li>%s</li>") % self._preview_line(record) for record in records
        )
        return Markup('<ul class="list-unstyled mb-0">%s</ul>') % items

    def _preview_line(self, record):
        if self.kind == "promises":
            return self.env._(
                "%(customer)s: %(amount)s for %(date)s",
                customer=record.partner_id.name,
                amount=format_amount(self.env, record.amount, record.currency_id),
                date=format_date(self.env, record.date),
            )
        if self.kind == "disputes":
            return self.env._(
                "%(invoice)s (%(customer)s) until %(date)s",
                invoice=record.move_id.name,
                customer=record.partner_id.name,
                date=format_date(self.env, record.date_end),
            )
        if self.kind == "nobody":
            return self.env._(
                "%(company)s: choose its Collections Responsible on the company's Collections "
                "tab.",
                company=record.name,
            )
        if self.kind == "activities":
            return self.env._(
                "%(summary)s, due %(date)s",
                summary=record.summary or record.activity_type_id.name,
                date=format_date(self.env, record.date_deadline),
            )
        line = self.env._(
            "%(customer)s: %(level)s, %(amount)s",
            customer=record.partner_id.name,
            level=record.level_id.name,
            amount=format_amount(self.env, record.amount_net, record.currency_id),
        )
        if self.kind == "calls":
            numbers = Markup(" ").join(
                Markup('<a href="tel:%s">%s</a>') % (number.replace(" ", ""), number)
                for number in (record.call_phone, record.call_mobile)
                if number
            )
            if numbers:
                line = Markup("%s<br/>%s") % (line, numbers)
            if record.level_id.call_script:
                script = shorten(html2plaintext(record.level_id.call_script), 140, placeholder=" …")
                line = Markup("%s<br/><small class='text-muted'>%s</small>") % (line, script)
        return line

    def action_open(self):
        """The records behind the card."""
        self.ensure_one()
        model, domain = self._card_domain()
        name = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": [(False, "list"), (False, "form")],
            "context": {"create": False},
        }
        if model == "mail.activity":
            action["views"] = [
                (self.env.ref("mail.mail_activity_view_tree_open_target").id, "list")
            ]
        return action
