# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from dataclasses import replace

from odoo import api, fields, models

from ...engine import ladder, penalties

PENALTY_REGIMES = [
    (penalties.FR_B2B, "France – between businesses (Code de commerce L441-10)"),
    (penalties.FR_PUBLIC, "France – public purchaser (Code de la commande publique)"),
    (penalties.FR_CONSUMER, "France – consumer (legal interest rate)"),
    (penalties.BE_B2B, "Belgium – between businesses (law of 2 August 2002)"),
    (penalties.BE_CONSUMER, "Belgium – consumer (Code de droit économique, book XIX)"),
    ("none", "No late-payment penalties"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    relance_policy_id = fields.Many2one(
        "relance.policy",
        "Collections Policy",
        company_dependent=True,
        check_company=True,
        domain="[('company_id', '=', current_company_id)]",
        help="Leave empty to follow the company's default policy.",
    )
    relance_collector_id = fields.Many2one(
        "res.users",
        "Collector",
        company_dependent=True,
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("relance_avancee.group_relance_user").ids),
        ],
        help="The Collections user who makes this customer's collection calls and "
        "gets its collection activities. Empty: the customer's salesperson if a "
        "Collections user, else whoever ran the collections, else the company's "
        "collections responsible.",
    )
    relance_hold = fields.Boolean(
        "Reminders On Hold",
        company_dependent=True,
        help="No reminder is sent to this customer while the hold lasts. Its sales go on: "
        "a credit hold is what stops them.",
    )
    relance_hold_reason = fields.Char("Hold Reason", company_dependent=True)
    relance_hold_until = fields.Date(
        "Hold Until",
        company_dependent=True,
        help="The hold is released automatically after this date; empty: until lifted.",
    )
    relance_public_body = fields.Boolean(
        "Public Body",
        help="A public purchaser: in France, late-payment interest follows the Code de "
        "la commande publique (ECB rate + 8 points).",
    )
    relance_penalty_regime = fields.Selection(
        PENALTY_REGIMES,
        "Late-Payment Regime",
        help="Empty: from the company's country and the customer (business, private "
        "person, public body).",
    )
    relance_contractual_rate = fields.Float(
        "Contractual Late-Payment Rate (%)",
        digits=(6, 2),
        aggregator=None,
        help="The yearly rate of your terms of sale, if any. France: never less than "
        "three times the legal interest rate, which applies instead. Empty: the "
        "statutory rate.",
    )
    relance_promise_ids = fields.One2many("relance.promise", "partner_id", "Promises to Pay")
    relance_communication_ids = fields.One2many(
        "relance.communication", "partner_id", "Collections History"
    )
    relance_communication_count = fields.Integer(compute="_compute_relance_communication_count")

    # Where a customer stands with the current company's collections.
    relance_currency_id = fields.Many2one(
        "res.currency", compute="_compute_relance_standing", string="Collections Currency"
    )
    relance_total_due = fields.Monetary(
        "Total Due",
        currency_field="relance_currency_id",
        compute="_compute_relance_standing",
        help="Everything the customer owes the company, net of credits, in the "
        "company's currency.",
    )
    relance_overdue = fields.Monetary(
        "Overdue",
        currency_field="relance_currency_id",
        compute="_compute_relance_standing",
        help="What is past its due date, net of credits.",
    )
    relance_overdue_in_hand = fields.Monetary(
        "Overdue in Hand",
        currency_field="relance_currency_id",
        compute="_compute_relance_standing",
        help="What is overdue on invoices the ladder leaves alone: in an active payment "
        "plan, with a collection agency or a commissaire de justice, or disputed.",
    )
    relance_overdue_to_collect = fields.Monetary(
        "Overdue to Collect",
        currency_field="relance_currency_id",
        compute="_compute_relance_standing",
        help="What is overdue, net of credits, less what is in hand (a payment plan, a "
        "collection case, a dispute): what the reminders still claim.",
    )
    relance_oldest_days_late = fields.Integer(
        "Oldest Days Late", compute="_compute_relance_standing"
    )
    relance_level_reached_id = fields.Many2one(
        "relance.level", "Level Reached", compute="_compute_relance_standing"
    )
    relance_last_communication_id = fields.Many2one(
        "relance.communication", "Last Communication", compute="_compute_relance_standing"
    )
    relance_next_level_id = fields.Many2one(
        "relance.level",
        "Next Action",
        compute="_compute_relance_standing",
        help="The level of the next communication the ladder plans, if nothing is paid "
        "and nothing holds it back (a promise, a hold, a dispute, the tolerance).",
    )
    relance_next_action_date = fields.Date("Next Action On", compute="_compute_relance_standing")
    relance_open_promise_id = fields.Many2one(
        "relance.promise", "Open Promise", compute="_compute_relance_standing"
    )
    relance_open_dispute_count = fields.Integer(
        "Open Disputes", compute="_compute_relance_standing"
    )
    relance_open_line_ids = fields.Many2many(
        "account.move.line",
        string="Open Items",
        compute="_compute_relance_standing",
        help="The customer's receivable items still open with the company: invoices, "
        "instalments, credit notes and payments not yet matched.",
    )
    relance_effective_policy_id = fields.Many2one(
        "relance.policy",
        "Policy Applied",
        compute="_compute_relance_standing",
        help="The customer's own policy, else the company's default policy.",
    )

    @api.depends("relance_communication_ids")
    @api.constrains("relance_policy_id")
    def _check_relance_policy_company(self):
        # res.partner does not check its companies by itself (no _check_company_auto).
        self._check_company(["relance_policy_id"])

    def _compute_relance_communication_count(self):
        counts = dict(
            self.env["relance.communication"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.relance_communication_count = counts.get(partner, 0)

    def _relance_in_collective_proceedings(self):
        """Hook: whether this customer is in collective proceedings (safeguard,
        receivership, liquidation), which stop individual actions. Nothing here knows;
        the capability that reads the public registers says."""
        self.ensure_one()
        return False

    def _relance_penalty_regime(self, company):
        """The late-payment regime of this customer with ``company``, or False."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if partner.relance_penalty_regime:
            return partner.relance_penalty_regime != "none" and partner.relance_penalty_regime
        country = company._relance_country_code()
        if country == "FR":
            if partner.relance_public_body:
                return penalties.FR_PUBLIC
            return penalties.FR_B2B if partner.is_company else penalties.FR_CONSUMER
        if country == "BE":
            return penalties.BE_B2B if partner.is_company else penalties.BE_CONSUMER
        return False

    def write(self, vals):
        result = super().write(vals)
        if vals.get("relance_hold"):
            self._relance_withdraw_held()
        return result

    def _relance_withdraw_held(self):
        """Put on hold in the current company: what waits for them is not to do."""
        company = self.env.company
        for partner in self.with_company(company):
            reason = partner.relance_hold_reason
            self.env["relance.communication"].sudo()._withdraw_settled(
                partner,
                company,
                lambda env, reason=reason: env._(
                    "Collections put on hold: %(reason)s", reason=reason
                )
                if reason
                else env._("Collections put on hold."),
            )

    def action_relance_run_now(self):
        """Run the collections ladder at once for the selected customers."""
        run = self.env["relance.run"]._run_now(partners=self)
        return run._get_result_action()

    # ------------------------------------------------------------------
    # Where a customer stands with the current company's collections: what it owes,
    # how late, the level reached, the last communication and the next one planned, its
    # open promise and disputes. Read when a person opens the customer, never stored.
    # ------------------------------------------------------------------

    @api.depends_context("company")
    def _compute_relance_standing(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        default = self.env["relance.policy"]._get_company_default(company)
        for partner in self:
            customer = partner.commercial_partner_id.with_company(company)
            lines = customer._relance_open_lines(company)
            overdue = lines.filtered(lambda line: (line.date_maturity or line.date) < today)
            debts = overdue.filtered(lambda line: line.amount_residual > 0)
            policy = customer.relance_policy_id or default
            last = customer._relance_last_communication(company)
            partner.relance_currency_id = company.currency_id
            partner.relance_open_line_ids = lines.sorted(
                lambda line: (line.date_maturity or line.date, line.id)
            )
            partner.relance_total_due = sum(lines.mapped("amount_residual"))
            partner.relance_overdue = sum(overdue.mapped("amount_residual"))
            set_aside = customer._relance_set_aside_moves(company, overdue.move_id)
            in_hand = debts.filtered(lambda line, aside=set_aside: line.move_id.id in aside)
            partner.relance_overdue_in_hand = sum(in_hand.mapped("amount_residual"))
            partner.relance_overdue_to_collect = (
                partner.relance_overdue - partner.relance_overdue_in_hand
            )
            partner.relance_oldest_days_late = max(
                ((today - (line.date_maturity or line.date)).days for line in debts), default=0
            )
            partner.relance_level_reached_id = debts.relance_level_id.sorted("sequence")[-1:]
            partner.relance_last_communication_id = last
            partner.relance_effective_policy_id = policy
            step = customer._relance_next_step(policy, last, today) if policy else False
            partner.relance_next_level_id = step and step[0]
            partner.relance_next_action_date = step and step[1]
            partner.relance_open_promise_id = self.env["relance.promise"].search(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "=", customer.id),
                    ("state", "=", "open"),
                ],
                order="date",
                limit=1,
            )
            partner.relance_open_dispute_count = self.env["relance.dispute"].search_count(
                self.env["relance.dispute"]._active_domain(today)
                + [
                    ("move_id.commercial_partner_id", "=", customer.id),
                    ("move_id.company_id", "=", company.id),
                ]
            )

    def _relance_open_lines(self, company):
        """This customer's open receivable lines with ``company``."""
        self.ensure_one()
        return self.env["account.move.line"].search(
            self.env["account.move.line"]._relance_open_receivable_domain()
            + [("company_id", "=", company.id), ("partner_id", "child_of", self.id)]
        )

    def _relance_last_communication(self, company):
        """The latest communication recorded for this customer (approved)."""
        self.ensure_one()
        return self.env["relance.communication"].search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "=", self.id),
                ("state", "not in", ("cancelled", "to_approve")),
            ],
            order="date desc, id desc",
            limit=1,
        )

    def _relance_collection_responsibles(self, company, asked_by=None):
        """{customer id: the person who acts on its collections with ``company``}: its
        collector, else its salesperson, else ``asked_by`` (who asked for the work,
        unless a scheduled run's OdooBot), else the company's collections responsible
        (``res.company._relance_responsible``). A person who cannot work on the
        company's collections is skipped (``relance.communication._can_act``)."""
        can_act, fallback, responsibles = {}, None, {}
        Communication = self.env["relance.communication"]

        def acts(user):
            if user.id not in can_act:
                can_act[user.id] = Communication._can_act(user, company)
            return can_act[user.id]

        asked_by = asked_by or self.env["res.users"]
        for customer in self.with_company(company):
            candidates = (customer.relance_collector_id, customer.user_id, asked_by)
            person = next((user for user in candidates if acts(user)), None)
            if person is None:
                fallback = fallback or company._relance_responsible()
                person = fallback
            responsibles[customer.id] = person
        return responsibles

    def _relance_set_aside_moves(self, company, moves):
        """Ids of the invoices among ``moves`` the run leaves alone today."""
        run = self.env["relance.run"].new(
            {"company_id": company.id, "date": fields.Date.context_today(self)}
        )
        return run._set_aside_moves(set(moves.ids))

    def _relance_next_step(self, policy, last, today):
        """(level, date) the ladder plans next for this customer (engine.ladder), on
        its open lines as the run reads them: what it leaves alone left out, the
        formal notices' holds kept."""
        self.ensure_one()
        company = self.env.company
        run = self.env["relance.run"].new({"company_id": company.id, "date": today})
        lines = run._read_open_lines(
            self.env["account.move.line"]._relance_open_receivable_domain()
            + [
                ("company_id", "=", company.id),
                ("partner_id", "child_of", self.id),
                ("move_id.relance_excluded", "=", False),
            ]
        )
        set_aside = run._set_aside_moves({line.move_id for line in lines.values()})
        holds = run._notice_holds(lines)
        step = ladder.next_step(
            ladder.Customer(
                partner_id=self.id,
                policy=policy._to_engine(),
                last_communication=last.date or None,
                consumer=not self.is_company,
            ),
            [
                replace(line.item(line.level_id, held_until=holds.get(line.id)), partner_id=self.id)
                for line in lines.values()
                if line.move_id not in set_aside
            ],
            today,
        )
        if not step:
            return False
        level, day = step
        return self.env["relance.level"].browse(level.id), day

    def action_relance_record_promise(self):
        """Collections tab's button: a promise to pay from the customer, with the
        current company, for what is overdue by default."""
        self.ensure_one()
        customer = self.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Promise to Pay"),
            "res_model": "relance.promise",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_company_id": self.env.company.id,
                "default_partner_id": customer.id,
                "default_amount": customer.relance_overdue or customer.relance_total_due,
            },
        }

    def action_relance_open_receivables(self):
        """Smart button: this customer's receivables to collect."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "relance_avancee.action_relance_receivable_lines"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        # One customer's list: its name on every row says nothing (the list hides it).
        action["context"] = {"relance_one_customer": True}
        action["name"] = self.env._(
            "Receivables to collect: %(customer)s", customer=self.commercial_partner_id.name
        )
        return action
