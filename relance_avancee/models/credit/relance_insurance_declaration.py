# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date

from ...engine import credit, insurance


class RelanceInsuranceDeclaration(models.Model):
    """What the company must declare to its credit insurer before a deadline: an
    insured item still unpaid after its due date, or an insured customer in a
    collective proceeding. Found by the daily run, which plans an activity for the
    accountant before the deadline; kept once declared, as the history."""

    _name = "relance.insurance.declaration"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Credit insurance declaration"
    _order = "date_deadline, id"
    _check_company_auto = True
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    policy_id = fields.Many2one(
        "relance.insurance.policy",
        "Insurance Policy",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    cover_id = fields.Many2one("relance.insurance.cover", readonly=True, ondelete="set null")
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, readonly=True, index=True
    )
    kind = fields.Selection(
        [
            (insurance.KIND_OVERDUE, "Unpaid debt"),
            (insurance.KIND_PROCEEDING, "Collective proceeding"),
        ],
        required=True,
        readonly=True,
    )
    move_line_id = fields.Many2one(
        "account.move.line", "Item", readonly=True, index="btree_not_null", ondelete="cascade"
    )
    move_id = fields.Many2one(related="move_line_id.move_id", string="Invoice")
    register_check_id = fields.Many2one(
        "relance.register.check", "Registers Check", readonly=True, ondelete="set null"
    )
    proceeding_date = fields.Date("Proceeding Opened On", readonly=True)
    amount = fields.Monetary("Amount Due", readonly=True)
    date_origin = fields.Date(
        "Counted From",
        readonly=True,
        help="The item's due date, or the day the proceeding was learnt of.",
    )
    date_deadline = fields.Date("Declare By", readonly=True, index=True)
    state = fields.Selection(
        [("to_declare", "To declare"), ("declared", "Declared"), ("settled", "Paid in time")],
        default="to_declare",
        required=True,
        readonly=True,
        tracking=True,
    )
    date_declared = fields.Date("Declared On", readonly=True)
    declared_by_id = fields.Many2one("res.users", readonly=True)
    activity_planned = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = [
        (
            "item_unique",
            "unique(policy_id, move_line_id)",
            "This item is already to be declared under this policy.",
        ),
        (
            "proceeding_unique",
            "unique(policy_id, partner_id, kind, proceeding_date)",
            "This proceeding is already to be declared under this policy.",
        ),
    ]

    @api.depends("partner_id", "kind", "move_line_id")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for declaration in self:
            what = declaration.move_line_id.move_id.name or labels.get(declaration.kind, "")
            declaration.display_name = f"{declaration.partner_id.name} – {what}"

    def action_declare(self):
        """The accountant declared it to the insurer: keep the day, close the activity."""
        today = fields.Date.context_today(self)
        to_declare = self.filtered(lambda declaration: declaration.state == "to_declare")
        to_declare.write(
            {"state": "declared", "date_declared": today, "declared_by_id": self.env.uid}
        )
        to_declare.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @api.model
    def _cron_credit_insurance(self):
        """The daily run of credit insurance: the covers starting today set the credit
        limits that follow them; for each running policy, the insured items
        unpaid after their due date and the insured customers found in proceedings
        become declarations to make; those paid before being declared are settled; an
        activity is planned for the accountant before each deadline."""
        self.env["relance.insurance.cover"]._cron_apply_starting_covers()
        declarations = self.sudo()
        today = fields.Date.context_today(self)
        for company in declarations.env["res.company"].search([]):  # pylint: disable=no-search-all
            for policy in declarations.env["relance.insurance.policy"]._running(company, today):
                declarations._find_overdue(policy, today)
                declarations._find_proceedings(policy, today)
        declarations._settle_paid()
        declarations._plan_activities(today)

    @api.model
    def _covers_by_partner(self, policy):
        covers = {}
        for cover in policy.cover_ids:
            covers.setdefault(cover.partner_id.id, []).append(cover)
        return covers

    @api.model
    def _find_overdue(self, policy, today):
        covers = self._covers_by_partner(policy)
        if not covers:
            return
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", policy.company_id.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", credit.CUSTOMER_INVOICE_TYPES),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
                ("date_maturity", "<", today),
                ("partner_id.commercial_partner_id", "in", list(covers)),
            ]
        )
        known = set(self.search([("policy_id", "=", policy.id)]).move_line_id.ids)
        # Read once per customer, not once per item.
        engine_covers = {
            partner_id: [cover._engine() for cover in found] for partner_id, found in covers.items()
        }
        vals_list = []
        for line in lines:
            if line.id in known:
                continue
            partner = line.partner_id.commercial_partner_id
            found = insurance.covering(
                engine_covers[partner.id], line.move_id.invoice_date or line.date
            )
            if not found:
                continue
            vals_list.append(
                {
                    "company_id": policy.company_id.id,
                    "policy_id": policy.id,
                    "cover_id": found.id,
                    "partner_id": partner.id,
                    "kind": insurance.KIND_OVERDUE,
                    "move_line_id": line.id,
                    "amount": line.amount_residual,
                    "date_origin": line.date_maturity,
                    "date_deadline": insurance.deadline(
                        line.date_maturity, policy.days_declare_overdue
                    ),
                }
            )
        self.create(vals_list)

    @api.model
    def _find_proceedings(self, policy, today):
        """An insured customer (a cover running today) found in proceedings: declared
        counting from the day the registers first showed that proceeding."""
        insured = policy.cover_ids.filtered(
            lambda cover: cover._engine().state(today) == insurance.ACTIVE
        ).partner_id.filtered("relance_in_proceedings")
        if not insured:
            return
        known = {
            (declaration.partner_id.id, declaration.proceeding_date)
            for declaration in self.search(
                [("policy_id", "=", policy.id), ("kind", "=", insurance.KIND_PROCEEDING)]
            )
        }
        checks = self.env["relance.register.check"].search(
            [("partner_id", "in", insured.ids), ("in_proceedings", "=", True)],
            order="date, id",
        )
        vals_list = []
        for partner in insured:
            opened = partner.relance_register_check_id.proceeding_date
            if (partner.id, opened) in known:
                continue
            first = checks.filtered(
                lambda check, partner=partner, opened=opened: check.partner_id == partner
                and check.proceeding_date == opened
            )[:1]
            learnt = fields.Date.context_today(self, first.date)
            cover = policy.cover_ids.filtered(
                lambda cover, partner=partner: cover.partner_id == partner
                and cover._engine().state(today) == insurance.ACTIVE
            )[:1]
            vals_list.append(
                {
                    "company_id": policy.company_id.id,
                    "policy_id": policy.id,
                    "cover_id": cover.id,
                    "partner_id": partner.id,
                    "kind": insurance.KIND_PROCEEDING,
                    "register_check_id": first.id,
                    "proceeding_date": opened,
                    "amount": partner.with_company(policy.company_id).relance_exposure_total,
                    "date_origin": learnt,
                    "date_deadline": insurance.deadline(learnt, policy.days_declare_proceeding),
                }
            )
        self.create(vals_list)

    @api.model
    def _settle_paid(self):
        """An item paid before it was declared needs no declaration any more."""
        paid = self.search(
            [
                ("state", "=", "to_declare"),
                ("kind", "=", insurance.KIND_OVERDUE),
                "|",
                ("move_line_id", "=", False),
                ("move_line_id.reconciled", "=", True),
            ]
        )
        paid.write({"state": "settled"})
        paid.activity_unlink(["mail.mail_activity_data_todo"])

    @api.model
    def _plan_activities(self, today):
        due = self.search([("state", "=", "to_declare"), ("activity_planned", "=", False)])
        for declaration in due:
            policy = declaration.policy_id
            if insurance.reminder_day(declaration.date_deadline, policy.days_warn_before) > today:
                continue
            company = declaration.company_id
            record = declaration.with_context(lang=company._relance_lang())
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=max(declaration.date_deadline, today),
                summary=record.env._("Declare to the credit insurer"),
                note=Markup("<p>%s</p>") % record._explain(),
                user_id=policy.user_id.id,
            )
            declaration.activity_planned = True

    def _explain(self):
        self.ensure_one()
        if self.kind == insurance.KIND_OVERDUE:
            return self.env._(
                "%(invoice)s of %(customer)s, due on %(due)s, is still unpaid: declare it "
                "to %(insurer)s (policy %(number)s) by %(deadline)s.",
                invoice=self.move_line_id.move_id.name,
                customer=self.partner_id.name,
                due=format_date(self.env, self.date_origin),
                insurer=self.policy_id.insurer_id.name,
                number=self.policy_id.policy_number,
                deadline=format_date(self.env, self.date_deadline),
            )
        return self.env._(
            "%(customer)s is in a collective proceeding (opened on %(opened)s, learnt on "
            "%(learnt)s): declare it to %(insurer)s (policy %(number)s) by %(deadline)s.",
            customer=self.partner_id.name,
            opened=format_date(self.env, self.proceeding_date),
            learnt=format_date(self.env, self.date_origin),
            insurer=self.policy_id.insurer_id.name,
            number=self.policy_id.policy_number,
            deadline=format_date(self.env, self.date_deadline),
        )
