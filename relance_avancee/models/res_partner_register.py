# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public registers on the customer: a button asks them, the answer is stored with
its date and sources, a ceased company or an open proceeding warns (and, if the company
chose so, sets a credit hold)."""

import logging

import requests
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import registers

_logger = logging.getLogger(__name__)

USER_AGENT = "Odoo relance_avancee (public registers check)"


# One file per concern of res.partner in this addon: the split is the point.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    relance_register_check_ids = fields.One2many(
        "relance.register.check", "partner_id", "Public Registers Checks", readonly=True
    )
    relance_register_check_id = fields.Many2one(
        "relance.register.check",
        "Last Public Registers Check",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    relance_register_alert = fields.Boolean(
        "Public Registers Warn",
        related="relance_register_check_id.alert",
        store=True,
        help="The last check found the company ceased, deregistered or in proceedings.",
    )
    relance_in_proceedings = fields.Boolean(
        "In Proceedings",
        related="relance_register_check_id.in_proceedings",
        store=True,
        help="The last check found a collective proceeding open (safeguard, "
        "receivership or liquidation).",
    )

    # The last check, shown on the customer's Collections tab.
    relance_register_date = fields.Datetime(
        "Registers Checked On", related="relance_register_check_id.date"
    )
    relance_register_summary = fields.Char(
        "Public Registers Findings", related="relance_register_check_id.summary"
    )
    relance_register_siren = fields.Char("SIREN", related="relance_register_check_id.siren")
    relance_register_found = fields.Boolean(related="relance_register_check_id.found")
    relance_register_name = fields.Char("Registered Name", related="relance_register_check_id.name")
    relance_register_state = fields.Selection(
        related="relance_register_check_id.state", string="Administrative State"
    )
    relance_register_date_creation = fields.Date(
        "Registered Since", related="relance_register_check_id.date_creation"
    )
    relance_register_date_closing = fields.Date(
        "Ceased On", related="relance_register_check_id.date_closing"
    )
    relance_register_legal_form = fields.Char(
        "Legal Category", related="relance_register_check_id.legal_form"
    )
    relance_register_activity = fields.Char(
        "Main Activity", related="relance_register_check_id.activity"
    )
    relance_register_proceeding_kind = fields.Selection(
        related="relance_register_check_id.proceeding_kind", string="Proceeding"
    )
    relance_register_proceeding_date = fields.Date(
        "Proceeding Opened On", related="relance_register_check_id.proceeding_date"
    )
    relance_register_proceeding_nature = fields.Char(
        "Judgment", related="relance_register_check_id.proceeding_nature"
    )
    relance_register_proceeding_date_closed = fields.Date(
        "Proceeding Closed On", related="relance_register_check_id.proceeding_date_closed"
    )
    relance_register_date_deregistered = fields.Date(
        "Deregistered On", related="relance_register_check_id.date_deregistered"
    )
    relance_register_check_due = fields.Boolean(
        "Public Registers Check Due",
        copy=False,
        index="btree_not_null",
        help="Created while its company asks the registers about new customers: the "
        "scheduled action checks it in the background.",
    )

    def _relance_siren(self):
        """The customer's SIREN from its company registry number (a SIREN or a SIRET)
        or else its SIRET (with the French localisation); checked with python-stdnum.
        Raises a UserError for a number that is not a valid SIREN or SIRET."""
        self.ensure_one()
        siret = self.siret if "siret" in self._fields else ""
        try:
            return registers.siren_of(self.company_registry, siret)
        except registers.InvalidSiren as error:
            raise UserError(
                self.env._(
                    "%(customer)s: “%(number)s” is not a valid SIREN or SIRET (9 or 14 "
                    "digits with a valid check digit): no register was asked.",
                    customer=self.display_name,
                    number=error.detail,
                )
            ) from error

    def action_relance_check_registers(self):
        """Ask the public registers about each customer; store the answer, warn. The
        check is written as the system (its history is read-only to everyone), so who
        asks must be allowed to edit the customer."""
        self.check_access("write")
        for partner in self.commercial_partner_id:
            partner._relance_check_registers()
        return True

    def _relance_check_registers(self):
        self.ensure_one()
        country = self.country_id.code or self.env.company.country_id.code
        if country != "FR":
            verdict, requests_made = self._relance_register_lookup_other(country)
        else:
            siren = self._relance_siren()
            if not siren:
                raise UserError(
                    self.env._(
                        "%(customer)s has no company registry number (SIREN or SIRET): "
                        "fill it in to check the public registers.",
                        customer=self.display_name,
                    )
                )
            verdict, requests_made = self._relance_register_lookup_fr(siren)
        # Only now, with every answer read: nothing is written if a register failed.
        Check = self.env["relance.register.check"].sudo()
        check = Check.create(Check._values(self, verdict, requests_made))
        self.sudo().relance_register_check_id = check
        self._relance_log_register_check(check)
        self._relance_refresh_credit_holds()
        return check

    def _relance_register_lookup_other(self, country):
        """Hook for the registers of other countries: return (``registers.Verdict``,
        the requests made) for the customer. No register is connected outside France:
        a module adding one overrides this method for its country and calls ``super()``
        for the others."""
        raise UserError(
            self.env._(
                "No public register is connected for the country of %(customer)s "
                "(%(country)s): only the French registers are.",
                customer=self.display_name,
                country=self.country_id.name or self.env._("no country"),
            )
        )

    def _relance_register_lookup_fr(self, siren):
        """Ask the API Recherche d'entreprises and the BODACC about ``siren``."""
        company_answer, company_url = self._relance_register_get(
            registers.SOURCE_RECHERCHE_ENTREPRISES,
            registers.RECHERCHE_ENTREPRISES_URL,
            registers.recherche_entreprises_params(siren),
        )
        bodacc_answer, bodacc_url = self._relance_register_get(
            registers.SOURCE_BODACC, registers.BODACC_URL, registers.bodacc_params(siren)
        )
        try:
            verdict = registers.Verdict(
                company=registers.read_company(siren, company_answer),
                proceedings=registers.read_proceedings(siren, bodacc_answer),
            )
        except registers.UnexpectedAnswer as error:
            _logger.info("Public register answer not understood: %s", error)
            raise UserError(
                self.env._(
                    "%(register)s answered something its documentation does not "
                    "describe (%(detail)s): nothing was changed.",
                    register=self._relance_register_name(error.source),
                    detail=error.detail,
                )
            ) from error
        return verdict, [company_url, bodacc_url]

    @api.model
    def _relance_register_name(self, source):
        return {
            registers.SOURCE_RECHERCHE_ENTREPRISES: self.env._("The API Recherche d'entreprises"),
            registers.SOURCE_BODACC: self.env._("The BODACC"),
        }[source]

    @api.model
    def _relance_register_get(self, source, url, params):
        """(decoded JSON answer, the URL asked) of a GET, or a UserError that says
        what went wrong: no answer within the timeout, unreachable, an HTTP error, an
        answer that is not JSON."""
        name = self._relance_register_name(source)
        try:
            response = requests.get(
                url,
                params=params,
                timeout=registers.TIMEOUT_SECONDS,
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            )
        except requests.Timeout as error:
            raise UserError(
                self.env._(
                    "%(register)s did not answer within %(seconds)s seconds: try again "
                    "later. Nothing was changed.",
                    register=name,
                    seconds=registers.TIMEOUT_SECONDS,
                )
            ) from error
        except requests.RequestException as error:
            raise UserError(
                self.env._(
                    "%(register)s could not be reached (%(error)s): try again later. "
                    "Nothing was changed.",
                    register=name,
                    error=error.__class__.__name__,
                )
            ) from error
        if response.status_code != 200:
            raise UserError(
                self.env._(
                    "%(register)s answered with the HTTP error %(status)s: try again "
                    "later. Nothing was changed.",
                    register=name,
                    status=response.status_code,
                )
            )
        try:
            answer = response.json()
        except ValueError as error:
            raise UserError(
                self.env._(
                    "%(register)s answered something that is not JSON: nothing was changed.",
                    register=name,
                )
            ) from error
        return answer, response.url or url

    def _relance_log_register_check(self, check):
        """The check in the customer's chatter: what was found, and from where."""
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Public registers checked."),
            Markup().join(Markup("<li>%s</li>") % line for line in check._summary_lines()),
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _relance_refresh_credit_holds(self):
        """Set or lift the register's credit hold at once, in every company whose
        rules ask for it."""
        Exposure = self.env["relance.credit.exposure"].sudo()
        companies = (
            self.env["res.company"].sudo().search([("relance_credit_hold_register", "=", True)])
        )
        for company in companies:
            Exposure._refresh(company, self)
