# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer's credit with the current company: exposure, limit, credit hold.

The amounts are for accounting, as Odoo's own ``credit_limit`` is; a salesperson sees
whether the customer is on credit hold and a traffic light, computed from the amounts
without showing them (``compute_sudo``)."""

import logging

import requests
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date, formatLang

from ...engine import credit, insurance, registers, score
from .relance_insurance_cover import WARNINGS
from .relance_partner_score import SCORE_BANDS

ACCOUNTING = "account.group_account_invoice,account.group_account_readonly"

CREDIT_LIGHTS = [
    (credit.NO_LIMIT, "No limit"),
    (credit.GREEN, "Within limit"),
    (credit.AMBER, "Near limit"),
    (credit.RED, "Over limit"),
]

_logger = logging.getLogger(__name__)

USER_AGENT = "Odoo relance_avancee (public registers check)"

SCORE_OPERATORS = ("=", "!=", "<", "<=", ">", ">=")


class ResPartner(models.Model):
    _inherit = "res.partner"

    relance_credit_exposure_ids = fields.One2many(
        "relance.credit.exposure", "partner_id", "Credit Exposures", groups=ACCOUNTING
    )
    relance_credit_hold_ids = fields.One2many(
        "relance.credit.hold", "partner_id", "Credit Holds", groups=ACCOUNTING
    )
    relance_credit_authorisation_ids = fields.One2many(
        "relance.credit.authorisation", "partner_id", "Credit Authorisations", groups=ACCOUNTING
    )
    relance_credit_hold = fields.Boolean(
        "On Credit Hold",
        compute="_compute_relance_credit_hold",
        search="_search_relance_credit_hold",
        compute_sudo=True,
        help="The customer's next sales stop (or warn, as the company chose) until the "
        "hold is lifted. Not the hold on reminders, which only stops the dunning letters.",
    )
    relance_credit_hold_causes = fields.Char(
        "Credit Hold Causes", compute="_compute_relance_credit_hold", compute_sudo=True
    )
    relance_credit_light = fields.Selection(
        CREDIT_LIGHTS,
        "Credit Status",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        help="The exposure against the credit limit: within it, from 80 % of it (near), "
        "over it.",
    )
    relance_over_limit = fields.Boolean(
        "Over Credit Limit",
        compute="_compute_relance_exposure",
        search="_search_relance_over_limit",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_currency_id = fields.Many2one(
        "res.currency",
        "Exposure Currency",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_receivable = fields.Monetary(
        "Open Receivables",
        currency_field="relance_exposure_currency_id",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_draft = fields.Monetary(
        "Draft Invoices",
        currency_field="relance_exposure_currency_id",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_orders = fields.Monetary(
        "Orders Not Invoiced",
        currency_field="relance_exposure_currency_id",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )
    relance_exposure_total = fields.Monetary(
        "Exposure",
        currency_field="relance_exposure_currency_id",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
        help="Open receivables, draft invoices and confirmed orders not invoiced, in the "
        "company's currency at today's rate, as last refreshed.",
    )
    relance_exposure_date = fields.Datetime(
        "Exposure Refreshed On",
        compute="_compute_relance_exposure",
        compute_sudo=True,
        groups=ACCOUNTING,
    )

    # A customer's credit insurance with the current company.
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

    # The public registers on the customer.
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

    # A customer's reliability score with the current company.
    relance_score = fields.Integer(
        "Reliability Score",
        compute="_compute_relance_score",
        search="_search_relance_score",
        compute_sudo=True,
        help="From 0 to 100 (pays on time), from the last 12 months with this company: "
        "days late, invoices paid late, broken promises, disputes, formal notices, "
        "overdue now. Empty: no history to judge by. Computed by the daily run.",
    )
    relance_score_band = fields.Selection(
        SCORE_BANDS,
        "Reliability",
        compute="_compute_relance_score",
        search="_search_relance_score_band",
        compute_sudo=True,
        help="Reliable from 80, to watch from 50, unreliable below; no history: no score.",
    )
    relance_score_factors = fields.Text(
        "Score Factors", compute="_compute_relance_score", compute_sudo=True
    )
    relance_score_date = fields.Date(
        "Score Computed On", compute="_compute_relance_score", compute_sudo=True
    )

    @api.depends_context("company")
    def _compute_relance_credit_hold(self):
        company = self.env.company
        commercial = self.commercial_partner_id
        causes = self.env["relance.credit.hold"]._active_causes(company, commercial.ids)
        labels = dict(
            self.env["relance.credit.hold"]._fields["cause"]._description_selection(self.env)
        )
        for partner in self:
            found = causes.get(partner.commercial_partner_id.id, ())
            partner.relance_credit_hold = bool(found)
            partner.relance_credit_hold_causes = ", ".join(labels[cause] for cause in found)

    @api.depends_context("company")
    def _compute_relance_exposure(self):
        company = self.env.company
        rows = self.env["relance.credit.exposure"].search_fetch(
            [("company_id", "=", company.id), ("partner_id", "in", self.commercial_partner_id.ids)],
            [
                "partner_id",
                "amount_receivable",
                "amount_draft",
                "amount_orders",
                "amount_total",
                "over_limit",
                "date_refreshed",
            ],
        )
        by_partner = {row.partner_id.id: row for row in rows}
        use_limits = company.account_use_credit_limit
        for partner in self:
            commercial = partner.commercial_partner_id
            row = by_partner.get(commercial.id)
            limit = credit.to_decimal(commercial.credit_limit) if use_limits else credit.ZERO
            total = credit.to_decimal(row.amount_total if row else 0)
            partner.relance_credit_light = credit.light(total, limit)
            partner.relance_over_limit = bool(row and row.over_limit)
            partner.relance_exposure_currency_id = company.currency_id
            partner.relance_exposure_receivable = row.amount_receivable if row else 0
            partner.relance_exposure_draft = row.amount_draft if row else 0
            partner.relance_exposure_orders = row.amount_orders if row else 0
            partner.relance_exposure_total = row.amount_total if row else 0
            partner.relance_exposure_date = row.date_refreshed if row else False

    def _search_relance_credit_hold(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Search on credit hold with = or != and a yes/no."))
        holds = (
            self.env["relance.credit.hold"]
            .sudo()
            ._search([("company_id", "=", self.env.company.id), ("state", "=", "active")])
        )
        positive = (operator == "=") == value
        return [
            ("commercial_partner_id", "in" if positive else "not in", holds.subselect("partner_id"))
        ]

    def _search_relance_over_limit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Search on over limit with = or != and a yes/no."))
        rows = (
            self.env["relance.credit.exposure"]
            .sudo()
            ._search([("company_id", "=", self.env.company.id), ("over_limit", "=", True)])
        )
        positive = (operator == "=") == value
        return [
            ("commercial_partner_id", "in" if positive else "not in", rows.subselect("partner_id"))
        ]

    @api.constrains("credit_limit")
    def _check_relance_credit_limit(self):
        for partner in self:
            if partner.sudo().credit_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The credit limit of %(customer)s cannot be negative: set 0 for no "
                        "limit, or the most it may owe.",
                        customer=partner.display_name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "credit_limit" in vals or "use_partner_credit_limit" in vals:
            self.env["relance.credit.exposure"]._refresh(self.env.company, self)
        return result

    def action_relance_set_credit_hold(self):
        """Open a new credit hold set by a person on this customer."""
        return self._relance_credit_form("relance.credit.hold", self.env._("Set a Credit Hold"))

    def action_relance_authorise_sales(self):
        """Open a new authorisation of this customer's sales despite hold or limit."""
        return self._relance_credit_form(
            "relance.credit.authorisation", self.env._("Authorise Sales")
        )

    def _relance_credit_form(self, model, title):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    # ------------------------------------------------------------------
    # A customer's credit insurance with the current company: the cover running (or the
    # last one, to say it expired) and what it warns about. For accounting, as the credit
    # limit is.
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # The public registers on the customer: a button asks them, the answer is stored with
    # its date and sources, a ceased company or an open proceeding warns (and, if the company
    # chose so, sets a credit hold).
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # New customers checked against the public registers in the background, when their
    # company asks for it: creating a customer never waits for a register.
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if self.env.company.relance_register_check_on_create:
            due = partners.filtered(
                lambda partner: partner.is_company
                and not partner.parent_id
                and (partner.company_registry or ("siret" in partner._fields and partner.siret))
            )
            if due:
                due.sudo().relance_register_check_due = True
                # In the background: a slow register must not hold up the creation.
                self.env.ref("relance_avancee.ir_cron_relance_register_checks")._trigger()
        return partners

    @api.model
    def _cron_relance_check_registers(self, batch_size=20):
        """Check the customers created while their company asks the registers about
        new customers. A register that fails is said in the customer's chatter (the
        check can be done again with the button); the customer is not retried."""
        due = self.search([("relance_register_check_due", "=", True)], limit=batch_size + 1)
        batch, remaining = due[:batch_size], len(due) - min(len(due), batch_size)
        for partner in batch:
            partner.relance_register_check_due = False
            try:
                with self.env.cr.savepoint():
                    partner._relance_check_registers()
            except UserError as error:
                partner.message_post(
                    body=self.env._(
                        "The public registers could not be checked: %(reason)s",
                        reason=error.args[0],
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)

    # ------------------------------------------------------------------
    # A customer's reliability score with the current company, as the daily run last
    # computed it (relance.partner.score), searchable and sortable on the customer list.
    # ------------------------------------------------------------------

    @api.depends_context("company", "lang")
    def _compute_relance_score(self):
        rows = self.env["relance.partner.score"].search_fetch(
            [
                ("company_id", "=", self.env.company.id),
                ("partner_id", "in", self.commercial_partner_id.ids),
            ],
            ["partner_id", "score", "has_score", "date", *self._relance_score_factor_fields()],
        )
        by_partner = {row.partner_id.id: row for row in rows}
        for partner in self:
            row = by_partner.get(partner.commercial_partner_id.id)
            has_score = bool(row and row.has_score)
            partner.relance_score = row.score if has_score else 0
            partner.relance_score_band = score.band(row.score if has_score else None)
            partner.relance_score_date = row.date if row else False
            partner.relance_score_factors = self._relance_explain_score(row) if has_score else ""

    @api.model
    def _relance_score_factor_fields(self):
        return [f"{kind}_{name}" for name in score.FACTORS for kind in ("value", "points")]

    @api.model
    def _relance_explain_score(self, row):
        """One line per factor that took points off: what it found, how many points."""
        lines = [
            self.env._(
                "%(fact)s: -%(points)s",
                fact=self._relance_score_fact(name, row[f"value_{name}"]),
                points=formatLang(self.env, row[f"points_{name}"], digits=1),
            )
            for name in score.FACTORS
            if row[f"points_{name}"]
        ]
        return "\n".join(lines) or self.env._("Nothing took points off.")

    @api.model
    def _relance_score_fact(self, name, value):
        """What a factor found, in words."""
        if name == score.DAYS_LATE:
            days = formatLang(self.env, value, digits=1)
            return self.env._("%(days)s days late on average", days=days)
        if name == score.LATE_SHARE:
            return self.env._("%(share)s %% of invoices paid late", share=round(value * 100))
        if name == score.BROKEN_PROMISES:
            return self.env._("%(count)s broken promise(s)", count=int(value))
        if name == score.DISPUTES:
            return self.env._("%(count)s dispute(s)", count=int(value))
        if name == score.FORMAL_NOTICES:
            return self.env._("%(count)s formal notice(s)", count=int(value))
        return self.env._(
            "%(share)s %% of the year's invoicing overdue now", share=round(value * 100)
        )

    def _search_relance_score(self, operator, value):
        # value False: the customers with no score ("is not set" in a custom filter).
        if operator not in SCORE_OPERATORS or (value is not False and not isinstance(value, int)):
            raise ValidationError(
                self.env._("Search on the reliability score with a number from 0 to 100.")
            )
        rows = self.env["relance.partner.score"].sudo()
        company = ("company_id", "=", self.env.company.id)
        if value is False:
            scored = rows._search([company, ("has_score", "=", True)])
            none = operator == "="
            return [
                (
                    "commercial_partner_id",
                    "not in" if none else "in",
                    scored.subselect("partner_id"),
                )
            ]
        found = rows._search([company, ("has_score", "=", True), ("score", operator, value)])
        return [("commercial_partner_id", "in", found.subselect("partner_id"))]

    def _search_relance_score_band(self, operator, value):
        bands = dict(SCORE_BANDS)
        values = value if isinstance(value, list | tuple) else [value]
        if operator not in ("=", "in") or not values or any(v not in bands for v in values):
            raise ValidationError(
                self.env._("Search on reliability with one of: %(bands)s.", bands=", ".join(bands))
            )
        domains = []
        for band in values:
            if band == score.NO_SCORE:
                domains.append(self._search_relance_score("=", False))
            else:
                low, high = score.band_range(band)
                rows = (
                    self.env["relance.partner.score"]
                    .sudo()
                    ._search(
                        [
                            ("company_id", "=", self.env.company.id),
                            ("has_score", "=", True),
                            ("score", ">=", low),
                            ("score", "<=", high),
                        ]
                    )
                )
                domains.append([("commercial_partner_id", "in", rows.subselect("partner_id"))])
        return ["|"] * (len(domains) - 1) + [term for domain in domains for term in domain]

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        # The customer list sorts by the stored score of the current company: a join
        # on the score table, customers with no score last whichever the direction.
        if field_name != "relance_score":
            return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
        score_alias = query.make_alias(alias, "relance_score")
        query.add_join(
            "LEFT JOIN",
            score_alias,
            "relance_partner_score",
            SQL(
                "%s = %s AND %s = %s",
                SQL.identifier(score_alias, "partner_id"),
                self._field_to_sql(alias, "commercial_partner_id", query),
                SQL.identifier(score_alias, "company_id"),
                self.env.company.id,
            ),
        )
        return SQL("%s %s NULLS LAST", SQL.identifier(score_alias, "score"), direction)

    def _relance_in_collective_proceedings(self):
        """The last check of the public registers found a collective proceeding open."""
        return super()._relance_in_collective_proceedings() or bool(
            self.commercial_partner_id.relance_in_proceedings
        )
