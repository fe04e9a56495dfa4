# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.5.0: each step once per debt. A communication's items say which of them it
moved up (``relance.communication.line.moved_up``); the history recorded before is
read again for it: an item moved up with a communication when it is listed there at
another level than in the previous communication listing it (or is listed for the
first time). Cancelled communications count like the others: their items' levels
moved with them.

The hand-over tasks that piled up before are merged into one per customer, and those
whose invoices are all paid, planned, with a case, disputed or held are closed.

The stored exposures and scores are read again, as at every upgrade (see
18.0.2.2.0)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        WITH listed AS (
            SELECT item.id, item.level_id,
                   LAG(item.level_id) OVER (
                       PARTITION BY item.move_line_id
                       ORDER BY communication.date, communication.id
                   ) AS previous_level_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY item.move_line_id
                       ORDER BY communication.date, communication.id
                   ) AS rank
              FROM relance_communication_line item
              JOIN relance_communication communication
                ON communication.id = item.communication_id
             WHERE NOT item.is_credit
        )
        UPDATE relance_communication_line item
           SET moved_up = TRUE
          FROM listed
         WHERE listed.id = item.id
           AND (listed.rank = 1 OR listed.level_id IS DISTINCT FROM listed.previous_level_id)
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    # The hand-over tasks that piled up: one per customer, and none for what is
    # paid, planned, handed to a case, disputed or held.
    Communication = env["relance.communication"]
    Communication._merge_hand_over_tasks()
    handing = Communication.search(
        [("channel_hand_over", "=", True), ("activity_ids", "!=", False)]
    )
    for company, communications in handing.grouped("company_id").items():
        Communication._withdraw_settled(
            communications.partner_id,
            company,
            lambda env: env._(
                "Nothing left to hand over: paid, planned, with a case, disputed or held."
            ),
        )
    env["relance.credit.exposure"]._fill_every_company()
    env["relance.partner.score"]._fill_every_company()
