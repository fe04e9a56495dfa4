# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A company's aged balance settings: its late ranges, and whether its month-end
aged balance is stored and sent (its scheduled action is a company method)."""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ...engine import ageing

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    relance_ageing_ranges = fields.Char(
        "Aged Balance Ranges",
        default=ageing.DEFAULT_RANGES,
        required=True,
        help="The late ranges of the aged balance, in days past the due date, after "
        "'not due': comma-separated, from day 1, without gap or overlap, the last one "
        "open-ended (e.g. 1-30, 31-60, 61-90, 91-120, 121+). At most 7.",
    )
    relance_aged_balance_monthly = fields.Boolean(
        "Month-End Aged Balance",
        help="On the first day of each month, store the previous month-end's aged "
        "balance workbook on the company and send it to the users below.",
    )
    relance_aged_balance_user_ids = fields.Many2many(
        "res.users",
        "relance_company_aged_balance_user_rel",
        "company_id",
        "user_id",
        "Send the Month-End Aged Balance to",
    )

    @api.constrains("relance_ageing_ranges")
    def _check_relance_ageing_ranges(self):
        for company in self:
            try:
                ageing.parse_ranges(company.relance_ageing_ranges)
            except ageing.BucketError as error:
                raise ValidationError(
                    self.env._(
                        "The aged balance ranges of %(company)s are refused: %(reason)s",
                        company=company.name,
                        reason=company._relance_ageing_refusal(error),
                    )
                ) from error

    def _relance_ageing_refusal(self, error):
        """The translated reason of an ``engine.ageing.BucketError``."""
        params = error.params
        reasons = {
            "empty": lambda: self.env._("give at least one range, e.g. 1-30, 31+."),
            "syntax": lambda: self.env._(
                "'%(part)s' is not a range: write first-last (1-30) or first+ for the last.",
                **params,
            ),
            "too_many": lambda: self.env._("at most %(maximum)s ranges.", **params),
            "gap": lambda: self.env._(
                "the range from day %(first)s leaves a gap: it should start on day "
                "%(expected)s.",
                **params,
            ),
            "overlap": lambda: self.env._(
                "the range from day %(first)s overlaps the one before: it should start on "
                "day %(expected)s.",
                **params,
            ),
            "backwards": lambda: self.env._(
                "the range %(first)s-%(last)s goes backwards.",
                **params,
            ),
            "open_before_last": lambda: self.env._(
                "only the last range is open-ended (%(first)s+ is not the last).",
                **params,
            ),
            "closed_last": lambda: self.env._(
                "the last range is open-ended: write %(next)s+ after %(last)s.",
                next=params["last"] + 1,
                **params,
            ),
        }
        return reasons[error.code]()

    def _relance_ageing_buckets(self):
        """This company's buckets (engine.ageing), not due first."""
        self.ensure_one()
        return ageing.buckets_from_text(self.relance_ageing_ranges)

    def _relance_ageing_labels(self):
        """The titles of this company's buckets, in the environment's language."""
        labels = []
        for _key, first, last in self._relance_ageing_buckets():
            if first is None:
                labels.append(self.env._("Not due"))
            elif last is None:
                labels.append(self.env._("Over %(days)s days", days=first - 1))
            else:
                labels.append(self.env._("%(first)s-%(last)s days", first=first, last=last))
        return labels

    # ------------------------------------------------------------------
    # The month-end aged balance (its scheduled action)
    # ------------------------------------------------------------------
    @api.model
    def _cron_relance_aged_balance_month_end(self):
        """On the first days of a month, for every company that asks for it: the
        previous month-end's aged balance workbook, stored on the company (once: a
        second call finds it there) and emailed to the users it chose."""
        today = fields.Date.context_today(self)
        month_end = today.replace(day=1) - timedelta(days=1)
        for company in self.sudo().search([("relance_aged_balance_monthly", "=", True)]):
            company._relance_store_aged_balance(month_end)

    def _relance_store_aged_balance(self, on_date):
        """This company's aged balance workbook on ``on_date``, named and laid out in
        its language, stored on it and sent, unless it is stored already."""
        self.ensure_one()
        report = (
            self.env["relance.aged.balance"]
            .sudo()
            .with_company(self)
            .with_context(lang=self.partner_id.lang)
            .create({"date": on_date, "company_ids": [Command.set(self.ids)]})
        )
        name = report._workbook_name()
        stored = (
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [("res_model", "=", self._name), ("res_id", "=", self.id), ("name", "=", name)]
            )
        )
        if stored:
            return
        attachment = report._workbook_attachment(self._name, self.id)
        self._relance_send_aged_balance(attachment, on_date)
        _logger.info("Month-end aged balance of %s stored and sent: %s", self.name, name)

    def _relance_send_aged_balance(self, attachment, on_date):
        """Email ``attachment``, this company's aged balance on ``on_date``, to the users
        it chose, in its language."""
        recipients = self.relance_aged_balance_user_ids.filtered("email")
        if not recipients:
            return
        env = self.with_context(lang=self.partner_id.lang).env
        self.env["mail.mail"].sudo().create(
            {
                "subject": env._(
                    "%(company)s: aged balance on %(date)s",
                    company=self.name,
                    date=fields.Date.to_string(on_date),
                ),
                "body_html": Markup("<p>%s</p>")
                % env._(
                    "The aged balance of %(company)s at the end of the month is attached.",
                    company=self.name,
                ),
                "email_from": self.email_formatted or self.env.user.email_formatted,
                "recipient_ids": [Command.set(recipients.partner_id.ids)],
                "attachment_ids": [Command.link(attachment.id)],
                "auto_delete": False,
            }
        )
