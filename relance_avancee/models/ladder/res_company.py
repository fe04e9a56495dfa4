# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...engine import law, payment_qr


class ResCompany(models.Model):
    _inherit = "res.company"

    _sql_constraints = [
        (
            "relance_paid_hold_days_positive",
            "CHECK(relance_paid_hold_days >= 1)",
            "Reminders are held at least one day after a customer says it already paid.",
        ),
        (
            "relance_call_retry_days_positive",
            "CHECK(relance_call_retry_days >= 1)",
            "The next attempt of a call is at least one day later.",
        ),
    ]

    # What a letter must say about its sender. Debian's wkhtmltopdf drops Odoo's
    # report header and footer, so the letters print these in their body.
    relance_legal_form = fields.Char("Legal Form", help="E.g. SAS, SARL, SRL, SA.")
    relance_share_capital = fields.Char(
        "Share Capital", help="As printed on letters, e.g. 50 000 EUR."
    )
    relance_trade_register = fields.Char(
        "Trade Register",
        help="France: RCS and its city (RCS Lyon); Belgium: RPM/RPR and its court "
        "(RPM Bruxelles). The registration number itself is the Company ID.",
    )
    relance_bank_account_id = fields.Many2one(
        "res.partner.bank",
        "Collections Bank Account",
        domain="[('partner_id', '=', partner_id)]",
        help="The account printed on letters and encoded in their payment QR code. "
        "Empty: the account of the first bank journal.",
    )
    relance_penalty_journal_id = fields.Many2one(
        "account.journal",
        "Penalty Journal",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales journal of the penalty invoices. Empty: the first sales journal.",
    )
    relance_interest_account_id = fields.Many2one(
        "account.account",
        "Late-Payment Interest Account",
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Income account of the interest lines of penalty invoices "
        "(France: 7631 or 768; Belgium: 7560).",
    )
    relance_indemnity_account_id = fields.Many2one(
        "account.account",
        "Recovery Indemnity Account",
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Income account of the fixed 40 EUR recovery indemnity (France: 7588).",
    )
    relance_penalty_year_days = fields.Integer(
        "Days per Year (Penalties)",
        default=365,
        help="Divisor of the daily interest: 365 by default; 360 or 366 if your "
        "contracts say so.",
    )

    relance_user_id = fields.Many2one(
        "res.users",
        "Collections Responsible",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Who acts on what the scheduled runs produce: calls, hand-overs, failed "
        "emails; the author of the reminder emails, so that failures reach a person. "
        "Empty: the first Collections manager of the company.",
    )

    relance_collector_approves = fields.Boolean(
        "Collectors Approve Reminders",
        help="Collections users may approve the communications waiting for approval "
        "that are neither a formal notice nor a hand-over. Formal notices and "
        "hand-overs are always approved by a Collections manager.",
    )

    relance_paid_hold_days = fields.Integer(
        "Hold After “Already Paid” (Days)",
        default=7,
        help="When a customer says on the phone it already paid, its reminders are held "
        "this many days while someone looks for the payment.",
    )
    relance_call_retry_days = fields.Integer(
        "Call Again After (Days)",
        default=2,
        help="When nobody answers a collections call, the next attempt is planned this "
        "many days later.",
    )

    @api.constrains("relance_bank_account_id", "partner_id")
    def _check_relance_bank_account(self):
        for company in self.filtered("relance_bank_account_id"):
            account = company.relance_bank_account_id
            number = account.acc_number
            if account.partner_id != company.partner_id:
                raise ValidationError(
                    self.env._(
                        "The collections bank account %(number)s belongs to %(holder)s, "
                        "not to %(company)s: letters can only ask to pay into an account "
                        "of the company.",
                        number=number,
                        holder=account.partner_id.display_name,
                        company=company.name,
                    )
                )
            if not payment_qr.is_valid_iban(number):
                raise ValidationError(
                    self.env._(
                        "The collections bank account %(number)s is not a valid IBAN "
                        "(its check digits do not match): letters could not be paid by "
                        "transfer to it.",
                        number=number,
                    )
                )

    @api.constrains("relance_penalty_journal_id")
    def _check_relance_penalty_journal(self):
        for company in self.filtered("relance_penalty_journal_id"):
            journal = company.relance_penalty_journal_id
            if journal.company_id != company or journal.type != "sale":
                raise ValidationError(
                    self.env._(
                        "The penalty journal of %(company)s must be one of its sales "
                        "journals (%(journal)s is not).",
                        company=company.name,
                        journal=journal.display_name,
                    )
                )

    @api.constrains("relance_interest_account_id", "relance_indemnity_account_id")
    def _check_relance_penalty_accounts(self):
        for company in self:
            for account in (
                company.relance_interest_account_id | company.relance_indemnity_account_id
            ):
                if company not in account.company_ids or account.account_type not in (
                    "income",
                    "income_other",
                ):
                    raise ValidationError(
                        self.env._(
                            "Penalty invoices of %(company)s credit an income account of "
                            "the company: %(account)s is not one.",
                            company=company.name,
                            account=account.display_name,
                        )
                    )

    @api.constrains("relance_user_id")
    def _check_relance_user(self):
        for company in self.filtered("relance_user_id"):
            user = company.relance_user_id
            if user.share or company not in user.company_ids:
                raise ValidationError(
                    self.env._(
                        "The collections responsible of %(company)s must be an internal "
                        "user of the company (%(user)s is not).",
                        company=company.name,
                        user=user.name,
                    )
                )

    @api.constrains("relance_penalty_year_days")
    def _check_relance_penalty_year_days(self):
        for company in self:
            if company.relance_penalty_year_days not in (360, 365, 366):
                raise ValidationError(
                    self.env._("Late-payment interest is computed on 360, 365 or 366 days a year.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["relance.policy"]._install_default_policies()
        self.env["relance.run.lock"]._ensure_rows(companies.ids)
        return companies

    def _relance_lang(self):
        """The language the company's people read collections in (chatter notes,
        activities, tracking): the company's own, whatever language the user who
        runs the scheduled actions has."""
        self.ensure_one()
        return self.partner_id.lang or self.env.lang or "en_US"

    def _relance_responsible(self):
        """The person who acts on this company's collections when no user asked for
        them (a scheduled run): the configured responsible, else the first active
        Collections manager of the company, else the current user."""
        self.ensure_one()
        return self._relance_named_responsible() or self.env.user

    def _relance_named_responsible(self):
        """The configured responsible, else the first active Collections manager of the
        company other than OdooBot; else nobody."""
        self.ensure_one()
        if self.relance_user_id.active:
            return self.relance_user_id
        return self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref("relance_avancee.group_relance_manager").ids),
                ("company_ids", "in", self.ids),
                ("share", "=", False),
                ("id", "!=", self.env.ref("base.user_root").id),
            ],
            order="id",
            limit=1,
        )

    def _relance_nobody_responsible(self):
        """Whether the work of the scheduled runs would reach nobody in this company."""
        self.ensure_one()
        return not self._relance_named_responsible()

    def _relance_country_code(self):
        """The country whose late-payment law the company applies."""
        self.ensure_one()
        return (self.country_id or self.account_fiscal_country_id).code

    def _relance_payment_account(self):
        """The bank account letters ask to pay to, if it is a valid IBAN."""
        self.ensure_one()
        account = (
            self.relance_bank_account_id
            or self.env["account.journal"]
            .search(
                [
                    *self.env["account.journal"]._check_company_domain(self),
                    ("type", "=", "bank"),
                    ("bank_account_id", "!=", False),
                ],
                limit=1,
            )
            .bank_account_id
        )
        if account and payment_qr.is_valid_iban(account.acc_number):
            return account
        return account.browse()

    def _relance_legal_mentions(self):
        """The sender's legal mentions as letters print them, one string per item."""
        self.ensure_one()
        country = self._relance_country_code()
        mentions = []
        if self.relance_legal_form or self.relance_share_capital:
            capital = self.relance_share_capital and self.env._(
                "with a share capital of %s", self.relance_share_capital
            )
            mentions.append(" ".join(filter(None, [self.relance_legal_form, capital])))
        registry = self.company_registry
        if registry:
            if country == "BE":
                mentions.append(self.env._("Enterprise number %s", registry))
            elif country == "FR":
                # SIRET: the establishment's 14 digits; SIREN: the company's 9.
                digits = len(registry.replace(" ", ""))
                mentions.append(f"{'SIRET' if digits == 14 else 'SIREN'} {registry}")
            else:
                mentions.append(self.env._("Registration number %s", registry))
        if self.relance_trade_register:
            mentions.append(self.relance_trade_register)
        if self.vat:
            mentions.append(self.env._("VAT %s", self.vat))
        return mentions

    def _relance_payment_block(self, partner, amount, currency, account=None, reference_of=None):
        """How a letter asks ``partner`` to pay ``amount``: the account, the reference
        and the EPC QR code.

        Returns a dict: ``account`` (res.partner.bank, empty without a valid IBAN),
        ``reference`` (ISO 11649 RF; in Belgium the structured communication),
        ``qr`` (PNG in base64, or False). No QR without an IBAN, in
        another currency than the euro (EPC069-12 is for SEPA credit transfers) or
        for nothing to pay; the screens say why (:meth:`_relance_qr_missing_reason`).
        ``account``: :meth:`_relance_payment_account`, when a batch read it already.
        ``reference_of``: (code, id) the reference is built from, the customer's
        (``ref``, id) by default; a payment plan's letter quotes the plan's.
        """
        self.ensure_one()
        if account is None:
            account = self._relance_payment_account()
        customer = partner.commercial_partner_id
        code, record_id = reference_of or (customer.ref, customer.id)
        reference, structured = law.payment_reference(self._relance_country_code(), code, record_id)
        block = {"account": account, "reference": reference, "qr": False}
        if account and currency.name == "EUR" and amount >= 0.01:
            payload = payment_qr.epc_payload(
                name=self.name,
                iban=account.acc_number,
                amount=amount,
                bic=account.bank_bic or "",
                structured=structured,
            )
            block["qr"] = base64.b64encode(payment_qr.qr_png(payload)).decode()
        return block

    def _relance_qr_missing_reason(self):
        """Why this company's letters carry no payment QR code, or False."""
        self.ensure_one()
        if self._relance_payment_account():
            return False
        return self.env._(
            "%(company)s has no valid IBAN for collections: its letters are printed "
            "without a payment QR code or bank details. Set the Collections Bank Account "
            "of the company (Settings > Companies > Collections) or a bank journal's "
            "account.",
            company=self.name,
        )
