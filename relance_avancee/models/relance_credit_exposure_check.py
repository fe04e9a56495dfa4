# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The check a customer invoice goes through when posted, and a quotation when
confirmed (relance_avancee_sale): its customer's exposure read live without it, its
limit, its credit holds and the authorisations that let it through."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from ..engine import credit


# One file per concern of relance.credit.exposure: the split is the point.
class RelanceCreditExposure(models.Model):
    _inherit = "relance.credit.exposure"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _check_documents(self, company, documents, authorisation_field, exclude):
        """Judge ``documents`` of ``company`` in order: a list of (record, commercial
        partner id, currency id, amount in that currency).

        ``exclude``: {"moves": ids, "orders": ids} left out of the exposure (the
        documents themselves, in case they are drafts). Raises ``UserError`` when one is
        refused (nothing is posted or confirmed then); returns (verdicts {record:
        Verdict}, exposures before, limits) so that the caller stores the figures.
        """
        self = self.sudo().with_company(company)
        partner_ids = {partner_id for _record, partner_id, _currency, _amount in documents}
        exposures, _oldest = self._read_exposures(
            company, partner_ids, exclude.get("moves", ()), exclude.get("orders", ())
        )
        limits = self._credit_limits(company, partner_ids)
        mode = company.relance_credit_check
        if mode == credit.OFF:
            return {}, exposures, limits
        holds = self.env["relance.credit.hold"]._active_causes(company, partner_ids)
        factors = self._conversion_factors(
            company,
            {currency for _r, _p, currency, _a in documents},
            fields.Date.context_today(self),
        )
        digits = company.currency_id.decimal_places
        amounts = {
            record: credit.to_company_currency({currency: amount}, factors, digits)
            for record, _partner, currency, amount in documents
        }
        authorised = self._authorisations_if_needed(
            company, documents, exposures, limits, holds, amounts, authorisation_field
        )
        verdicts = {}
        for partner_id in partner_ids:
            own = [
                (record, amounts[record]) for record, pid, _c, _a in documents if pid == partner_id
            ]
            verdicts.update(
                credit.check_sequence(
                    mode,
                    exposures.get(partner_id, credit.Exposure()).total,
                    own,
                    limits.get(partner_id, credit.ZERO),
                    holds.get(partner_id, ()),
                    authorised.get(partner_id, ()),
                )
            )
        refused = [record for record, verdict in verdicts.items() if verdict.refused]
        if refused:
            raise UserError(self._refusal_message(company, refused, verdicts, limits))
        return verdicts, exposures, limits

    @api.model
    def _authorisations_if_needed(
        self, company, documents, exposures, limits, holds, amounts, authorisation_field
    ):
        """The valid authorisations of the customers who need one: a query saved on
        the everyday posting of a customer within its limit."""
        needing = {
            partner_id
            for record, partner_id, _currency, _amount in documents
            if holds.get(partner_id)
            or credit.is_over_limit(
                exposures.get(partner_id, credit.Exposure()).total + amounts[record],
                limits.get(partner_id, credit.ZERO),
            )
        }
        if not needing:
            return {}
        records = [record for record, partner_id, _c, _a in documents if partner_id in needing]
        authorised = self.env["relance.credit.authorisation"]._authorised(
            company, needing, authorisation_field, [record.id for record in records]
        )
        # Back from ids to records, as check_sequence compares its keys.
        by_id = {record.id: record for record in records}
        return {
            partner_id: found if found is True else {by_id[doc_id] for doc_id in found}
            for partner_id, found in authorised.items()
        }

    @api.model
    def _refusal_message(self, company, refused, verdicts, limits):
        lines = [
            self.env._(
                "Credit check of %(company)s: these documents are refused until the "
                "customer is back within its limit and off credit hold, or a Collections "
                "manager authorises them (customer's Collections tab, Authorise).",
                company=company.name,
            )
        ]
        lines += [self._explain(record, verdicts[record], company, limits) for record in refused]
        return "\n".join(lines)

    @api.model
    def _explain(self, record, verdict, company, limits):
        """One sentence on what ``record`` met: the limit, the holds."""
        partner = record.partner_id.commercial_partner_id
        reasons = []
        if verdict.over_limit and not self._amounts_shown_to(record):
            reasons.append(self.env._("over the credit limit"))
        elif verdict.over_limit:
            reasons.append(
                self.env._(
                    "exposure %(exposure)s with it, over the credit limit of %(limit)s",
                    exposure=formatLang(
                        self.env, float(verdict.exposure_after), currency_obj=company.currency_id
                    ),
                    limit=formatLang(
                        self.env,
                        float(limits.get(partner.id, 0)),
                        currency_obj=company.currency_id,
                    ),
                )
            )
        labels = dict(
            self.env["relance.credit.hold"]._fields["cause"]._description_selection(self.env)
        )
        reasons += [
            self.env._("on credit hold: %(cause)s", cause=labels[cause])
            for cause in verdict.hold_causes
        ]
        return self.env._(
            "- %(document)s (%(customer)s): %(reasons)s",
            document=record.display_name,
            customer=partner.display_name,
            reasons="; ".join(reasons),
        )

    @api.model
    def _log_passed(self, company, verdicts, limits):
        """A note on each document that went through over the limit or on hold, in
        the company's language."""
        env = self.with_context(lang=company._relance_lang()).env
        for record, verdict in verdicts.items():
            if verdict.outcome == credit.PASS_WARNED:
                head = env._("Credit check: passed with a warning.")
            elif verdict.outcome == credit.PASS_AUTHORISED:
                head = env._("Credit check: passed on a Collections manager's authorisation.")
            else:
                continue
            detail = self.with_env(env)._explain(record, verdict, company, limits)
            record._message_log(body=f"{head} {detail}")

    @api.model
    def _amounts_shown_to(self, record):
        """Hook: whether what is said about ``record`` (its refusal, its chatter note)
        may show the exposure and the limit: to accounting users on an invoice; never
        on a document salespeople read (a quotation's chatter)."""
        return record._name == "account.move" and any(
            self.env.user.has_group(group)
            for group in ("account.group_account_invoice", "account.group_account_readonly")
        )
