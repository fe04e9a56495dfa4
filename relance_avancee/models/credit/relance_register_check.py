# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.tools import format_date

from ...engine import registers

PROCEEDING_KINDS = [
    (registers.SAFEGUARD, "Safeguard"),
    (registers.RECEIVERSHIP, "Receivership"),
    (registers.LIQUIDATION, "Liquidation"),
]


class RelanceRegisterCheck(models.Model):
    """What the public registers said about a customer, on a date: one record per
    check, kept as its history. Written only from a complete answer of every register
    asked: a service that failed leaves no record (and the last good one stands).

    About the customer, not about one company of the database: the registers say the
    same to every company, so the record has no ``company_id``."""

    _name = "relance.register.check"
    _description = "Public registers check"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    date = fields.Datetime("Checked On", required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", "Checked By", readonly=True)
    siren = fields.Char("SIREN", required=True, readonly=True)
    found = fields.Boolean(readonly=True, help="Unticked: the register knows no such SIREN.")
    name = fields.Char("Registered Name", readonly=True)
    state = fields.Selection(
        [("active", "Active"), ("ceased", "Ceased")],
        "Administrative State",
        readonly=True,
    )
    date_creation = fields.Date("Created On", readonly=True)
    date_closing = fields.Date("Ceased On", readonly=True)
    legal_form = fields.Char(
        readonly=True, help="INSEE code of the legal category (e.g. 5710: SAS)."
    )
    activity = fields.Char("Main Activity", readonly=True, help="NAF code (e.g. 62.01Z).")
    in_proceedings = fields.Boolean(
        readonly=True,
        help="An opening judgment of a collective proceeding has no later closing judgment.",
    )
    proceeding_kind = fields.Selection(PROCEEDING_KINDS, "Proceeding", readonly=True)
    proceeding_date = fields.Date("Opened On", readonly=True)
    proceeding_nature = fields.Char("Judgment", readonly=True)
    proceeding_court = fields.Char("Court", readonly=True)
    proceeding_date_closed = fields.Date(
        "Closed On", readonly=True, help="The closing judgment of the last proceeding."
    )
    date_deregistered = fields.Date("Deregistered On", readonly=True)
    judgment_count = fields.Integer("Judgments Announced", readonly=True)
    alert = fields.Boolean(
        readonly=True, help="Ceased, deregistered or in proceedings: think before selling more."
    )
    sources = fields.Text(readonly=True, help="The requests this check made.")
    summary = fields.Char(
        compute="_compute_summary", help="What the check found, in a sentence or a few."
    )

    @api.depends_context("lang")
    @api.depends("found", "name", "state", "in_proceedings", "proceeding_kind", "date_deregistered")
    def _compute_summary(self):
        for check in self:
            check.summary = " ".join(check._summary_lines())

    def _summary_lines(self):
        """What the check found, one sentence a finding, in the user's language."""
        self.ensure_one()
        env = self.env
        if not self.found:
            lines = [env._("SIREN %(siren)s: not found in the register.", siren=self.siren)]
        else:
            states = dict(self._fields["state"]._description_selection(env))
            lines = [
                env._(
                    "SIREN %(siren)s: %(name)s, %(state)s.",
                    siren=self.siren,
                    name=self.name,
                    state=states.get(self.state, ""),
                )
            ]
            if self.state == "ceased" and self.date_closing:
                lines.append(env._("Ceased on %(date)s.", date=format_date(env, self.date_closing)))
        if self.in_proceedings:
            kinds = dict(self._fields["proceeding_kind"]._description_selection(env))
            lines.append(
                env._(
                    "Collective proceeding open: %(kind)s, opened on %(date)s (%(court)s).",
                    kind=kinds.get(self.proceeding_kind, self.proceeding_nature or ""),
                    date=format_date(env, self.proceeding_date),
                    court=self.proceeding_court or "",
                )
            )
        if self.date_deregistered:
            lines.append(
                env._("Deregistered on %(date)s.", date=format_date(env, self.date_deregistered))
            )
        return lines

    @api.model
    def _values(self, partner, verdict, requests_made):
        """The record's values from the engine's ``verdict``."""
        company, proceedings = verdict.company, verdict.proceedings
        opening = verdict.open_proceeding
        last = opening or proceedings.last_opening
        return {
            "partner_id": partner.id,
            "user_id": self.env.uid,
            "siren": company.siren,
            "found": company.found,
            "name": company.name,
            "state": {registers.STATE_ACTIVE: "active", registers.STATE_CEASED: "ceased"}.get(
                company.state, False
            ),
            "date_creation": company.creation_date,
            "date_closing": company.closing_date,
            "legal_form": company.legal_form,
            "activity": company.activity,
            "in_proceedings": bool(opening),
            "proceeding_kind": (last.kind or False) if last else False,
            "proceeding_date": last.date if last else False,
            "proceeding_nature": last.nature if last else False,
            "proceeding_court": last.court if last else False,
            "proceeding_date_closed": (
                proceedings.last_closing.date if last and not opening else False
            ),
            "date_deregistered": proceedings.deregistered_on,
            "judgment_count": len(proceedings.judgments),
            "alert": verdict.alert,
            "sources": "\n".join(requests_made),
        }
