# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a collections letter shows: its values, computed for the whole batch.

The template (``reports/letters/relance_letter_templates.xml``) only lays them out. Each
letter speaks its customer's language, so its values are computed in that language;
the penalties, the rate tables and the Belgian first-reminder lookup are read once
per batch, not once per letter.
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools import format_date

from ...engine import law
from ...tools.formatting import format_rates


class RelanceLetterReport(models.AbstractModel):
    _name = "report.relance_avancee.report_relance_letter"
    _description = "Collections Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        letters = self.env["relance.communication"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "relance.communication",
            "docs": letters,
            "letter_values": self._letter_values(letters),
        }

    @api.model
    def _letter_values(self, letters):
        """{communication id: what its letter shows}, each in its customer's language."""
        rates = self.env["relance.rate"]._engine_rates()
        # The batch's items and their invoices read at once; each letter then reads
        # them from the cache (a letter's own items would be fetched on their own).
        letters.line_ids.move_line_id.mapped("move_id")
        penalties_by_move = {}
        # The penalties of the formal notices, one computation per letter date.
        for day, notices in letters.filtered("level_id.formal_notice").grouped("date").items():
            items = notices.line_ids.filtered(lambda line: not line.is_credit)
            for move, penalty in items.move_line_id.move_id._relance_penalties(day, rates).items():
                penalties_by_move[move, day] = penalty
        # Where each company asks to be paid, read once (a search when no account is set).
        accounts = {company: company._relance_payment_account() for company in letters.company_id}
        values = {}
        for letter in letters:
            localized = letter.with_context(lang=letter.partner_id.lang or self.env.lang)
            values[letter.id] = self._one_letter_values(
                localized, penalties_by_move, rates, accounts[letter.company_id]
            )
        return values

    @api.model
    def _one_letter_values(self, letter, penalties_by_move, rates, account):
        """The values of one letter, from the batch's penalties, rate tables and its
        company's payment account."""
        items = letter.line_ids.filtered(
            lambda line: not line.is_credit and not line.paid_before_sending
        )
        credits = letter.line_ids.filtered("is_credit")
        # What the letter is about (the items it moved up to its level: what a formal
        # notice puts on notice), then, apart, what else is outstanding.
        moved = items.filtered(lambda line: line.moved_up and line.level_id == letter.level_id)
        moved = moved or items
        rows = self._letter_rows(letter, moved, penalties_by_move)
        other_rows = self._letter_rows(letter, items - moved, {})
        interest = sum(row["interest"] for row in rows)
        indemnity = sum(row["indemnity"] for row in rows)
        principal = sum(items.mapped("amount_residual"))
        credit = sum(credits.mapped("amount_residual"))
        total = letter.currency_id.round(principal + credit + interest + indemnity)
        company = letter.company_id
        deadline = letter.date + timedelta(days=letter.level_id.payment_deadline_days or 8)
        be_consumer_notice = letter._be_consumer_first_reminder(total, rates)
        return {
            "rows": rows,
            "other_rows": other_rows,
            "credits": credits,
            "principal": principal,
            "credit": credit,
            "interest": interest,
            "indemnity": indemnity,
            "total": total,
            # A Belgian consumer's free first reminder gives its 14 days instead.
            "deadline": be_consumer_notice["pay_by"]
            if be_consumer_notice
            else format_date(letter.env, deadline, date_format="long"),
            "place_date": letter.env._(
                "%(city)s, %(date)s",
                city=company.city or "",
                date=format_date(letter.env, letter.date, date_format="long"),
            ),
            "payment": company._relance_payment_block(
                letter.partner_id, total, letter.currency_id, account=account
            ),
            "mentions": company._relance_legal_mentions(),
            "first_level": letter.level_id == letter.policy_id.level_ids.sorted("sequence")[:1],
            "legal_basis": self._legal_basis_text(letter),
            "be_consumer_notice": be_consumer_notice,
        }

    @api.model
    def _legal_basis_text(self, letter):
        """The texts behind the customer's late-payment interest and indemnity, as
        printed in the letter's language."""
        regime = letter.partner_id._relance_penalty_regime(letter.company_id)
        return self._legal_basis_text_for(letter.env, regime)

    @api.model
    def _legal_basis_text_for(self, env, regime):
        """The texts behind ``regime``'s interest and indemnity, in ``env``'s language."""
        code, (first, second) = law.legal_basis(regime)
        return env._(
            "%(code)s, articles %(first)s and %(second)s",
            code=self._legal_code_name(env, code),
            first=first,
            second=second,
        )

    @api.model
    def _legal_code_name(self, env, code):
        """The name of a code or law ``engine.law.LEGAL_BASIS`` cites, in ``env``'s
        language."""
        return {
            law.FR_COMMERCIAL_CODE: env._("French Commercial Code"),
            law.FR_PUBLIC_PROCUREMENT_CODE: env._("Code de la commande publique"),
            law.FR_CIVIL_CODE: env._("French Civil Code"),
            law.BE_LAW_2002: env._("Belgian law of 2 August 2002"),
            law.BE_ECONOMIC_LAW_CODE: env._("Belgian Code of Economic Law"),
        }[code]

    @api.model
    def _letter_rows(self, letter, items, penalties_by_move):
        """The rows of a letter's table: one per item still due, oldest first, the
        invoice's penalties on its first row."""
        rows, seen = [], set()
        for line in items.sorted(lambda line: (line.date_maturity or letter.date, line.id)):
            move = line.move_line_id.move_id
            penalty = move not in seen and penalties_by_move.get((move, letter.date))
            seen.add(move)
            rows.append(
                {
                    "line": line,
                    "move": move,
                    "days_late": max((letter.date - line.date_maturity).days, 0)
                    if line.date_maturity
                    else 0,
                    "interest": float(penalty.interest) if penalty else 0.0,
                    "indemnity": move._relance_indemnity(penalty, letter.date) if penalty else 0.0,
                    "rates": penalty and format_rates(letter.env, penalty.rates),
                }
            )
        return rows
