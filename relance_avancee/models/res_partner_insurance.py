# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer's credit insurance with the current company: the cover running (or the
last one, to say it expired) and what it warns about. For accounting, as the credit
limit is."""

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from ..engine import insurance
from .relance_insurance_cover import WARNINGS
from .res_partner_credit import ACCOUNTING


# One file per concern of res.partner in this addon: the split is the point.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    relance_insurance_cover_ids = fields.One2many(
        "relance.insurance.cover", "partner_id", "Credit Insurance Covers", groups=ACCOUNTING
    )
    relance_insurance_cover_id = fields.Many2one(
        "relance.insurance.cover",
        "Credit Insurance Cover",
        compute="_compute_relance_insurance",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_insurance_warning = fields.Selection(
        WARNINGS,
        "Credit Insurance Warning",
        compute="_compute_relance_insurance",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_insurance_warning_text = fields.Char(
        "Credit Insurance",
        compute="_compute_relance_insurance",
        compute_sudo=True,
        groups=ACCOUNTING,
    )

    @api.depends_context("company", "tz", "lang")
    def _compute_relance_insurance(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        commercial = self.commercial_partner_id
        covers = self.env["relance.insurance.cover"].search(
            [("company_id", "=", company.id), ("partner_id", "in", commercial.ids)]
        )
        by_partner = {}
        for cover in covers:
            by_partner.setdefault(cover.partner_id.id, []).append(cover)
        for partner in self:
            found = by_partner.get(partner.commercial_partner_id.id, [])
            records = {cover.id: cover for cover in found}
            current = insurance.current_cover([cover._engine() for cover in found], today)
            cover = records[current.id] if current else self.env["relance.insurance.cover"]
            partner.relance_insurance_cover_id = cover
            partner.relance_insurance_warning = cover.warning if cover else False
            partner.relance_insurance_warning_text = (
                cover and partner._relance_insurance_text(cover) or False
            )

    def _relance_insurance_text(self, cover):
        amount = format_amount(self.env, cover.amount, cover.currency_id)
        if cover.warning == insurance.WARN_OVER_COVER:
            return self.env._(
                "the exposure (%(exposure)s) is over the cover of %(amount)s agreed by "
                "%(insurer)s: what is above it is not insured.",
                exposure=format_amount(self.env, cover.exposure, cover.currency_id),
                amount=amount,
                insurer=cover.policy_id.insurer_id.name,
            )
        if cover.warning == insurance.WARN_EXPIRED:
            return self.env._(
                "the cover of %(amount)s by %(insurer)s ended on %(date)s: new sales are "
                "not insured.",
                amount=amount,
                insurer=cover.policy_id.insurer_id.name,
                date=format_date(self.env, cover.date_end),
            )
        if cover.warning == insurance.WARN_NOTHING_COVERED:
            return self.env._(
                "%(insurer)s covers nothing for this customer: its sales are not insured.",
                insurer=cover.policy_id.insurer_id.name,
            )
        return False
