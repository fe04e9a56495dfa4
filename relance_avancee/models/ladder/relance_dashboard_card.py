# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from datetime import timedelta
from textwrap import shorten

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, format_date, html2plaintext

CARD_KINDS = [
    ("standing", "Where Collections Stand"),
    ("calls", "Calls to Make"),
    ("to_approve", "To Approve"),
    ("promises", "Promises Due or Broken"),
    ("letters", "Letters to Print or Post"),
    ("receipts", "Awaiting Acknowledgement of Receipt"),
    ("disputes", "Disputes Ending This Week"),
    ("activities", "My Collections Activities"),
    ("nobody", "Nobody Receives the Work"),
    ("rates", "Missing Reference Rates"),
]

# Cards that warn of something to set right: shown only when there is.
WARNING_KINDS = ("nobody", "rates")

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
    shown = fields.Boolean(
        compute="_compute_shown",
        search="_search_shown",
        help="A warning card is shown only when it warns of something.",
    )

    @property
    def _table_query(self):
        rows = SQL(", ").join(
            SQL("(%s, %s, %s)", index, kind, index * 10)
            for index, (kind, _label) in enumerate(CARD_KINDS, start=1)
        )
        return SQL("SELECT * FROM (VALUES %s) AS cards (id, kind, sequence)", rows)

    def _card_descriptions(self):
        return {
            "standing": self.env._(
                "Overdue now, promised this week, planned and collected this month."
            ),
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
            "rates": self.env._(
                "Half-years without a reference rate: a late-payment penalty over them "
                "cannot be computed."
            ),
        }

    def _card_domain(self):
        """(model, domain) of the records behind the card."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        mine = self._my_customers_domain
        return {
            "standing": ("relance.worklist", mine([])),
            "calls": ("relance.communication", mine([("progress", "=", "call_to_do")])),
            "to_approve": (
                "relance.communication",
                mine(
                    [
                        ("state", "=", "to_approve"),
                        "|",
                        ("postponed_until", "=", False),
                        ("postponed_until", "<=", today),
                    ]
                ),
            ),
            "promises": (
                "relance.promise",
                mine(
                    [
                        "|",
                        "&",
                        ("state", "=", "open"),
                        ("date", "<=", today),
                        "&",
                        ("state", "=", "broken"),
                        ("date", ">=", today - timedelta(days=30)),
                    ]
                ),
            ),
            "letters": (
                "relance.communication",
                mine([("progress", "in", ("letter_to_print", "letter_to_post"))]),
            ),
            "receipts": (
                "relance.communication",
                mine([("progress", "=", "awaiting_receipt")]),
            ),
            "disputes": (
                "relance.dispute",
                mine(
                    [
                        ("resolved", "=", False),
                        ("date_end", ">=", today),
                        ("date_end", "<=", today + timedelta(days=7)),
                    ]
                ),
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
            "rates": ("relance.rate.missing", []),
        }[self.kind]

    def _my_customers_domain(self, domain, field="partner_id"):
        """``domain``, narrowed to the customers whose collections are the user's
        (their collector, or their salesperson when they have none) when the morning
        view is filtered on them (context key ``relance_my_customers``)."""
        if not self.env.context.get("relance_my_customers"):
            return domain
        uid = self.env.uid
        return [
            *domain,
            "|",
            (f"{field}.relance_collector_id", "=", uid),
            "&",
            (f"{field}.relance_collector_id", "=", False),
            (f"{field}.user_id", "=", uid),
        ]

    @api.depends_context("uid", "allowed_company_ids", "lang", "relance_my_customers")
    def _compute_figures(self):
        descriptions = self._card_descriptions()
        for card in self:
            card.description = descriptions[card.kind]
            if card.kind == "standing":
                card.count = 0
                card.preview = card._standing_preview()
                continue
            model, domain = card._card_domain()
            records = self.env[model].search(domain, order=card._card_order())
            card.count = len(records)
            card.preview = card._preview(records[:PREVIEW_SIZE], len(records))

    @api.depends_context("uid", "allowed_company_ids", "relance_my_customers")
    def _compute_shown(self):
        for card in self:
            card.shown = card.kind not in WARNING_KINDS or bool(card._warning_count())

    def _warning_count(self):
        model, domain = self._card_domain()
        return self.env[model].search_count(domain)

    def _search_shown(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        warnings = self.search([("kind", "in", WARNING_KINDS)])
        hidden = warnings.filtered(lambda card: not card._warning_count()).ids
        return [("id", "not in" if (operator == "=") == value else "in", hidden)]

    # The standing: what the collector's customers owe and what comes in.

    def _standing_figures(self, today):
        """Hook: [(label, {currency: amount})] the standing card shows, in order.
        Here: overdue now, promised this week, collected this month; the payment
        plans add what their instalments bring this month (``super()``)."""
        mine = self._my_customers_domain
        figures = []
        overdue = self.env["relance.worklist"]._read_group(
            mine([]), ["company_currency_id"], ["amount_residual:sum"]
        )
        figures.append((self.env._("Overdue"), dict(overdue)))
        monday = today - timedelta(days=today.weekday())
        promised = self.env["relance.promise"]._read_group(
            mine(
                [
                    ("state", "=", "open"),
                    ("date", ">=", monday),
                    ("date", "<=", monday + timedelta(days=6)),
                ]
            ),
            ["currency_id"],
            ["amount:sum"],
        )
        figures.append((self.env._("Promised this week"), dict(promised)))
        # Collected: what bank and cash entries took off customers' receivables.
        collected = self.env["account.move.line"]._read_group(
            mine(
                [
                    ("company_id", "in", self.env.companies.ids),
                    ("parent_state", "=", "posted"),
                    ("account_type", "=", "asset_receivable"),
                    ("journal_id.type", "in", ("bank", "cash")),
                    ("date", ">=", today.replace(day=1)),
                    ("date", "<=", today),
                ]
            ),
            ["company_currency_id"],
            ["balance:sum"],
        )
        figures.append(
            (
                self.env._("Collected this month"),
                {currency: -balance for currency, balance in collected},
            )
        )
        return figures

    def _standing_preview(self):
        today = fields.Date.context_today(self)
        rows = Markup("").join(
            Markup('<tr><td class="pe-3">%s</td><td class="text-end fw-bold">%s</td></tr>')
            % (
                label,
                " + ".join(
                    format_amount(self.env, amount, currency)
                    for currency, amount in sorted(amounts.items(), key=lambda item: item[0].id)
                )
                or format_amount(self.env, 0.0, self.env.company.currency_id),
            )
            for label, amounts in self._standing_figures(today)
        )
        return Markup('<table class="table table-sm table-borderless mb-0">%s</table>') % rows

    def _card_order(self):
        return {
            "promises": "date, id",
            "disputes": "date_end, id",
            "activities": "date_deadline, id",
            "nobody": "id",
            "rates": "rate_type, date_start",
        }.get(self.kind, "date, id")

    def _preview(self, records, count):
        """A short list of the card's first records out of ``count``, as HTML (every
        value escaped), saying how many more the card opens."""
        if not records:
            return Markup('<p class="text-muted mb-0">%s</p>') % self.env._("Nothing to do.")
        items = Markup("").join(
            Markup("<li>%s</li>") % self._preview_line(record) for record in records
        )
        if count > len(records):
            items += Markup('<li class="text-muted">%s</li>') % self.env._(
                "… and %(count)s more", count=count - len(records)
            )
        preview = Markup('<ul class="list-unstyled mb-0">%s</ul>') % items
        if self.kind == "calls":
            # Each level's script once, under the calls it is for.
            scripts = Markup("").join(
                Markup('<p class="small text-muted mb-1"><b>%s</b>: %s</p>')
                % (level.name, shorten(html2plaintext(level.call_script), 280, placeholder=" …"))
                for level in records.level_id
                if level.call_script
            )
            preview += scripts
        return preview

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
        if self.kind == "rates":
            return self.env._(
                "%(rate)s: %(start)s to %(end)s",
                rate=dict(record._fields["rate_type"]._description_selection(self.env))[
                    record.rate_type
                ],
                start=format_date(self.env, record.date_start),
                end=format_date(self.env, record.date_end),
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
            else:
                line = Markup('%s<br/><small class="text-danger">%s</small>') % (
                    line,
                    self.env._("No phone number"),
                )
        return line

    def action_open(self):
        """The records behind the card."""
        self.ensure_one()
        if self.kind == "standing":
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "relance_avancee.action_relance_receivable_lines"
            )
            if self.env.context.get("relance_my_customers"):
                action["context"] = {"search_default_my_customers": 1}
            return action
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
