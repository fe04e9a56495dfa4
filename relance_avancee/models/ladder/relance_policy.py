# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ...engine import ladder

# The texts of a level a language translates, as the shipped data has them.
LEVEL_TRANSLATED_FIELDS = ["name", "call_script", "note", "letter_text"]


class RelancePolicy(models.Model):
    _name = "relance.policy"
    _inherit = ["relance.checked.mixin"]
    _description = "Collections policy"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_default = fields.Boolean(
        "Default Policy",
        help="Applies to every customer of the company that has no policy of its own.",
    )
    level_ids = fields.One2many("relance.level", "policy_id", string="Levels", copy=True)
    catch_up = fields.Boolean(
        "Catch Up Skipped Runs",
        default=True,
        help="When runs were skipped, an item on the ladder goes up as many levels as "
        "the skipped runs would have taken it, each after its minimum gap. Unticked, "
        "it climbs one level per run.",
    )
    entry_by_age = fields.Boolean(
        "Enter at the Level the Age Warrants",
        help="Unticked (recommended), an overdue invoice that was never reminded gets "
        "the first level, however late it is, and then climbs one level per run: "
        "starting on a book that is already late, every customer is reminded first "
        "instead of receiving a formal notice or being handed over on the first day. "
        "Ticked, it enters directly at the level its age warrants. Either way, a "
        "formal notice or hand-over that would be a customer's first communication "
        "waits in the approval queue.",
    )
    tolerance_amount = fields.Monetary(
        "Tolerance",
        currency_field="currency_id",
        # A cent left over by a rounding or a bank charge is no reason to write.
        default=1.0,
        help="Nothing is sent while what the customer owes, net of credits, is below "
        "this amount.",
    )

    receipt_wait_days = fields.Integer(
        "Wait for the Receipt (Days)",
        default=15,
        help="A formal notice sent by registered letter holds its invoices until its "
        "deadline is over, counted from the acknowledgement of receipt. When no receipt "
        "is recorded this many days after the letter was posted, the deadline is "
        "counted from the end of this wait instead.",
    )
    email_max_attempts = fields.Integer(
        "Email Attempts",
        default=3,
        help="How many times an email the mail server refused is sent before giving up. "
        "A bounced email is never sent again: a letter replaces it.",
    )
    credit_hold_level_id = fields.Many2one(
        "relance.level",
        "Credit Hold From Level",
        domain="[('policy_id', '=', id)]",
        help="Put a customer on credit hold (its sales stop) while one of its items is at "
        "this level of the policy or a later one. Empty: no such hold.",
    )

    _sql_constraints = [
        (
            "email_max_attempts_positive",
            "CHECK(email_max_attempts >= 1)",
            "A collections email is sent at least once.",
        ),
        (
            "receipt_wait_days_positive",
            "CHECK(receipt_wait_days >= 0)",
            "The wait for a registered letter's receipt cannot be negative.",
        ),
        (
            "tolerance_positive",
            "CHECK(tolerance_amount >= 0)",
            "The tolerance of a collections policy cannot be negative.",
        ),
    ]

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        for company in self.filtered("is_default").company_id:
            defaults = self.search_count(
                [("company_id", "=", company.id), ("is_default", "=", True)]
            )
            if defaults > 1:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s already has a default collections policy: "
                        "untick “Default Policy” on the other one first.",
                        company=company.name,
                    )
                )

    @api.constrains("is_default", "level_ids")
    def _check_default_has_levels(self):
        for policy in self.filtered(lambda policy: policy.is_default and not policy.level_ids):
            raise ValidationError(
                self.env._(
                    "The default policy %(policy)s has no level: add at least one level "
                    "before making it the default.",
                    policy=policy.name,
                )
            )

    @api.constrains("credit_hold_level_id")
    def _check_credit_hold_level(self):
        for policy in self.filtered("credit_hold_level_id"):
            if policy.credit_hold_level_id.policy_id != policy:
                raise ValidationError(
                    self.env._(
                        "The credit hold of %(policy)s can only start at one of its own "
                        "levels: %(level)s is a level of another policy.",
                        policy=policy.name,
                        level=policy.credit_hold_level_id.display_name,
                    )
                )

    def write(self, vals):
        if {"entry_by_age", "catch_up"} & set(vals):
            self._check_no_run_in_progress()
        return super().write(vals)

    def _check_no_run_in_progress(self):
        """How items climb the ladder does not change under a run that is halfway:
        its first batches would follow one rule and the last another."""
        running = (
            self.env["relance.run"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids), ("state", "=", "running")], limit=1)
        )
        if running:
            raise UserError(
                self.env._(
                    "A collections run of %(company)s is in progress: change how items "
                    "climb the ladder once it is done.",
                    company=running.company_id.name,
                )
            )

    @api.model
    def _get_company_default(self, company):
        return self.search([("company_id", "=", company.id), ("is_default", "=", True)], limit=1)

    def _to_engine(self):
        """The policy as the plain-Python ladder decides with it."""
        self.ensure_one()
        return ladder.Policy(
            levels=tuple(level._to_engine() for level in self.level_ids.sorted("sequence")),
            catch_up=self.catch_up,
            tolerance=Decimal(str(self.tolerance_amount)),
            entry_by_age=self.entry_by_age,
            receipt_wait=self.receipt_wait_days,
        )

    @api.model
    def _install_default_policies(self):
        """Give every company without a policy a copy of the French ladder.

        Hook: called at install for the existing companies and when a company is
        created; override to ship another default ladder.
        """
        model = self.sudo()
        template = model.env.ref("relance_avancee.relance_policy_fr", raise_if_not_found=False)
        if not template:
            return model
        # Every company: a database holds a handful, never enough to batch.
        companies = model.env["res.company"].search([])  # pylint: disable=no-search-all
        covered = (
            model.with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id
        )
        missing = companies - covered - template.company_id
        languages = [code for code, __ in model.env["res.lang"].get_installed() if code != "en_US"]
        if missing and languages:
            # A copy takes the translations its template has now: load ours first, in
            # case the languages were activated before this module's terms were read.
            model.env["ir.module.module"]._load_module_terms(["relance_avancee"], languages)
        copies = model
        for company in missing:
            copies |= template.copy({"company_id": company.id, "name": template.name})
        return copies

    @api.model
    def _spread_shipped_translations(self, languages):
        """Give the companies' copies of the shipped ladder the ``languages``' texts it
        has now: a language loaded after a company got its copy reaches the copy too.

        Only what the company left as shipped: a copy renamed, and a text rewritten in
        English or already translated, are the company's own, and are kept.
        """
        template = self.env.ref("relance_avancee.relance_policy_fr", raise_if_not_found=False)
        languages = [code for code in languages if code != "en_US"]
        if not template or not languages:
            return
        english = template.with_context(lang="en_US")
        copies = (
            self.with_context(active_test=False, lang="en_US")
            .search([("id", "!=", template.id)])
            .filtered(lambda policy: policy.name == english.name)
        )
        template_levels = {level.sequence: level for level in english.level_ids}
        pairs = []
        for policy in copies:
            pairs.append((policy, english, ["name"]))
            pairs.extend(
                (level, template_levels[level.sequence], LEVEL_TRANSLATED_FIELDS)
                for level in policy.level_ids
                if level.sequence in template_levels
            )
        for code in languages:
            for record, source, names in pairs:
                in_language = record.with_context(lang=code)
                values = {
                    name: source.with_context(lang=code)[name]
                    for name in names
                    # As shipped in English, and not translated yet.
                    if record[name] == source[name] and in_language[name] == record[name]
                }
                if values:
                    in_language.write(values)
