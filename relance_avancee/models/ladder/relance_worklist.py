# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class RelanceWorklist(models.Model):
    """The collector's worklist: one row per overdue receivable line (an invoice
    instalment), with where it stands on the ladder and what comes next.

    A query, not a table (as Odoo's invoice analysis): the rows are always those of
    the books, and each column a person filters, sorts or groups on is a column of
    the query. The next action is the one the last run planned (relance.line.state);
    days late count from the user's today.
    """

    _name = "relance.worklist"
    _inherit = ["relance.group.currency.mixin"]
    _description = "Receivable to collect"
    _auto = False
    # The collector's order: what has an action to take first, the soonest action
    # first, then the longest overdue; what waits on nothing the collector does
    # (held, promised, in a plan or a case, at the top of the ladder) last.
    _order = "to_do desc, next_action_date, days_late desc, id"
    _rec_name = "move_id"
    _depends = {
        "account.move.line": [
            "move_id",
            "company_id",
            "partner_id",
            "currency_id",
            "company_currency_id",
            "date_maturity",
            "amount_residual",
            "amount_residual_currency",
            "parent_state",
            "account_id",
            "reconciled",
        ],
        "account.account": ["account_type"],
        "account.move": ["invoice_date", "relance_excluded"],
        "relance.line.state": ["move_line_id", "level_id", "next_level_id", "next_action_date"],
        "relance.level": ["policy_id", "sequence"],
        "relance.communication": ["date", "state"],
        "relance.communication.line": ["communication_id", "move_line_id"],
        "relance.dispute": ["move_id", "resolved", "date_start", "date_end"],
        "relance.promise": ["company_id", "partner_id", "state"],
        "res.partner": ["relance_hold", "relance_hold_until"],
    }

    move_line_id = fields.Many2one("account.move.line", "Journal Item", readonly=True)
    move_id = fields.Many2one("account.move", "Invoice", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    company_currency_id = fields.Many2one("res.currency", readonly=True)
    # A group's currency, for the sign on its totals (relance.group.currency.mixin).
    currency_id_in_group = fields.Integer(
        "Currency of the Group", compute="_compute_currency_in_group", aggregator="single"
    )
    company_currency_id_in_group = fields.Integer(
        "Company Currency of the Group", compute="_compute_currency_in_group", aggregator="single"
    )
    invoice_date = fields.Date(readonly=True)
    date_maturity = fields.Date("Due Date", readonly=True)
    days_late = fields.Integer(readonly=True, aggregator="max")
    amount_residual = fields.Monetary(
        "Amount Due",
        currency_field="company_currency_id",
        readonly=True,
        aggregator="sum",
        help="What is still owed on the instalment, in the company's currency.",
    )
    amount_residual_currency = fields.Monetary(
        "Amount Due (Invoice Currency)", currency_field="currency_id", readonly=True
    )
    level_id = fields.Many2one("relance.level", "Level Reached", readonly=True)
    level_step = fields.Integer(
        "Step",
        readonly=True,
        aggregator="max",
        help="The level's place in its policy's ladder (1 for the first reminder). "
        "Grouped, the highest step any item of the group reached.",
    )
    next_level_id = fields.Many2one(
        "relance.level",
        "Next Action",
        readonly=True,
        help="The level the item is to reach next, as the last collections run planned it "
        "if nothing is paid. Empty at the top of the ladder, under a dispute or an open hold "
        "(from the run after they were recorded).",
    )
    next_action_date = fields.Date("Next Action On", readonly=True)
    last_communication_id = fields.Many2one("relance.communication", readonly=True)
    last_communication_date = fields.Date("Last Communication On", readonly=True)
    last_communication_level_id = fields.Many2one(
        related="last_communication_id.level_id", string="Last Level Sent"
    )
    last_communication_channels = fields.Char(
        related="last_communication_id.channel_labels", string="Last Channels"
    )
    disputed = fields.Boolean(readonly=True, help="The invoice is under a running dispute.")
    promised = fields.Boolean(
        readonly=True, help="The customer has an open promise to pay, not yet due."
    )
    on_hold = fields.Boolean(
        readonly=True,
        help="Collections are held for the customer, or the invoice is excluded from them.",
    )
    suspension = fields.Selection(
        [
            ("disputed", "Disputed"),
            ("on_hold", "On Hold"),
            ("promised", "Promised"),
        ],
        "Suspended By",
        readonly=True,
        help="Why collections wait for this item, if they do: an open collection case or "
        "an active payment plan holding the invoice, a dispute on the invoice, a hold on "
        "the customer or the invoice, the customer's open promise to pay.",
    )
    to_do = fields.Boolean(
        "Action to Take",
        readonly=True,
        help="Nothing suspends the item and the ladder has a next step for it (or it was "
        "never reminded): the collections run, or the collector, has something to do.",
    )
    instalment = fields.Char(
        compute="_compute_instalment",
        help="Which instalment of its invoice the row is (2/3), for invoices in several.",
    )

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT rows.*,
                   CASE %(suspensions)s END AS suspension,
                   (CASE %(suspensions)s END) IS NULL
                   AND (rows.next_level_id IS NOT NULL OR rows.level_id IS NULL) AS to_do
              FROM (
            SELECT line.id AS id,
                   line.id AS move_line_id,
                   line.move_id AS move_id,
                   line.company_id AS company_id,
                   line.partner_id AS partner_id,
                   line.currency_id AS currency_id,
                   line.company_currency_id AS company_currency_id,
                   move.invoice_date AS invoice_date,
                   line.date_maturity AS date_maturity,
                   %(today)s - line.date_maturity AS days_late,
                   line.amount_residual AS amount_residual,
                   line.amount_residual_currency AS amount_residual_currency,
                   state.level_id AS level_id,
                   (
                       SELECT COUNT(*) FROM relance_level other
                        WHERE other.policy_id = level.policy_id
                          AND (other.sequence, other.id) <= (level.sequence, level.id)
                   ) AS level_step,
                   state.next_level_id AS next_level_id,
                   state.next_action_date AS next_action_date,
                   last.id AS last_communication_id,
                   last.date AS last_communication_date,
                   %(holder_columns)s
                   EXISTS (
                       SELECT 1 FROM relance_dispute dispute
                        WHERE dispute.move_id = line.move_id
                          AND NOT COALESCE(dispute.resolved, FALSE)
                          AND dispute.date_start <= %(today)s
                          AND (dispute.date_end IS NULL OR dispute.date_end >= %(today)s)
                   ) AS disputed,
                   EXISTS (
                       SELECT 1 FROM relance_promise promise
                        WHERE promise.company_id = line.company_id
                          AND promise.partner_id = line.partner_id
                          AND promise.state = 'open'
                          AND promise.date >= %(today)s
                   ) AS promised,
                   (
                       COALESCE(move.relance_excluded, FALSE)
                       OR (
                           COALESCE((partner.relance_hold ->> keys.company_key)::boolean, FALSE)
                           AND COALESCE(
                               (partner.relance_hold_until ->> keys.company_key)::date >= %(today)s,
                               TRUE
                           )
                       )
                   ) AS on_hold
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN account_account account ON account.id = line.account_id
              LEFT JOIN res_partner partner ON partner.id = line.partner_id
              -- Company-dependent fields are JSON objects keyed by company id.
              CROSS JOIN LATERAL (SELECT line.company_id::text AS company_key) keys
              LEFT JOIN relance_line_state state ON state.move_line_id = line.id
              LEFT JOIN relance_level level ON level.id = state.level_id
              LEFT JOIN LATERAL (
                   SELECT communication.id, communication.date
                     FROM relance_communication_line item
                     JOIN relance_communication communication
                       ON communication.id = item.communication_id
                    WHERE item.move_line_id = line.id
                      AND communication.state NOT IN ('cancelled', 'to_approve')
                    ORDER BY communication.date DESC, communication.id DESC
                    LIMIT 1
              ) last ON TRUE
             WHERE line.parent_state = 'posted'
               -- As the run: a receivable without a customer is no one's to collect.
               AND line.partner_id IS NOT NULL
               AND account.account_type = 'asset_receivable'
               AND NOT line.reconciled
               AND line.amount_residual > 0
               AND line.date_maturity < %(today)s
              ) rows
            """,
            today=today,
            suspensions=SQL(" ").join(
                SQL("WHEN %s THEN %s", condition, key)
                for condition, key in self._worklist_suspensions()
            ),
            holder_columns=SQL("").join(
                SQL("%s AS %s,", expression, SQL.identifier(name))
                for name, expression in self._worklist_holder_columns(today).items()
            ),
        )

    def _worklist_holder_columns(self, today):
        """Hook: {column name: SQL expression over ``line``, the row's receivable line}
        of what holds an item out of the run (its field declared by the extension).
        None here; the payment plans and the collection cases add theirs (``super()``),
        as relance.run's ``_set_aside_moves`` sets their invoices aside."""
        return {}

    def _worklist_suspensions(self):
        """Hook: [(SQL condition over ``rows``, the ``suspension`` key it means)], the
        first that holds naming why collections wait for the item. Here: a dispute,
        a hold, a promise; a capability puts its own first (``super()``) and adds its
        key to the field's selection."""
        return [
            (SQL("rows.disputed"), "disputed"),
            (SQL("rows.on_hold"), "on_hold"),
            (SQL("rows.promised"), "promised"),
        ]

    @api.depends("move_id")
    def _compute_instalment(self):
        # Every receivable line of the rows' invoices, paid ones included: an
        # instalment keeps its number once the one before is paid.
        lines = self.env["account.move.line"].search_fetch(
            [("move_id", "in", self.move_id.ids), ("account_type", "=", "asset_receivable")],
            ["move_id", "date_maturity"],
            order="date_maturity, id",
        )
        by_move = {}
        for line in lines:
            by_move.setdefault(line.move_id.id, []).append(line.id)
        for row in self:
            siblings = by_move.get(row.move_id.id, [])
            row.instalment = (
                f"{siblings.index(row.id) + 1}/{len(siblings)}"
                if len(siblings) > 1 and row.id in siblings
                else False
            )

    @api.depends("move_id", "instalment")
    def _compute_display_name(self):
        for row in self:
            row.display_name = (
                f"{row.move_id.name} ({row.instalment})" if row.instalment else row.move_id.name
            )

    def _check_workable(self):
        """Refuse a row of a company the user is not working in: what is recorded
        from it (a promise, a dispute, a run) would belong to that company."""
        for row in self.sudo():
            if row.company_id not in self.env.companies:
                raise UserError(
                    self.env._(
                        "%(invoice)s belongs to %(company)s, which is not among the companies "
                        "you are working in: select that company first.",
                        invoice=row.move_id.name,
                        company=row.company_id.name,
                    )
                )

    def action_open_customer(self):
        """Row button: the customer's form."""
        self.ensure_one()
        self._check_workable()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_run_now(self):
        """Row button: the ladder at once for the row's customer, in its company."""
        self._check_workable()
        company = self.company_id
        if len(company) > 1:
            raise UserError(self.env._("Run collections for the rows of one company at a time."))
        run = self.env["relance.run"]._run_now(partners=self.partner_id, company=company)
        return run._get_result_action()

    def action_record_promise(self):
        """Row button: a promise to pay from the row's customer, in its company."""
        self.ensure_one()
        self._check_workable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Promise to Pay"),
            "res_model": "relance.promise",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_company_id": self.company_id.id,
                "default_partner_id": self.partner_id.id,
                "default_amount": self.amount_residual,
            },
        }

    def action_record_dispute(self):
        """Row button: a dispute on the row's invoice."""
        self.ensure_one()
        self._check_workable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispute"),
            "res_model": "relance.dispute",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.move_id.id},
        }
