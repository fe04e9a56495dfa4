# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A numbered customer file over invoices that, while open, holds them: the daily run
leaves them alone and no other holder may take them. Payment plans and collection
cases are holders: each inherits this mixin and registers its model in
``account.move._relance_holding_models``, the registry every holder checks."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RelanceInvoiceHolder(models.AbstractModel):
    _name = "relance.invoice.holder"
    _description = "Customer file holding invoices"
    _inherit = ["relance.customer.mixin"]

    # The states in which a record holds its invoices (the model's own tuple).
    _relance_open_states = ()

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(tracking=True)
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True, required=True
    )
    # Filled on create (_relance_prepare_vals): the customer's collections responsible.
    user_id = fields.Many2one("res.users", "Accountant")

    # The model declares its invoices (``move_ids``, with its own relation table).
    @api.depends("move_ids")
    def _compute_currency_id(self):
        for holder in self:
            holder.currency_id = holder.move_ids[:1].currency_id or holder.company_id.currency_id

    @api.model
    def _relance_prepare_vals(self, vals_list):
        """``vals_list`` completed for ``create``: the next reference of the model's
        sequence (its code is the model's name) where none is given, and the
        customer's collections responsible as the record's responsible
        (``res.partner._relance_collection_responsibles``: its collector, else its
        salesperson, else the user who creates it, else the company's)."""
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name) or "/"
            if not vals.get("user_id") and vals.get("partner_id"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                customer = self.env["res.partner"].browse(vals["partner_id"])
                vals["user_id"] = customer.commercial_partner_id._relance_collection_responsibles(
                    company, self.env.user
                )[customer.commercial_partner_id.id].id
        return vals_list

    def _relance_company_env(self):
        """The environment in the record's company's language: what it writes for the
        company's people (chatter notes, activities, attachment names) reads in it,
        whoever acts."""
        self.ensure_one()
        return self.with_context(lang=self.company_id._relance_lang()).env

    def _relance_check_free(self):
        """Refuse an invoice another open holder (of any registered model, this one's
        included) holds already, with that holder's message."""
        self.ensure_one()
        for model in self.env["account.move"]._relance_holding_models():
            Holder = self.env[model]
            excluding = self._origin if model == self._name else None
            holder, move = self.move_ids._relance_held_by(
                model, Holder._relance_open_states, excluding
            )
            if holder:
                raise ValidationError(holder._relance_holding_refusal(move, self))

    @api.model
    def _relance_history_rows(self, partner):
        """Hook: ``partner``'s records of this model as a case file's history lists
        them: [{"type", "date", "until", "description", "amount" (a float), "status"}].
        None here."""
        return []

    def _relance_holding_refusal(self, move, claimant):
        """The translated message refusing ``move``, which this record holds, to
        ``claimant`` (a record of this model or of another holder)."""
        raise NotImplementedError
